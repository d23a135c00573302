"""Chart 6: a document's claims against the reference figures, coloured by verdict.

One row per claim. The horizontal axis is the reference as a percentage of the stated value
(100 % = the claim exactly), so claims about dollars, shares, containers and people share one
scale; the shaded band is the claim's tolerance (from its printed precision and its qualifier),
and each reference figure is a marker whose shape says whose figure it is. Claims without a
numeric reference are listed with their verdict. The verdicts come from ``tradeviz check``;
until it has run, the chart says so.
"""

from __future__ import annotations

import json
import math

import pandas as pd

from tradeviz.charts import base, checks_data, style
from tradeviz.charts.info import ChartInfo

DEFAULT_DOCUMENT = "neo-2021-07-20"
STATED = 100.0
#: The horizontal axis spans this range (percent of the stated value); beyond it, an arrow.
X_RANGE = (0.0, 250.0)
PERSPECTIVE_MARKERS = {"KAZ": "o", "CHN": "D", "unattributed": "s"}
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


@base.chart("claims")
def draw_claims(
    ax,
    figures: pd.DataFrame,
    *,
    document: str = DEFAULT_DOCUMENT,
    verdicts: pd.DataFrame | None = None,
) -> ChartInfo:
    """Draw each claim of a document against its reference figures and tolerance band.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    figures : pandas.DataFrame
        The tidy figures table (the source note names the reference figures' sources).
    document : str, default "neo-2021-07-20"
        The document whose claims are drawn.
    verdicts : pandas.DataFrame, optional
        The verdicts (default: those written by ``tradeviz check``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    chart_info = ChartInfo(name="claims", title=f"Claims of {document} against the data")
    if verdicts is None:
        verdicts = checks_data.load_verdicts(document)
    elif "document" in verdicts.columns:
        verdicts = verdicts[verdicts["document"].astype(str) == document]
    if verdicts is None or verdicts.empty:
        base.empty_message(
            ax,
            checks_data.NO_VERDICTS
            if verdicts is None
            else f"No claims of document {document!r} among the verdicts.",
        )
        chart_info.notes, chart_info.links = base.note_lines(
            figures.iloc[0:0], extra=[checks_data.NO_VERDICTS]
        )
        return chart_info
    labels, table_rows, used_ids = [], [], []
    for position, (_, row) in enumerate(verdicts.reset_index(drop=True).iterrows()):
        verdict = str(row.get("verdict", ""))
        colour = style.VERDICT_COLOURS.get(verdict, style.MUTED)
        stated = _number(row.get("stated_quantity", row.get("stated_value")))
        references = _references(row)
        labels.append(_label(row))
        numeric = not math.isnan(stated) and stated != 0
        if numeric:
            low = _number(row.get("tolerance_low"))
            high = _number(row.get("tolerance_high"))
            left = X_RANGE[0] if math.isnan(low) else _clip(100 * low / stated)[0]
            right = X_RANGE[1] if math.isnan(high) else _clip(100 * high / stated)[0]
            ax.barh(
                position,
                right - left,
                left=left,
                height=0.6,
                color=colour,
                alpha=BAND_ALPHA,
                linewidth=0,
            )
            ax.plot(
                [STATED], [position], marker="|", markersize=11, color=style.INK, linestyle="none"
            )
        drawn_any = False
        for reference in references:
            if not numeric:
                break
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
            chart_info.hover(
                dot,
                f"{row.get('claim_id')}: reference {reference['value']:,.6g} "
                f"{row.get('unit', '')} ({reference['perspective']}, "
                f"{reference['source']}) against stated {stated:,.6g} — "
                f"{100 * reference['value'] / stated:.1f} % of it; {verdict}",
            )
            drawn_any = True
            if reference["figure_id"]:
                used_ids.append(reference["figure_id"])
        detail = str(row.get("detail", ""))
        if not drawn_any:
            ax.annotate(
                f"{verdict}: {detail.replace('_', ' ')}",
                xy=(STATED, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=style.NOTE_FONT_SIZE,
                color=colour,
            )
        table_rows.append(
            {
                "claim": str(row.get("claim_id", "")),
                "excerpt": str(row.get("excerpt", "")),
                "stated": "" if math.isnan(stated) else f"{stated:,.6g} {row.get('unit', '')}",
                "reference": "; ".join(
                    f"{r['value']:,.6g} ({r['perspective']}, {r['source']})" for r in references
                ),
                "tolerance": str(row.get("tolerance", "")),
                "verdict": verdict,
                "detail": detail,
                "explanation": str(row.get("explanation", "")),
            }
        )
    _fit_height(ax, len(labels))
    ax.set_yticks(range(len(labels)), labels)
    for tick, row in zip(ax.get_yticklabels(), verdicts.itertuples(index=False), strict=True):
        tick.set_color(style.VERDICT_COLOURS.get(str(getattr(row, "verdict", "")), style.INK))
    ax.set_ylim(len(labels) - 0.5 + LEGEND_ROWS, -0.7)  # rows top down, room for the legend
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
            label={
                "KAZ": "Kazakhstan's figure",
                "CHN": "China's figure",
                "unattributed": "unattributed",
            }[who],
        )
        for who, marker in PERSPECTIVE_MARKERS.items()
    ]
    ax.legend(handles=handles, loc="lower right", ncols=2, fontsize=style.NOTE_FONT_SIZE)
    rows_drawn = figures[figures["figure_id"].isin(used_ids)] if len(figures) else figures
    extra = [
        "Bands: each claim's tolerance (half a unit of its last printed digit, widened by its "
        "qualifier: about, more than, nearly); markers: reference figures (shape = whose "
        "figure); arrows: beyond the axis. Verdicts by `tradeviz check`.",
    ]
    chart_info.notes, chart_info.links = base.note_lines(rows_drawn, extra=extra)
    chart_info.table = pd.DataFrame(table_rows)
    chart_info.figure_ids = list(dict.fromkeys(used_ids))
    return chart_info
