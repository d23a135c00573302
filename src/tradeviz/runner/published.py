"""What is already published in the reports folder, read back for the manifest.

A finished run's folder (``<run id>/`` or ``<run id>.failed/``) is described by the paths of
its files relative to the reports folder (:func:`describe_outputs`). When a run fails, the good
report still in place is recorded as its ``last_ok`` (:func:`last_ok_record`), and an
incomplete report never replaces a complete one (:func:`holds_complete_report`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tradeviz.runner import layout
from tradeviz.runner import status as st
from tradeviz.runner.manifest import Manifest


def describe_outputs(reports: Path, directory: Path) -> dict[str, Any] | None:
    """Describe the files of a published run folder, as paths relative to ``reports``.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    directory : pathlib.Path
        A run's folder inside it.

    Returns
    -------
    dict or None
        ``dir``, ``html``, ``notebook``, ``log`` and ``results`` (``None`` for a file that is
        absent) and ``figures`` (in the order the notebook wrote them); ``None`` when
        ``directory`` does not exist.
    """
    if not directory.is_dir():
        return None
    relative = directory.relative_to(reports).as_posix()
    files = set(layout.list_files(directory))

    def path(name: str) -> str | None:
        return f"{relative}/{name}" if name in files else None

    # In the order the notebook wrote them: the index shows the first chart as a thumbnail.
    figures = [
        f"{relative}/{name}"
        for name in sorted(
            (name for name in files if name.startswith("figures/")),
            key=lambda name: ((directory / name).stat().st_mtime_ns, name),
        )
    ]
    return {
        "dir": relative,
        "html": path(layout.REPORT_HTML),
        "notebook": path(layout.REPORT_NOTEBOOK),
        "log": path(layout.RUN_LOG),
        "results": path(layout.RESULTS),
        "figures": figures,
    }


def last_ok_record(reports: Path, manifest: Manifest, run_id: str) -> dict[str, Any] | None:
    """Describe the good report still in place for ``run_id`` (a ``last_ok`` record).

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    manifest : Manifest
        The manifest as it stands before the run is recorded.
    run_id : str
        The run.

    Returns
    -------
    dict or None
        :func:`describe_outputs` of ``<run id>/`` with the ``finished_at`` and ``cache_key`` of
        the good run that wrote it; ``None`` when no HTML report is in place.
    """
    described = describe_outputs(reports, layout.run_dir(reports, run_id))
    if not described or not described["html"]:
        return None
    previous = manifest.get(run_id) or {}
    good = previous if previous.get("status") in st.GOOD else previous.get("last_ok") or {}
    return {
        **described,
        "finished_at": good.get("finished_at"),
        "cache_key": good.get("cache_key"),
    }


def holds_complete_report(reports: Path, manifest: Manifest, run_id: str) -> bool:
    """Return whether ``<run id>/`` holds a complete (ok) report, which nothing incomplete replaces.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    manifest : Manifest
        The manifest as it stands before the run is recorded; without an entry for ``run_id``
        (a deleted manifest), the status stamped in the report itself decides.
    run_id : str
        The run.
    """
    directory = layout.run_dir(reports, run_id)
    if not (directory / layout.REPORT_HTML).is_file():
        return False
    previous = manifest.get(run_id)
    if previous is None:  # no record (a deleted manifest): read the report's own stamp
        return layout.stamped_status(directory / layout.REPORT_NOTEBOOK) in st.GOOD
    if previous.get("status") in st.GOOD:
        return True
    outputs = previous.get("outputs") or {}
    if previous.get("status") == st.STOPPED_EARLY and outputs.get("dir") == run_id:
        return False
    return bool(previous.get("last_ok"))


def publish_finished_run(
    reports: Path, manifest: Manifest, run_id: str, staging: Path, status: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Move a finished run's staging folder where its status sends it.

    A good run replaces ``<run id>/`` (and drops ``<run id>.failed/``); a run stopped early by
    ``sys.exit(0)`` takes ``<run id>/`` only when no complete report is there; any other run
    goes to ``<run id>.failed/``, never over the good report.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    manifest : Manifest
        The manifest as it stands before the run is recorded.
    run_id : str
        The run.
    staging : pathlib.Path
        The run's staging folder (may be missing when the run left no files).
    status : str
        The run's status.

    Returns
    -------
    tuple
        ``(outputs, last_ok)``: :func:`describe_outputs` of the folder the run now occupies
        (``None`` when it left none) and, for a run that did not take ``<run id>/``, the
        :func:`last_ok_record` of the report still there.
    """
    stopped_in_place = (
        status == st.STOPPED_EARLY
        and staging.is_dir()
        and not holds_complete_report(reports, manifest, run_id)
    )
    if status == st.OK:
        layout.publish(staging, layout.run_dir(reports, run_id))
        layout.discard(layout.failed_dir(reports, run_id))
        return describe_outputs(reports, layout.run_dir(reports, run_id)), None
    if stopped_in_place:
        # No complete report to keep: the incomplete one (with its banner) is the report.
        layout.publish(staging, layout.run_dir(reports, run_id))
        return describe_outputs(reports, layout.run_dir(reports, run_id)), None
    last_ok = last_ok_record(reports, manifest, run_id)
    outputs = None
    if staging.is_dir():
        target = layout.failed_dir(reports, run_id)
        layout.publish(staging, target)
        outputs = describe_outputs(reports, target)
    return outputs, last_ok
