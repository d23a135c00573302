"""The house style: one look for every tradeviz chart (fonts, colours, number formats, sizes).

Colours come from the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness. Flows have one colour each throughout; perspectives (whose statistics) have one
colour each where a chart compares the two sides; verdicts have one colour each.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import matplotlib as mpl
from cycler import cycler

from tradeviz.text.numbers import CHART, format_money, format_percent

#: The font stack, first choice first. DejaVu Sans covers Latin, Cyrillic and Greek; the CJK
#: fonts draw Chinese outlet names and excerpts (matplotlib falls back glyph by glyph along the
#: stack; SVG text names the same stack for the browser).
FONT_FAMILY = (
    "DejaVu Sans",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Liberation Sans",
    "Arial",
)
#: Fonts that draw Chinese characters, any one of which is enough.
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC")
#: Said once when no CJK font is installed.
NO_CJK_FONT_WARNING = (
    "no font with Chinese characters installed (WenQuanYi Micro Hei or Noto Sans CJK): "
    "Chinese text in charts will show as boxes; run `make fonts` (Debian: apt-get install "
    "fonts-wqy-microhei)"
)
#: Font sizes (points) for the screen size: a 6.4 in wide figure shown 640 px wide makes one
#: point 1.39 CSS px, so body text is about 13 px and the smallest text about 11 px.
BASE_FONT_SIZE = 9.5
TITLE_FONT_SIZE = 12.0
SUBTITLE_FONT_SIZE = 9.5
#: Direct labels on the chart (line ends, claims).
LABEL_FONT_SIZE = 8.5
#: Lines of the sources that are not the preferred one: thinner and lighter.
SECONDARY_ALPHA = 0.45
SECONDARY_LINE_WIDTH = 1.1
#: A claim drawn on its evidence: a hollow diamond with its tolerance as a bar.
CLAIM_MARKER_SIZE = 6.0
CLAIM_BAR_WIDTH = 1.6
CLAIM_CAP_SIZE = 4.0
#: A white box behind a direct label that sits over lines.
LABEL_BOX = {
    "boxstyle": "square,pad=0.15",
    "facecolor": "white",
    "edgecolor": "none",
    "alpha": 0.85,
}
#: Gap between a line's last point and its label (points).
END_LABEL_GAP_POINTS = 4.0
#: Vertical room per end label, in lines of its text.
END_LABEL_LINE_SPACING = 1.25
#: Space between the title and the subtitle under it (points).
SUBTITLE_GAP_POINTS = 4.0
NOTE_FONT_SIZE = 8.0
TICK_FONT_SIZE = 8.5

INK = "#222222"
MUTED = "#6E6E6E"
GRID = "#DDDDDD"
BASE_BAR = "#B8C4CE"
HIGHLIGHT = "#D55E00"

#: One colour per flow, in every chart.
FLOW_COLOURS = {
    "exports": "#0072B2",
    "imports": "#E69F00",
    "turnover": "#333333",
    "balance": "#009E73",
}
#: One colour per perspective (whose statistics), where a chart puts both sides side by side.
PERSPECTIVE_COLOURS = {
    "KAZ": "#56B4E9",
    "CHN": "#D55E00",
    "unattributed": "#999999",
}
#: One colour per verdict of the claim checks.
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "inconsistent": "#D55E00",
    "unverifiable": "#999999",
}
#: How each source's time series is drawn: the national tables solid and heavier, WITS dashed.
SOURCE_LINES: dict[str, dict[str, Any]] = {
    "bns_annual": {"linestyle": "-", "linewidth": 2.0, "markersize": 3.5},
    # the other reporters' national tables: solid, like BNS's
    "uzstat": {"linestyle": "-", "linewidth": 2.0, "markersize": 3.5},
    "kgnsc": {"linestyle": "-", "linewidth": 2.0, "markersize": 3.5},
    "rus_fts": {"linestyle": "-", "linewidth": 2.0, "markersize": 3.5},
    "wits": {"linestyle": (0, (4, 2)), "linewidth": 1.4, "markersize": 2.5},
    "comtrade": {"linestyle": (0, (1, 2)), "linewidth": 1.4, "markersize": 2.5},
}
#: How a source without its own entry is drawn.
OTHER_SOURCE_LINE: dict[str, Any] = {"linestyle": "-.", "linewidth": 1.4, "markersize": 2.5}
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCH_INCOMPLETE = "////"

#: Figure sizes in inches: screen (notebooks, HTML pages: drawn for a 640 px wide column, the
#: PNG at 200 dpi is 1280 px, sharp on high-density screens) and print (a 16 cm column).
SIZES = {"screen": (6.4, 4.6), "print": (6.3, 4.2)}
#: The CSS width (px) the screen size is drawn for.
DISPLAY_WIDTH_PX = 640
#: Raster resolution of exported PNG files per size (at least 200 dpi).
EXPORT_DPI = {"screen": 200, "print": 300}
MIN_EXPORT_DPI = 200
#: Padding around the figure's content (inches): room for the small differences in text width
#: between the resolution the layout is computed at and the one a file is written at.
LAYOUT_PAD_IN = 0.1

RC_PARAMS: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.size": BASE_FONT_SIZE,
    "text.color": INK,
    "text.parse_math": False,  # "$9.4 bn to $10 bn" is money, not TeX
    "axes.titlesize": TITLE_FONT_SIZE,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 10.0,
    "axes.labelsize": BASE_FONT_SIZE,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.labelsize": TICK_FONT_SIZE,
    "ytick.labelsize": TICK_FONT_SIZE,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "legend.fontsize": TICK_FONT_SIZE,
    "lines.linewidth": 1.8,
    "lines.markersize": 4.0,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",  # text stays text in SVG: smaller, searchable, accessible
    "svg.hashsalt": "tradeviz",  # stable ids, so identical charts give identical files
}


@functools.cache
def font_stack() -> tuple[str, ...]:
    """Return the installed fonts of :data:`FONT_FAMILY`, in order, then ``sans-serif``.

    Warns once (:data:`NO_CJK_FONT_WARNING`) when none of :data:`CJK_FONTS` is installed: the
    charts still draw, with boxes for Chinese characters.
    """
    from matplotlib import font_manager

    # a CJK font has no bold face: matplotlib logs each substitution of its regular one
    logging.getLogger(font_manager.__name__).setLevel(logging.ERROR)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FONTS):
        # matplotlib's font cache predates a font installed since (``make fonts``): add those
        known = {font.fname for font in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                with contextlib.suppress(OSError, RuntimeError, ValueError):
                    font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FONTS):
        warnings.warn(NO_CJK_FONT_WARNING, stacklevel=2)
    return (*(name for name in FONT_FAMILY if name in installed), "sans-serif")


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style's matplotlib settings inside a ``with`` block."""
    # the stack as the family itself: matplotlib falls back glyph by glyph only along
    # ``font.family`` (a generic name such as "sans-serif" stands for one font)
    stack = list(font_stack())
    with mpl.rc_context({**RC_PARAMS, "font.family": stack, "font.sans-serif": stack}):
        yield


def new_figure(size: str = "screen"):
    """Return ``(figure, axes)`` of the given size, in the house style.

    Parameters
    ----------
    size : {"screen", "print"}
        Screen (notebooks, HTML pages) or print (a 16 cm column).

    Returns
    -------
    tuple of matplotlib.figure.Figure and matplotlib.axes.Axes
        A figure with constrained layout and one axes.
    """
    from matplotlib.figure import Figure

    if size not in SIZES:
        from tradeviz.errors import InputError

        raise InputError(
            "unknown chart size", field="size", expected=" or ".join(SIZES), found=size
        )
    with house_style():
        figure = Figure(figsize=SIZES[size], layout="constrained")
        figure.get_layout_engine().set(w_pad=LAYOUT_PAD_IN, h_pad=LAYOUT_PAD_IN)
        axes = figure.add_subplot()
    return figure, axes


def source_line(source: str) -> dict[str, Any]:
    """Return the line style, width and marker size of one source's time series."""
    return SOURCE_LINES.get(source, OTHER_SOURCE_LINE)


def style_axes(ax, *, grid_axis: str = "y") -> None:
    """Give an axes created outside the house style the house look (spines, grid, ticks).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to style.
    grid_axis : {"x", "y", "both", "none"}
        Which gridlines to draw.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(labelsize=TICK_FONT_SIZE, colors=MUTED, labelcolor=INK)
    ax.grid(False)
    if grid_axis != "none":
        ax.grid(True, axis=grid_axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def usd_formatter(unit: float = 1e9):
    """Return a tick formatter for an axis plotted in ``unit`` dollars (``5`` -> ``$5 bn``).

    Parameters
    ----------
    unit : float, default 1e9
        The unit the data are plotted in (and printed in).

    Returns
    -------
    matplotlib.ticker.FuncFormatter
        The formatter.
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: format_money(value * unit, style=CHART, unit=unit))


def pct_formatter(decimals: int = 0):
    """Return a tick formatter printing percentages (``20 %``)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: format_percent(value, decimals, style=CHART))


def end_label(ax, x, y, text: str, colour: str) -> None:
    """Label a line at its last point, in its colour (a direct label instead of a legend)."""
    end_labels(ax, [(x, y, text, colour)])


def end_labels(ax, labels: Sequence[tuple[float, float, str, str]]) -> None:
    """Label lines at their last points, nudged apart vertically so that no two overlap.

    The positions are worked out when the chart is drawn (after the layout has fixed the axes'
    size): labels are sorted by height and each is pushed up to at least one line of text above
    the one below it; a column that then leaves the top of the axes is pushed back down.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The chart's axes.
    labels : sequence of (x, y, text, colour)
        Each line's last point (data coordinates), its label and its colour.
    """
    from matplotlib.transforms import Affine2D

    points = [(float(x), float(y)) for x, y, _text, _colour in labels]

    def placed(renderer) -> list[tuple[float, float]]:
        gap = renderer.points_to_pixels(END_LABEL_GAP_POINTS)
        spacing = renderer.points_to_pixels(LABEL_FONT_SIZE * END_LABEL_LINE_SPACING)
        shown = ax.transData.transform(points) if points else []
        order = sorted(range(len(points)), key=lambda i: shown[i][1])
        heights = {}
        floor = -float("inf")
        for i in order:
            heights[i] = max(shown[i][1], floor + spacing)
            floor = heights[i]
        top = ax.get_window_extent(renderer).y1
        ceiling = float("inf") if not order or heights[order[-1]] <= top else top + spacing
        for i in reversed(order):
            heights[i] = min(heights[i], ceiling - spacing)
            ceiling = heights[i]
        return [(shown[i][0] + gap, heights[i]) for i in range(len(points))]

    for index, (_x, _y, text, colour) in enumerate(labels):
        ax.annotate(
            text,
            xy=points[index],
            xytext=(0, 0),
            textcoords=lambda renderer, index=index: Affine2D().translate(*placed(renderer)[index]),
            ha="left",
            va="center",
            fontsize=LABEL_FONT_SIZE,
            fontweight="bold",
            color=colour,
            annotation_clip=False,
        )
