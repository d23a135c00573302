"""What a batch tells the person or the scheduler watching it.

- :class:`LineReporter` (off a terminal, or when ``CI`` is set): one line per state change,
  prefixed with the time and the run id: ``START``, ``CACHED``, ``OK 2.1s``,
  ``FAIL cell_error 1.4s cell 3: ValueError: boom`` — easy to grep in cron mail or CI logs.
- :class:`TerminalReporter` (on a terminal): finished runs scroll past as lines, and one live
  status line at the bottom shows the counts and each running run with its cell and time.

Both end with a summary: counts by status, the slowest runs, and every failure with its
parameters, error and paths.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from tradeviz.parameters import format_value, from_json_value
from tradeviz.runner import status as st

#: Slowest runs listed in the summary.
SLOWEST_SHOWN = 3
#: Seconds between refreshes of the terminal's live line.
REFRESH_INTERVAL = 0.25


def _clock() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class LineReporter:
    """One line per state change (for logs, cron and CI).

    Parameters
    ----------
    stream : file-like, optional
        Where lines go (default ``sys.stdout``).
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def write(self, text: str) -> None:
        """Write one line."""
        self.stream.write(text + "\n")
        self.stream.flush()

    def event(self, run_id: str, text: str) -> None:
        """Write a state change of ``run_id``."""
        self.write(f"{_clock()} {run_id} {text}")

    def batch_started(self, total: int, to_run: int, cached: int, workers: int) -> None:
        """Announce the batch."""
        self.write(
            f"{_clock()} batch: {total} runs selected, {cached} cached, {to_run} to run "
            f"on {workers} worker{'s' * (workers != 1)}"
        )

    def run_cached(self, run_id: str) -> None:
        """Report a run skipped because nothing changed since its last ok run."""
        self.event(run_id, "CACHED")

    def run_started(self, run_id: str) -> None:
        """Report that a run began."""
        self.event(run_id, "START")

    def run_progress(self, run_id: str, cell: int, cells: int) -> None:
        """Report that a run reached a code cell (not logged line by line)."""

    def run_finished(self, run_id: str, status: str, duration: float, error: str) -> None:
        """Report how a run ended."""
        if status == st.OK:
            self.event(run_id, f"OK {duration:.1f}s")
        elif status == st.INTERRUPTED:
            self.event(run_id, "INTERRUPTED")
        elif status == st.STOPPED_EARLY:
            self.event(run_id, f"STOPPED EARLY {duration:.1f}s {error}".rstrip())
        else:
            self.event(run_id, f"FAIL {status} {duration:.1f}s {error}".rstrip())

    def tick(self) -> None:
        """Refresh a live display (nothing to do here)."""

    def batch_finished(self, summary: Mapping[str, Any]) -> None:
        """Print the closing summary."""
        for line in summary_lines(summary):
            self.write(line)


class TerminalReporter(LineReporter):
    """A live status line on a terminal, with finished runs scrolling above it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        self.running: dict[str, list[float]] = {}  # run id -> [start, cell, cells]
        self.done = 0
        self.failed = 0
        self.total = 0
        self._last = 0.0

    def _clear(self) -> None:
        self.stream.write("\r\x1b[2K")

    def write(self, text: str) -> None:
        """Write a line above the status line."""
        self._clear()
        self.stream.write(text + "\n")
        self._draw()

    def batch_started(self, total: int, to_run: int, cached: int, workers: int) -> None:
        """Announce the batch and start the status line."""
        self.total = to_run
        super().batch_started(total, to_run, cached, workers)

    def run_cached(self, run_id: str) -> None:
        """Skip: cached runs are counted in the summary, not listed on a terminal."""

    def run_started(self, run_id: str) -> None:
        """Track a started run."""
        self.running[run_id] = [time.monotonic(), 0, 0]
        self._draw()

    def run_progress(self, run_id: str, cell: int, cells: int) -> None:
        """Track the cell a run is in."""
        if run_id in self.running:
            self.running[run_id][1:] = [cell, cells]
            self._draw()

    def run_finished(self, run_id: str, status: str, duration: float, error: str) -> None:
        """Print the finished run and update the counts."""
        self.running.pop(run_id, None)
        self.done += 1
        self.failed += status not in st.GOOD and status != st.STOPPED_EARLY
        super().run_finished(run_id, status, duration, error)

    def tick(self) -> None:
        """Redraw the status line (elapsed times move)."""
        if time.monotonic() - self._last >= REFRESH_INTERVAL:
            self._draw()

    def batch_finished(self, summary: Mapping[str, Any]) -> None:
        """Remove the status line and print the summary."""
        self.running.clear()
        self._clear()
        self.stream.flush()
        for line in summary_lines(summary):
            self.stream.write(line + "\n")
        self.stream.flush()

    def _draw(self) -> None:
        self._last = time.monotonic()
        width = shutil.get_terminal_size((100, 20)).columns
        now = time.monotonic()
        parts = [
            f"{run_id} cell {int(cell)}/{int(cells)} {now - start:.0f}s"
            if cells
            else f"{run_id} starting {now - start:.0f}s"
            for run_id, (start, cell, cells) in self.running.items()
        ]
        line = f"[{self.done}/{self.total}] failed {self.failed} | " + " · ".join(parts)
        self._clear()
        self.stream.write(line[: max(10, width - 1)])
        self.stream.flush()


def make_reporter(output_format: str, stream: TextIO | None = None) -> LineReporter:
    """Choose the reporter: live on a terminal (unless ``CI`` is set), lines otherwise.

    With ``--format json`` progress goes to stderr as lines, leaving stdout to the summary.
    """
    if output_format == "json":
        return LineReporter(sys.stderr)
    stream = stream or sys.stdout
    if stream.isatty() and not os.environ.get("CI"):
        return TerminalReporter(stream)
    return LineReporter(stream)


def summary_lines(summary: Mapping[str, Any]) -> list[str]:
    """Return the closing summary of a batch as text lines."""
    counts = summary.get("counts", {})
    order = sorted(counts, key=lambda status: st.SEVERITY.get(status, 99))
    lines = [
        f"{summary.get('selected', 0)} runs in {summary.get('duration_s', 0):.1f}s: "
        + ", ".join(f"{counts[status]} {status}" for status in order)
        + f" (exit code {summary.get('exit_code')})"
    ]
    ran = [run for run in summary.get("runs", []) if run.get("executed")]
    slowest = sorted(ran, key=lambda run: -(run.get("duration_s") or 0))[:SLOWEST_SHOWN]
    if len(ran) > 1:
        lines.append(
            "slowest: "
            + ", ".join(f"{run['run_id']} {run.get('duration_s') or 0:.1f}s" for run in slowest)
        )
    failures = [run for run in summary.get("runs", []) if run.get("status") not in st.GOOD]
    for run in failures:
        label = "STOPPED EARLY" if run.get("status") == st.STOPPED_EARLY else "FAILED"
        lines.append(f"{label} {run['run_id']} [{run['status']}] {run.get('message') or ''}")
        lines.append(f"    parameters: {_parameters(run.get('parameters', {}))}")
        for label in ("html", "notebook", "log"):
            if run.get(label):
                lines.append(f"    {label}: {run[label]}")
    if summary.get("index"):
        lines.append(f"index: {summary['index']}")
    return lines


def _parameters(parameters: Mapping[str, Any] | Sequence[Any]) -> str:
    if not isinstance(parameters, Mapping):
        return str(parameters)
    return ", ".join(
        f"{name}={format_value(from_json_value(value))}" for name, value in parameters.items()
    )
