"""Helpers of the runner tests: fixture notebooks named by behaviour and batch files in tmp."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tradeviz.runner import status as st
from tradeviz.runner.executor import FINISHED, RETURNED, STARTED, ExecutorEvent, RunResult

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def notebook_path(name: str) -> Path:
    """Return the fixture notebook ``name`` (ok_trivial, cell_error, …)."""
    path = NOTEBOOKS / f"{name}.ipynb"
    assert path.is_file(), path
    return path


def write_config(directory: Path, reports: list[dict[str, Any]], **top: Any) -> Path:
    """Write a reports.yaml into ``directory``; ``notebook: <name>`` means a fixture."""
    entries = []
    for report in reports:
        report = dict(report)
        name = report["notebook"]
        if isinstance(name, str) and "/" not in name and not name.endswith(".ipynb"):
            report["notebook"] = str(notebook_path(name))
        entries.append(report)
    data = {"defaults": {"inputs": []}, **top, "reports": entries}
    path = directory / "reports.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Return once ``condition()`` holds; fail the test, naming ``what``, after ``timeout`` s.

    For waiting on something another process makes observable (a file, a log line): the
    condition is checked every 50 ms, and the test never waits longer than the event takes.
    """
    deadline = time.monotonic() + timeout
    idle = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        idle.wait(0.05)


def read_or_empty(path: Path) -> str:
    """Return the text of ``path``, or ``""`` while it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def read_manifest(reports: Path) -> dict[str, Any]:
    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))


def entries(reports: Path) -> dict[str, dict[str, Any]]:
    return {entry["run_id"]: entry for entry in read_manifest(reports)["runs"]}


class FakeExecutor:
    """Runs nothing: writes the files a run would leave, with the status the test chose."""

    def __init__(self, outcomes, *, return_first=False, interrupt_after=None):
        self.outcomes = outcomes  # run id -> status
        self.queue, self.running = [], []
        self.submitted = []
        self.return_first = return_first
        self.interrupt_after = interrupt_after
        self.finished = 0
        self.aborted = False
        self.interrupted = False

    def __call__(self, workers, log_dir, prefetch):
        self.workers = workers
        return self

    def start(self):
        pass

    def free_slots(self):
        return 2 - len(self.queue)

    def submit(self, task):
        self.queue.append(task)
        self.submitted.append(task.run_id)

    def in_flight(self):
        return [task.run_id for task in self.queue]

    def wait(self, timeout):
        if not self.queue or self.interrupted:
            return []
        task = self.queue.pop(0)
        if self.return_first:
            self.return_first = False
            return [ExecutorEvent(RETURNED, task.run_id)]
        staging = Path(task.staging)
        (staging / "figures").mkdir(parents=True)
        for name in ("report.html", "report.ipynb", "log.txt"):
            (staging / name).write_text(f"{name} of {task.run_id} {self.outcomes[task.run_id]}")
        (staging / "figures" / "chart.png").write_bytes(b"png")
        if self.interrupt_after is not None and self.finished >= self.interrupt_after:
            self.queue.insert(0, task)
            self.interrupted = True
            os.kill(os.getpid(), signal.SIGINT)
            return [ExecutorEvent(STARTED, task.run_id)]
        self.finished += 1
        status = self.outcomes[task.run_id]
        error = None
        if status != st.OK:
            error = {"kind": status, "ename": "E", "evalue": "v", "cell": 2, "message": "cell 2: E"}
        result = RunResult(task.run_id, status, error, "t0", "t1", 0.5, 1)
        return [ExecutorEvent(STARTED, task.run_id), ExecutorEvent(FINISHED, task.run_id, result)]

    def abort(self):
        self.aborted = True
        return [task.run_id for task in self.queue]

    def close(self):
        pass
