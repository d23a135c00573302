"""The two report files a run leaves: the executed notebook and its HTML page.

The executed notebook (``report.ipynb``) carries the run's stamp in ``metadata.tradeviz`` (run
id, status, error, cache key, parameters, times), which the batch reads back when no manifest
says otherwise. When a run ended without papermill marking the failure in the notebook (a
timeout, a dead kernel, an infrastructure failure, ``sys.exit``), a banner cell tagged
:data:`BANNER_TAG` says so at the top. The HTML page is rendered from that same notebook.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import nbformat

from tradeviz.atomic import write_text
from tradeviz.parameters import from_json_value
from tradeviz.runner import status as st
from tradeviz.runner.executor import RunTask
from tradeviz.runner.htmlreport import ReportExporter
from tradeviz.runner.layout import REPORT_HTML, REPORT_NOTEBOOK

#: Tag of the banner cell the runner adds on failures papermill does not mark.
BANNER_TAG = "tradeviz-error"
#: Statuses whose failure papermill does not mark in the notebook: they get a banner.
BANNER_STATUSES = (st.TIMEOUT, st.KERNEL_DIED, st.INFRA_ERROR)


def write_report_files(
    task: RunTask,
    notebook: Any,
    status: str,
    error: dict[str, Any] | None,
    started_at: str,
    finished_at: str,
    exporter: ReportExporter,
) -> None:
    """Write ``report.ipynb`` and ``report.html`` of a run into its staging folder.

    Parameters
    ----------
    task : RunTask
        The run (its staging folder, notebook, parameters, cache key, title).
    notebook : nbformat.NotebookNode or None
        The executed notebook; ``None`` when execution never started (the source notebook is
        written instead, with its stamp and banner).
    status : str
        The run's status.
    error : dict or None
        The run's error record (``kind``, ``ename``, ``evalue``, ``cell``, ``message``).
    started_at, finished_at : str
        The run's start and end (UTC, ISO 8601).
    exporter : ReportExporter
        Renders the HTML page.
    """
    staging = Path(task.staging)
    if notebook is None:
        notebook = nbformat.read(task.notebook, as_version=4)
    papermill_meta = notebook.metadata.get("papermill")
    if isinstance(papermill_meta, dict) and "parameters" in papermill_meta:
        papermill_meta["parameters"] = task.parameters  # JSON form (dates tagged)
    notebook.metadata["tradeviz"] = {
        "run_id": task.run_id,
        "status": status,
        "error": error,
        "cache_key": task.cache_key,
        "parameters": task.parameters,
        "started_at": started_at,
        "finished_at": finished_at,
    }
    if status in BANNER_STATUSES or (error and error.get("ename") == "SystemExit"):
        banner = nbformat.v4.new_markdown_cell(
            '<span style="color:#b3261e;font-size:1.4em">'
            f"Run {html.escape(status)}: {html.escape(error['message'] if error else '')}"
            "</span>"
        )
        banner.metadata["tags"] = [BANNER_TAG]
        notebook.cells.insert(0, banner)
    write_text(staging / REPORT_NOTEBOOK, nbformat.writes(notebook))
    parameters = {name: from_json_value(value) for name, value in task.parameters.items()}
    page = exporter.render(
        notebook,
        title=task.title or task.run_id,
        run_id=task.run_id,
        status=status,
        parameters=parameters,
        finished=finished_at,
        error=error["message"] if error else None,
    )
    write_text(staging / REPORT_HTML, page)
