"""``tradeviz chart``: draw one named chart from the processed figures, or list the charts."""

from __future__ import annotations

from pathlib import Path

import click

from tradeviz.errors import InputError

#: CLI option name -> chart option name (only the options given are passed on).
CHART_OPTIONS = (
    "reporter",
    "partner",
    "year",
    "flow",
    "start_year",
    "end_year",
    "top_n",
    "highlight",
    "document",
    "investor",
    "host",
    "months",
    "source",
)
FORMAT_CHOICES = ("png", "svg", "html")


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    bad = [f for f in formats if f not in FORMAT_CHOICES]
    if bad or not formats:
        raise InputError(
            "unknown output format",
            field="--format",
            expected="a comma-separated list of png, svg, html",
            found=bad[0] if bad else text,
        )
    return formats


def _print_list() -> None:
    from tradeviz.charts.registry import list_charts

    width = max(len(spec.name) for spec in list_charts())
    for spec in list_charts():
        click.echo(f"{spec.name:<{width}}  {spec.description}")
        options = ", ".join(
            f"--{key.replace('_', '-')} {value}" for key, value in spec.defaults.items()
        )
        click.echo(f"{'':<{width}}  options: {options or 'none'}")


@click.command(name="chart")
@click.argument("name", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the charts and their options.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default="png,svg,html",
    show_default=True,
    help="Comma-separated formats: png, svg, html.",
)
@click.option(
    "--size",
    type=click.Choice(["screen", "print"]),
    default="screen",
    show_default=True,
    help="Screen (200 dpi PNG) or print (300 dpi PNG) size.",
)
@click.option("--name", "file_name", help="File stem (default: the chart's name).")
@click.option("--reporter", help="ISO3 code of the reporting country, e.g. KAZ.")
@click.option("--partner", help="ISO3 code of the partner (WLD for the world), e.g. CHN.")
@click.option("--year", type=int, help="Calendar year.")
@click.option("--flow", type=click.Choice(["exports", "imports", "turnover"]), help="Flow.")
@click.option("--start-year", type=int, help="First year drawn.")
@click.option("--end-year", type=int, help="Last year drawn.")
@click.option("--top-n", type=int, help="Number of partners or products drawn.")
@click.option("--highlight", help="Partner drawn in the highlight colour (top_partners).")
@click.option("--document", help="Document id whose claims are drawn, e.g. neo-2021-07-20.")
@click.option("--investor", help="ISO3 code of the investing country (investment).")
@click.option("--host", help="ISO3 code of the host country (investment).")
@click.option("--months", type=int, help="Months from January in the year to date (1-12).")
@click.option(
    "--source",
    type=click.Choice(["all", "bns_annual", "bns_monthly", "wits", "statements"]),
    help="Source whose integrity checks are drawn (integrity).",
)
@click.option(
    "--all-years", is_flag=True, help="Every year with data instead of one --year (composition)."
)
def command(name, list_only, out_dir, formats, size, file_name, all_years, **options):
    """Draw chart NAME from data/processed into --out DIR as PNG, SVG and HTML.

    Exit codes: 0 written; 2 bad input (unknown chart or option, no data for the options,
    figures not built). `tradeviz chart --list` lists the charts and their options.
    """
    if list_only:
        _print_list()
        return 0
    if not name:
        raise InputError(
            "no chart named",
            field="NAME",
            expected="a chart name (see `tradeviz chart --list`)",
            found=None,
        )
    if out_dir is None:
        raise InputError("no output directory", field="--out", expected="a directory", found=None)
    from tradeviz.charts import registry

    given = {key: value for key, value in options.items() if value is not None}
    if all_years:
        if "year" in given:
            raise InputError(
                "--all-years and --year exclude each other",
                field="--all-years",
                expected="one of them",
                found=f"--year {given['year']}",
            )
        given["year"] = None
    written = registry.export_chart(
        name, out_dir, formats=_formats(formats), size=size, file_name=file_name, **given
    )
    for path in written.values():
        click.echo(str(path))
    return 0
