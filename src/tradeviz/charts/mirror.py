"""Chart 5: the same flow as each side reports it (mirror statistics), as a dumbbell chart.

One row per year and flow where both sides give a figure: the reporter's own statistics and the
partner's figure for the same goods (for China, its customs figures as quoted). The gap is
printed with its denominators named (``docs/conventions.md`` §2, rows 18–20): the exporter's
figure minus the importer's, as a percentage of each.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.indicators import mirror_gap
from tradeviz.query import (
    NoFigureError,
    SelectionError,
    between,
    by_preference,
    is_quoted,
    trade_totals,
    where,
)
from tradeviz.text import (
    country_name,
    format_money,
    format_percent,
    perspective_label,
    possessive,
    titles,
)
from tradeviz.vocabulary import (
    ALL_VINTAGES,
    BILLION,
    EXPORTS,
    IMPORTS,
    LATEST,
    STATEMENTS,
    TRADE_FLOWS,
    TURNOVER,
)

NAME = "mirror_gap"
DESCRIPTION = "The same trade as each side records it, with the gap and its denominators"
CONNECTOR = "#BBBBBB"


def _goods(flow: str, reporter: str, partner: str) -> str:
    """Describe the goods of the partner's ``flow`` ("China → Kazakhstan")."""
    if flow == EXPORTS:
        return f"{country_name(partner)} → {country_name(reporter)}"
    if flow == IMPORTS:
        return f"{country_name(reporter)} → {country_name(partner)}"
    return "turnover"


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    partner: str = "CHN",
    start_year: int | None = None,
    end_year: int | None = None,
    flows: tuple[str, ...] = TRADE_FLOWS,
    partner_source: str = STATEMENTS,
    reporter_source: str | None = None,
) -> ChartData:
    """Select each side's figure for the same goods, year by year, with the gap between them.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes of the reporting country and of the partner. The reporter's own statistics
        against the partner's figures.
    start_year, end_year : int, optional
        First and last year drawn. Default: every year both sides give.
    flows : tuple of str
        Flows drawn. The partner's flows compared (its exports are the reporter's imports).
        Exports and imports: a gap is the exporter's record − the importer's, and turnover has
        no exporter; with ``"turnover"`` its rows say "partner's record − reporter's".
    partner_source : str, default "statements"
        Source of the partner's figures (China's customs figures are quoted figures).
    reporter_source : str, optional
        Source of the reporter's figures (default: its statistical tables).

    Returns
    -------
    ChartData
        ``marks``: one row per compared figure of the partner (year, flow, both figures, the
        gap, its percentages of each side, the mirror ratio, the figure ids).
    """
    figures = between(figures, reporter, partner)
    theirs = trade_totals(
        figures,
        partner,
        reporter,
        flows=flows,
        source=partner_source,
        since=start_year,
        until=end_year,
        vintage=ALL_VINTAGES,
    ).sort_values(["year", schema.FLOW, schema.FIGURE_ID])
    marks, used, missing = [], [], []
    for row in theirs.to_dict("records"):
        same_slot = where(theirs, flow=row[schema.FLOW], year=row["year"])
        others = tuple(
            where(same_slot, exclude={schema.FIGURE_ID: (row[schema.FIGURE_ID],)})[schema.FIGURE_ID]
        )
        try:
            result = mirror_gap(
                where(figures, exclude={schema.FIGURE_ID: others}) if others else figures,
                partner,
                reporter,
                int(row["year"]),
                row[schema.FLOW],
                reporter_source=partner_source,
                partner_source=reporter_source,
                vintage=LATEST,
            )
        except SelectionError:
            missing.append(f"{row['year']} {row[schema.FLOW]} ({row[schema.RECORD_ID]})")
            continue
        details = result.details
        used.append(result.inputs)
        marks.append(
            {
                "year": int(row["year"]),
                "flow": row[schema.FLOW],
                "goods": _goods(row[schema.FLOW], reporter, partner),
                "reporter_usd": details["partner_usd"],
                "partner_usd": details["reporter_usd"],
                "gap_usd": result.value,
                "pct_of_exporter": details["pct_of_exporter"],
                "pct_of_importer": details["pct_of_importer"],
                "ratio": details["ratio"],
                "exporter": details["exporter"],
                "importer": details["importer"],
                "reporter_source": result.params["partner_source"],
                "record_id": row[schema.RECORD_ID],
                "figure_ids": " / ".join(result.figure_ids),
            }
        )
    if not marks:
        raise NoFigureError(
            f"no year where both {reporter} and {partner} give a figure for the same trade "
            f"({partner_source} for {partner}, the statistical tables for {reporter})"
        )
    rows_drawn = pd.concat(used, ignore_index=True)
    extra = [
        "Gap = exporter's record − importer's record (docs/conventions.md §2 row 19); "
        "percentages name their denominator. Imports are valued CIF, exports FOB, so the "
        "importer's figure is expected about 6 % above the exporter's.",
    ]
    if is_quoted(partner_source):
        extra.append(
            f"{possessive(country_name(partner))} figures are quoted figures (statements), not a "
            "statistical table."
        )
    if missing:
        extra.append(
            f"Not drawn (no figure from {country_name(reporter)} for the same year): "
            + ", ".join(missing)
            + "."
        )
    notes, links = base.note_lines(rows_drawn, extra=extra)
    frame = pd.DataFrame(marks)
    theirs_label = (
        titles.quoted_label(partner) if is_quoted(partner_source) else country_name(partner)
    )
    return ChartData(
        name=NAME,
        title=_finding(frame),
        subtitle=titles.subtitle(
            f"The same trade in two records: {possessive(country_name(reporter))} statistics "
            f"and {theirs_label}",
            "gap = exporter's record − importer's record, US$ bn",
            "",
            frame["year"].tolist(),
        ),
        source=titles.source_line(by_preference(rows_drawn[schema.SOURCE])),
        marks=frame,
        table=_table(frame, reporter, partner),
        notes=notes,
        provenance=base.provenance(rows_drawn),
        links=links,
        figure_ids=list(rows_drawn[schema.FIGURE_ID].astype(str)),
        context={
            "reporter": reporter,
            "partner": partner,
            "partner_source": partner_source,
            "partner_label": theirs_label,
        },
    )


def _finding(frame: pd.DataFrame) -> str:
    """Return the widest gap between the two records of one flow (exporter's − importer's)."""
    flows = frame[frame["exporter"].notna()]
    if flows.empty:
        return "The same trade, two records"
    row = flows.loc[flows["pct_of_exporter"].abs().idxmax()]
    return titles.gap_title(
        row["exporter"], row["importer"], int(row["year"]), row["gap_usd"], row["pct_of_exporter"]
    )


def _table(marks: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    rows = []
    for row in marks.to_dict("records"):
        mirrored = row["flow"] != TURNOVER
        rows.append(
            {
                "year": row["year"],
                "goods": row["goods"],
                f"{reporter} figure": format_money(row["reporter_usd"], style="chart"),
                f"{partner} figure": format_money(row["partner_usd"], style="chart"),
                "gap (exporter − importer)" if mirrored else "gap": format_money(
                    row["gap_usd"], style="chart"
                ),
                "% of exporter's figure": format_percent(row["pct_of_exporter"], style="chart")
                if mirrored
                else "",
                "% of importer's figure": format_percent(row["pct_of_importer"], style="chart")
                if mirrored
                else "",
                "mirror ratio M/X": round(row["ratio"], 3),
                "value_usd": row["gap_usd"],
                "figure_ids": row["figure_ids"],
            }
        )
    return pd.DataFrame(rows)


def _gap_text(row: dict, reporter: str, partner: str) -> str:
    if row["flow"] == TURNOVER:
        return (
            f"{possessive(country_name(partner))} figure − {possessive(country_name(reporter))}: "
            f"{format_money(row['gap_usd'], style='chart')}; "
            f"{possessive(country_name(reporter))} ÷ {possessive(country_name(partner))} = "
            f"{row['ratio']:.2f}"
        )
    return (
        f"gap {format_money(row['gap_usd'], style='chart')}: "
        f"{format_percent(row['pct_of_exporter'], 0, style='chart')} of "
        f"{possessive(country_name(row['exporter']))} figure (exporter)"
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw each side's figure of :func:`data` as dots joined by the gap, one row per year."""
    reporter, partner = data.context["reporter"], data.context["partner"]
    labels = []
    for position, row in enumerate(data.marks.to_dict("records")):
        mine, theirs = row["reporter_usd"], row["partner_usd"]
        ax.plot(
            [mine / BILLION, theirs / BILLION],
            [position, position],
            color=CONNECTOR,
            linewidth=3,
            solid_capstyle="round",
            zorder=1,
        )
        partner_words = (
            f"as quoted: {row['record_id']}"
            if is_quoted(data.context["partner_source"])
            else data.context["partner_source"]
        )
        for who, value, source_words in (
            (reporter, mine, row["reporter_source"]),
            (partner, theirs, partner_words),
        ):
            (dot,) = ax.plot(
                [value / BILLION],
                [position],
                marker="o",
                markersize=8,
                linestyle="none",
                color=style.PERSPECTIVE_COLOURS.get(who, style.INK),
                zorder=3,
            )
            base.hover(
                ax,
                dot,
                f"{row['year']}, {row['goods']}: {format_money(value, style='chart')} by "
                f"{perspective_label(who)} ({source_words})",
            )
        note = ax.annotate(
            _gap_text(row, reporter, partner),
            xy=(0.01, position),
            xycoords=("axes fraction", "data"),
            xytext=(0, -11),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=style.LABEL_FONT_SIZE,
            color=style.INK,
        )
        note.set_in_layout(False)
        labels.append(f"{row['year']} · {row['goods']}")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    ax.xaxis.set_major_formatter(style.usd_formatter(BILLION))
    ax.set_xlabel("US$ bn, current prices")
    right = data.marks[["reporter_usd", "partner_usd"]].to_numpy().max() / BILLION
    ax.set_xlim(0, right * 1.12)
    ax.set_ylim(len(labels) - 0.2, -0.9)
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
                label=label,
            )
            for who, label in (
                (reporter, f"{possessive(country_name(reporter))} record"),
                (partner, data.context["partner_label"]),
            )
        ],
        loc="upper right",
        ncols=2,
    )
