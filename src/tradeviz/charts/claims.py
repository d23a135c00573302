"""Chart 6: a document's checked claims, stated against official, each in its own unit.

One row per checked claim, labelled by its subject. Each row has its own scale, from zero to a
round number above its largest value, in the claim's unit (percent, US$, persons…), written at
the row's ends: a hollow dot is the stated value, filled dots the official figures the verdict
weighed (shape = whose figure), the shaded bar the claim's tolerance (from its printed precision
and its qualifier), colour = verdict. Ranks are drawn on a scale of places (1st, 2nd…), dates
are written out. Claims that could not be checked are listed with their reason on the page.
The verdicts come from ``tradeviz check``; until it has run (its caller passes no verdicts),
the chart says so.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from tradeviz import schema
from tradeviz.charts import base, claim_rows, style
from tradeviz.charts.base import ChartData
from tradeviz.query import by_preference, where
from tradeviz.schema import UNATTRIBUTED
from tradeviz.text import country_name, possessive, titles

NAME = "claims"
DESCRIPTION = "A document's claims: stated against official, each in its own unit, with verdicts"
NO_VERDICTS = "No verdicts yet: run `tradeviz check`."
DEFAULT_DOCUMENT = "neo-2021-07-20"
PERSPECTIVE_MARKERS = {"KAZ": "o", "CHN": "D", UNATTRIBUTED: "s"}
#: A claim's text is written on lines of at most this width.
LABEL_LINE_CHARS = 34
#: Verdicts drawn as rows; the others are listed with their reason.
CHECKED_VERDICTS = ("consistent", "inconsistent")
BAND_ALPHA = 0.25
#: The horizontal axis runs over each row's scale (0 to 1), with room for the end labels.
X_LIMITS = (-0.02, 1.25)
#: A row's scale starts at zero, written without its unit (the other end gives the unit).
SCALE_START_LABEL = {claim_rows.KIND_RANK: "1st"}
#: Empty rows kept under the last claim for the legend (a fixed place is cheap to draw;
#: matplotlib's "best" placement is searched again on every save).
LEGEND_ROWS = 2.2
#: Height per claim and for the title, axis and note (inches), for a figure of this chart alone.
ROW_HEIGHT_IN = 0.62
ROWS_MARGIN_IN = 2.4
#: Where a row's value labels sit: the stated value above its dot, official figures below.
VALUE_LABEL_OFFSET_POINTS = 6.0
STATED_MARKER_SIZE = 8.0
#: Room between the claim texts and the rows, for the scales' start labels (points).
TICK_PAD_POINTS = 22
OFFICIAL_MARKER_SIZE = 6.5


def _fit_height(ax, rows: int) -> None:
    """Grow a figure that holds only this chart so that each claim gets a readable row."""
    figure = ax.figure
    if len(figure.axes) != 1 or not hasattr(figure, "set_figheight"):
        return
    wanted = ROWS_MARGIN_IN + ROW_HEIGHT_IN * (rows + LEGEND_ROWS)
    if figure.get_figheight() < wanted:
        figure.set_figheight(wanted)


def data(
    figures: pd.DataFrame,
    *,
    document: str = DEFAULT_DOCUMENT,
    verdicts: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
) -> ChartData:
    """Select each checked claim of a document: stated and official values in its unit.

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
        ``marks``: one row per checked claim (claim_id, claim, kind, unit, stated, official
        (the first official figure) and ``official_values`` (all), tolerance_low/high, the
        row's scale_low/high, verdict, detail, references). ``table``: every claim of the
        document with stated, official, unit and tolerance, the unchecked ones with their
        reason.
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
        label = claim_rows.label(pd.Series(row), subjects)
        claim = claim_rows.claim_row(row, label)
        checked = claim["verdict"] in CHECKED_VERDICTS
        table_rows.append(
            {
                "claim": label,
                "excerpt": str(row.get("excerpt", "")),
                "unit": claim["unit"],
                "stated": claim["stated"],
                "official": claim["official"],
                "tolerance_low": claim["tolerance_low"],
                "tolerance_high": claim["tolerance_high"],
                "stated_as": claim["stated_text"],
                "official_as": claim["official_text"],
                "tolerance": str(row.get("tolerance", "")),
                "verdict": claim["verdict"],
                "detail": claim["detail"],
                "explanation": str(row.get("explanation", "")),
                "claim_id": claim["claim_id"],
            }
        )
        if not checked:
            unchecked.append(f"{label} ({claim['detail'].replace('_', ' ')})")
            continue
        marks.append(claim)
        used_ids += [r["figure_id"] for r in claim["references"] if r["figure_id"]]
    rows_drawn = where(figures, figure_id=tuple(used_ids)) if len(figures) else figures
    extra = [
        "Each row on its own scale, in the claim's unit: hollow dot = the value stated; filled "
        "dots = the official figures the verdict weighed (shape = whose figure); bar = the "
        "claim's tolerance (half a unit of its last printed digit, widened by its qualifier: "
        "about, more than, nearly). Verdicts by `tradeviz check`.",
    ]
    if unchecked:
        extra.append(
            f"Could not be checked ({len(unchecked)}), with the reason: "
            + "; ".join(unchecked)
            + "."
        )
    notes, links = base.note_lines(rows_drawn, extra=extra)
    held = sum(1 for m in marks if m["verdict"] == "consistent")
    return ChartData(
        name=NAME,
        title=titles.claims_title(document, held, len(marks) - held) if marks else title,
        subtitle=titles.claims_subtitle(document, len(unchecked)),
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
        context={"empty": "" if marks else NONE_CHECKED.format(count=len(unchecked))},
    )


def _position(value: float, row: dict) -> float:
    """Return where a value sits on its row's scale (0 = the scale's start, 1 = its end)."""
    return (value - row["scale_low"]) / (row["scale_high"] - row["scale_low"])


def _value_label(ax, x: float, y: float, text: str, colour: str, *, above: bool) -> None:
    ax.annotate(
        text,
        xy=(x, y),
        xytext=(0, VALUE_LABEL_OFFSET_POINTS if above else -VALUE_LABEL_OFFSET_POINTS),
        textcoords="offset points",
        ha="center",
        va="bottom" if above else "top",
        fontsize=style.NOTE_FONT_SIZE,
        color=colour,
        annotation_clip=False,
    )


def _draw_scale(ax, row: dict, position: int) -> None:
    """Draw a row's own scale: a thin line from its start to its end, the ends labelled."""
    ax.plot([0, 1], [position, position], color=style.GRID, linewidth=1.2, zorder=0)
    ends = (
        (0, row["scale_low"], "right", SCALE_START_LABEL.get(row["kind"], "0")),
        (1, row["scale_high"], "left", ""),
    )
    for x, value, align, text in ends:
        ax.annotate(
            text or claim_rows.value_text(value, row["unit"]),
            xy=(x, position),
            xytext=(-4 if align == "right" else 4, 0),
            textcoords="offset points",
            ha=align,
            va="center",
            fontsize=style.NOTE_FONT_SIZE,
            color=style.MUTED,
            annotation_clip=False,
        )


def _draw_row(ax, row: dict, position: int) -> None:
    """Draw one claim: tolerance bar, stated (hollow) and official (filled) dots, labelled."""
    colour = style.VERDICT_COLOURS.get(row["verdict"], style.MUTED)
    if row["kind"] == claim_rows.KIND_TEXT:
        ax.annotate(
            f"stated {row['stated_text']}; official {row['official_text']}",
            xy=(0, position),
            va="center",
            fontsize=style.LABEL_FONT_SIZE,
            color=colour,
        )
        return
    _draw_scale(ax, row, position)
    low, high = row["tolerance_low"], row["tolerance_high"]
    if row["kind"] == claim_rows.KIND_SCALE and not (math.isnan(low) or math.isnan(high)):
        start, end = (min(max(_position(v, row), 0.0), 1.0) for v in (low, high))
        ax.barh(position, end - start, left=start, height=0.34, color=colour, alpha=BAND_ALPHA)
    stated = row["stated"]
    if not math.isnan(stated):
        (dot,) = ax.plot(
            [_position(stated, row)],
            [position],
            marker="o",
            markersize=STATED_MARKER_SIZE,
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor=style.INK,
            markeredgewidth=1.4,
            zorder=4,
        )
        base.hover(ax, dot, f"{row['claim']}: stated {row['stated_text']}")
        _value_label(
            ax,
            _position(stated, row),
            position,
            f"stated {row['stated_text']}",
            style.INK,
            above=True,
        )
    drawn = []
    for reference in row["references"]:
        value = reference["value"]
        if math.isnan(value):
            continue
        (dot,) = ax.plot(
            [_position(value, row)],
            [position],
            marker=PERSPECTIVE_MARKERS.get(reference["perspective"], "o"),
            markersize=OFFICIAL_MARKER_SIZE,
            linestyle="none",
            color=colour,
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=5,
        )
        base.hover(
            ax,
            dot,
            f"{row['claim_id']}: official {claim_rows.value_text(value, row['unit'])} "
            f"({reference['perspective']}, {reference['source']}) against stated "
            f"{row['stated_text']}; {row['verdict']}",
        )
        drawn.append(_position(value, row))
    if drawn:
        _value_label(
            ax,
            sum(drawn) / len(drawn),
            position,
            claim_rows.official_label(row["official_values"], row["unit"]),
            colour,
            above=False,
        )


#: What the chart says when none of a document's claims could be checked against the figures.
NONE_CHECKED = (
    "None of the document's {count} claims could be checked against the figures: "
    "the reasons are listed below the chart."
)


@base.drawing
def draw(ax, data: ChartData) -> None:
    """Draw each claim of :func:`data` on its own scale: stated, official, tolerance."""
    if data.context["empty"]:
        base.empty_message(ax, data.context["empty"])
        return
    marks = data.marks
    for position, row in enumerate(marks.to_dict("records")):
        _draw_row(ax, row, position)
    _fit_height(ax, len(marks))
    ax.set_yticks(
        range(len(marks)), [textwrap.fill(text, LABEL_LINE_CHARS) for text in marks["claim"]]
    )
    for tick, verdict in zip(ax.get_yticklabels(), marks["verdict"], strict=True):
        tick.set_color(style.VERDICT_COLOURS.get(verdict, style.INK))
    ax.set_ylim(len(marks) - 0.5 + LEGEND_ROWS, -0.7)  # rows top down, room for the legend
    ax.tick_params(axis="y", length=0, labelsize=style.NOTE_FONT_SIZE + 0.5, pad=TICK_PAD_POINTS)
    ax.set_xlim(*X_LIMITS)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    _legend(ax)


def _legend(ax) -> None:
    """Draw the legend: verdict colours, the stated dot and whose figure each shape is."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color=colour, label=name)
        for name, colour in style.VERDICT_COLOURS.items()
        if name in CHECKED_VERDICTS
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor=style.INK,
            label="stated",
        )
    )
    handles += [
        Line2D(
            [],
            [],
            marker=marker,
            linestyle="none",
            color=style.MUTED,
            label="official, unattributed"
            if who == UNATTRIBUTED
            else f"official, {possessive(country_name(who))} figure",
        )
        for who, marker in PERSPECTIVE_MARKERS.items()
    ]
    ax.legend(handles=handles, loc="lower left", ncols=2, fontsize=style.NOTE_FONT_SIZE)
