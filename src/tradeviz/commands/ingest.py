"""``tradeviz ingest PATH``: read one file with the adapter its format calls for."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tradeviz.errors import InputError

OUTPUT_SUFFIXES = (".parquet", ".csv")


@click.command(name="ingest")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the tidy rows to FILE (.parquet or .csv) instead of printing CSV.",
)
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Check the rows against the figures contract.",
)
def command(path: Path, out_file: Path | None, check: bool) -> int:
    """Detect the format of PATH and print its tidy figures as CSV (exit 2 on bad input)."""
    from tradeviz.atomic import atomic_path
    from tradeviz.ingest import ingest_file

    if out_file is not None and out_file.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(
            "unknown output format",
            file=out_file,
            field="--out",
            expected="a .parquet or .csv file name",
            found=out_file.suffix or out_file.name,
        )
    figures = ingest_file(path)
    if check:
        from tradeviz.contract import validate_figures

        validate_figures(figures)
    if out_file is None:
        figures.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
        return 0
    with atomic_path(out_file, suffix=out_file.suffix) as tmp:
        if out_file.suffix.lower() == ".parquet":
            figures.to_parquet(tmp, index=False)
        else:
            figures.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    click.echo(f"wrote {out_file}: {len(figures)} figures", err=True)
    return 0
