"""Chart 7: an investor's direct investment in a host country as officials and the press quote it.

There is no statistical table of Chinese FDI in Kazakhstan among the sources, only statements,
and they disagree in what they count and over which window ("since 2005", "over 18 years",
"since independence"). The chart draws each cumulative figure as a bar spanning its stated window
(ending at its as-of date) and each annual (or year-to-date) inflow as a column, coloured by
whose figure it is; statements without a stated period are listed in the table, not drawn.

Where a statistical compilation states the pair's net FDI (wiiw, in euros), its net inflows are
drawn in a panel of their own, beside the quoted dollars: never two currencies or two kinds of
flow on one axis. The inward stock (a position, not a flow) is listed in the table only.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.query import NoFigureError, net_fdi_rows, where
from tradeviz.text import country_name, format_money, titles
from tradeviz.text.numbers import format_quantity
from tradeviz.vocabulary import (
    ANNUAL,
    BILLION,
    FDI_CUMULATIVE,
    FDI_MEASURES,
    FDI_NET_INFLOW,
    INFLOW,
    MILLION,
    QUALIFIER_WORDS,
    UNIT_EUR,
    UNIT_USD,
)

NAME = "investment"
DESCRIPTION = (
    "The investor's direct investment in the host as quoted: cumulative windows and annual inflows"
)
DAYS_PER_YEAR = 365.25
#: Widths of the two panels: the quoted dollars, and the net FDI in euros beside them.
PANEL_WIDTHS = (3, 2)
#: How the table names the net FDI measures.
NET_FDI_TABLE_WORDS = {FDI_NET_INFLOW: "net inflow (EUR)", "fdi_stock": "inward stock (EUR)"}
TIER_WORDS = {
    "official_statement": "official",
    "press": "press",
    "official_statistics": "statistics",
}


def decimal_year(date) -> float:
    """Return a date as a decimal year (2017-12-31 -> 2017.997)."""
    stamp = pd.Timestamp(date)
    return stamp.year + (stamp.day_of_year - 1) / DAYS_PER_YEAR


def short_speaker(speaker: str, outlet: str) -> str:
    """Return the speaker's name without the title ("Kassym-Jomart Tokayev"), else the outlet."""
    text = (speaker or "").split("(")[0].split(",")[0].strip()
    return text or (outlet or "").split("(")[0].strip() or "unnamed"


def data(
    figures: pd.DataFrame,
    *,
    investor: str = "CHN",
    host: str = "KAZ",
    start_year: int = 2005,
    end_year: int = 2025,
) -> ChartData:
    """Select the quoted cumulative and annual direct investment of ``investor`` in ``host``.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (investment statements: ``reporter`` = host, ``partner`` =
        investor, ``flow == "inflow"``).
    investor, host : str
        ISO3 codes of the investing country and of the country invested in.
    start_year, end_year : int
        First and last year drawn. Statements whose window ends outside it are not drawn.

    Returns
    -------
    ChartData
        ``marks``: the investment figures with ``kind`` (cumulative, annual, year to date),
        ``who`` (speaker or outlet), ``stated`` (as quoted) and ``reason`` (why not drawn, or
        "").
    """
    rows = where(
        figures, reporter=host, partner=investor, flow=INFLOW, measure=FDI_MEASURES, unit=UNIT_USD
    ).sort_values([schema.MEASURE, schema.PERIOD_END, schema.RECORD_ID])
    if rows.empty:
        raise NoFigureError(f"no investment figures of {investor} in {host} in the figures table")
    end = pd.to_datetime(rows[schema.PERIOD_END])
    marks = rows.assign(
        who=[
            short_speaker(speaker, outlet)
            for speaker, outlet in zip(rows[schema.SPEAKER], rows[schema.SOURCE_ORG], strict=True)
        ],
        stated=[
            f"{QUALIFIER_WORDS.get(qualifier, '')}{format_money(value, style='chart')}"
            for qualifier, value in zip(rows[schema.QUALIFIER], rows[schema.VALUE_USD], strict=True)
        ],
        kind=[
            "cumulative"
            if measure == FDI_CUMULATIVE
            else ("annual" if freq == ANNUAL else "year to date")
            for measure, freq in zip(rows[schema.MEASURE], rows[schema.FREQ], strict=True)
        ],
        reason=[
            "no end date stated"
            if pd.isna(day)
            else ("" if start_year <= day.year <= end_year else f"outside {start_year}–{end_year}")
            for day in end
        ],
    )
    table = pd.DataFrame(
        {
            "measure": marks["kind"],
            "period": marks[schema.PERIOD_LABEL],
            "value": marks["stated"],
            "value_usd": marks[schema.VALUE_USD].astype(float),
            "speaker": marks["who"],
            "outlet": marks[schema.SOURCE_ORG],
            "whose figure": marks[schema.PERSPECTIVE],
            "tier": [TIER_WORDS.get(tier, tier) for tier in marks[schema.SOURCE_TIER]],
            "drawn": ["yes" if not reason else f"no: {reason}" for reason in marks["reason"]],
            "statement": marks[schema.RECORD_ID],
            "figure_id": marks[schema.FIGURE_ID],
        }
    )
    extra = [
        "Bars: cumulative investment over the window each statement names (to its as-of date; "
        "a dot alone where the start is not stated); columns: annual inflows (dotted: year to "
        "date). "
        "Statements count different things (FDI or 'investment') over different windows: "
        "they are not a series and are not summed.",
    ]
    not_drawn = [
        f"{row[schema.RECORD_ID]} ({row['stated']}, {row['reason']})"
        for row in marks.to_dict("records")
        if row["reason"]
    ]
    if not_drawn:
        extra.append("Not drawn: " + "; ".join(not_drawn) + ".")
    net = net_fdi_rows(
        figures, investor=investor, host=host, start_year=start_year, end_year=end_year
    )
    provenance = rows
    if len(net):
        table = pd.concat([table, _net_table(net)], ignore_index=True)
        provenance = pd.concat([rows, net.drop(columns=["year"])], ignore_index=True)
        extra.append(
            "Right panel: net FDI inflows (inflows less disinvestment; they can be negative) as "
            "compiled by wiiw, in EUR m: net flows are not the gross inflows officials quote, "
            "and no exchange rate is applied. The inward stock is listed in the table only."
        )
    notes, links = base.note_lines(provenance, extra=extra)
    return ChartData(
        name=NAME,
        title=f"{country_name(investor)}'s investment in {country_name(host)}, as quoted",
        subtitle=titles.subtitle(
            "Cumulative and annual investment figures as officials and the press stated them",
            "US$ bn",
            "not a series: each counts a different thing over a different window",
        ),
        source=titles.source_line(provenance[schema.SOURCE]),
        marks=marks,
        table=table.reset_index(drop=True),
        notes=notes,
        provenance=base.provenance(provenance),
        links=links,
        figure_ids=list(provenance[schema.FIGURE_ID].astype(str)),
        context={"host": host, "start_year": start_year, "end_year": end_year, "net": net},
    )


def _net_table(net: pd.DataFrame) -> pd.DataFrame:
    """Return the table rows of the net FDI figures (the inflows drawn, the stock listed)."""
    eur = net[schema.VALUE].astype(float) * net[schema.SCALE].astype(float)
    return pd.DataFrame(
        {
            "measure": net[schema.MEASURE].map(NET_FDI_TABLE_WORDS),
            "period": net["year"].astype(str),
            "value": [format_quantity(value, UNIT_EUR) for value in eur],
            "value_usd": float("nan"),
            "speaker": "",
            "outlet": net[schema.SOURCE_ORG],
            "whose figure": net[schema.PERSPECTIVE],
            "tier": [TIER_WORDS.get(tier, tier) for tier in net[schema.SOURCE_TIER]],
            "drawn": [
                "yes" if measure == FDI_NET_INFLOW else "no: a position, not a flow"
                for measure in net[schema.MEASURE]
            ],
            "statement": "",
            "figure_id": net[schema.FIGURE_ID],
        }
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw the statements of :func:`data`: cumulative windows as bars, inflows as columns."""
    for row in data.marks.to_dict("records"):
        if row["reason"]:
            continue
        value = float(row[schema.VALUE_USD]) / BILLION
        start, right = row[schema.PERIOD_START], decimal_year(row[schema.PERIOD_END])
        colour = style.PERSPECTIVE_COLOURS.get(row[schema.PERSPECTIVE], style.MUTED)
        if row["kind"] == "cumulative":
            _draw_cumulative(ax, row, value, start, right, colour)
            continue
        left = decimal_year(start)
        annual = row[schema.FREQ] == ANNUAL
        (artist,) = ax.bar(
            left,
            value,
            width=right - left,
            align="edge",
            color=colour,
            edgecolor=colour,
            hatch=None if annual else "..",
            alpha=0.9 if annual else 0.5,
            zorder=2 if annual else 3,
        )
        if annual:
            ax.annotate(
                row["stated"],
                xy=(left + (right - left) / 2, value),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=style.NOTE_FONT_SIZE,
            )
        _hover(ax, artist, row)
    ax.set_xlim(data.context["start_year"], data.context["end_year"] + 1)
    net = data.context.get("net")
    if net is not None and len(net):
        _draw_net_panel(ax, net, data.context["start_year"], data.context["end_year"])
    ax.set_ylim(0, max(data.marks[schema.VALUE_USD]) / BILLION * 1.25)
    ax.yaxis.set_major_formatter(style.usd_formatter(BILLION))
    ax.set_ylabel("US$ bn, current prices")
    ax.xaxis.get_major_locator().set_params(integer=True)
    from matplotlib.patches import Patch

    host = data.context["host"]
    ax.legend(
        handles=[
            Patch(
                color=style.PERSPECTIVE_COLOURS.get(host, style.MUTED),
                alpha=0.6,
                label=f"{country_name(host)}'s officials",
            ),
            Patch(
                color=style.PERSPECTIVE_COLOURS["unattributed"],
                alpha=0.6,
                label="press / source not named",
            ),
        ],
        loc="upper left",
    )


def _draw_net_panel(ax, net: pd.DataFrame, start_year: int, end_year: int) -> None:
    """Split the chart's cell: the net FDI inflows, in EUR m, in a panel beside ``ax``."""
    figure = ax.figure
    cells = ax.get_subplotspec().subgridspec(1, 2, width_ratios=PANEL_WIDTHS, wspace=0.08)
    ax.set_subplotspec(cells[0])
    panel = figure.add_subplot(cells[1])
    style.style_axes(panel)
    flows = net[net[schema.MEASURE] == FDI_NET_INFLOW]
    eur = flows[schema.VALUE].astype(float) * flows[schema.SCALE].astype(float) / MILLION
    colour = style.PERSPECTIVE_COLOURS.get(str(flows[schema.PERSPECTIVE].iloc[0]), style.MUTED)
    for year, value, figure_id in zip(flows["year"], eur, flows[schema.FIGURE_ID], strict=True):
        (artist,) = panel.bar(int(year), value, width=0.8, color=colour, alpha=0.8)
        base.hover(
            ax,
            artist,
            f"net FDI inflow {int(year)}: {format_quantity(value * MILLION, UNIT_EUR)}"
            f" ({figure_id})",
        )
    panel.axhline(0, color=style.INK, linewidth=0.8)
    panel.set_xlim(start_year - 0.5, min(end_year, int(flows["year"].max())) + 0.5)
    panel.set_ylabel("EUR m, net inflow")
    panel.set_title("Net FDI (wiiw), EUR m", loc="left", fontsize=style.NOTE_FONT_SIZE + 1)
    panel.xaxis.get_major_locator().set_params(integer=True)


def _draw_cumulative(ax, row: dict, value: float, start, right: float, colour: str) -> None:
    artist = None
    if pd.notna(start):
        left = decimal_year(start)
        artist = ax.barh(
            value,
            right - left,
            left=left,
            height=value * 0.04 + 0.25,
            color=colour,
            alpha=0.6,
            edgecolor=colour,
        )[0]
    (dot,) = ax.plot([right], [value], marker="o", color=colour, linestyle="none", markersize=6)
    label = f"{row['who']}: {row['stated']}" + ("" if pd.notna(start) else " (start not stated)")
    ax.annotate(
        label,
        xy=(right, value),
        xytext=(-4, 6),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=style.NOTE_FONT_SIZE + 0.5,
        color=style.INK,
    )
    _hover(ax, artist if artist is not None else dot, row)


def _hover(ax, artist, row: dict) -> None:
    base.hover(
        ax,
        artist,
        f"{row['who']}: {row['stated']} ({row['kind']}, {row[schema.PERIOD_LABEL]}; "
        f"{row[schema.RECORD_ID]}, {row[schema.SOURCE_ORG]})",
    )
