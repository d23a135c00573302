"""Run notebooks in long-lived worker processes on this machine.

Each worker (``python -m tradeviz.runner.worker``) imports papermill and nbconvert once and runs
its tasks one after another, each in a fresh kernel. A worker holds at most ``1 + prefetch``
tasks: the one it runs and the next, whose kernel it starts early. Workers and kernels run in
their own sessions, so Ctrl-C in a terminal reaches only the batch, which then kills them by
process group.

The batch's guard against a stuck worker: a run that exceeds its ``run_timeout`` is stopped by
the worker itself (it kills the kernel); if the worker does not report within
:data:`BACKSTOP_GRACE` seconds after that, the executor kills the worker and its kernels, reports
the run as ``timeout`` and starts a replacement.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from tradeviz.runner import status as st
from tradeviz.runner.executor import (
    FINISHED,
    PROGRESS,
    RETURNED,
    STARTED,
    ExecutorEvent,
    RunResult,
    RunTask,
)
from tradeviz.runner.lifeline import PARENT_ENV
from tradeviz.runner.manifest import now_iso

#: Seconds a worker gets, after a run's own time limit, before the executor kills it.
BACKSTOP_GRACE = 30.0
#: Seconds a worker gets to kill its kernels and exit after SIGTERM.
TERM_GRACE = 2.0
#: Seconds idle workers get to exit after their input is closed.
CLOSE_GRACE = 5.0
#: Replacement workers started at most this many times per worker slot.
MAX_RESPAWNS = 3
_READ_SIZE = 1 << 16


@dataclass
class _Worker:
    number: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    assigned: list[str] = field(default_factory=list)
    current: str | None = None
    started: float = 0.0
    kernels: dict[int, str] = field(default_factory=dict)  # pgid -> run id
    buffer: bytes = b""
    alive: bool = True


class LocalExecutor:
    """Worker processes on this machine (the default executor).

    Parameters
    ----------
    workers : int
        Number of worker processes (each runs one kernel at a time, plus one warm kernel).
    log_dir : pathlib.Path
        Where each worker's stderr goes (``worker-<n>.log``).
    prefetch : int, optional
        Tasks queued per worker beyond the running one (their kernels start early); 0 turns
        kernel pre-start off.
    python : str, optional
        Interpreter for the workers (default: this one).
    """

    def __init__(
        self, workers: int, log_dir: Path, *, prefetch: int = 1, python: str | None = None
    ) -> None:
        self.size = max(1, workers)
        self.log_dir = log_dir
        self.prefetch = max(0, prefetch)
        self.python = python or sys.executable
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        self.tasks: dict[str, RunTask] = {}
        self.respawns = 0
        self.sockets: Path | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Create the socket directory and start the workers."""
        from tradeviz.runner.kernels import socket_root

        self.sockets = socket_root()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for number in range(self.size):
            (self.log_dir / f"worker-{number + 1}.log").write_bytes(b"")  # this batch's only
            self.workers.append(self._spawn(number))

    def _spawn(self, number: int) -> _Worker:
        log = (self.log_dir / f"worker-{number + 1}.log").open("ab")
        command = [self.python, "-m", "tradeviz.runner.worker", str(self.sockets)]
        if not self.prefetch:
            command.append("--no-prestart")
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,
            bufsize=0,
            env={**os.environ, PARENT_ENV: str(os.getpid())},  # it dies with this process
        )
        worker = _Worker(number, process, log)
        self.selector.register(process.stdout, selectors.EVENT_READ, worker)
        return worker

    def close(self) -> None:
        """Close the workers' input (they exit when idle), then kill stragglers; clean up."""
        for worker in self.workers:
            if worker.alive and worker.process.stdin:
                with contextlib.suppress(OSError):
                    worker.process.stdin.close()
        deadline = time.monotonic() + CLOSE_GRACE
        for worker in self.workers:
            if not worker.alive:
                continue
            try:
                worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._kill(worker)
            self._retire(worker)
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)
        self.selector.close()

    # -- submitting --------------------------------------------------------------------------
    def free_slots(self) -> int:
        """Return how many more tasks the workers accept now."""
        per_worker = 1 + self.prefetch
        return sum(per_worker - len(w.assigned) for w in self.workers if w.alive)

    def submit(self, task: RunTask) -> None:
        """Give ``task`` to the least busy worker."""
        candidates = [w for w in self.workers if w.alive and len(w.assigned) <= self.prefetch]
        if not candidates:
            raise RuntimeError("no free worker: check free_slots() before submit()")
        worker = min(candidates, key=lambda w: (len(w.assigned), w.number))
        line = json.dumps({"type": "task", "task": task.to_json()}, ensure_ascii=False) + "\n"
        assert worker.process.stdin is not None
        worker.process.stdin.write(line.encode("utf-8"))
        worker.assigned.append(task.run_id)
        self.tasks[task.run_id] = task

    def in_flight(self) -> list[str]:
        """Return the run ids submitted and not finished."""
        return [run_id for w in self.workers for run_id in w.assigned]

    # -- events ------------------------------------------------------------------------------
    def wait(self, timeout: float) -> list[ExecutorEvent]:
        """Return events that arrive within ``timeout`` seconds; enforce the backstop."""
        events: list[ExecutorEvent] = []
        for key, _ in self.selector.select(timeout):
            worker: _Worker = key.data
            try:
                chunk = os.read(key.fd, _READ_SIZE)
            except OSError:
                chunk = b""
            if not chunk:
                events.extend(self._lost(worker, "the worker process ended unexpectedly"))
                continue
            worker.buffer += chunk
            *lines, worker.buffer = worker.buffer.split(b"\n")
            for line in lines:
                if line.strip():
                    events.extend(self._handle(worker, json.loads(line)))
        events.extend(self._backstop())
        return events

    def _handle(self, worker: _Worker, message: dict[str, Any]) -> list[ExecutorEvent]:
        kind = message.get("type")
        if kind == "kernel" and message.get("pgid"):
            worker.kernels[int(message["pgid"])] = message["run_id"]
        elif kind == "kernel_gone":
            worker.kernels.pop(int(message.get("pgid") or 0), None)
        elif kind == "started":
            worker.current, worker.started = message["run_id"], time.monotonic()
            return [ExecutorEvent(STARTED, message["run_id"])]
        elif kind == "progress":
            detail = {"cell": message.get("cell"), "cells": message.get("cells")}
            return [ExecutorEvent(PROGRESS, message["run_id"], detail=detail)]
        elif kind == "finished":
            result = RunResult.from_json(message["result"])
            result = replace(result, worker=f"local:{worker.number + 1}")
            if result.run_id in worker.assigned:
                worker.assigned.remove(result.run_id)
            worker.current = None
            self.tasks.pop(result.run_id, None)
            return [ExecutorEvent(FINISHED, result.run_id, result=result)]
        return []

    def _backstop(self) -> list[ExecutorEvent]:
        events: list[ExecutorEvent] = []
        now = time.monotonic()
        for worker in self.workers:
            task = self.tasks.get(worker.current or "")
            if not worker.alive or task is None or not task.run_timeout:
                continue
            if now - worker.started > task.run_timeout + BACKSTOP_GRACE:
                events.extend(
                    self._lost(
                        worker,
                        f"the run exceeded its time limit of {task.run_timeout:g} s and its "
                        "worker did not stop it",
                        status=st.TIMEOUT,
                    )
                )
        return events

    def _lost(
        self, worker: _Worker, reason: str, *, status: str = st.INFRA_ERROR
    ) -> list[ExecutorEvent]:
        """Retire a dead or stuck worker: fail its current run, hand back the others."""
        self._kill(worker)
        code = worker.process.poll()
        self._retire(worker)
        events = []
        for run_id in worker.assigned:
            self.tasks.pop(run_id, None)
            if run_id == worker.current:
                log = self.log_dir / f"worker-{worker.number + 1}.log"
                message = f"{reason} (exit code {code}; see {log})"
                error = {
                    "kind": status,
                    "ename": "WorkerLost",
                    "evalue": message,
                    "cell": None,
                    "message": message,
                }
                duration = time.monotonic() - worker.started
                result = RunResult(
                    run_id,
                    status,
                    error,
                    now_iso(),
                    now_iso(),
                    round(duration, 3),
                    worker=f"local:{worker.number + 1}",
                )
                events.append(ExecutorEvent(FINISHED, run_id, result=result))
            else:
                events.append(ExecutorEvent(RETURNED, run_id))
        worker.assigned.clear()
        if self.respawns < MAX_RESPAWNS * self.size:
            self.respawns += 1
            self.workers[self.workers.index(worker)] = self._spawn(worker.number)
        return events

    # -- stopping ----------------------------------------------------------------------------
    def abort(self) -> list[str]:
        """Stop every worker and kernel now; return the run ids that had started.

        Each worker gets SIGTERM first (it kills the kernels it started, the warm one too, and
        exits); after :data:`TERM_GRACE` seconds what is left is killed by process group.
        """
        started = [w.current for w in self.workers if w.alive and w.current]
        alive = [w for w in self.workers if w.alive]
        for worker in alive:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + TERM_GRACE
        for worker in alive:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=max(0.05, deadline - time.monotonic()))
            self._kill(worker)
            self._retire(worker)
            worker.assigned.clear()
        self.tasks.clear()
        return started

    def _kill(self, worker: _Worker) -> None:
        for pgid in list(worker.kernels):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
        worker.kernels.clear()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(worker.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=CLOSE_GRACE)

    def _retire(self, worker: _Worker) -> None:
        if worker.alive:
            worker.alive = False
            assert worker.process.stdout is not None
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(worker.process.stdout)
            for stream in (worker.process.stdout, worker.process.stdin):
                with contextlib.suppress(OSError):
                    if stream:
                        stream.close()
            worker.log.close()
