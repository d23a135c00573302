"""Chart 7: an investor's direct investment in a host country as officials and the press quote it.

There is no statistical table of Chinese FDI in Kazakhstan among the sources, only statements,
and they disagree in what they count and over which window ("since 2005", "over 18 years",
"since independence"). The chart draws each cumulative figure as a bar spanning its stated window
(ending at its as-of date) and each annual (or year-to-date) inflow as a column, coloured by
whose figure it is; statements without a stated period are listed in the table, not drawn.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.query import NoFigureError, where
from tradeviz.text import country_name, format_money, titles
from tradeviz.vocabulary import (
    ANNUAL,
    BILLION,
    FDI_CUMULATIVE,
    FDI_MEASURES,
    INFLOW,
    QUALIFIER_WORDS,
    UNIT_USD,
)

NAME = "investment"
DESCRIPTION = (
    "The investor's direct investment in the host as quoted: cumulative windows and annual inflows"
)
DAYS_PER_YEAR = 365.25
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
    notes, links = base.note_lines(rows, extra=extra)
    return ChartData(
        name=NAME,
        title=f"{country_name(investor)}'s investment in {country_name(host)}, as quoted",
        subtitle=titles.subtitle(
            "Cumulative and annual investment figures as officials and the press stated them",
            "US$ bn",
            "not a series: each counts a different thing over a different window",
        ),
        source=titles.source_line(rows[schema.SOURCE]),
        marks=marks,
        table=table.reset_index(drop=True),
        notes=notes,
        provenance=base.provenance(rows),
        links=links,
        figure_ids=list(rows[schema.FIGURE_ID].astype(str)),
        context={"host": host, "start_year": start_year, "end_year": end_year},
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
