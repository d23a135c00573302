"""``tradeviz fetch``: bring the published raw files from a mirror folder or their download URL."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="fetch")
@click.option(
    "--mirror",
    "mirror",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mirror folder holding reference-data/ and documents/ "
    "[default: $TRADEVIZ_MIRROR, else a shared/ folder beside the project].",
)
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of raw files with .meta.yaml sidecars [default: data/raw].",
)
@click.option(
    "--offline",
    is_flag=True,
    envvar="TRADEVIZ_OFFLINE",
    help="Never download; only copy from the mirror (also $TRADEVIZ_OFFLINE=1).",
)
@click.option(
    "--gitignore",
    "write_gitignore",
    is_flag=True,
    help="Also rewrite the block of .gitignore that keeps the fetched files out of git.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only what was copied or downloaded.")
def command(
    mirror: Path | None,
    raw_dir: Path | None,
    offline: bool,
    write_gitignore: bool,
    quiet: bool,
) -> int:
    """Fill data/raw from the mirror or the sidecars' download URLs, checking every sha256.

    A file already present with the right hash is skipped. Exit 2, naming each missing file and
    where to get it, when neither a mirror nor the network has it.
    """
    from tradeviz.fetch import (
        MISSING,
        PRESENT,
        fetch,
        gitignore_block,
        missing_error,
        update_gitignore,
    )
    from tradeviz.ingest.origin import display_path
    from tradeviz.paths import project_root
    from tradeviz.paths import raw_dir as default_raw

    raw = raw_dir if raw_dir is not None else default_raw()
    if mirror is not None and not mirror.is_dir():
        from tradeviz.errors import InputError

        raise InputError(
            "mirror folder not found", file=mirror, field="--mirror", expected="a folder"
        )

    def show(outcome) -> None:
        name = display_path(outcome.target)
        if outcome.status == PRESENT:
            if not quiet:
                click.echo(f"present   {name}")
        elif outcome.status == MISSING:
            click.echo(f"missing   {name}: {outcome.detail}")
        else:
            click.echo(f"{outcome.status:<9} {name} ({outcome.size} bytes from {outcome.detail})")

    report = fetch(raw, mirror=mirror, offline=offline, on_outcome=show)
    if write_gitignore:
        root = project_root()
        changed = update_gitignore(root / ".gitignore", gitignore_block(raw, root))
        click.echo(".gitignore " + ("updated" if changed else "already lists every fetched file"))
    if report.with_status(MISSING):
        raise missing_error(report)
    counts = {status: len(report.with_status(status)) for status in ("present", "mirror")}
    counts["download"] = len(report.with_status("download"))
    if not quiet:
        click.echo(
            f"{len(report.outcomes)} fetched files: {counts['present']} present, "
            f"{counts['mirror']} copied from the mirror, {counts['download']} downloaded"
        )
    return 0
