"""Chart 5: the same flow as each side reports it (mirror statistics), as a dumbbell chart.

One row per year and flow where both sides give a figure: the reporter's own statistics and the
partner's figure for the same goods (for China, its customs figures as quoted). The gap is
printed with its denominators named (trade-conventions §2, rows 18–20): the exporter's figure
minus the importer's, as a percentage of each.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import (
    PERSPECTIVE_AGENCIES,
    country_name,
    perspective_label,
    possessive,
)
from tradeviz.indicators import IndicatorError, mirror_gap
from tradeviz.indicators.result import NoFigureError

FLOWS = ("exports", "imports", "turnover")
USD_BILLION = 1e9
CONNECTOR = "#BBBBBB"


def _partner_side(figures, reporter, partner, source, flows) -> pd.DataFrame:
    rows = base.annual_totals(
        figures, reporter=partner, partner=reporter, flows=flows, source=source
    )
    return rows.sort_values(["year", schema.FLOW, schema.FIGURE_ID])


def _goods(flow: str, reporter: str, partner: str) -> str:
    """Describe the goods of the partner's ``flow`` ("China → Kazakhstan")."""
    if flow == "exports":
        return f"{country_name(partner)} → {country_name(reporter)}"
    if flow == "imports":
        return f"{country_name(reporter)} → {country_name(partner)}"
    return "turnover"


@base.chart("mirror_gap")
def draw_mirror_gap(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int | None = None,
    end_year: int | None = None,
    flows: tuple[str, ...] = FLOWS,
    partner_source: str = "statements",
    reporter_source: str | None = None,
) -> ChartInfo:
    """Draw each side's figure for the same goods, year by year, with the gap between them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes: the reporter's own statistics against the partner's figures.
    start_year, end_year : int, optional
        Span of years (default: every year both sides give).
    flows : tuple of str
        The partner's flows compared (its exports are the reporter's imports).
    partner_source : str, default "statements"
        Source of the partner's figures (China's customs figures are quoted figures).
    reporter_source : str, optional
        Source of the reporter's figures (default: its statistical tables).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    chart_info = ChartInfo(
        name="mirror_gap",
        title=f"The same trade, two records: {country_name(reporter)} vs {country_name(partner)}",
    )
    figures = base.pair_rows(figures, reporter, partner)
    theirs = _partner_side(figures, reporter, partner, partner_source, flows)
    if start_year is not None:
        theirs = theirs[theirs["year"] >= start_year]
    if end_year is not None:
        theirs = theirs[theirs["year"] <= end_year]
    results, missing = [], []
    for _, row in theirs.iterrows():
        same_slot = (
            (figures[schema.SOURCE] == partner_source)
            & (figures[schema.REPORTER] == partner)
            & (figures[schema.PARTNER] == reporter)
            & (figures[schema.FLOW] == row[schema.FLOW])
            & (figures[schema.FREQ] == "A")
            & (pd.to_datetime(figures[schema.PERIOD_START]).dt.year == row["year"])
            & (figures[schema.FIGURE_ID] != row[schema.FIGURE_ID])
        )
        try:
            result = mirror_gap(
                figures[~same_slot],
                partner,
                reporter,
                int(row["year"]),
                row[schema.FLOW],
                reporter_source=partner_source,
                partner_source=reporter_source,
                vintage="latest",
            )
        except IndicatorError:
            missing.append(f"{row['year']} {row[schema.FLOW]} ({row[schema.RECORD_ID]})")
            continue
        results.append((row, result))
    table_rows: list[dict[str, object]] = []
    labels: list[str] = []
    for position, (row, result) in enumerate(results):
        details = result.details
        mine, theirs_usd = details["partner_usd"], details["reporter_usd"]
        flow = row[schema.FLOW]
        ax.plot(
            [mine / USD_BILLION, theirs_usd / USD_BILLION],
            [position, position],
            color=CONNECTOR,
            linewidth=3,
            solid_capstyle="round",
            zorder=1,
        )
        for who, value, source_words in (
            (reporter, mine, result.params["partner_source"]),
            (
                partner,
                theirs_usd,
                f"as quoted: {row[schema.RECORD_ID]}"
                if partner_source == "statements"
                else partner_source,
            ),
        ):
            (dot,) = ax.plot(
                [value / USD_BILLION],
                [position],
                marker="o",
                markersize=8,
                linestyle="none",
                color=style.PERSPECTIVE_COLOURS.get(who, style.INK),
                zorder=3,
            )
            chart_info.hover(
                dot,
                f"{row['year']}, {_goods(flow, reporter, partner)}: "
                f"{style.format_usd(value)} by {perspective_label(who)} "
                f"({source_words})",
            )
        if flow == "turnover":
            gap_text = (
                f"{possessive(partner)} figure − {possessive(reporter)}: "
                f"{style.format_usd(result.value)}; {possessive(reporter)} ÷ "
                f"{possessive(partner)} = {details['ratio']:.2f}"
            )
        else:
            exporter, importer = details["exporter"], details["importer"]
            gap_text = (
                f"gap {style.format_usd(result.value)} (exporter − importer)\n= "
                f"{style.format_pct(details['pct_of_exporter'], decimals=0)} of "
                f"{possessive(exporter)} figure (exporter), "
                f"{style.format_pct(details['pct_of_importer'], decimals=0)} of "
                f"{possessive(importer)} (importer)"
            )
        note = ax.annotate(
            gap_text,
            xy=(0.01, position),
            xycoords=("axes fraction", "data"),
            xytext=(0, -9),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=style.NOTE_FONT_SIZE + 0.5,
            color=style.INK,
        )
        note.set_in_layout(False)
        labels.append(f"{row['year']} · {_goods(flow, reporter, partner)}")
        table_rows.append(
            {
                "year": int(row["year"]),
                "goods": _goods(flow, reporter, partner),
                f"{reporter} figure": style.format_usd(mine),
                f"{partner} figure": style.format_usd(theirs_usd),
                "gap (exporter − importer)" if flow != "turnover" else "gap": style.format_usd(
                    result.value
                ),
                "% of exporter's figure": style.format_pct(details["pct_of_exporter"])
                if flow != "turnover"
                else "",
                "% of importer's figure": style.format_pct(details["pct_of_importer"])
                if flow != "turnover"
                else "",
                "mirror ratio M/X": round(details["ratio"], 3),
                "value_usd": result.value,
                "figure_ids": " / ".join(result.figure_ids),
            }
        )
    used = (
        pd.concat([r.inputs for _, r in results], ignore_index=True)
        if results
        else figures.iloc[0:0]
    )
    if not results:
        raise NoFigureError(
            f"no year where both {reporter} and {partner} give a figure for the same trade "
            f"({partner_source} for {partner}, the statistical tables for {reporter})"
        )
    if results:
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
        ax.xaxis.set_major_formatter(style.usd_formatter(USD_BILLION))
        ax.set_xlabel("US$ bn, current prices")
        right = (
            max(max(r[1].details["partner_usd"], r[1].details["reporter_usd"]) for r in results)
            / USD_BILLION
        )
        ax.set_xlim(0, right * 1.12)
        ax.set_ylim(len(labels) - 0.35, -0.9)
        from matplotlib.lines import Line2D

        ax.legend(
            handles=[
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markersize=7,
                    color=style.PERSPECTIVE_COLOURS.get(who, style.INK),
                    label=f"{possessive(who)} record"
                    + (f" ({PERSPECTIVE_AGENCIES[who]})" if who in PERSPECTIVE_AGENCIES else ""),
                )
                for who in (reporter, partner)
            ],
            loc="upper right",
            ncols=2,
        )
    extra = [
        "Gap = exporter's record − importer's record (trade-conventions §2 row 19); "
        "percentages name their denominator. Imports are valued CIF, exports FOB, so the "
        "importer's figure is expected about 6 % above the exporter's.",
    ]
    if partner_source == "statements":
        extra.append(
            f"{possessive(partner)} figures are quoted figures (statements), not a "
            "statistical table."
        )
    if missing:
        extra.append(
            f"Not drawn (no figure from {country_name(reporter)} for the same year): "
            + ", ".join(missing)
            + "."
        )
    chart_info.notes, chart_info.links = base.note_lines(used, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(used[schema.FIGURE_ID].astype(str)) if len(used) else []
    return chart_info
