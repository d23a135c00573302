"""``tradeviz chart``: draw one named chart from the processed figures, or list the charts.

The chart options (``--reporter``, ``--top-n`` …) are generated from the keyword arguments of
the charts' ``data`` functions (:mod:`tradeviz.charts.registry`): names, types and help are
declared once, in the chart modules.
"""

from __future__ import annotations

from pathlib import Path

import click

from tradeviz.charts import registry
from tradeviz.errors import InputError

FORMAT_CHOICES = ("png", "svg", "html", "csv")


class _CommaList(click.ParamType):
    """A comma-separated list of words: ``exports,imports``."""

    name = "list"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        return tuple(part.strip() for part in str(value).split(",") if part.strip())


_KINDS = {int: click.INT, str: click.STRING, tuple: _CommaList()}


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    bad = [f for f in formats if f not in FORMAT_CHOICES]
    if bad or not formats:
        raise InputError(
            "unknown output format",
            field="--format",
            expected="a comma-separated list of png, svg, html, csv",
            found=bad[0] if bad else text,
        )
    return formats


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _shown(value) -> str:
    return ",".join(value) if isinstance(value, tuple) else str(value)


def _print_list() -> None:
    charts = registry.list_charts()
    width = max(len(spec.name) for spec in charts)
    for spec in charts:
        click.echo(f"{spec.name:<{width}}  {spec.description}")
        options = ", ".join(f"{_flag(o.name)} {_shown(o.default)}" for o in spec.options)
        click.echo(f"{'':<{width}}  options: {options or 'none'}")


def _chart_options(command):
    """Add one option per chart option name (type and help from the first chart declaring it)."""
    users: dict[str, list[str]] = {}
    helps: dict[str, list[str]] = {}
    for spec in registry.list_charts():
        for option in spec.options:
            users.setdefault(option.name, []).append(spec.name)
            if option.help and ":func:" not in option.help:
                helps.setdefault(option.name, []).append(option.help)
    for name, option in reversed(registry.all_options().items()):
        # the description most charts give (a shared option's general words), else the first
        found = helps.get(name, [name.replace("_", " ")])
        words = max(found, key=found.count).replace("``", "")
        command = click.option(
            _flag(name),
            name,
            type=_KINDS[option.kind],
            help=f"{words} ({', '.join(users[name])}).",
        )(command)
    return command


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
    default="png,svg,html,csv",
    show_default=True,
    help="Comma-separated formats: png, svg, html, csv (the plotted data with its provenance).",
)
@click.option(
    "--size",
    type=click.Choice(["screen", "print"]),
    default="screen",
    show_default=True,
    help="Screen (200 dpi PNG) or print (300 dpi PNG) size.",
)
@click.option("--name", "file_name", help="File stem (default: the chart's name).")
@click.option(
    "--all-years", is_flag=True, help="Every year with data instead of one --year (composition)."
)
@_chart_options
def command(name, list_only, out_dir, formats, size, file_name, all_years, **options):
    """Draw chart NAME from data/processed into --out DIR as PNG, SVG, HTML and CSV.

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
    given = registry.check_chart_options(registry.get_chart(name), given)
    written = registry.export_chart(
        name, out_dir, formats=_formats(formats), size=size, file_name=file_name, **given
    )
    for path in written.values():
        click.echo(str(path))
    return 0
