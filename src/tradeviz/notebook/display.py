"""Show sentences, tables and charts in a notebook, and write the charts to ``output_dir``.

Text that comes from data is escaped before it becomes HTML, and carries the classes that tell
MathJax (JupyterLab, nbconvert) to leave dollar signs alone. Outside a Jupyter kernel the
functions display nothing (tests and scripts may call them), but still write files.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: Classes that stop MathJax 2 (nbconvert pages) and 3 (JupyterLab) typesetting ``$…$``.
NO_MATH_CLASSES = "tex2jax_ignore mathjax_ignore"
#: CSS pixels per inch, to show a saved PNG at the figure's size whatever its dpi.
CSS_PIXELS_PER_INCH = 96
#: Resolution of the PNG files written (the charts' screen resolution).
PNG_DPI = 200
#: Where a PNG file stores its width in pixels (big-endian, in the IHDR chunk).
_PNG_WIDTH_BYTES = slice(16, 20)
#: Numbers in displayed tables: thousands separated, one decimal (shares, growth, USD m).
TABLE_FLOAT_FORMAT = "{:,.1f}"
#: How a table without a caption is announced to screen readers: "Table: " and its first columns
#: (a page's landmarks must differ).
TABLE_LABEL = "Table"
TABLE_LABEL_COLUMNS = 4
#: Rows shown before pandas elides the middle of a table.
MAX_TABLE_ROWS = 200
#: The files a notebook writes for each chart.
CHART_FORMATS = ("png", "html")


def _display(obj: Any, **kwargs: Any) -> None:
    """Display in the running Jupyter kernel; do nothing outside one."""
    from IPython import get_ipython

    if get_ipython() is None:
        return
    from IPython.display import display

    display(obj, **kwargs)


def say(*texts: str, headline: bool = False) -> None:
    """Display generated sentences, one paragraph each (plain text; escaped here for HTML).

    Parameters
    ----------
    *texts : str
        Sentences or paragraphs from :mod:`tradeviz.text.sentences` or an answer's
        ``sentences``.
    headline : bool, default False
        Mark the output as the notebook's headline (display metadata
        :data:`tradeviz.results.DISPLAY_METADATA_KEY`): its HTML report opens with it. Shown in
        bold in JupyterLab.
    """
    css = "tradeviz-headline" if headline else "tradeviz-narrative"
    paragraphs = "".join(
        f'<p class="{css} {NO_MATH_CLASSES}">{"<strong>" if headline else ""}'
        f"{html.escape(text)}{'</strong>' if headline else ''}</p>"
        for text in texts
    )
    from tradeviz.results import DISPLAY_METADATA_KEY

    metadata = {DISPLAY_METADATA_KEY: {"headline": True}} if headline else None
    _display(
        {"text/plain": "\n\n".join(texts), "text/html": paragraphs}, raw=True, metadata=metadata
    )


def show_table(table: pd.DataFrame | None, *, caption: str | None = None) -> None:
    """Display a table, with an optional caption, without MathJax reading ``$`` in cells.

    Parameters
    ----------
    table : pandas.DataFrame or None
        What to show; pandas escapes its cells in HTML. ``None`` (a section without a table)
        shows nothing.
    caption : str, optional
        A line shown above the table (escaped).
    """
    import pandas as pd

    if table is None:
        return
    if caption:
        bundle = {
            "text/plain": caption,
            "text/html": (
                f'<p class="tradeviz-caption {NO_MATH_CLASSES}"><strong>'
                f"{html.escape(caption)}</strong></p>"
            ),
        }
        _display(bundle, raw=True)
    if not isinstance(table.index, pd.RangeIndex) or table.index.name is not None:
        table = table.reset_index()  # a named index becomes a column: no empty header cells
    shown = table.head(MAX_TABLE_ROWS)
    markup = shown.to_html(
        index=False,
        border=0,
        classes=f"dataframe {NO_MATH_CLASSES}",
        float_format=TABLE_FLOAT_FORMAT.format,
        na_rep="",
        escape=True,
    )
    # A wide table scrolls inside its own region, which the keyboard can reach and scroll.
    named = ", ".join(str(column) for column in list(table.columns)[:TABLE_LABEL_COLUMNS])
    label = html.escape(caption or f"{TABLE_LABEL}: {named}", quote=True)
    markup = (
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">{markup}</div>'
    )
    if len(table) > MAX_TABLE_ROWS:
        markup += f'<p class="notes">The first {MAX_TABLE_ROWS} of {len(table)} rows.</p>'
    _display({"text/plain": shown.to_string(index=False), "text/html": markup}, raw=True)


#: Columns of a claims table that a card shows in its own place, not in its list of figures.
_CARD_PLACES = ("excerpt", "verdict", "detail", "why")


def show_claims(table: pd.DataFrame | None) -> None:
    """Display a claims table as cards: readable on a phone, every excerpt in full.

    Each card quotes the claim's excerpt, gives its verdict and why, then every other column
    that has a value (what it states, each side's figure …). Text is escaped by the template.

    Parameters
    ----------
    table : pandas.DataFrame or None
        A claims table (:func:`tradeviz.notebook.claims.claim_verdicts`), one row per claim,
        with columns ``excerpt``, ``verdict``, ``detail`` and ``why``.
    """
    from tradeviz.templates import render_fragment

    if table is None:
        return
    cards = []
    for claim, row in table.iterrows():
        fields = [("claim", str(claim))] + [
            (str(name), str(value))
            for name, value in row.items()
            if name not in _CARD_PLACES and str(value).strip()
        ]
        cards.append(
            {
                "excerpt": str(row.get("excerpt", "")),
                "verdict": str(row.get("verdict", "")),
                "detail": str(row.get("detail", "")).replace("_", " "),
                "why": str(row.get("why", "")),
                "fields": fields,
            }
        )
    page = render_fragment("claims.html.j2", cards=cards, no_math=NO_MATH_CLASSES)
    _display({"text/plain": table.to_string(), "text/html": page}, raw=True)


def save_and_show(fig: Figure, name: str, output_dir: str | os.PathLike[str]) -> dict[str, str]:
    """Write a chart as PNG and HTML into ``output_dir``, display it once, and close it.

    The PNG shown is the file written, so the notebook shows exactly what is published; the
    figure is closed afterwards so that the inline backend does not show it a second time.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart drawn by :mod:`tradeviz.charts` (its data table and source notes go into the
        HTML page).
    name : str
        File stem, e.g. ``"partner_shares"`` (letters, digits, ``_``, ``-``, ``.``).
    output_dir : str or os.PathLike
        Directory for the files; created if missing. Relative paths are relative to the
        kernel's working directory (the notebook's folder in JupyterLab).

    Returns
    -------
    dict of str to str
        The files written, by format: ``{"png": "figures/x.png", "html": "figures/x.html"}``
        (paths as ``output_dir`` gives them, ready for :func:`tradeviz.results.record`).

    Raises
    ------
    tradeviz.errors.InputError
        When ``name`` is not a safe file stem (nothing is written then).
    """
    import matplotlib.pyplot as plt

    from tradeviz.charts.export import save_chart

    try:
        paths = save_chart(fig, Path(output_dir), name, formats=CHART_FORMATS, dpi=PNG_DPI)
        png = paths["png"].read_bytes()
        from IPython.display import Image

        _display(Image(data=png, format="png", width=_css_width(png)))
    finally:
        plt.close(fig)
    return {kind: str(path) for kind, path in paths.items()}


def _css_width(png: bytes) -> int:
    """Return the width in CSS pixels at which a PNG written at :data:`PNG_DPI` is life-size."""
    pixels = int.from_bytes(png[_PNG_WIDTH_BYTES], "big")
    return round(pixels * CSS_PIXELS_PER_INCH / PNG_DPI)


def show_chart(
    name: str,
    figures: pd.DataFrame,
    output_dir: str | os.PathLike[str],
    *,
    file_name: str | None = None,
    **options: Any,
) -> dict[str, str] | None:
    """Draw one chart of :mod:`tradeviz.charts`, write it to ``output_dir`` and show it.

    When the data do not allow the chart (a :class:`~tradeviz.query.SelectionError`, e.g. no
    product figures for a partner), a sentence says so instead and nothing is written; any other
    error propagates.

    Parameters
    ----------
    name : str
        A chart's registry name, e.g. ``"top_partners"`` (see ``tradeviz chart --list``).
    figures : pandas.DataFrame
        The tidy figures table.
    output_dir : str or os.PathLike
        Directory for the files.
    file_name : str, optional
        File stem of the chart files (default: the chart's name).
    **options
        The chart's options, and the checks' tables it takes (``flags``, ``claims``,
        ``verdicts``, ``integrity``), loaded by the notebook: a chart reads no file itself.

    Returns
    -------
    dict of str to str or None
        The files written (see :func:`save_and_show`), or None when the chart could not be drawn.
    """
    from tradeviz.charts import registry
    from tradeviz.charts.style import new_figure
    from tradeviz.query import SelectionError
    from tradeviz.text.sentences import unverifiable_sentence

    spec = registry.get_chart(name)
    inputs = {key: options.pop(key) for key in spec.inputs if key in options}
    resolved = registry.resolve_options(spec, options)
    try:
        chart_data = spec.data(figures, **resolved, **inputs)
    except SelectionError as error:
        say(unverifiable_sentence(f"the figures for the chart {name!r}", reason=str(error)))
        return None
    fig, ax = new_figure()
    spec.draw(ax, chart_data)
    return save_and_show(fig, file_name or name, output_dir)
