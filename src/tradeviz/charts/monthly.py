"""Chart 8: monthly totals of two years, with the year-to-date comparison.

Grouped bars of one flow month by month for a year and the year before (from one monthly source
and vintage), the first ``months`` months shaded, and the year-to-date growth of
:func:`tradeviz.indicators.ytd_growth` printed on the chart.
"""

from __future__ import annotations

import calendar

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import country_name, possessive
from tradeviz.indicators import NoFigureError, ytd_growth

MONTHLY_SOURCE = "bns_monthly"
USD_BILLION = 1e9
BAR_WIDTH = 0.4
PRIOR_YEAR_COLOUR = "#B8C4CE"
YTD_SHADE = "#F2F2F2"


def _monthly(figures, reporter, partner, flow, years, source) -> pd.DataFrame:
    rows = figures[
        (figures[schema.SOURCE] == source)
        & (figures[schema.REPORTER] == reporter)
        & (figures[schema.PARTNER] == partner)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.FREQ] == "M")
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.PRODUCT_CODE] == schema.TOTAL_CODE)
        & (figures[schema.PERSPECTIVE] == reporter)
    ].copy()
    start = pd.to_datetime(rows[schema.PERIOD_START])
    rows["year"], rows["month"] = start.dt.year, start.dt.month
    rows = rows[rows["year"].isin(years)]
    return base.latest_each(rows, ["year", "month"])


@base.chart("monthly_ytd")
def draw_monthly_ytd(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "WLD",
    year: int = 2021,
    months: int = 4,
    flow: str = "turnover",
    source: str = MONTHLY_SOURCE,
) -> ChartInfo:
    """Draw a flow month by month for ``year`` and ``year − 1`` with the year-to-date growth.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table (monthly rows).
    reporter, partner : str
        ISO3 codes (BNS states monthly totals for ``partner="WLD"`` only).
    year : int
        The year compared with the one before.
    months : int
        January to this month is the year-to-date span (1–12).
    flow : {"exports", "imports", "turnover"}
        The flow.
    source : str, default "bns_monthly"
        The monthly source.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    rows = _monthly(figures, reporter, partner, flow, [year - 1, year], source)
    if rows.empty:
        pairs = figures.loc[
            (figures[schema.FREQ] == "M")
            & (figures[schema.REPORTER] == reporter)
            & (figures[schema.MEASURE] == "trade_value"),
            schema.PARTNER,
        ].unique()
        raise NoFigureError(
            f"no monthly {flow} figures for {reporter}–{partner} in {year - 1}–{year} "
            f"(monthly figures exist for partner(s): {', '.join(sorted(pairs)) or 'none'})"
        )
    growth = ytd_growth(figures, reporter, partner, year, months, flow, source=source)
    chart_info = ChartInfo(
        name="monthly_ytd",
        title=f"{possessive(reporter)} {flow} with "
        f"{'all partners' if partner == schema.WORLD else country_name(partner)}, month by month: "
        f"{year} against {year - 1}",
    )
    ax.axvspan(0.5, months + 0.5, color=YTD_SHADE, zorder=0)
    table_rows = []
    for offset, each, colour in (
        (-BAR_WIDTH / 2, year - 1, PRIOR_YEAR_COLOUR),
        (BAR_WIDTH / 2, year, style.FLOW_COLOURS[flow]),
    ):
        series = rows[rows["year"] == each].sort_values("month")
        for index, row in enumerate(series.itertuples(index=False)):
            value = getattr(row, schema.VALUE_USD)
            (bar,) = ax.bar(
                row.month + offset,
                value / USD_BILLION,
                width=BAR_WIDTH,
                color=colour,
                label=str(each) if index == 0 else None,
                zorder=2,
            )
            month_name = calendar.month_abbr[row.month]
            chart_info.hover(
                bar,
                f"{month_name} {each}: {style.format_usd(value)} "
                f"({flow}, {source}, vintage {getattr(row, schema.VINTAGE)})",
            )
            table_rows.append(
                {
                    "year": each,
                    "month": month_name,
                    "value": style.format_usd(value),
                    "value_usd": value,
                    "in year to date": row.month <= months,
                    "figure_id": getattr(row, schema.FIGURE_ID),
                }
            )
    span = growth.details["span"]
    summary = (
        f"{span} {year}: {style.format_usd(growth.details['current_usd'])}\n"
        f"{span} {year - 1}: {style.format_usd(growth.details['base_usd'])}\n"
        f"change: {style.format_pct(growth.value, signed=True)}"
    )
    ax.annotate(
        summary,
        xy=(0.01, 0.98),
        xycoords="axes fraction",
        ha="left",
        va="top",
        fontsize=style.TICK_FONT_SIZE,
        color=style.INK,
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": style.GRID},
    )
    ax.set_xticks(range(1, 13), [calendar.month_abbr[m] for m in range(1, 13)])
    ax.set_xlim(0.4, 12.6)
    ax.yaxis.set_major_formatter(style.usd_formatter(USD_BILLION))
    ax.set_ylabel("US$ bn, current prices")
    top = max(r["value_usd"] for r in table_rows) / USD_BILLION
    ax.set_ylim(0, top * 1.35)
    ax.legend(loc="upper right", ncols=2)
    extra = [
        f"Shaded: the year to date ({span}); growth = Σ {span} {year} ÷ Σ {span} {year - 1} − 1, "
        "the same months in both years, one source and vintage.",
    ]
    chart_info.notes, chart_info.links = base.note_lines(rows, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(rows[schema.FIGURE_ID].astype(str))
    return chart_info
