"""The HTML page of one run: outputs only, offline, small, exported in-process.

nbconvert's ``basic`` template renders the cells without its 280 KB of inlined CSS and without
the require.js and MathJax scripts the ``lab`` and ``classic`` pages load from CDNs; this module
wraps that fragment in the template ``report.html.j2`` (:mod:`tradeviz.templates`, with the
stylesheet every page shares, inlined) and a header that states the run, its status and its
parameters (every value escaped). Code is hidden (``exclude_input``), and the
``parameters`` and ``injected-parameters`` cells are removed, so no injected value (nor anything
a parameter smuggles in) is shown as code. The usual tags are honoured: ``remove-cell``,
``remove-input``, ``remove-output``. Images are embedded as data URIs by nbconvert, so the page
stands alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradeviz.parameters import format_value

REMOVE_CELL_TAGS = frozenset({"remove-cell", "parameters", "injected-parameters"})
REMOVE_INPUT_TAGS = frozenset({"remove-input"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})
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
        body, _ = self._exporter.from_notebook_node(notebook)
        return render_page(
            body,
            title=title,
            run_id=run_id,
            status=status,
            parameters=parameters,
            finished=finished,
            error=error,
        )


def render_page(
    body: str,
    *,
    title: str,
    run_id: str,
    status: str,
    parameters: Mapping[str, Any],
    finished: str,
    error: str | None,
) -> str:
    """Wrap an already rendered notebook ``body`` in the report page (header values escaped)."""
    from markupsafe import Markup

    from tradeviz.runner import status as st
    from tradeviz.templates import render

    if finished.endswith("+00:00"):
        finished = finished.replace("T", " ")[: len("2026-11-29 06:41")] + " UTC"
    return render(
        "report.html.j2",
        title=title,
        status=status,
        good=status in st.GOOD,
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
