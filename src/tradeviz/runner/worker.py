"""A long-lived worker process: imports papermill and nbconvert once, runs tasks one by one.

Started by :class:`tradeviz.runner.local.LocalExecutor` as ``python -m tradeviz.runner.worker``.
Protocol, one JSON object per line:

- stdin (from the batch): ``{"type": "task", "task": {...RunTask...}}``; end of file means stop.
- the private channel (the original stdout): ``{"type": "ready"}``, ``{"type": "kernel",
  "run_id", "pgid"}`` (so the batch can kill kernels), ``{"type": "kernel_gone", "pgid"}``,
  ``{"type": "started", "run_id"}``, ``{"type": "progress", "run_id", "cell", "cells"}``,
  ``{"type": "finished", "result": {...RunResult...}}``.

File descriptor 1 is pointed at stderr (the worker's log) once the channel is set up, so a
stray ``print`` in a library cannot corrupt the protocol.

Speed-ups measured on a 2-core machine (docs/benchmarks.md gives the figures):

- the first task's kernel is launched before papermill is imported, so the two overlap;
- when a run's kernel is ready, the kernel of the worker's next task is launched at once (one
  warm kernel per worker, used by exactly one run: isolation is kept);
- kernels are killed (``now=True``) as soon as a run ends, not shut down gracefully;
- kernels are forked from a template process that imported ipykernel, pandas, matplotlib and
  tradeviz once (:mod:`tradeviz.runner.kerneltemplate`): a fresh kernel per run without paying
  for Python's start and those imports each time.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from jupyter_core.utils import run_sync

from tradeviz.runner.executor import RunTask
from tradeviz.runner.kernels import RunKernel, start_template
from tradeviz.runner.kerneltemplate import KernelTemplate
from tradeviz.runner.lifeline import die_with_parent, expected_parent


class Channel:
    """The worker's side of the protocol: JSON lines out, thread-safe."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        """Write one message."""
        line = json.dumps(message, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            self._stream.write(line)
            self._stream.flush()


def _read_tasks(inbox: queue.Queue[RunTask | None]) -> None:
    """Reader thread: turn stdin lines into tasks; ``None`` at end of file."""
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        if message.get("type") == "task":
            inbox.put(RunTask.from_json(message["task"]))
    inbox.put(None)


def _import_jupyter_stack() -> None:
    """Import papermill and nbconvert, skipping jsonschema's slowest optional format checker.

    In a venv that also holds JupyterLab, ``import papermill`` costs about 2 s, half of it
    ``rfc3987_syntax`` building a grammar when jsonschema looks for format checkers
    (measured on a 2-core machine). Notebook validation does not use the IRI formats it
    checks, so the worker hides the module: the import drops to about 0.45 s.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


class Worker:
    """Run tasks from ``inbox`` until it yields ``None``.

    Parameters
    ----------
    channel : Channel
        Where messages go.
    inbox : queue.Queue
        Tasks in the order the batch assigned them.
    sockets : pathlib.Path
        Directory for kernels' socket directories.
    prestart : bool
        Launch the next task's kernel while the current run executes.
    """

    def __init__(
        self,
        channel: Channel,
        inbox: queue.Queue[RunTask | None],
        sockets: Path,
        prestart: bool,
        template: KernelTemplate | None = None,
    ) -> None:
        self.channel = channel
        self.inbox = inbox
        self.sockets = sockets
        self.prestart = prestart
        self.template = template
        self.warm: dict[str, RunKernel] = {}
        self.waiting: list[RunTask | None] = []
        self.runner: Any = None

    def kill_kernels(self) -> None:
        """Kill every kernel this worker started (the running one and the warm one)."""
        kernels = list(self.warm.values())
        current = getattr(self.runner, "_kernel", None)
        if current is not None:
            kernels.append(current)
        for kernel in kernels:
            kernel.kill()

    def next_task(self, block: bool) -> RunTask | None:
        """Return the next task (``None`` at the end, or when not blocking and none is queued)."""
        if self.waiting:
            return self.waiting.pop(0)
        try:
            return self.inbox.get(block=block)
        except queue.Empty:
            return None

    async def start_kernel(self, task: RunTask) -> RunKernel:
        """Launch ``task``'s kernel (not waiting for it to be ready) and report its group."""
        kernel = RunKernel(
            task.kernel_name,
            Path(task.staging),
            self.sockets,
            task.notebook,
            template=self.template,
            env=task.kernel_env,
            kernel_cwd=Path(task.cwd) if task.cwd else None,
        )
        await kernel.start()
        self.channel.send({"type": "kernel", "run_id": task.run_id, "pgid": kernel.pgid})
        return kernel

    async def warm_next(self) -> None:
        """Launch the next queued task's kernel (called when a run's kernel is ready)."""
        if not self.prestart or self.warm:
            return
        try:
            task = self.inbox.get_nowait()
        except queue.Empty:
            return
        self.waiting.append(task)
        if task is not None:
            await self._try_start(task)

    async def _try_start(self, task: RunTask) -> None:
        """Start ``task``'s kernel early; on failure leave it to the run (which retries)."""
        try:
            self.warm[task.run_id] = await self.start_kernel(task)
        except Exception as failure:  # noqa: BLE001 - the run reports start failures itself
            sys.stderr.write(f"early start of {task.run_id}'s kernel failed: {failure!r}\n")

    def serve(self) -> None:
        """Run every task, then kill any kernel left (a task the batch took back)."""
        task = self.next_task(block=True)
        if task is None:
            return
        if self.template is not None:
            # The template imports the kernels' libraries while this process imports its own.
            _import_jupyter_stack()
            run_sync(self._try_start)(task)
        else:
            # Launch the first kernel, then pay for the imports while it boots.
            run_sync(self._try_start)(task)
            _import_jupyter_stack()
        from tradeviz.runner.execute import NotebookRunner

        runner = self.runner = NotebookRunner(self.sockets, self.channel.send, self.template)
        runner.on_kernel_ready = self.warm_next
        self.channel.send({"type": "ready"})
        try:
            while task is not None:
                self.channel.send({"type": "started", "run_id": task.run_id})
                result = runner.run(task, self.warm.pop(task.run_id, None))
                self.channel.send({"type": "finished", "result": result.to_json()})
                task = self.next_task(block=True)
        finally:
            for kernel in self.warm.values():
                kernel.kill()
                kernel.remove_files()
            if self.template is not None:
                self.template.close()


def main(argv: list[str] | None = None) -> None:
    """Entry point: ``python -m tradeviz.runner.worker SOCKET_DIR [--no-prestart]``.

    Kernels are forked from a template process unless ``TRADEVIZ_KERNEL_TEMPLATE=0``. With
    ``TRADEVIZ_PARENT_PID`` set (the batch sets it), the worker ends, killing its kernels, as
    soon as that process is gone.
    """
    argv = sys.argv[1:] if argv is None else argv
    sockets = Path(argv[0])
    prestart = "--no-prestart" not in argv
    channel = Channel(os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1))
    os.dup2(2, 1)  # anything printed from now on goes to the worker's log
    sys.stdout = sys.stderr
    inbox: queue.Queue[RunTask | None] = queue.Queue()
    threading.Thread(target=_read_tasks, args=(inbox,), daemon=True).start()
    worker = Worker(channel, inbox, sockets, prestart, start_template())

    def terminate(number: int, _frame: Any) -> None:
        worker.kill_kernels()
        if worker.template is not None:
            worker.template.kill()
        os._exit(128 + number)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides; it sends SIGTERM
    # A batch killed with SIGKILL cannot stop its workers: they stop themselves (SIGTERM from
    # the kernel on Linux, or the watchdog), and their kernels with them.
    parent = expected_parent()
    if parent is not None:
        die_with_parent(parent, lambda: terminate(signal.SIGHUP, None))
    worker.serve()


if __name__ == "__main__":
    main()
