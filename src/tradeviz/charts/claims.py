"""Chart 6: a document's claims against the reference figures, coloured by verdict.

One row per claim. The horizontal axis is the reference as a percentage of the stated value
(100 % = the claim exactly), so claims about dollars, shares, containers and people share one
scale; the shaded band is the claim's tolerance (from its printed precision and its qualifier),
and each reference figure is a marker whose shape says whose figure it is. Claims without a
numeric reference are listed with their verdict. The verdicts come from ``tradeviz check``;
until it has run (its caller passes no verdicts), the chart says so.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, style
from tradeviz.charts.base import ChartData
from tradeviz.query import by_preference, where
from tradeviz.schema import UNATTRIBUTED
from tradeviz.text import country_name, possessive, titles
from tradeviz.vocabulary import PERCENT_SCALE

NAME = "claims"
DESCRIPTION = "A document's claims against the reference figures, tolerance bands, verdicts"
NO_VERDICTS = "No verdicts yet: run `tradeviz check`."
DEFAULT_DOCUMENT = "neo-2021-07-20"
STATED = PERCENT_SCALE
#: The horizontal axis spans this range (percent of the stated value); beyond it, an arrow.
X_RANGE = (0.0, 250.0)
PERSPECTIVE_MARKERS = {"KAZ": "o", "CHN": "D", UNATTRIBUTED: "s"}
MAX_LABEL = 38
BAND_ALPHA = 0.18
#: Empty rows kept under the last claim for the legend (a fixed place is cheap to draw;
#: matplotlib's "best" placement is searched again on every save).
LEGEND_ROWS = 2.2
#: Height per claim and for the title, axis and note (inches), for a figure of this chart alone.
ROW_HEIGHT_IN = 0.32
ROWS_MARGIN_IN = 2.6


def _number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _references(row: pd.Series) -> list[dict[str, object]]:
    """Return the numeric references a verdict weighed (its ``references`` JSON list).

    Only when the verdicts carry no ``references`` column is the primary ``reference_value``
    used. Near misses (``hints``: other periods, units, the claim's own origin) are not drawn.
    """
    found: list[dict[str, object]] = []
    raw = row.get("references")
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        value = _number(row.get("reference_value"))
        if not math.isnan(value):
            found.append(
                {
                    "value": value,
                    "perspective": str(row.get("reference_perspective", "")),
                    "source": str(row.get("reference_source", "")),
                    "figure_id": str(row.get("reference_figure_id", "")),
                }
            )
        return found
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except ValueError:
            raw = []
    for item in raw if isinstance(raw, (list, tuple)) else []:
        if not isinstance(item, dict):
            continue
        value = _number(
            item.get("quantity") if item.get("quantity") is not None else item.get("value")
        )
        if not math.isnan(value):
            found.append(
                {
                    "value": value,
                    "perspective": str(item.get("perspective", "")),
                    "source": str(item.get("source", "")),
                    "figure_id": str(item.get("figure_id", "")),
                }
            )
    return found


def _label(row: pd.Series) -> str:
    text = str(row.get("claim_id", ""))
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _fit_height(ax, rows: int) -> None:
    """Grow a figure that holds only this chart so that each claim gets a readable row."""
    figure = ax.figure
    if len(figure.axes) != 1 or not hasattr(figure, "set_figheight"):
        return
    wanted = ROWS_MARGIN_IN + ROW_HEIGHT_IN * (rows + LEGEND_ROWS)
    if figure.get_figheight() < wanted:
        figure.set_figheight(wanted)


def _clip(percent: float) -> tuple[float, bool]:
    low, high = X_RANGE
    if percent > high:
        return high, True
    if percent < low:
        return low, True
    return percent, False


def data(
    figures: pd.DataFrame,
    *,
    document: str = DEFAULT_DOCUMENT,
    verdicts: pd.DataFrame | None = None,
) -> ChartData:
    """Select each claim of a document with its reference figures and tolerance band.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (the source note names the reference figures' sources).
    document : str, default "neo-2021-07-20"
        The id of the document whose claims are drawn.
    verdicts : pandas.DataFrame, optional
        The verdicts of ``tradeviz check`` (:func:`tradeviz.checks.load_verdicts`); without
        them the chart says "run `tradeviz check`".

    Returns
    -------
    ChartData
        ``marks``: one row per claim (claim_id, verdict, detail, stated, the band's bounds in
        percent of the stated value, ``references``: the reference values drawn).
    """
    title = f"Claims of {document} against the data"
    if verdicts is not None and "document" in verdicts.columns:
        verdicts = where(verdicts, document=document)
    if verdicts is None or verdicts.empty:
        message = (
            NO_VERDICTS
            if verdicts is None
            else f"No claims of document {document!r} among the verdicts."
        )
        notes, links = base.note_lines(figures.iloc[0:0], extra=[NO_VERDICTS])
        return ChartData(
            name=NAME,
            title=title,
            marks=pd.DataFrame(),
            table=pd.DataFrame(),
            notes=notes,
            links=links,
            context={"empty": message},
        )
    marks, table_rows, used_ids = [], [], []
    for row in verdicts.reset_index(drop=True).to_dict("records"):
        stated = _number(row.get("stated_quantity", row.get("stated_value")))
        references = _references(pd.Series(row))
        low, high = _number(row.get("tolerance_low")), _number(row.get("tolerance_high"))
        marks.append(
            {
                "claim_id": str(row.get("claim_id", "")),
                "label": _label(pd.Series(row)),
                "verdict": str(row.get("verdict", "")),
                "detail": str(row.get("detail", "")),
                "unit": row.get("unit", ""),
                "stated": stated,
                "band_low": X_RANGE[0]
                if math.isnan(low)
                else _clip(100 * low / stated)[0]
                if _numeric(stated)
                else math.nan,
                "band_high": X_RANGE[1]
                if math.isnan(high)
                else _clip(100 * high / stated)[0]
                if _numeric(stated)
                else math.nan,
                "references": references,
            }
        )
        used_ids += [r["figure_id"] for r in references if _numeric(stated) and r["figure_id"]]
        table_rows.append(
            {
                "claim": str(row.get("claim_id", "")),
                "excerpt": str(row.get("excerpt", "")),
                "stated": "" if math.isnan(stated) else f"{stated:,.6g} {row.get('unit', '')}",
                "reference": "; ".join(
                    f"{r['value']:,.6g} ({r['perspective']}, {r['source']})" for r in references
                ),
                "tolerance": str(row.get("tolerance", "")),
                "verdict": str(row.get("verdict", "")),
                "detail": str(row.get("detail", "")),
                "explanation": str(row.get("explanation", "")),
            }
        )
    rows_drawn = where(figures, figure_id=tuple(used_ids)) if len(figures) else figures
    extra = [
        "Bands: each claim's tolerance (half a unit of its last printed digit, widened by its "
        "qualifier: about, more than, nearly); markers: reference figures (shape = whose "
        "figure); arrows: beyond the axis. Verdicts by `tradeviz check`.",
    ]
    notes, links = base.note_lines(rows_drawn, extra=extra)
    return ChartData(
        name=NAME,
        title=title,
        subtitle=f"Each claim of {document}: the official figures as % of the stated value, "
        "with the claim's tolerance",
        source=titles.source_line(by_preference(rows_drawn[schema.SOURCE]))
        if len(rows_drawn)
        else "",
        marks=pd.DataFrame(marks),
        table=pd.DataFrame(table_rows),
        notes=notes,
        provenance=base.provenance(rows_drawn),
        links=links,
        figure_ids=list(dict.fromkeys(used_ids)),
        context={"empty": ""},
    )


def _numeric(stated: float) -> bool:
    return not math.isnan(stated) and stated != 0


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw each claim of :func:`data` as its tolerance band with its references as markers."""
    if data.context["empty"]:
        base.empty_message(ax, data.context["empty"])
        return
    marks = data.marks
    for position, row in enumerate(marks.to_dict("records")):
        colour = style.VERDICT_COLOURS.get(row["verdict"], style.MUTED)
        stated = row["stated"]
        numeric = _numeric(stated)
        if numeric:
            ax.barh(
                position,
                row["band_high"] - row["band_low"],
                left=row["band_low"],
                height=0.6,
                color=colour,
                alpha=BAND_ALPHA,
                linewidth=0,
            )
            ax.plot(
                [STATED], [position], marker="|", markersize=11, color=style.INK, linestyle="none"
            )
        drawn_any = False
        for reference in row["references"] if numeric else []:
            percent, clipped = _clip(100 * reference["value"] / stated)
            marker = (
                ">"
                if clipped and percent >= X_RANGE[1]
                else ("<" if clipped else PERSPECTIVE_MARKERS.get(reference["perspective"], "o"))
            )
            (dot,) = ax.plot(
                [percent],
                [position],
                marker=marker,
                markersize=6.5,
                linestyle="none",
                color=colour,
                markeredgecolor="white",
                markeredgewidth=0.6,
            )
            base.hover(
                ax,
                dot,
                f"{row['claim_id']}: reference {reference['value']:,.6g} "
                f"{row['unit']} ({reference['perspective']}, "
                f"{reference['source']}) against stated {stated:,.6g} — "
                f"{100 * reference['value'] / stated:.1f} % of it; {row['verdict']}",
            )
            drawn_any = True
        if not drawn_any:
            ax.annotate(
                f"{row['verdict']}: {row['detail'].replace('_', ' ')}",
                xy=(STATED, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=style.NOTE_FONT_SIZE,
                color=colour,
            )
    _fit_height(ax, len(marks))
    ax.set_yticks(range(len(marks)), list(marks["label"]))
    for tick, verdict in zip(ax.get_yticklabels(), marks["verdict"], strict=True):
        tick.set_color(style.VERDICT_COLOURS.get(verdict, style.INK))
    ax.set_ylim(len(marks) - 0.5 + LEGEND_ROWS, -0.7)  # rows top down, room for the legend
    ax.tick_params(axis="y", length=0, labelsize=style.NOTE_FONT_SIZE + 0.5)
    ax.set_xlim(*X_RANGE)
    ax.axvline(STATED, color=style.MUTED, linewidth=0.8, zorder=0)
    ax.xaxis.set_major_formatter(style.pct_formatter())
    ax.set_xlabel("reference figure as % of the stated value (100 % = as claimed)")
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=name) for name, colour in style.VERDICT_COLOURS.items()]
    handles += [
        Line2D(
            [],
            [],
            marker=marker,
            linestyle="none",
            color=style.MUTED,
            label="unattributed"
            if who == UNATTRIBUTED
            else f"{possessive(country_name(who))} figure",
        )
        for who, marker in PERSPECTIVE_MARKERS.items()
    ]
    ax.legend(handles=handles, loc="lower right", ncols=2, fontsize=style.NOTE_FONT_SIZE)
