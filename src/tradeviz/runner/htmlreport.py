"""The HTML page of one run: outputs only, offline, small, exported in-process.

nbconvert's ``basic`` template renders the cells without its 280 KB of inlined CSS and without
the require.js and MathJax scripts the ``lab`` and ``classic`` pages load from CDNs; this module
wraps that fragment in the template ``report.html.j2`` (:mod:`tradeviz.templates`, with the
stylesheet every page shares, inlined). The page opens with the answer: the title, then the
notebook's headline (the output marked with :data:`tradeviz.results.DISPLAY_METADATA_KEY`,
moved to the top), then a banner if the run did not finish well, then the sections. What the
notebook is and where its data come from (markdown cells tagged :data:`ABOUT_TAG`), the run, its
status and its parameters (every value escaped) close the page in a compact "About this report"
block.
Code is hidden (``exclude_input``), and the ``parameters`` and ``injected-parameters`` cells are
removed, so no injected value (nor anything a parameter smuggles in) is shown as code. The usual
tags are honoured: ``remove-cell``, ``remove-input``, ``remove-output``. Images are embedded as
data URIs by nbconvert, so the page stands alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradeviz.parameters import format_value
from tradeviz.results import DISPLAY_METADATA_KEY

REMOVE_CELL_TAGS = frozenset({"remove-cell", "parameters", "injected-parameters"})
REMOVE_INPUT_TAGS = frozenset({"remove-input"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})
#: Markdown cells with this tag describe the notebook; the page shows them at its end.
ABOUT_TAG = "about"
#: The markdown title line of a notebook's first ``about`` cell, used as the page's heading.
TITLE_PREFIX = "# "
#: Parameters not listed in the page header (where the charts went says nothing to a reader).
HIDDEN_PARAMETERS = frozenset({"output_dir"})


class ReportExporter:
    """Render executed notebooks to report pages; build once per worker, reuse for every run."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        config = Config()
        config.HTMLExporter.exclude_input = True
        config.HTMLExporter.exclude_input_prompt = True
        config.HTMLExporter.exclude_output_prompt = True
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
        config.TagRemovePreprocessor.remove_input_tags = set(REMOVE_INPUT_TAGS)
        config.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
        self._exporter = HTMLExporter(config=config, template_name="basic")

    def render(
        self,
        notebook: Any,
        *,
        title: str,
        run_id: str,
        status: str,
        parameters: Mapping[str, Any],
        finished: str,
        error: str | None = None,
    ) -> str:
        """Return the report page of an executed notebook.

        Parameters
        ----------
        notebook : nbformat.NotebookNode
            The executed notebook.
        title : str
            Page title (escaped here).
        run_id, status, finished : str
            Shown in the header (escaped here).
        parameters : Mapping
            The run's parameters, shown as a list (escaped here).
        error : str, optional
            One line describing the failure, shown in the header (escaped here).

        Returns
        -------
        str
            A complete HTML document.
        """
        main, about, headline, heading = split_notebook(notebook)
        body, _ = self._exporter.from_notebook_node(main)
        about_html = self._exporter.from_notebook_node(about)[0] if about.cells else ""
        return render_page(
            body,
            headline=headline,
            about=about_html,
            heading=heading,
            title=title,
            run_id=run_id,
            status=status,
            parameters=parameters,
            finished=finished,
            error=error,
        )


def _is_headline(output: Any) -> bool:
    meta = (output.get("metadata") or {}).get(DISPLAY_METADATA_KEY)
    return isinstance(meta, dict) and meta.get("headline") is True


def _take_title(cell: Any) -> str:
    """Remove a markdown cell's leading ``# Title`` line and return the title (or "")."""
    lines = str(cell.get("source", "")).split("\n")
    if cell.get("cell_type") != "markdown" or not lines[0].startswith(TITLE_PREFIX):
        return ""
    cell["source"] = "\n".join(lines[1:]).lstrip("\n")
    return lines[0][len(TITLE_PREFIX) :].strip()


def split_notebook(notebook: Any) -> tuple[Any, Any, list[str], str]:
    """Split an executed notebook into its sections, its "about" cells, headline and title.

    Returns
    -------
    tuple
        A copy of the notebook without the ``about`` cells and without the headline output; a
        copy holding only the ``about`` cells, the first one's ``# Title`` line removed; the
        headline's paragraphs (plain text, from the output's ``text/plain``), empty when the
        notebook displayed none; that title ("" when the about cells have none).
    """
    import copy

    main, about = copy.deepcopy(notebook), copy.deepcopy(notebook)
    main.cells, about.cells, headline, title = [], [], [], ""
    for cell in notebook.cells:
        if ABOUT_TAG in (cell.get("metadata", {}).get("tags") or []):
            about.cells.append(copy.deepcopy(cell))
            if len(about.cells) == 1:
                title = _take_title(about.cells[0])
            continue
        cell = copy.deepcopy(cell)
        if cell.get("cell_type") == "code":
            kept = []
            for output in cell.get("outputs", []):
                if _is_headline(output):
                    text = (output.get("data") or {}).get("text/plain", "")
                    text = "".join(text) if isinstance(text, list) else str(text)
                    headline.extend(part for part in text.split("\n\n") if part.strip())
                else:
                    kept.append(output)
            cell["outputs"] = kept
        main.cells.append(cell)
    return main, about, headline, title


def render_page(
    body: str,
    *,
    title: str,
    run_id: str,
    status: str,
    parameters: Mapping[str, Any],
    finished: str,
    error: str | None,
    headline: list[str] | None = None,
    about: str = "",
    heading: str = "",
) -> str:
    """Wrap an already rendered notebook ``body`` in the report page (header values escaped).

    ``heading`` (the notebook's title, escaped here) is the page's ``<h1>``, with ``title`` (the
    run's) under it; without a heading ``title`` is the ``<h1>``. ``headline`` (plain text,
    escaped here) opens the page; ``about`` (nbconvert's rendering of the notebook's ``about``
    cells) goes in the closing "About this report" block.
    """
    from markupsafe import Markup

    from tradeviz.runner import status as st
    from tradeviz.runner.index import status_class, status_word
    from tradeviz.templates import render

    if finished.endswith("+00:00"):
        finished = finished.replace("T", " ")[: len("2026-11-29 06:41")] + " UTC"
    return render(
        "report.html.j2",
        title=title,
        heading=heading,
        status=status_word(status),
        css=status_class(status),
        good=status in st.GOOD,
        headline=headline or [],
        home="../" * (run_id.count("/") + 1) + "index.html",
        about=Markup(about),
        run_id=run_id,
        finished=finished,
        error=error,
        parameters=[
            (str(name), format_value(value))
            for name, value in parameters.items()
            if name not in HIDDEN_PARAMETERS
        ],
        body=Markup(body),
    )
