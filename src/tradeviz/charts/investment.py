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
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import country_name
from tradeviz.indicators import NoFigureError

CUMULATIVE = "fdi_cumulative"
ANNUAL = "fdi_gross_inflow"
USD_BILLION = 1e9
DAYS_PER_YEAR = 365.25
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "over": "over ",
    "under": "under ",
    "nearly": "nearly ",
    "at_least": "at least ",
}
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


@base.chart("investment")
def draw_investment(
    ax,
    figures: pd.DataFrame,
    *,
    investor: str = "CHN",
    host: str = "KAZ",
    start_year: int = 2005,
    end_year: int = 2025,
) -> ChartInfo:
    """Draw the quoted cumulative and annual direct investment of ``investor`` in ``host``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table (investment statements: ``reporter`` = host, ``partner`` =
        investor, ``flow == "inflow"``).
    investor, host : str
        ISO3 codes.
    start_year, end_year : int
        Span of the time axis; statements whose window ends outside it are not drawn.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    rows = figures[
        (figures[schema.REPORTER] == host)
        & (figures[schema.PARTNER] == investor)
        & (figures[schema.FLOW] == "inflow")
        & figures[schema.MEASURE].isin([CUMULATIVE, ANNUAL])
        & (figures[schema.UNIT] == "USD")
    ].sort_values([schema.MEASURE, schema.PERIOD_END, schema.RECORD_ID])
    if rows.empty:
        raise NoFigureError(f"no investment figures of {investor} in {host} in the figures table")
    chart_info = ChartInfo(
        name="investment",
        title=f"{country_name(investor)}'s investment in {country_name(host)}, as quoted",
    )
    table_rows, not_drawn, drawn_ids = [], [], []
    for _, row in rows.iterrows():
        value = float(row[schema.VALUE_USD])
        start, end = row[schema.PERIOD_START], row[schema.PERIOD_END]
        who = short_speaker(row[schema.SPEAKER], row[schema.SOURCE_ORG])
        qualifier = QUALIFIER_WORDS.get(row[schema.QUALIFIER], "")
        stated = f"{qualifier}{style.format_usd(value)}"
        colour = style.PERSPECTIVE_COLOURS.get(row[schema.PERSPECTIVE], style.MUTED)
        kind = (
            "cumulative"
            if row[schema.MEASURE] == CUMULATIVE
            else ("annual" if row[schema.FREQ] == "A" else "year to date")
        )
        window = row[schema.PERIOD_LABEL]
        reason = ""
        if pd.isna(end):
            reason = "no end date stated"
        elif not start_year <= pd.Timestamp(end).year <= end_year:
            reason = f"outside {start_year}–{end_year}"
        if not reason:
            right = decimal_year(end)
            if row[schema.MEASURE] == CUMULATIVE:
                artist = None
                if pd.notna(start):
                    left = decimal_year(start)
                    artist = ax.barh(
                        value / USD_BILLION,
                        right - left,
                        left=left,
                        height=value / USD_BILLION * 0.04 + 0.25,
                        color=colour,
                        alpha=0.6,
                        edgecolor=colour,
                    )[0]
                (dot,) = ax.plot(
                    [right],
                    [value / USD_BILLION],
                    marker="o",
                    color=colour,
                    linestyle="none",
                    markersize=6,
                )
                label = f"{who}: {stated}" + ("" if pd.notna(start) else " (start not stated)")
                ax.annotate(
                    label,
                    xy=(right, value / USD_BILLION),
                    xytext=(-4, 6),
                    textcoords="offset points",
                    ha="right",
                    va="bottom",
                    fontsize=style.NOTE_FONT_SIZE + 0.5,
                    color=style.INK,
                )
                artist = artist if artist is not None else dot
            else:
                left = decimal_year(start)
                (artist,) = ax.bar(
                    left,
                    value / USD_BILLION,
                    width=right - left,
                    align="edge",
                    color=colour,
                    edgecolor=colour,
                    hatch=None if row[schema.FREQ] == "A" else "..",
                    alpha=0.9 if row[schema.FREQ] == "A" else 0.5,
                    zorder=2 if row[schema.FREQ] == "A" else 3,
                )
                if row[schema.FREQ] == "A":
                    ax.annotate(
                        stated,
                        xy=(left + (right - left) / 2, value / USD_BILLION),
                        xytext=(0, 2),
                        textcoords="offset points",
                        ha="center",
                        va="bottom",
                        fontsize=style.NOTE_FONT_SIZE,
                    )
            chart_info.hover(
                artist,
                f"{who}: {stated} ({kind}, {window}; "
                f"{row[schema.RECORD_ID]}, {row[schema.SOURCE_ORG]})",
            )
            drawn_ids.append(row[schema.FIGURE_ID])
        else:
            not_drawn.append(f"{row[schema.RECORD_ID]} ({stated}, {reason})")
        table_rows.append(
            {
                "measure": kind,
                "period": window,
                "value": stated,
                "value_usd": value,
                "speaker": who,
                "outlet": row[schema.SOURCE_ORG],
                "whose figure": row[schema.PERSPECTIVE],
                "tier": TIER_WORDS.get(row[schema.SOURCE_TIER], row[schema.SOURCE_TIER]),
                "drawn": "yes" if not reason else f"no: {reason}",
                "statement": row[schema.RECORD_ID],
                "figure_id": row[schema.FIGURE_ID],
            }
        )
    ax.set_xlim(start_year, end_year + 1)
    ax.set_ylim(0, max(rows[schema.VALUE_USD]) / USD_BILLION * 1.25)
    ax.yaxis.set_major_formatter(style.usd_formatter(USD_BILLION))
    ax.set_ylabel("US$ bn, current prices")
    ax.xaxis.get_major_locator().set_params(integer=True)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(
                color=style.PERSPECTIVE_COLOURS["KAZ"],
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
    extra = [
        "Bars: cumulative investment over the window each statement names (to its as-of date; "
        "a dot alone where the start is not stated); columns: annual inflows (dotted: year to "
        "date). "
        "Statements count different things (FDI or 'investment') over different windows: "
        "they are not a series and are not summed.",
    ]
    if not_drawn:
        extra.append("Not drawn: " + "; ".join(not_drawn) + ".")
    chart_info.notes, chart_info.links = base.note_lines(rows, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(rows[schema.FIGURE_ID].astype(str))
    return chart_info
