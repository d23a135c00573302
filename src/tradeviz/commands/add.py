"""``tradeviz add FILE``: draft the provenance sidecar of a file you bring (next year's table)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="add")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing sidecar.")
def command(path: Path, force: bool) -> int:
    """Read FILE at once, then write FILE.meta.yaml with its sha256 and what the adapter found.

    Keys that only a person can state (title, citation, licence, vintage, release) are marked
    TO CONFIRM; the draft is valid, so `tradeviz build` takes the file at once.
    """
    from tradeviz import schema as s
    from tradeviz.errors import InputError
    from tradeviz.ingest.draft import draft_sidecar, write_draft

    if not path.is_file():
        raise InputError("no such file", file=path, expected="a file", found="nothing")
    draft, figures = draft_sidecar(path)
    target = write_draft(path, draft, force=force)
    periods = sorted(set(figures[s.PERIOD_LABEL]))
    click.echo(f"{path}: adapter {draft['adapter']}, {len(figures)} figures")
    click.echo(f"  reporters: {', '.join(sorted(set(figures[s.REPORTER])))}")
    click.echo(f"  periods: {', '.join(periods[:12])}{' …' if len(periods) > 12 else ''}")
    click.echo(f"  vintage guess: {draft['vintage']} (the file's date: confirm it)")
    click.echo(f"wrote {target}; check the keys marked TO CONFIRM, then `tradeviz build`")
    return 0
