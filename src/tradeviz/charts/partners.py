"""Chart 3: a reporter's top partner countries in one year, one partner highlighted.

Countries only (aggregates such as «Страны ЕАЭС» are never partners), ranked by value, with each
country's share of the stated world total. If the highlighted partner is outside the top N, it
is added below a gap with its rank.
"""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.info import ChartInfo
from tradeviz.charts.labels import country_name, possessive
from tradeviz.indicators import partner_rank

DEFAULT_TOP_N = 10
USD_BILLION = 1e9
FLOW_WORDS = {
    "exports": "export destinations",
    "imports": "import origins",
    "turnover": "trade partners",
}


@base.chart("top_partners")
def draw_top_partners(
    ax,
    figures: pd.DataFrame,
    *,
    reporter: str = "KAZ",
    year: int = 2020,
    flow: str = "exports",
    top_n: int = DEFAULT_TOP_N,
    highlight: str | None = "CHN",
    source: str | None = None,
    vintage: str = "latest",
) -> ChartInfo:
    """Draw a reporter's top partner countries for one flow and year as horizontal bars.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table.
    reporter : str
        ISO3 code.
    year : int
        Calendar year.
    flow : {"exports", "imports", "turnover"}
        The flow ranked.
    top_n : int, default 10
        Number of partners drawn.
    highlight : str or None, default "CHN"
        Partner drawn in the highlight colour (added below the top N if outside it).
    source, vintage
        As in :func:`tradeviz.indicators.partner_rank`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ranked = partner_rank(figures, reporter, year, flow, source=source, vintage=vintage)
    table = ranked.table
    top = table.head(int(top_n))
    extra_row = None
    if highlight and highlight not in set(top["partner"]):
        found = table[table["partner"] == highlight]
        if not found.empty:
            extra_row = found.iloc[0]
    chart_info = ChartInfo(
        name="top_partners",
        title=f"{possessive(reporter)} top {FLOW_WORDS[flow]}, {year}",
    )
    rows = [r for _, r in top.iterrows()] + ([extra_row] if extra_row is not None else [])
    positions = list(range(len(top)))
    if extra_row is not None:
        positions.append(len(top) + 0.6)
    labels, table_rows = [], []
    for position, row in zip(positions, rows, strict=True):
        value = row["value_usd"]
        colour = style.HIGHLIGHT if row["partner"] == highlight else style.BASE_BAR
        (bar,) = ax.barh(position, value / USD_BILLION, color=colour, height=0.72)
        name = country_name(row["partner"])
        labels.append(f"{int(row['rank'])}. {name}")
        share = style.format_pct(row["share_pct"]) if pd.notna(row["share_pct"]) else "n/a"
        ax.annotate(
            f"{style.format_usd(value)} · {share}",
            xy=(value / USD_BILLION, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=style.TICK_FONT_SIZE,
            color=style.INK,
        )
        chart_info.hover(
            bar,
            f"{name}, rank {int(row['rank'])}: {style.format_usd(value)}, "
            f"{share} of {possessive(reporter)} {flow} {year}",
        )
        table_rows.append(
            {
                "rank": int(row["rank"]),
                "partner": row["partner"],
                "country": name,
                "value": style.format_usd(value),
                "value_usd": value,
                "share of world total": share,
                "figure_id": row["figure_id"],
            }
        )
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(style.usd_formatter(USD_BILLION))
    ax.set_xlabel(f"US$ bn, current prices ({flow})")
    right = max((r["value_usd"] for r in table_rows), default=0) / USD_BILLION
    ax.set_xlim(0, right * 1.28 if right else 1)
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    ax.tick_params(axis="y", length=0)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row["partner"] == highlight:
            tick.set_color(style.HIGHLIGHT)
            tick.set_fontweight("bold")
    drawn_ids = [r["figure_id"] for r in table_rows]
    inputs = ranked.inputs
    world_ids = list(inputs.loc[inputs[schema.PARTNER] == schema.WORLD, schema.FIGURE_ID])
    rows_drawn = figures[figures[schema.FIGURE_ID].isin(drawn_ids + world_ids)]
    extra = [
        f"Ranked over {ranked.details['countries']} partner countries (aggregates excluded); "
        f"shares of {possessive(reporter)} stated world total; {ranked.params['source']}, "
        f"vintage {ranked.params['vintage']}. Exports FOB, imports CIF.",
        *(note for note in ranked.notes if not note.startswith("countries only")),
    ]
    chart_info.notes, chart_info.links = base.note_lines(rows_drawn, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(rows_drawn[schema.FIGURE_ID].astype(str))
    return chart_info
