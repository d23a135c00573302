"""``tradeviz build``: raw files with provenance → validated ``data/processed/figures.*``."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="build")
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of raw files with .meta.yaml sidecars [default: data/raw].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder [default: data/processed].",
)
@click.option("--force", is_flag=True, help="Rebuild even if inputs and code are unchanged.")
def command(raw_dir: Path | None, out_dir: Path | None, force: bool) -> int:
    """Build figures.parquet and figures.csv from every raw file (exit 2 on bad input)."""
    from tradeviz.build import build

    result = build(raw_dir, out_dir, force=force)
    if result.up_to_date:
        click.echo(f"up to date: {result.figures_path} ({result.rows} figures)")
        return 0
    counts = ", ".join(f"{source} {n}" for source, n in result.row_counts.items())
    click.echo(
        f"built {result.figures_path}: {result.rows} figures from {result.files} raw files "
        f"({counts}) in {result.seconds:.2f} s"
    )
    return 0
