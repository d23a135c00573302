"""Where a batch's files go, and how a finished run's directory is published atomically.

::

    reports/
      manifest.json            every run: parameters, status, error, times, cache key, paths
      .manifest.jsonl          runs finished since manifest.json was last written (one JSON
                               entry per line; replayed over the manifest when it is read)
      index.html               one page listing every run, failures first
      .lock                    held by the running ``tradeviz run`` (pid, start time)
      .staging/<run>/          runs being executed (never read by anyone else)
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
from tradeviz.runner.config import FAILED_SUFFIX

MANIFEST = "manifest.json"
MANIFEST_JOURNAL = ".manifest.jsonl"
INDEX = "index.html"
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


def run_dir(reports: Path, run_id: str) -> Path:
    """Return the folder of ``run_id``'s last good report."""
    return reports / run_id


def failed_dir(reports: Path, run_id: str) -> Path:
    """Return the folder of ``run_id``'s last failed attempt."""
    return reports / (run_id + FAILED_SUFFIX)


def staging_dir(reports: Path, run_id: str) -> Path:
    """Return the folder ``run_id`` executes in (``/`` in run ids become ``--``)."""
    return reports / STAGING / run_id.replace("/", "--")


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
