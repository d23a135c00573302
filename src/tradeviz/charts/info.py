"""What a chart drew, kept with its axes: the data table, the source notes and hover texts.

Draw functions attach a :class:`ChartInfo` to the axes they drew on; the export module reads it
back to write the data table, the notes and the per-point hover texts of the HTML page.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import pandas as pd

#: Prefix of the SVG ids given to artists that carry a hover text.
HOVER_ID_PREFIX = "tv-hover-"

_INFO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class ChartInfo:
    """The data and provenance of one drawn chart.

    Attributes
    ----------
    name : str
        Registry name of the chart (or the draw function's name).
    title : str
        The chart's title.
    table : pandas.DataFrame
        The values drawn, one row per mark, with human-readable column names.
    notes : list of str
        Source and caveat lines (the source note drawn under the chart).
    links : list of tuple of (str, str)
        ``(label, url)`` of the sources' own pages (the only external links of the HTML page).
    figure_ids : list of str
        The ids of the figures drawn.
    hovers : dict of str to str
        SVG id -> the text shown when hovering that mark.
    point_hovers : dict of str to list of str
        SVG id of a line drawn with markers -> one text per marker, in data order.
    flagged : list of str
        Human-readable names of data drawn that were flagged ``incomplete_vintage``.
    subtitle : str
        What is measured, in which unit, by whose statistics.
    source : str
        The one-line source drawn in the image.
    provenance : pandas.DataFrame
        One row per figure drawn, with its source, file, vintage, statement, URL and licence.
    """

    name: str
    title: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    figure_ids: list[str] = field(default_factory=list)
    hovers: dict[str, str] = field(default_factory=dict)
    point_hovers: dict[str, list[str]] = field(default_factory=dict)
    flagged: list[str] = field(default_factory=list)
    subtitle: str = ""
    source: str = ""
    provenance: pd.DataFrame = field(default_factory=pd.DataFrame)

    def hover(self, artist, text: str) -> None:
        """Give ``artist`` an SVG id and remember the text to show when hovering it.

        Parameters
        ----------
        artist : matplotlib.artist.Artist
            A bar, a marker line or any artist drawn as one SVG group.
        text : str
            Plain text (escaped when written to HTML).
        """
        gid = f"{HOVER_ID_PREFIX}{len(self.hovers) + len(self.point_hovers) + 1}"
        artist.set_gid(gid)
        self.hovers[gid] = text

    def hover_points(self, line, texts: list[str]) -> None:
        """Give each marker of ``line`` (one point per datum) its own hover text.

        One line with markers is far cheaper to draw than one artist per point; the exporter
        gives the n-th marker of the line's SVG group the n-th text.

        Parameters
        ----------
        line : matplotlib.lines.Line2D
            A line drawn with a marker at every data point.
        texts : list of str
            One plain text per data point, in data order.
        """
        gid = f"{HOVER_ID_PREFIX}{len(self.hovers) + len(self.point_hovers) + 1}"
        line.set_gid(gid)
        self.point_hovers[gid] = list(texts)

    def hover_count(self) -> int:
        """Return the number of marks with a hover text."""
        return len(self.hovers) + sum(len(texts) for texts in self.point_hovers.values())


def attach(ax, info: ChartInfo) -> None:
    """Keep ``info`` with the axes ``ax`` (for export)."""
    _INFO[ax] = info


def get(ax) -> ChartInfo | None:
    """Return the :class:`ChartInfo` attached to ``ax``, or None if it was not drawn by tradeviz."""
    return _INFO.get(ax)


def for_figure(figure) -> list[ChartInfo]:
    """Return the :class:`ChartInfo` of every tradeviz axes of ``figure``, in drawing order."""
    return [info for ax in figure.axes if (info := _INFO.get(ax)) is not None]
