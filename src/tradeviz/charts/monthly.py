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
from tradeviz.charts.base import ChartData
from tradeviz.indicators import ytd_growth
from tradeviz.query import NoFigureError, by_preference, trade_totals, where
from tradeviz.text import country_name, format_money, format_percent, possessive, titles
from tradeviz.vocabulary import BILLION, MIRROR_FLOW, MONTHLY, TRADE_VALUE, TURNOVER

NAME = "monthly_ytd"
DESCRIPTION = "Monthly totals of a year and the year before, with the year-to-date growth"
BAR_WIDTH = 0.4
PRIOR_YEAR_COLOUR = "#B8C4CE"
YTD_SHADE = "#F2F2F2"
#: How a flow names its partner: exports to, imports from, turnover with.
FLOW_PREPOSITIONS = {"exports": "to", "imports": "from", "turnover": "with"}


def _monthly(figures, reporter, partner, flow, year, source) -> pd.DataFrame:
    """Return the monthly rows of one side's record of a pair, both years, or an empty frame."""
    return trade_totals(
        figures,
        reporter,
        partner,
        flows=[flow],
        freq=MONTHLY,
        source=source,
        years=[year - 1, year],
    )


def choose_record(
    figures: pd.DataFrame, reporter: str, partner: str, flow: str, year: int, source: str | None
) -> tuple[str, str, str, str]:
    """Return whose monthly record to draw: ``(reporter, partner, flow, why)``.

    The pair's own months by the reporter's statistics when they exist; else the partner's
    record of the same trade (its exports are the reporter's imports); else the reporter's
    totals with all partners, and ``why`` says plainly that the pair has no monthly figures.
    """
    candidates = [(reporter, partner, flow, "")]
    if partner != schema.WORLD:
        candidates.append(
            (partner, reporter, MIRROR_FLOW[flow], f"by {possessive(country_name(partner))} record")
        )
        candidates.append(
            (
                reporter,
                schema.WORLD,
                flow,
                f"No month-by-month figures for {possessive(country_name(reporter))} trade with "
                f"{country_name(partner)}: {possessive(country_name(reporter))} totals with all "
                "partners shown",
            )
        )
    for whose, other, drawn_flow, why in candidates:
        if not _monthly(figures, whose, other, drawn_flow, year, source).empty:
            return whose, other, drawn_flow, why
    pairs = where(figures, freq=MONTHLY, reporter=reporter, measure=TRADE_VALUE)
    raise NoFigureError(
        f"no monthly {flow} figures for {reporter}–{partner} in {year - 1}–{year} "
        f"(monthly figures exist for partner(s): "
        f"{', '.join(sorted(pairs[schema.PARTNER].unique())) or 'none'})"
    )


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "WLD",
    year: int = 2021,
    months: int = 4,
    flow: str = TURNOVER,
    source: str | None = None,
) -> ChartData:
    """Select a flow month by month for ``year`` and ``year − 1`` with the year-to-date growth.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (monthly rows).
    reporter, partner : str
        ISO3 codes of the reporting country and of the partner. The pair's own months are drawn
        when the reporter's statistics give them, else the partner's record of the same trade;
        when neither does, the reporter's totals with all partners, and the title says so.
    year : int
        Calendar year. It is compared with the one before.
    months : int
        January to this month is the year-to-date span (1–12).
    flow : {"exports", "imports", "turnover"}
        The flow.
    source : str, optional
        A source name. Default: the preferred monthly source of the record drawn.

    Returns
    -------
    ChartData
        ``marks``: the monthly figure rows of both years (with ``year`` and ``month``).
    """
    whose, other, drawn_flow, why = choose_record(figures, reporter, partner, flow, year, source)
    rows = _monthly(figures, whose, other, drawn_flow, year, source)
    used_source = by_preference(rows[schema.SOURCE])[0]
    rows = where(rows, source=used_source)
    growth = ytd_growth(figures, whose, other, year, months, drawn_flow, source=used_source)
    marks = pd.concat(
        [where(rows, year=each).sort_values("month") for each in (year - 1, year)],
        ignore_index=True,
    )
    span = growth.details["span"]
    extra = [
        f"Shaded: the year to date ({span}); growth = Σ {span} {year} ÷ Σ {span} {year - 1} − 1, "
        "the same months in both years, one source and vintage.",
    ]
    if why:
        extra.insert(0, why + ".")
    notes, links = base.note_lines(rows, extra=extra)
    partner_words = "all partners" if other == schema.WORLD else country_name(other)
    partner_words = f"{FLOW_PREPOSITIONS.get(drawn_flow, 'with')} {partner_words}"
    finding = titles.growth_title(
        possessive(country_name(whose)),
        f"{drawn_flow} {partner_words}",
        span,
        year,
        growth.value,
    )
    return ChartData(
        name=NAME,
        title=f"{why}. {finding}" if why.startswith("No ") else finding,
        subtitle=titles.subtitle(
            f"{possessive(country_name(whose))} {drawn_flow} {partner_words} by month, "
            f"{year} against {year - 1}",
            "US$ bn",
            titles.whose_statistics(whose),
        ),
        source=titles.source_line(rows[schema.SOURCE]),
        marks=marks,
        table=pd.DataFrame(
            {
                "year": marks["year"],
                "month": [calendar.month_abbr[m] for m in marks["month"]],
                "value": [format_money(v, style="chart") for v in marks[schema.VALUE_USD]],
                "value_usd": marks[schema.VALUE_USD],
                "in year to date": marks["month"] <= months,
                "figure_id": marks[schema.FIGURE_ID],
            }
        ),
        notes=notes,
        provenance=base.provenance(rows),
        links=links,
        figure_ids=list(rows[schema.FIGURE_ID].astype(str)),
        context={
            "year": year,
            "months": months,
            "flow": drawn_flow,
            "source": used_source,
            "span": span,
            "current_usd": growth.details["current_usd"],
            "base_usd": growth.details["base_usd"],
            "growth_pct": growth.value,
        },
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw :func:`data` as grouped monthly bars, the year to date shaded, with its growth."""
    year, months, flow, span = (data.context[k] for k in ("year", "months", "flow", "span"))
    ax.axvspan(0.5, months + 0.5, color=YTD_SHADE, zorder=0)
    for offset, each, colour in (
        (-BAR_WIDTH / 2, year - 1, PRIOR_YEAR_COLOUR),
        (BAR_WIDTH / 2, year, style.FLOW_COLOURS[flow]),
    ):
        series = data.marks[data.marks["year"] == each]
        for index, row in enumerate(series.to_dict("records")):
            value = row[schema.VALUE_USD]
            (bar,) = ax.bar(
                row["month"] + offset,
                value / BILLION,
                width=BAR_WIDTH,
                color=colour,
                label=str(each) if index == 0 else None,
                zorder=2,
            )
            base.hover(
                ax,
                bar,
                f"{calendar.month_abbr[row['month']]} {each}: "
                f"{format_money(value, style='chart')} "
                f"({flow}, {data.context['source']}, vintage {row[schema.VINTAGE]})",
            )
    summary = (
        f"{span} {year}: {format_money(data.context['current_usd'], style='chart')}\n"
        f"{span} {year - 1}: {format_money(data.context['base_usd'], style='chart')}\n"
        f"change: {format_percent(data.context['growth_pct'], signed=True, style='chart')}"
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
    ax.yaxis.set_major_formatter(style.usd_formatter(BILLION))
    ax.set_ylabel("US$ bn, current prices")
    ax.set_ylim(0, data.marks[schema.VALUE_USD].max() / BILLION * 1.35)
    ax.legend(loc="upper right", ncols=2)
