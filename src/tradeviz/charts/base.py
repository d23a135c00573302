"""What every chart shares: its data (:class:`ChartData`), the house style and the source note.

A chart module has two functions:

``data(figures, *, option=default, ...) -> ChartData``
    selects through the query layer (:mod:`tradeviz.query`) and returns the tidy data it will
    draw (one row per mark, with figure ids and provenance), the table readers see, the title
    and the source note. It takes the checks' tables it needs (``flags``, ``claims``,
    ``verdicts``, ``integrity``) from its caller and never reads them itself.
``draw(ax, data) -> Axes``
    draws that data in the house style: marks, hover texts, title, source note. It selects
    nothing and reads no file; it is wrapped by :func:`drawing`.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tradeviz.charts import info as info_module
from tradeviz.charts import notes as notes_module
from tradeviz.charts import style
from tradeviz.charts.info import ChartInfo

SOURCE_NOTE_GID = "source-note"
TITLE_GID = "chart-title"
SUBTITLE_GID = "chart-subtitle"
#: Share of the figure width the title and subtitle may take.
HEADING_WIDTH_SHARE = 0.9
#: Approximate width of a bold character, as a fraction of its font size.
BOLD_CHAR_WIDTH = 0.66
#: Line height of multi-line text, as a multiple of its font size.
LINE_SPACING = 1.2
#: The line the image carries when some data drawn are flagged incomplete (the page names them).
FLAGGED_IMAGE_NOTE = "Hatched or hollow: incomplete data (see the chart's page)."
#: Approximate width of one character of the note, as a fraction of its font size.
NOTE_CHAR_WIDTH = 0.6
#: Share of the figure width the note may take.
NOTE_WIDTH_SHARE = 0.92
POINTS_PER_INCH = 72.0
NOTE_GAP_POINTS = 6.0
#: Distance of the note from the figure's left edge (points), as the layout's own padding.
NOTE_LEFT_POINTS = 7.0
MIN_NOTE_CHARS = 40
#: The note line of a chart drawn before ``tradeviz check`` has computed the flags.
NO_FLAGS_NOTE = "Completeness flags not computed yet: run `tradeviz check` to mark incomplete data."


@dataclass
class ChartData:
    """What one chart draws, selected and ready: no figure is picked after this.

    Attributes
    ----------
    name : str
        The chart's registry name.
    title : str
        The chart's title: the finding, in words built from the numbers drawn
        (:mod:`tradeviz.text.titles`).
    marks : pandas.DataFrame
        The tidy data drawn: one row per mark, with ``figure_id`` (and source, perspective,
        vintage where the mark is a figure) and the numbers drawn.
    table : pandas.DataFrame
        The same marks as readers see them (the data table of the HTML page).
    notes : list of str
        The full source note: producers, files, vintages, statements, caveats. It goes into the
        HTML page and the data download, not into the image.
    links : list of tuple of (str, str)
        ``(label, url)`` of the sources' own pages.
    figure_ids : list of str
        The ids of the figures drawn.
    flagged : list of str
        Names of data drawn that were flagged ``incomplete_vintage``.
    context : dict
        The words and options the drawing needs (who is the reporter, which flows, axis labels).
    subtitle : str
        What is measured, in which unit, by whose statistics, over which period.
    source : str
        The one-line source drawn in the image (``"Source: Kazakhstan's Bureau of National
        Statistics; UN Comtrade via WITS"``).
    provenance : pandas.DataFrame
        One row per figure drawn: source, producer, file, vintage, statement, URL, licence
        (:func:`tradeviz.charts.notes.provenance_table`); joined to the data download.
    """

    name: str
    title: str
    marks: pd.DataFrame
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    figure_ids: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    subtitle: str = ""
    source: str = ""
    provenance: pd.DataFrame = field(default_factory=pd.DataFrame)


def drawing(draw: Callable[..., None]) -> Callable[..., Any]:
    """Turn ``draw(ax, data)`` (marks only) into a chart's public draw function.

    The wrapper applies the house style, keeps a :class:`ChartInfo` with the axes (for the hover
    texts and the export), draws the title, the subtitle and the one-line source (the full note
    stays in the :class:`ChartInfo`, for the page and the data download), and returns the axes.
    It does no selection and no I/O.
    """

    @functools.wraps(draw)
    def wrapper(ax, data: ChartData):
        with style.house_style():
            style.style_axes(ax)
            chart_info = ChartInfo(
                name=data.name,
                title=data.title,
                table=data.table,
                notes=list(data.notes),
                links=list(data.links),
                figure_ids=list(data.figure_ids),
                flagged=list(data.flagged),
                subtitle=data.subtitle,
                source=data.source,
                provenance=data.provenance,
            )
            info_module.attach(ax, chart_info)
            draw(ax, data)
            draw_headings(ax, data.title, data.subtitle)
            draw_source_note(ax, image_note_lines(data))
        return ax

    return wrapper


def image_note_lines(data: ChartData) -> list[str]:
    """Return what the image says under the chart: the one-line source, and incomplete data.

    Only what applies to the marks drawn: the flagged data when some are drawn, else nothing
    but the source (the full note is on the chart's page).
    """
    lines = [data.source or "Source: see the chart's page."]
    if data.flagged:
        lines.append(FLAGGED_IMAGE_NOTE)
    return lines


def _wrap(text: str, ax, font_size: float, char_width: float = NOTE_CHAR_WIDTH) -> str:
    """Wrap ``text`` to the width the chart's headings may take."""
    width_in = HEADING_WIDTH_SHARE * ax.figure.get_figwidth()
    if len(ax.figure.axes) > 1:
        width_in = ax.get_position().width * ax.figure.get_figwidth()
    chars = max(MIN_NOTE_CHARS, int(width_in * POINTS_PER_INCH / (font_size * char_width)))
    return textwrap.fill(text, width=chars)


def draw_headings(ax, title: str, subtitle: str) -> None:
    """Draw the title (the finding, bold) and under it the subtitle (what is measured, muted).

    In a figure holding this chart alone both start at the figure's left edge, as the source
    line does (long tick labels cannot push them off the page); in a figure of several charts
    they start at the axes' left edge. Both are wrapped to that width and, being texts of the
    axes, kept in the figure by constrained layout.
    """
    alone = len(ax.figure.axes) == 1
    xycoords = ("figure fraction" if alone else "axes fraction", "axes fraction")
    left = NOTE_LEFT_POINTS if alone else 0
    lifted = style.SUBTITLE_GAP_POINTS
    for text, size, weight, colour, gid, char_width in (
        (subtitle, style.SUBTITLE_FONT_SIZE, "normal", style.MUTED, SUBTITLE_GID, NOTE_CHAR_WIDTH),
        (title, style.TITLE_FONT_SIZE, "bold", style.INK, TITLE_GID, BOLD_CHAR_WIDTH),
    ):
        if not text:
            continue
        wrapped = _wrap(text, ax, size, char_width)
        ax.annotate(
            wrapped,
            xy=(0, 1),
            xycoords=xycoords,
            xytext=(left, lifted),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=size,
            fontweight=weight,
            color=colour,
            annotation_clip=False,
            gid=gid,
        )
        lifted += (wrapped.count("\n") + 1) * size * LINE_SPACING + style.SUBTITLE_GAP_POINTS


def hover(ax, artist, text: str) -> None:
    """Give a mark drawn on ``ax`` the text shown when hovering it (see :class:`ChartInfo`)."""
    info_module.get(ax).hover(artist, text)


def hover_points(ax, line, texts: list[str]) -> None:
    """Give each marker of ``line`` on ``ax`` its own hover text, in data order."""
    info_module.get(ax).hover_points(line, texts)


def draw_source_note(ax, lines: Iterable[str]) -> None:
    """Write the source note under the axes (below the tick labels), wrapped to fit.

    In a figure holding this chart alone, the note starts at the figure's left edge and is
    wrapped to the figure's width (long tick labels then cannot push it off the page); in a
    figure of several charts it starts at the axes' left edge and is wrapped to the axes' width.
    Lines are wrapped once here: wrapping at draw time costs several text measurements per word
    on every save.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart's axes.
    lines : iterable of str
        Note lines; each is wrapped separately.
    """
    figure_width_in = ax.figure.get_figwidth()
    alone = len(ax.figure.axes) == 1
    width_in = figure_width_in if alone else ax.get_position().width * figure_width_in
    chars = max(
        MIN_NOTE_CHARS,
        int(
            NOTE_WIDTH_SHARE * width_in * POINTS_PER_INCH / (style.NOTE_FONT_SIZE * NOTE_CHAR_WIDTH)
        ),
    )
    wrapped = [textwrap.fill(line, width=chars) for line in lines if line]
    if not wrapped:
        wrapped = ["Source: not stated."]

    def below_xaxis(renderer):
        return ax.xaxis.get_tightbbox(renderer) or ax.get_window_extent(renderer)

    ax.annotate(
        "\n".join(wrapped),
        xy=(0, 0),
        xycoords=("figure fraction" if alone else "axes fraction", below_xaxis),
        xytext=(NOTE_LEFT_POINTS if alone else 0, -NOTE_GAP_POINTS),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=style.NOTE_FONT_SIZE,
        color=style.MUTED,
        annotation_clip=False,
        gid=SOURCE_NOTE_GID,
    )


def source_note(ax) -> str | None:
    """Return the chart's full source note, as its page and data download carry it.

    None if ``ax`` was not drawn by tradeviz. The image shows only :func:`image_note`.
    """
    chart_info = info_module.get(ax)
    return None if chart_info is None else "\n".join(chart_info.notes)


def image_note(ax) -> str | None:
    """Return the text drawn under the chart on ``ax`` (the one-line source), or None."""
    for text in ax.texts:
        if text.get_gid() == SOURCE_NOTE_GID:
            return text.get_text()
    return None


def chart_title(ax) -> str | None:
    """Return the title drawn on ``ax`` (the finding, as wrapped), or None."""
    for text in ax.texts:
        if text.get_gid() == TITLE_GID:
            return text.get_text()
    return None


def chart_subtitle(ax) -> str | None:
    """Return the subtitle drawn on ``ax`` (what is measured), or None."""
    for text in ax.texts:
        if text.get_gid() == SUBTITLE_GID:
            return text.get_text()
    return None


def provenance(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the provenance of the figure rows a chart draws (one row per figure)."""
    return notes_module.provenance_table(rows)


def note_lines(
    rows: pd.DataFrame,
    *,
    extra: Iterable[str] = (),
    flagged: Iterable[str] = (),
    flags_known: bool = True,
) -> tuple[list[str], list[tuple[str, str]]]:
    """Build the note lines of a chart: sources, caveats, flagged data.

    Parameters
    ----------
    rows : pandas.DataFrame
        The figure rows drawn.
    extra : iterable of str
        Chart-specific caveats (perspective, valuation, what is not drawn and why).
    flagged : iterable of str
        Names of data drawn that were flagged ``incomplete_vintage``.
    flags_known : bool
        False when the flags table does not exist yet (the note then says so).

    Returns
    -------
    lines, links
        Note lines and the sources' own links.
    """
    lines, links = notes_module.source_lines(rows)
    lines.extend(line for line in extra if line)
    flagged = list(flagged)
    if flagged:
        lines.append(
            "Hatched/marked: flagged incomplete_vintage by `tradeviz check` (a product-level "
            "source far short of the national total) — " + "; ".join(flagged) + "."
        )
    elif not flags_known:
        lines.append(NO_FLAGS_NOTE)
    return lines, links


def empty_message(ax, message: str) -> None:
    """Write ``message`` in the middle of an empty chart (and hide its axes' ticks)."""
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=style.BASE_FONT_SIZE,
        color=style.MUTED,
        wrap=True,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
