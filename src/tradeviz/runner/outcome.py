"""What a batch hands back when it ends: its exit code and a JSON-ready summary.

The summary is what ``tradeviz run --format json`` prints and what the closing lines of the
progress output are made from (:func:`tradeviz.runner.progress.summary_lines`); it names each
selected run's status and, as absolute paths, the report files that show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BatchOutcome:
    """What a batch did: its exit code and a JSON-ready summary."""

    exit_code: int
    summary: dict[str, Any] = field(default_factory=dict)


def run_summary(
    reports: Path, run_id: str, status: str, executed: bool, entry: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the summary of one run: status, message, parameters, absolute report paths.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder.
    run_id : str
        The run.
    status : str
        Its status in this batch (``cached`` included).
    executed : bool
        Whether this batch executed it.
    entry : Mapping
        Its manifest entry (empty when it has none); the report files are its ``outputs``,
        else its ``last_ok`` ones.
    """
    outputs = entry.get("outputs") or entry.get("last_ok") or {}
    return {
        "run_id": run_id,
        "status": status,
        "executed": executed,
        "duration_s": entry.get("duration_s"),
        "message": (entry.get("error") or {}).get("message", ""),
        "parameters": entry.get("parameters", {}),
        "html": _absolute(reports, outputs.get("html")),
        "notebook": _absolute(reports, outputs.get("notebook")),
        "log": _absolute(reports, outputs.get("log")),
    }


def _absolute(reports: Path, relative: str | None) -> str | None:
    return str(reports / relative) if relative else None
