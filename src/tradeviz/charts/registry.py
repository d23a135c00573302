"""The named charts: name -> (draw function, default options, description).

``tradeviz chart --list`` prints this registry; ``tradeviz chart NAME`` and notebooks call
:func:`render_chart` and :func:`export_chart` with a name and options. Draw functions are
imported only when a chart is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError


@dataclass(frozen=True)
class ChartSpec:
    """One named chart.

    Attributes
    ----------
    name : str
        Registry name (also the default file stem).
    module, function : str
        Where the draw function lives (imported on first use).
    description : str
        One line for ``tradeviz chart --list``.
    defaults : Mapping[str, Any]
        The options the chart takes, with their defaults (the China–Kazakhstan case).
    """

    name: str
    module: str
    function: str
    description: str
    defaults: Mapping[str, Any] = field(default_factory=dict)

    @property
    def draw(self) -> Callable:
        """Return the draw function ``draw_xxx(ax, figures, **options) -> Axes``."""
        return getattr(importlib.import_module(self.module), self.function)


def _spec(name: str, module: str, function: str, description: str, **defaults: Any):
    return ChartSpec(name, f"tradeviz.charts.{module}", function, description, defaults)


CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "trade_over_time",
            "trade_lines",
            "draw_trade_over_time",
            "Exports, imports and turnover by year, the reporter's statistics, with the "
            "partner's customs figures as quoted",
            reporter="KAZ",
            partner="CHN",
            start_year=1995,
            end_year=None,
        ),
        _spec(
            "partner_shares",
            "shares",
            "draw_partner_shares",
            "The partner's share of the reporter's exports and imports by year, with a "
            "document's claimed shares",
            reporter="KAZ",
            partner="CHN",
            start_year=1995,
            end_year=None,
            document="neo-2021-07-20",
        ),
        _spec(
            "top_partners",
            "partners",
            "draw_top_partners",
            "The reporter's top partner countries in a year (exports or imports), one highlighted",
            reporter="KAZ",
            year=2020,
            flow="exports",
            top_n=10,
            highlight="CHN",
        ),
        _spec(
            "composition",
            "composition",
            "draw_composition",
            "The largest HS-4 products of the reporter's exports to the partner, one year "
            "(or all years with year=None)",
            reporter="KAZ",
            partner="CHN",
            flow="exports",
            year=2020,
            top_n=8,
        ),
        _spec(
            "mirror_gap",
            "mirror",
            "draw_mirror_gap",
            "The same trade as each side records it, with the gap and its denominators",
            reporter="KAZ",
            partner="CHN",
            start_year=None,
            end_year=None,
        ),
        _spec(
            "claims",
            "claims",
            "draw_claims",
            "A document's claims against the reference figures, tolerance bands, verdicts",
            document="neo-2021-07-20",
        ),
        _spec(
            "investment",
            "investment",
            "draw_investment",
            "The investor's direct investment in the host as quoted: cumulative windows "
            "and annual inflows",
            investor="CHN",
            host="KAZ",
            start_year=2005,
            end_year=2025,
        ),
        _spec(
            "monthly_ytd",
            "monthly",
            "draw_monthly_ytd",
            "Monthly totals of a year and the year before, with the year-to-date growth",
            reporter="KAZ",
            partner="WLD",
            year=2021,
            months=4,
            flow="turnover",
        ),
        _spec(
            "integrity",
            "integrity",
            "draw_integrity",
            "Each source's checks against its own stated totals and the other sources: "
            "shares that pass, warn or fail",
            source="all",
        ),
    )
}


def list_charts() -> list[ChartSpec]:
    """Return the registered charts, in registry order."""
    return list(CHARTS.values())


def get_chart(name: str) -> ChartSpec:
    """Return the chart named ``name``.

    Raises
    ------
    InputError
        If there is no such chart (the message lists the names).
    """
    try:
        return CHARTS[name]
    except KeyError:
        raise InputError(
            "unknown chart", field="name", expected="one of " + ", ".join(CHARTS), found=name
        ) from None


def resolve_options(spec: ChartSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    """Return the chart's defaults updated with ``options``; refuse options it does not take."""
    unknown = [key for key in options if key not in spec.defaults]
    if unknown:
        raise InputError(
            f"chart {spec.name!r} takes no option {unknown[0]!r}",
            field=unknown[0],
            expected="one of " + (", ".join(spec.defaults) or "no options"),
            found=options[unknown[0]],
        )
    return {**spec.defaults, **options}


def render_chart(name: str, figures=None, *, size: str = "screen", **options: Any):
    """Draw the named chart on a new figure in the house style.

    Parameters
    ----------
    name : str
        A registry name (see :func:`list_charts`).
    figures : pandas.DataFrame, optional
        The tidy figures table (default: :func:`tradeviz.figures.load_figures`).
    size : {"screen", "print"}
        Figure size.
    **options
        The chart's options (see its ``defaults``).

    Returns
    -------
    matplotlib.figure.Figure
        The drawn figure (not shown, not saved).
    """
    from tradeviz.charts.style import new_figure

    spec = get_chart(name)
    resolved = resolve_options(spec, options)
    if figures is None:
        from tradeviz.figures import load_figures

        figures = load_figures()
    figure, ax = new_figure(size)
    spec.draw(ax, figures, **resolved)
    return figure


def export_chart(
    name: str,
    out_dir: str | Path,
    figures=None,
    *,
    formats: Iterable[str] = ("png", "svg", "html"),
    size: str = "screen",
    file_name: str | None = None,
    **options: Any,
) -> dict[str, Path]:
    """Draw the named chart and write it to ``out_dir`` (PNG, SVG, HTML).

    Parameters
    ----------
    name : str
        A registry name.
    out_dir : str or pathlib.Path
        Output directory.
    figures : pandas.DataFrame, optional
        The tidy figures table (default: the processed figures).
    formats : iterable of str
        Any of ``png``, ``svg``, ``html``.
    size : {"screen", "print"}
        Figure size (print PNGs are written at 300 dpi).
    file_name : str, optional
        File stem (default: the chart's name).
    **options
        The chart's options.

    Returns
    -------
    dict of str to pathlib.Path
        Format -> path written.
    """
    from tradeviz.charts import export as exporter
    from tradeviz.charts.style import EXPORT_DPI

    figure = render_chart(name, figures, size=size, **options)
    return exporter.save_chart(
        figure, out_dir, file_name or name, formats=formats, dpi=EXPORT_DPI[size]
    )
