"""The executor of one batch on a Dask cluster (see :mod:`tradeviz.runner.cluster`).

:class:`DaskExecutor` implements :mod:`tradeviz.runner.executor` on a connected client:

- each input file is read once per batch, checked against the sha256 the cache key holds, and
  scattered to the workers once (``broadcast=True``); every task then refers to it by hash;
- each run is one task (:func:`tradeviz.runner.remote.execute_run`) carrying its notebook and
  parameters; its progress comes back as Dask events on a topic of this batch; its directory
  comes back as bytes and is unpacked into the batch's staging folder, from where the batch
  publishes it exactly as for a local run;
- a worker lost mid-run is Dask's business: the scheduler runs the task again elsewhere, up to
  its ``distributed.scheduler.allowed-failures`` limit; a task it gives up on
  (:class:`distributed.KilledWorker`) is an ``infra_error`` run, never an ok one;
- :meth:`~DaskExecutor.abort` cancels every future and kills the kernels of the runs in
  progress on the workers; a run stuck past its time limit plus :data:`BACKSTOP_GRACE` is
  stopped the same way and recorded as ``timeout``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz.runner import status as st
from tradeviz.runner.archive import ArchiveError, unpack_directory
from tradeviz.runner.executor import FINISHED, PROGRESS, STARTED, ExecutorEvent, RunResult, RunTask
from tradeviz.runner.manifest import now_iso

#: Seconds a run gets, after its own time limit, before the client stops it.
BACKSTOP_GRACE = 30.0
#: Futures the batch may have in flight at once (the scheduler queues them).
MAX_IN_FLIGHT = 100_000
_QUIET_LOGGERS = ("distributed", "tornado", "bokeh")


@contextlib.contextmanager
def quiet_dask_logs(level: int = logging.CRITICAL) -> Any:
    """Keep Dask's own log lines off the terminal while connecting (the error says it all)."""
    loggers = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, previous in zip(loggers, levels, strict=True):
            logger.setLevel(previous)


@dataclass
class _Flight:
    """A submitted run."""

    task: RunTask
    future: Any
    started: float | None = None
    worker: str = ""


class DaskExecutor:
    """Runs of one batch on a connected :class:`distributed.Client`.

    Parameters
    ----------
    client : distributed.Client
        Connected; its workers have tradeviz installed.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self.topic = f"tradeviz-{uuid.uuid4().hex}"
        self.inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.flights: dict[str, _Flight] = {}
        self.scattered: dict[str, Any] = {}  # sha256 -> future of the bytes
        self.notebooks: dict[str, bytes] = {}
        self.events: list[ExecutorEvent] = []
        self.project_root = _project_root()
        from tradeviz.runner.cachekey import environment

        self.fingerprint = dict(environment())

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Subscribe to the batch's event topic."""
        self.client.subscribe_topic(self.topic, self._on_event)

    def close(self) -> None:
        """Unsubscribe and release the scattered inputs (the client stays connected)."""
        with contextlib.suppress(Exception):
            self.client.unsubscribe_topic(self.topic)
        self.scattered.clear()
        self.flights.clear()

    # -- submitting --------------------------------------------------------------------------
    def free_slots(self) -> int:
        """Return how many more runs may be submitted (the scheduler queues them)."""
        return MAX_IN_FLIGHT - len(self.flights)

    def in_flight(self) -> list[str]:
        """Return the run ids submitted and not finished."""
        return list(self.flights)

    def submit(self, task: RunTask) -> None:
        """Send ``task`` to the cluster, with its notebook and (once per batch) its inputs."""
        from tradeviz.runner.remote import execute_run

        try:
            placements, files = self._inputs(task)
            notebook = self._notebook(task.notebook)
            notebook_path = self._placement(Path(task.notebook), task)
        except _InputProblem as problem:
            self._fail_now(task, problem.message)
            return
        payload = {
            "task": task.to_json(),
            "notebook": notebook,
            "notebook_path": notebook_path,
            "placements": placements,
            "fingerprint": self.fingerprint,
            "topic": self.topic,
        }
        key = f"tradeviz-run-{task.run_id}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(execute_run, payload, files, key=key, pure=False)
        self.flights[task.run_id] = _Flight(task, future)
        future.add_done_callback(lambda _, run_id=task.run_id: self.inbox.put(("done", run_id)))

    def _notebook(self, path: str) -> bytes:
        if path not in self.notebooks:
            try:
                self.notebooks[path] = Path(path).read_bytes()
            except OSError as failure:
                raise _InputProblem(f"cannot read the notebook {path}: {failure}") from None
        return self.notebooks[path]

    def _inputs(self, task: RunTask) -> tuple[dict[str, str], dict[str, Any]]:
        """Return the run's placements (relative path -> sha256) and sha256 -> future."""
        placements: dict[str, str] = {}
        files: dict[str, Any] = {}
        for label, digest in task.inputs.items():
            path = Path(label) if Path(label).is_absolute() else Path(task.input_root) / label
            placements[self._placement(path, task)] = digest
            if digest not in self.scattered:
                try:
                    data = path.read_bytes()
                except OSError as failure:
                    raise _InputProblem(f"cannot read the input {path}: {failure}") from None
                if hashlib.sha256(data).hexdigest() != digest:
                    raise _InputProblem(
                        f"the input {path} changed after the batch hashed it; run again"
                    )
                self.scattered[digest] = self.client.scatter(data, broadcast=True, hash=False)
            files[digest] = self.scattered[digest]
        return placements, files

    def _placement(self, path: Path, task: RunTask) -> str:
        """Where ``path`` goes under the worker's project folder (relative POSIX path)."""
        path = Path(os.path.abspath(path))  # symbolic links stay: the notebook sees them too
        roots = [self.project_root]
        if task.input_root:
            roots.append(Path(os.path.abspath(task.input_root)))
        for root in roots:
            with contextlib.suppress(ValueError):
                return path.relative_to(root).as_posix()
        raise _InputProblem(
            f"{path} is outside the project folder {self.project_root} and the batch file's "
            "folder: a cluster worker could not place it where the notebook looks"
        )

    def _fail_now(self, task: RunTask, message: str) -> None:
        error = {"kind": st.INFRA_ERROR, "ename": "InputError", "evalue": message}
        error.update(cell=None, message=message)
        now = now_iso()
        result = RunResult(task.run_id, st.INFRA_ERROR, error, now, now, 0.0, 0)
        self.events.append(ExecutorEvent(FINISHED, task.run_id, result=result))

    # -- events ------------------------------------------------------------------------------
    def _on_event(self, event: Any) -> None:
        """Dask calls this (in the client's thread) for each event of the batch's topic."""
        _, message = event
        self.inbox.put(("event", message))

    def wait(self, timeout: float) -> list[ExecutorEvent]:
        """Return the events that arrive within ``timeout`` seconds; enforce the backstop."""
        events, self.events = self.events, []
        try:
            items = [self.inbox.get(timeout=timeout)] if timeout > 0 and not events else []
        except queue.Empty:
            items = []
        while True:
            try:
                items.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        for kind, value in items:
            if kind == "event":
                events.extend(self._translate(value))
            else:
                events.extend(self._finished(value))
        events.extend(self._backstop())
        return events

    def _translate(self, message: dict[str, Any]) -> list[ExecutorEvent]:
        flight = self.flights.get(str(message.get("run_id")))
        if flight is None:
            return []  # a run already finished or cancelled
        run_id = flight.task.run_id
        if message.get("kind") == "started":
            flight.started, flight.worker = time.monotonic(), str(message.get("worker", ""))
            return [ExecutorEvent(STARTED, run_id)]
        if message.get("kind") == "progress" and flight.started is not None:
            detail = {"cell": message.get("cell"), "cells": message.get("cells")}
            return [ExecutorEvent(PROGRESS, run_id, detail=detail)]
        return []

    def _finished(self, run_id: str) -> list[ExecutorEvent]:
        flight = self.flights.pop(run_id, None)
        if flight is None:
            return []  # cancelled by abort(), or stopped by the backstop
        events = []
        if flight.started is None:
            events.append(ExecutorEvent(STARTED, run_id))
        result = self._result(flight)
        events.append(ExecutorEvent(FINISHED, run_id, result=result))
        return events

    def _result(self, flight: _Flight) -> RunResult:
        from distributed import KilledWorker

        task, future = flight.task, flight.future
        duration = time.monotonic() - flight.started if flight.started else 0.0
        if future.status == "finished":
            try:
                data = future.result()
                result = RunResult.from_json(data["result"])
                if data.get("archive") is not None:
                    unpack_directory(data["archive"], Path(task.staging))
                return result
            except ArchiveError as failure:
                return _infra(task, "ArchiveError", str(failure), duration, flight.worker)
            finally:
                future.release()
        failure = future.exception() if future.status == "error" else None
        if isinstance(failure, KilledWorker):
            message = (
                "Dask gave up on this run: the workers running it died or were lost, as many "
                "times as the scheduler's distributed.scheduler.allowed-failures allows"
            )
            return _infra(task, "KilledWorker", message, duration, flight.worker)
        if failure is not None:
            message = f"the task failed on the worker: {type(failure).__name__}: {failure}"
            return _infra(task, type(failure).__name__, message, duration, flight.worker)
        message = f"the cluster dropped the task ({future.status})"
        return _infra(task, "TaskLost", message, duration, flight.worker)

    def _backstop(self) -> list[ExecutorEvent]:
        events = []
        now = time.monotonic()
        for run_id, flight in list(self.flights.items()):
            limit = flight.task.run_timeout
            if (
                flight.started is None
                or not limit
                or now - flight.started <= limit + BACKSTOP_GRACE
            ):
                continue
            self._stop([run_id])
            self.flights.pop(run_id, None)
            message = (
                f"the run exceeded its time limit of {limit:g} s and its worker "
                f"{flight.worker or '?'} did not stop it"
            )
            error = {"kind": st.TIMEOUT, "ename": "WorkerStuck", "evalue": message}
            error.update(cell=None, message=message)
            result = RunResult(
                run_id,
                st.TIMEOUT,
                error,
                now_iso(),
                now_iso(),
                round(now - flight.started, 3),
                worker=flight.worker,
            )
            events.append(ExecutorEvent(FINISHED, run_id, result=result))
        return events

    # -- stopping ----------------------------------------------------------------------------
    def abort(self) -> list[str]:
        """Cancel every future, kill the kernels of the runs in progress; return those runs."""
        started = [run_id for run_id, flight in self.flights.items() if flight.started]
        self._stop(list(self.flights))
        self.flights.clear()
        return started

    def _stop(self, run_ids: list[str]) -> None:
        from tradeviz.runner.remote import stop_runs

        futures = [self.flights[run_id].future for run_id in run_ids if run_id in self.flights]
        with quiet_dask_logs(), contextlib.suppress(Exception):
            self.client.cancel(futures, force=True)
        with quiet_dask_logs(), contextlib.suppress(Exception):
            self.client.run(stop_runs, run_ids)


class _InputProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _infra(task: RunTask, ename: str, message: str, duration: float, worker: str) -> RunResult:
    error = {"kind": st.INFRA_ERROR, "ename": ename, "evalue": message, "cell": None}
    error["message"] = message
    now = now_iso()
    return RunResult(task.run_id, st.INFRA_ERROR, error, now, now, round(duration, 3), 1, worker)


def _project_root() -> Path:
    from tradeviz.paths import project_root

    return Path(os.path.abspath(project_root()))
