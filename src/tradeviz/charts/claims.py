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
from tradeviz.text import count_phrase, country_name, ordinal, possessive, titles
from tradeviz.vocabulary import PERCENT_SCALE, UNIT_RANK

NAME = "claims"
DESCRIPTION = "A document's claims against the reference figures, tolerance bands, verdicts"
NO_VERDICTS = "No verdicts yet: run `tradeviz check`."
DEFAULT_DOCUMENT = "neo-2021-07-20"
STATED = PERCENT_SCALE
#: The horizontal axis spans this range (percent of the stated value); beyond it, an arrow.
X_RANGE = (0.0, 250.0)
PERSPECTIVE_MARKERS = {"KAZ": "o", "CHN": "D", UNATTRIBUTED: "s"}
MAX_LABEL = 40
#: Verdicts drawn as rows; the others are listed with their reason.
CHECKED_VERDICTS = ("consistent", "inconsistent")
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


def _label(row: pd.Series, subjects: dict[str, str] | None = None) -> str:
    """Return a claim's readable label: its subject, else its excerpt, else its id (shortened)."""
    claim_id = str(row.get("claim_id", ""))
    excerpt = row.get("excerpt")
    text = (subjects or {}).get(claim_id) or (
        str(excerpt) if isinstance(excerpt, str) and excerpt.strip() else claim_id
    )
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _is_rank(row: dict) -> bool:
    """Return whether a claim states a rank (drawn as ranks, not on the % axis)."""
    return str(row.get("unit", "")) == UNIT_RANK


def _rank_text(row: dict, references: list[dict[str, object]]) -> str:
    stated = _number(row.get("stated_quantity", row.get("stated_value")))
    said = ordinal(int(stated)) if not math.isnan(stated) else "?"
    found = ", ".join(
        dict.fromkeys(
            f"{ordinal(int(r['value']))} by {possessive(country_name(str(r['perspective'])))} "
            "figures"
            if r["perspective"] and r["perspective"] != UNATTRIBUTED
            else ordinal(int(r["value"]))
            for r in references
        )
    )
    return f"stated {said}; official {found or 'not found'}"


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
    claims: pd.DataFrame | None = None,
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
    claims : pandas.DataFrame, optional
        The document's claims (:func:`tradeviz.checks.load_claims`): their subjects label the
        rows (else the excerpt).

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
    subjects: dict[str, str] = {}
    if claims is not None and "subject" in claims.columns:
        subjects = {
            str(k): str(v)
            for k, v in zip(claims["claim_id"], claims["subject"], strict=True)
            if isinstance(v, str) and v.strip()
        }
    marks, table_rows, used_ids, unchecked = [], [], [], []
    for row in verdicts.reset_index(drop=True).to_dict("records"):
        label = _label(pd.Series(row), subjects)
        checked = str(row.get("verdict", "")) in CHECKED_VERDICTS
        if not checked:
            unchecked.append(f"{label} ({str(row.get('detail', '')).replace('_', ' ')})")
        stated = _number(row.get("stated_quantity", row.get("stated_value")))
        references = _references(pd.Series(row))
        low, high = _number(row.get("tolerance_low")), _number(row.get("tolerance_high"))
        rank = _is_rank(row)
        table_rows.append(
            {
                "claim": label,
                "excerpt": str(row.get("excerpt", "")),
                "stated": "" if math.isnan(stated) else f"{stated:,.6g} {row.get('unit', '')}",
                "reference": "; ".join(
                    f"{r['value']:,.6g} ({r['perspective']}, {r['source']})" for r in references
                ),
                "tolerance": str(row.get("tolerance", "")),
                "verdict": str(row.get("verdict", "")),
                "detail": str(row.get("detail", "")),
                "explanation": str(row.get("explanation", "")),
                "claim_id": str(row.get("claim_id", "")),
            }
        )
        if not checked:
            continue
        marks.append(
            {
                "claim_id": str(row.get("claim_id", "")),
                "label": label,
                "rank": rank,
                "rank_text": _rank_text(row, references) if rank else "",
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
    rows_drawn = where(figures, figure_id=tuple(used_ids)) if len(figures) else figures
    extra = [
        "Bands: each claim's tolerance (half a unit of its last printed digit, widened by its "
        "qualifier: about, more than, nearly); markers: reference figures (shape = whose "
        "figure); arrows: beyond the axis. Verdicts by `tradeviz check`.",
    ]
    if unchecked:
        extra.append(
            f"Could not be checked ({len(unchecked)}), with the reason: "
            + "; ".join(unchecked)
            + "."
        )
    notes, links = base.note_lines(rows_drawn, extra=extra)
    held = sum(1 for m in marks if m["verdict"] == "consistent")
    off = len(marks) - held
    return ChartData(
        name=NAME,
        title=f"{document}: {count_phrase(off, 'checked claim')} off the official figures, "
        f"{held} borne out"
        if marks
        else title,
        subtitle=f"Checked claims of {document}: the official figures as % of the stated value, "
        "with the claim's tolerance (ranks as ranks)"
        + (
            f"; {count_phrase(len(unchecked), 'claim')} could not be checked (listed with the "
            "reason on the chart's page)"
            if unchecked
            else ""
        ),
        # the sources of the official figures weighed (named by each verdict's references)
        source=titles.source_line(
            by_preference(
                [*rows_drawn[schema.SOURCE], *(r["source"] for m in marks for r in m["references"])]
            )
        ),
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
        if row["rank"]:
            ax.annotate(
                row["rank_text"],
                xy=(X_RANGE[0], position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=style.LABEL_FONT_SIZE,
                color=colour,
            )
            continue
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
    ax.set_xlabel("official figure as % of the stated value (100 % = as stated)")
    ax.grid(False)
    ax.grid(True, axis="x", color=style.GRID, linewidth=0.6)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=colour, label=name)
        for name, colour in style.VERDICT_COLOURS.items()
        if name in CHECKED_VERDICTS
    ]
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
