"""Where a batch's files go, and how a finished run's directory is published atomically.

::

    reports/
      manifest.json            every run: parameters, status, error, times, cache key, paths
      .manifest.jsonl          runs finished since manifest.json was last written (one JSON
                               entry per line; replayed over the manifest when it is read)
      index.html               the front page: each run's finding and key charts, by group
      runs.html                the run log: every run, failures first
      .lock                    held by the running ``tradeviz run`` (pid, start time)
      .staging/<batch>/<run>/  runs being executed by one batch (never read by anyone else)
      .logs/worker-<n>.log     each worker process's own stderr, for infrastructure failures
      <run id>/                the last *good* report of the run:
        report.ipynb  report.html  log.txt  results.json  figures/*.png|html
      <run id>.failed/         the last failed attempt, same layout; the good report beside it
                               is never overwritten by a failure

A run executes in ``.staging/<run>/`` and is renamed into place only when it is complete (with
:func:`tradeviz.atomic.atomic_directory`), so a reader sees the previous directory or the new
one, never half of one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tradeviz.atomic import atomic_directory

MANIFEST = "manifest.json"
MANIFEST_JOURNAL = ".manifest.jsonl"
INDEX = "index.html"
RUNS_PAGE = "runs.html"
LOCK = ".lock"
STAGING = ".staging"
WORKER_LOGS = ".logs"

REPORT_NOTEBOOK = "report.ipynb"
REPORT_HTML = "report.html"
RUN_LOG = "log.txt"
RESULTS = "results.json"
FIGURES = "figures"
#: Files a good run directory must hold for its report to be served from the cache.
REQUIRED_FILES = (REPORT_NOTEBOOK, REPORT_HTML)
#: Suffix of the folder that holds a failed attempt beside the last good report.
FAILED_SUFFIX = ".failed"
#: Names at the top of the reports folder that belong to the runner, never to a run.
RESERVED_NAMES = frozenset(
    name.casefold()
    for name in (MANIFEST, MANIFEST_JOURNAL, INDEX, RUNS_PAGE, LOCK, STAGING, WORKER_LOGS)
)
#: Run id folders may not start with this (the runner's own bookkeeping is hidden).
HIDDEN_PREFIX = "."


def run_id_problem(run_id: str) -> str | None:
    """Say why ``run_id`` cannot be a run's folder, or return ``None`` when it can.

    A run id is a relative POSIX path of named folders. None of them may be hidden (``.x``) or
    end in :data:`FAILED_SUFFIX` (where another run's failed attempt would go, and which a
    failure of that run would replace), and the first may not be a name the runner writes at
    the top of the reports folder (``index.html``, ``manifest.json``, …), in any case.

    Examples
    --------
    >>> run_id_problem("trade_shares/KAZ-CHN"), run_id_problem("index.html")
    (None, "'index.html' is a file the runner writes")
    """
    parts = run_id.split("/")
    if not run_id or run_id.startswith("/") or "" in parts:
        return "not a relative path of named folders"
    for part in parts:
        if part in (".", ".."):
            return f"{part!r} is not a folder name"
        if part.startswith(HIDDEN_PREFIX):
            return f"{part!r} is hidden (names starting with '.' are the runner's)"
        if part.casefold().endswith(FAILED_SUFFIX):
            return f"{part!r} ends in {FAILED_SUFFIX!r}, the folder of a failed attempt"
    if parts[0].casefold() in RESERVED_NAMES:
        return f"{parts[0]!r} is a file the runner writes"
    return None


def run_dir(reports: Path, run_id: str) -> Path:
    """Return the folder of ``run_id``'s last good report."""
    return reports / run_id


def failed_dir(reports: Path, run_id: str) -> Path:
    """Return the folder of ``run_id``'s last failed attempt."""
    return reports / (run_id + FAILED_SUFFIX)


def staging_dir(reports: Path, run_id: str, batch: str = "") -> Path:
    """Return the folder ``run_id`` executes in during batch ``batch``.

    Each batch has its own folder under ``.staging/`` (named by the batch id its lock records),
    so a batch never runs in a folder a killed batch's leftovers may still write to.
    ``/`` in run ids become ``--``.
    """
    return reports / STAGING / batch / run_id.replace("/", "--")


def publish(staging: Path, target: Path) -> Path:
    """Move a complete staging directory onto ``target`` in one rename.

    The previous ``target`` stays in place until the new one is complete, then both are swapped
    (see :func:`tradeviz.atomic.atomic_directory`).

    Parameters
    ----------
    staging : pathlib.Path
        The finished run's directory.
    target : pathlib.Path
        Its final place.

    Returns
    -------
    pathlib.Path
        ``target``.
    """
    with atomic_directory(target) as tmp:
        os.replace(staging, tmp)  # a rename onto the empty temporary directory
    return target


def folder_problem(reports: Path, run_id: str, vouched: bool) -> str | None:
    """Say why publishing ``run_id`` would replace something that is not its own report.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    run_id : str
        A run id that passed :func:`run_id_problem`.
    vouched : bool
        Whether the manifest records ``reports/<run_id>`` as this run's folder.

    Returns
    -------
    str or None
        ``None`` when the folder is absent or is this run's own report (recorded in the
        manifest, or stamped with the run id in its ``report.ipynb``) holding no other run's
        report; else what is in the way.
    """
    target = run_dir(reports, run_id)
    parent = reports
    for part in run_id.split("/")[:-1]:
        parent = parent / part
        if parent.exists() and not parent.is_dir():
            return f"{parent} is a file, where the run's folder should be"
    if not target.exists() and not target.is_symlink():
        return None
    if target.is_symlink() or not target.is_dir():
        return f"{target} exists and is not a folder of tradeviz reports"
    if not vouched and stamped_run_id(target / REPORT_NOTEBOOK) != run_id:
        return f"{target} exists and is not this run's report (publishing would replace it)"
    nested = _nested_report(target)
    if nested is not None:
        return f"{target} holds another run's report ({nested}), which publishing would replace"
    return None


def _stamp(notebook: Path, key: str) -> str | None:
    """Return ``metadata.tradeviz[key]`` of an executed ``report.ipynb``, if it is text."""
    import json

    try:
        with notebook.open("rb") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    stamp = (data.get("metadata") or {}).get("tradeviz") if isinstance(data, dict) else None
    value = stamp.get(key) if isinstance(stamp, dict) else None
    return value if isinstance(value, str) else None


def stamped_run_id(notebook: Path) -> str | None:
    """Return the run id stamped in an executed ``report.ipynb`` (``metadata.tradeviz``)."""
    return _stamp(notebook, "run_id")


def stamped_status(notebook: Path) -> str | None:
    """Return the status stamped in an executed ``report.ipynb`` (``metadata.tradeviz``)."""
    return _stamp(notebook, "status")


def _nested_report(directory: Path) -> str | None:
    """Return the first report folder inside ``directory`` (not counting itself), if any."""
    for current, folders, files in os.walk(directory):
        if current != str(directory) and REPORT_NOTEBOOK in files:
            return Path(current).relative_to(directory).as_posix()
        folders[:] = [name for name in folders if name != FIGURES]
    return None


def discard(path: Path) -> None:
    """Remove a directory tree if it exists."""
    shutil.rmtree(path, ignore_errors=True)


def list_files(directory: Path) -> list[str]:
    """Return the files under ``directory`` as sorted POSIX paths relative to it."""
    if not directory.is_dir():
        return []
    return sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )
