"""Write a drawn chart as PNG (at least 200 dpi), SVG and one self-contained HTML page.

The HTML page works offline and contains no external URL other than the sources' own links: the
chart is inline SVG (XML prolog, metadata and namespace URLs removed), each data mark carries a
``<title>`` that browsers show on hover, the data table and the source notes follow, and a
viewport meta tag with the stylesheet every page shares makes it readable on a phone. No script
at all. The page is the template ``chart.html.j2`` (:mod:`tradeviz.templates`), which escapes
every string that comes from data. Files are written atomically.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from tradeviz import __version__
from tradeviz.atomic import atomic_path, write_text
from tradeviz.charts import info as info_module
from tradeviz.charts import style
from tradeviz.charts.info import HOVER_ID_PREFIX, ChartInfo
from tradeviz.errors import InputError

#: The files a chart is written as by default: the image, the vector image and the page.
FORMATS = ("png", "svg", "html")
#: Every format a chart can be written as; ``csv`` is the plotted data with its provenance.
ALL_FORMATS = (*FORMATS, "csv")
#: A chart bundle, as data publishers ship a chart: images, page and data.
BUNDLE = ALL_FORMATS
_FROZEN = "_tradeviz_layout_frozen"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")
PAD_INCHES = 0.15
#: Hidden columns of the data table (kept in ChartInfo for tests and notebooks).
HIDDEN_TABLE_COLUMNS = ("value_usd",)
SVG_METADATA = {"Date": None, "Creator": None}
PNG_METADATA = {"Software": None}
_HOVER_GROUP = re.compile(r'<g id="(' + re.escape(HOVER_ID_PREFIX) + r'\d+)">')
_USE = re.compile(r"(<use\b[^>]*?)\s*/>")
_G_TAG = re.compile(r"<g\b[^>]*?(?<!/)>|</g>")
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s+width="[^"]*"\s+height="[^"]*"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
SVG_TITLE_ID = "tv-chart-title"
SVG_DESC_ID = "tv-chart-desc"
#: Separator of several figure ids drawn as one mark (``"id1 / id2"``).
ID_SEPARATOR = " / "
ALLOWED_LINK_SCHEMES = ("https://", "http://")
#: Table cells this short are kept on one line ("$284 m", "19.8 %").
NOWRAP_CHARS = 14


def _bbox(figure) -> str | None:
    """Crop to the drawn content, unless a frozen layout already fits it in the figure."""
    return None if getattr(figure, _FROZEN, False) else "tight"


@contextlib.contextmanager
def frozen_layout(figure, dpi: float | None = None) -> Iterator[None]:
    """Run the figure's layout engine once, then save without re-running it.

    A constrained-layout figure is otherwise laid out again (a full draw without rendering) on
    every ``savefig``; the positions do not change between the PNG and the SVG, so one layout
    serves both. The layout is computed at ``dpi`` (the PNG's resolution): hinted text is
    wider at high resolution than the same text at screen resolution, scaled. Figures without a
    layout engine are cropped with ``bbox_inches="tight"``.
    """
    engine = figure.get_layout_engine()
    if engine is None or getattr(figure, _FROZEN, False):
        yield
        return
    screen_dpi = figure.dpi
    try:
        if dpi:
            figure.set_dpi(dpi)
        with style.house_style():
            figure.draw_without_rendering()
    finally:
        figure.set_dpi(screen_dpi)
    figure.set_layout_engine("none")
    setattr(figure, _FROZEN, True)
    try:
        yield
    finally:
        setattr(figure, _FROZEN, False)
        figure.set_layout_engine(engine)


def _figure_of(chart):
    return chart if hasattr(chart, "savefig") else chart.figure


def check_name(name: str) -> str:
    """Return ``name`` if it is a safe file stem, else raise :class:`InputError`."""
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        raise InputError(
            "unsafe chart file name",
            field="name",
            expected="letters, digits, '_', '-', '.' (starting with a letter or digit)",
            found=name,
        )
    return name


def render_svg(figure) -> str:
    """Return the figure as a standalone SVG document with a hover ``<title>`` per data mark.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure drawn by tradeviz chart functions.

    Returns
    -------
    str
        SVG text (XML).
    """
    buffer = io.StringIO()
    with style.house_style():
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches=_bbox(figure),
            pad_inches=PAD_INCHES,
            metadata=SVG_METADATA,
        )
    svg = add_hover_titles(buffer.getvalue(), _hovers(figure))
    return add_title_and_description(svg, info_module.for_figure(figure))


def alt_text(infos: Sequence[ChartInfo]) -> str:
    """Return the text alternative of a chart: its finding, what it measures, its source."""
    parts = []
    for chart_info in infos:
        parts.extend(part for part in (chart_info.title, chart_info.subtitle, chart_info.source))
    return ". ".join(" ".join(p.split()).rstrip(".") for p in parts if p) + ("." if parts else "")


def add_title_and_description(svg: str, infos: Sequence[ChartInfo]) -> str:
    """Give the SVG its accessible name and description: ``<title>`` and ``<desc>`` first.

    Parameters
    ----------
    svg : str
        SVG text written by matplotlib.
    infos : sequence of ChartInfo
        What each axes of the figure drew.

    Returns
    -------
    str
        The SVG with ``role="img"``, ``aria-labelledby`` and, as its first children, a
        ``<title>`` (the finding) and a ``<desc>`` (the alt text: finding, measure, source).
    """
    title = next((" ".join(i.title.split()) for i in infos if i.title), "")
    if not title:
        return svg
    match = _SVG_OPEN.search(svg)
    if match is None:
        return svg
    opening = match.group(0)[:-1].rstrip("/") + (
        f' role="img" aria-labelledby="{SVG_TITLE_ID} {SVG_DESC_ID}">'
    )
    children = (
        f'<title id="{SVG_TITLE_ID}">{html.escape(title)}</title>'
        f'<desc id="{SVG_DESC_ID}">{html.escape(alt_text(infos))}</desc>'
    )
    return svg[: match.start()] + opening + children + svg[match.end() :]


def chart_csv(infos: Sequence[ChartInfo]) -> str:
    """Return the data download of a chart: the plotted data, then each mark's provenance.

    Each row of a chart's data table gets the provenance columns of the figures it draws
    (:data:`tradeviz.charts.notes.PROVENANCE_COLUMNS`: source, producer, file, vintage,
    release, statement, URL, licence, citation), joined with ``" / "`` where a mark draws
    several figures. A source that states no licence says so in the ``licence`` column.

    Parameters
    ----------
    infos : sequence of ChartInfo
        What each axes of the figure drew.

    Returns
    -------
    str
        CSV text (UTF-8, a header row, ``,`` separated).
    """
    from tradeviz.charts.notes import PROVENANCE_COLUMNS

    frames = []
    for chart_info in infos:
        table = chart_info.table.copy() if chart_info.table is not None else pd.DataFrame()
        provenance = chart_info.provenance
        if "figure_id" in table.columns and provenance is not None and not provenance.empty:
            by_id = provenance.set_index("figure_id")
            ids = table["figure_id"].astype(str).str.split(ID_SEPARATOR)
            for column in PROVENANCE_COLUMNS:
                values = by_id[column].to_dict()
                table[column] = [
                    ID_SEPARATOR.join(dict.fromkeys(str(values.get(i, "")) for i in each))
                    for each in ids
                ]
        if len(infos) > 1:
            table.insert(0, "chart", chart_info.name)
        frames.append(table)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return data.to_csv(index=False, lineterminator="\n")


def _hovers(figure) -> dict[str, str | list[str]]:
    hovers: dict[str, str | list[str]] = {}
    for chart_info in info_module.for_figure(figure):
        hovers.update(chart_info.hovers)
        hovers.update(chart_info.point_hovers)
    return hovers


def add_hover_titles(svg: str, hovers: dict[str, str | list[str]]) -> str:
    """Insert escaped ``<title>`` elements (browsers show them as tooltips on hover).

    Parameters
    ----------
    svg : str
        SVG text written by matplotlib.
    hovers : dict
        Group id -> plain text (the title of the whole group), or a list of texts: one for each
        marker (``<use>``) of that group, in order.

    Returns
    -------
    str
        The SVG with titles.
    """
    pieces: list[str] = []
    position = 0
    for match in _HOVER_GROUP.finditer(svg):
        text = hovers.get(match.group(1))
        if text is None:
            continue
        if isinstance(text, str):
            pieces.append(svg[position : match.end()])
            pieces.append(f"<title>{html.escape(text)}</title>")
            position = match.end()
            continue
        end = _group_end(svg, match.end())
        texts = iter(text)

        def titled(use: re.Match[str], texts=texts) -> str:
            label = next(texts, None)
            if label is None:
                return use.group(0)
            return f"{use.group(1)}><title>{html.escape(label)}</title></use>"

        pieces.append(svg[position : match.end()])
        pieces.append(_USE.sub(titled, svg[match.end() : end]))
        position = end
    pieces.append(svg[position:])
    return "".join(pieces)


def _group_end(svg: str, start: int) -> int:
    """Return the index just after the ``</g>`` closing the group opened before ``start``."""
    depth = 1
    for tag in _G_TAG.finditer(svg, start):
        depth += -1 if tag.group(0) == "</g>" else 1
        if depth == 0:
            return tag.end()
    return len(svg)


def inline_svg(svg: str, *, label: str = "") -> str:
    """Return SVG text fit for inlining in HTML: no prolog, metadata, namespace URLs or size.

    Parameters
    ----------
    svg : str
        A standalone SVG document.
    label : str, optional
        Accessible name of the image (``aria-label``), escaped here.

    Returns
    -------
    str
        An ``<svg>`` element that scales with the page (``viewBox`` kept).
    """
    text = _PROLOG.sub("", svg, count=1)
    text = _METADATA.sub("", text, count=1)
    text = _XMLNS.sub("", text)
    text = _SVG_SIZE.sub(r"\1", text, count=1)
    aria = f' aria-label="{html.escape(label, quote=True)}"' if label else ""
    return text.replace("<svg ", f'<svg role="img"{aria} ', 1).strip()


def _cell(value) -> tuple[str, bool]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        return (f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"), True
    return str(value), False


def table_html(table: pd.DataFrame) -> str:
    """Return the data table as escaped HTML.

    Parameters
    ----------
    table : pandas.DataFrame
        The values drawn (:attr:`ChartInfo.table`).

    Returns
    -------
    str
        A ``<table>`` inside a horizontally scrollable wrapper.
    """
    from tradeviz.templates import render

    if table is None or table.empty:
        return render("chart_table.html.j2", columns=[], rows=[])
    columns = [c for c in table.columns if c not in HIDDEN_TABLE_COLUMNS]
    rows = []
    for record in table.loc[:, columns].itertuples(index=False):
        cells = []
        for value in record:
            text, numeric = _cell(value)
            css = "num" if numeric else ("nw" if len(text) <= NOWRAP_CHARS else "")
            cells.append((text, css))
        rows.append(cells)
    headers = [str(c).replace("_", " ") for c in columns]
    return render("chart_table.html.j2", columns=headers, rows=rows)


def safe_link(url: str) -> str | None:
    """Return ``url`` if it is an http(s) link (the only kind a page may contain), else None."""
    text = str(url or "").strip()
    return text if text.lower().startswith(ALLOWED_LINK_SCHEMES) else None


def page_html(
    svg: str, infos: Sequence[ChartInfo], *, title: str | None = None, alt: str | None = None
) -> str:
    """Return the self-contained HTML page of a chart.

    Parameters
    ----------
    svg : str
        The standalone SVG of the figure (see :func:`render_svg`).
    infos : sequence of ChartInfo
        What each axes of the figure drew.
    title : str, optional
        Page title (default: the first chart's title).
    alt : str, optional
        Text alternative of the chart for screen readers (default: the title).

    Returns
    -------
    str
        An HTML5 document without scripts or external resources.
    """
    from markupsafe import Markup

    from tradeviz.templates import render

    heading = title or next((i.title for i in infos if i.title), "tradeviz chart")
    tables = [
        {
            "caption": f"Data: {chart_info.title}" if len(infos) > 1 else "Data",
            "html": Markup(table_html(chart_info.table)),
        }
        for chart_info in infos
    ]
    links: dict[str, str] = {}
    for chart_info in infos:
        for label, url in chart_info.links:
            safe = safe_link(url)
            if safe:
                links.setdefault(safe, label)
    return render(
        "chart.html.j2",
        title=heading,
        svg=Markup(inline_svg(svg, label=alt or alt_text(infos) or heading)),
        notes=[line for i in infos for line in i.notes],
        flagged="; ".join(name for i in infos for name in i.flagged),
        tables=tables,
        sources=list(links.items()),
        version=__version__,
    )


def save_chart(
    chart,
    out_dir: str | Path,
    name: str,
    *,
    formats: Iterable[str] = FORMATS,
    dpi: int = style.EXPORT_DPI["screen"],
    title: str | None = None,
    alt: str | None = None,
) -> dict[str, Path]:
    """Write a drawn chart to ``out_dir/name.{png,svg,html,csv}`` atomically.

    Parameters
    ----------
    chart : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (or an axes of it) drawn by tradeviz chart functions.
    out_dir : str or pathlib.Path
        Output directory (created if missing).
    name : str
        File stem: letters, digits, ``_``, ``-``, ``.``.
    formats : iterable of str, default ("png", "svg", "html")
        Which files to write: any of :data:`ALL_FORMATS` (``csv``: the plotted data with each
        figure's provenance, :func:`chart_csv`; :data:`BUNDLE` writes them all).
    dpi : int, default 200
        PNG resolution (at least 200).
    title : str, optional
        Title of the HTML page (default: the chart's title).
    alt : str, optional
        Text alternative of the chart in the HTML page (default: the title).

    Returns
    -------
    dict of str to pathlib.Path
        Format -> path written.

    Raises
    ------
    InputError
        For an unsafe name, an unknown format or a resolution below 200 dpi.
    """
    figure = _figure_of(chart)
    check_name(name)
    wanted = list(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in ALL_FORMATS]
    if unknown:
        raise InputError(
            "unknown chart format",
            field="formats",
            expected=", ".join(ALL_FORMATS),
            found=unknown[0],
        )
    if int(dpi) < style.MIN_EXPORT_DPI:
        raise InputError(
            "PNG resolution too low",
            field="dpi",
            expected=f"at least {style.MIN_EXPORT_DPI}",
            found=dpi,
        )
    out = Path(out_dir)
    written: dict[str, Path] = {}
    with frozen_layout(figure, dpi if "png" in wanted else None):
        if "png" in wanted:
            target = out / f"{name}.png"
            with atomic_path(target, suffix=".png") as tmp, style.house_style():
                figure.savefig(
                    tmp,
                    format="png",
                    dpi=int(dpi),
                    bbox_inches=_bbox(figure),
                    pad_inches=PAD_INCHES,
                    metadata=PNG_METADATA,
                )
                written["png"] = target
        if "svg" in wanted or "html" in wanted:
            svg = render_svg(figure)
            if "svg" in wanted:
                written["svg"] = write_text(out / f"{name}.svg", svg)
            if "html" in wanted:
                page = page_html(svg, info_module.for_figure(figure), title=title, alt=alt)
                written["html"] = write_text(out / f"{name}.html", page)
        if "csv" in wanted:
            written["csv"] = write_text(
                out / f"{name}.csv", chart_csv(info_module.for_figure(figure))
            )
    return written


def export_figure(
    figure,
    target: str | Path,
    *,
    formats: Iterable[str] = FORMATS,
    dpi: int = style.EXPORT_DPI["screen"],
    title: str | None = None,
    alt: str | None = None,
) -> dict[str, Path]:
    """Write ``figure`` next to ``target`` (a path without suffix): ``target.png`` etc.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart.
    target : str or pathlib.Path
        Output path without suffix, e.g. ``figures/partner_shares``.
    formats, dpi, title, alt
        As in :func:`save_chart`.

    Returns
    -------
    dict of str to pathlib.Path
        Format -> path written.
    """
    target = Path(target)
    return save_chart(
        figure, target.parent, target.name, formats=formats, dpi=dpi, title=title, alt=alt
    )
