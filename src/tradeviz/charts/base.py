"""What every chart function shares: the house style, the source note, the attached data.

A chart module writes ``_draw(ax, figures, **options) -> ChartInfo`` and wraps it with
:func:`chart`, which applies the house style, draws the source note under the axes and attaches
the :class:`~tradeviz.charts.info.ChartInfo` for export. The public function then has the
signature ``draw_xxx(ax, figures, *, ...) -> Axes`` and neither shows nor saves anything.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable

import pandas as pd

from tradeviz import schema
from tradeviz.charts import flags as flag_module
from tradeviz.charts import info as info_module
from tradeviz.charts import notes as notes_module
from tradeviz.charts import style
from tradeviz.charts.info import ChartInfo

SOURCE_NOTE_GID = "source-note"
#: Approximate width of one character of the note, as a fraction of its font size.
NOTE_CHAR_WIDTH = 0.6
#: Share of the figure width the note may take.
NOTE_WIDTH_SHARE = 0.92
POINTS_PER_INCH = 72.0
NOTE_GAP_POINTS = 6.0
#: Distance of the note from the figure's left edge (points), as the layout's own padding.
NOTE_LEFT_POINTS = 7.0
MIN_NOTE_CHARS = 40


def chart(name: str) -> Callable:
    """Turn ``_draw(ax, figures, **options) -> ChartInfo`` into a public chart function.

    Parameters
    ----------
    name : str
        The chart's registry name, stored in its :class:`ChartInfo`.

    Returns
    -------
    callable
        A decorator.
    """

    def decorate(draw: Callable[..., ChartInfo]) -> Callable:
        @functools.wraps(draw)
        def wrapper(ax, figures: pd.DataFrame, **options):
            with style.house_style():
                style.style_axes(ax)
                chart_info = draw(ax, figures, **options)
                chart_info.name = chart_info.name or name
                if chart_info.title:
                    ax.set_title(
                        chart_info.title,
                        loc="left",
                        fontsize=style.TITLE_FONT_SIZE,
                        fontweight="bold",
                    )
                draw_source_note(ax, chart_info.notes)
                info_module.attach(ax, chart_info)
            return ax

        return wrapper

    return decorate


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
    """Return the text of the source note drawn on ``ax`` (None if there is none)."""
    for text in ax.texts:
        if text.get_gid() == SOURCE_NOTE_GID:
            return text.get_text()
    return None


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
        lines.append(flag_module.NO_FLAGS_NOTE)
    return lines, links


def resolve_flags(flags: pd.DataFrame | None) -> tuple[pd.DataFrame | None, bool]:
    """Return ``(flags, known)``: the given flags, or those on disk, and whether any exist."""
    if flags is None:
        flags = flag_module.load_flags()
    return flags, flags is not None


def latest_each(rows: pd.DataFrame, keys: Iterable[str]) -> pd.DataFrame:
    """Keep, for every combination of ``keys``, the rows of the latest vintage.

    Charts that draw a time series across several annual workbooks use this and say so in
    their note ("each year from its latest vintage").
    """
    keys = list(keys)
    if rows.empty:
        return rows
    latest = rows.groupby(keys, dropna=False)[schema.VINTAGE].transform("max")
    return rows[rows[schema.VINTAGE] == latest]


def pair_rows(figures: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Return the rows between two countries, either way round (a cheap first filter)."""
    reporters, partners = figures[schema.REPORTER], figures[schema.PARTNER]
    return figures[
        ((reporters == first) & (partners == second))
        | ((reporters == second) & (partners == first))
    ]


def year_of(rows: pd.DataFrame) -> pd.Series:
    """Return the calendar year of each row's ``period_start``."""
    return pd.to_datetime(rows[schema.PERIOD_START]).dt.year


def annual_totals(
    figures: pd.DataFrame,
    *,
    reporter: str,
    partner: str,
    flows: Iterable[str],
    source: str,
    perspective: str | None = None,
) -> pd.DataFrame:
    """Return the annual money totals of one pair from one source (all vintages).

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    reporter, partner : str
        ISO3 codes, read from the reporter's side.
    flows : iterable of str
        Flows wanted.
    source : str
        Source name.
    perspective : str, optional
        Default: the reporter's own.

    Returns
    -------
    pandas.DataFrame
        Matching figure rows plus a ``year`` column.
    """
    mask = (
        (figures[schema.SOURCE] == source)
        & (figures[schema.REPORTER] == reporter)
        & (figures[schema.PARTNER] == partner)
        & figures[schema.FLOW].isin(list(flows))
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.FREQ] == "A")
        & (figures[schema.PRODUCT_CODE] == schema.TOTAL_CODE)
        & (figures[schema.UNIT] == "USD")
        & (figures[schema.PERSPECTIVE] == (perspective or reporter))
    )
    rows = figures.loc[mask].copy()
    rows["year"] = year_of(rows)
    return rows


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
