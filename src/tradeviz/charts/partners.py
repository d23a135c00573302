"""Chart 3: a reporter's top partner countries in one year, one partner highlighted.

Countries only (aggregates such as «Страны ЕАЭС» are never partners), ranked by value, with each
country's share of the stated world total. If the highlighted partner is outside the top N, it
is added below a gap with its rank.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.indicators import partner_rank
from tradeviz.query import where
from tradeviz.text import country_name, format_money, format_percent, possessive, titles
from tradeviz.vocabulary import BILLION, LATEST

NAME = "top_partners"
DESCRIPTION = "The reporter's top partner countries in a year (exports or imports), one highlighted"
DEFAULT_TOP_N = 10
#: Gap between the top N and the highlighted partner drawn below them (in bar positions).
EXTRA_ROW_GAP = 0.6
FLOW_WORDS = {
    "exports": "export destinations",
    "imports": "import origins",
    "turnover": "trade partners",
}


def data(
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    year: int = 2020,
    flow: str = "exports",
    top_n: int = DEFAULT_TOP_N,
    highlight: str | None = "CHN",
    source: str | None = None,
    vintage: str = LATEST,
) -> ChartData:
    """Select a reporter's top partner countries for one flow and year.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code of the reporting country.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow. The one ranked.
    top_n : int, default 10
        Number of partners or products drawn.
    highlight : str or None, default "CHN"
        Partner drawn in the highlight colour (added below the top N if outside it).
    source : str, optional
        A source name. As in :func:`tradeviz.indicators.partner_rank`.
    vintage : str, default "latest"
        A vintage policy (``latest``, ``latest-each``) or a vintage by name.

    Returns
    -------
    ChartData
        ``marks``: one row per bar (rank, partner, country, value_usd, share_pct, figure_id,
        position, highlighted).
    """
    ranked = partner_rank(figures, reporter, year, flow, source=source, vintage=vintage)
    table = ranked.table
    marks = table.head(int(top_n)).assign(position=lambda t: range(len(t)))
    if highlight and highlight not in set(marks["partner"]):
        found = table[table["partner"] == highlight].head(1)
        marks = pd.concat([marks, found.assign(position=len(marks) + EXTRA_ROW_GAP)])
    marks = marks.assign(
        country=marks["partner"].map(country_name),
        highlighted=marks["partner"] == highlight,
    ).reset_index(drop=True)
    share_text = [
        format_percent(share, style="chart") if pd.notna(share) else "n/a"
        for share in marks["share_pct"]
    ]
    shown = pd.DataFrame(
        {
            "rank": marks["rank"].astype(int),
            "partner": marks["partner"],
            "country": marks["country"],
            "value": [format_money(v, style="chart") for v in marks["value_usd"]],
            "value_usd": marks["value_usd"],
            "share of world total": share_text,
            "figure_id": marks["figure_id"],
        }
    )
    inputs = ranked.inputs
    world_ids = list(where(inputs, partner=schema.WORLD)[schema.FIGURE_ID])
    rows_drawn = where(figures, figure_id=tuple(marks["figure_id"]) + tuple(world_ids))
    extra = [
        f"Ranked over {ranked.details['countries']} partner countries (aggregates excluded); "
        f"shares of {possessive(country_name(reporter))} stated world total; "
        f"{ranked.params['source']}, vintage {ranked.params['vintage']}. Exports FOB, imports "
        "CIF.",
        *(note for note in ranked.notes if not note.startswith("countries only")),
    ]
    notes, links = base.note_lines(rows_drawn, extra=extra)
    return ChartData(
        name=NAME,
        title=_finding(marks, reporter, year, flow),
        subtitle=titles.subtitle(
            f"{possessive(country_name(reporter))} largest partner countries by {flow}",
            "US$ bn and % of the stated world total",
            titles.whose_statistics(reporter),
            [year],
        ),
        source=titles.source_line(rows_drawn[schema.SOURCE]),
        marks=marks.assign(share=share_text),
        table=shown,
        notes=notes,
        provenance=base.provenance(rows_drawn),
        links=links,
        figure_ids=list(rows_drawn[schema.FIGURE_ID].astype(str)),
        context={"reporter": reporter, "year": year, "flow": flow},
    )


def _finding(marks: pd.DataFrame, reporter: str, year: int, flow: str) -> str:
    """Where the highlighted partner ranks, else who leads."""
    highlighted = marks[marks["highlighted"]]
    row = (highlighted if len(highlighted) else marks).iloc[0]
    if pd.isna(row["share_pct"]):
        return f"{possessive(country_name(reporter))} top {FLOW_WORDS[flow]}, {year}"
    return titles.rank_title(
        row["partner"], reporter, year, flow, int(row["rank"]), float(row["share_pct"])
    )


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw the partners of :func:`data` as horizontal bars, the highlighted one in colour."""
    reporter, year, flow = (data.context[key] for key in ("reporter", "year", "flow"))
    marks = data.marks
    labels = []
    for row in marks.itertuples(index=False):
        value = row.value_usd
        colour = style.HIGHLIGHT if row.highlighted else style.BASE_BAR
        (bar,) = ax.barh(row.position, value / BILLION, color=colour, height=0.72)
        labels.append(f"{int(row.rank)}. {row.country}")
        money = format_money(value, style="chart")
        ax.annotate(
            f"{money} · {row.share}",
            xy=(value / BILLION, row.position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=style.TICK_FONT_SIZE,
            color=style.INK,
        )
        base.hover(
            ax,
            bar,
            f"{row.country}, rank {int(row.rank)}: {money}, "
            f"{row.share} of {possessive(country_name(reporter))} {flow} {year}",
        )
    ax.set_yticks(list(marks["position"]), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(style.usd_formatter(BILLION))
    ax.set_xlabel(f"US$ bn, current prices ({flow})")
    right = max(marks["value_usd"], default=0) / BILLION
    ax.set_xlim(0, right * 1.28 if right else 1)
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    ax.tick_params(axis="y", length=0)
    for tick, highlighted in zip(ax.get_yticklabels(), marks["highlighted"], strict=True):
        if highlighted:
            tick.set_color(style.HIGHLIGHT)
            tick.set_fontweight("bold")
