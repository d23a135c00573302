"""Execute one run in a worker: papermill with our kernel, classification, files, HTML.

Runs inside a worker process (:mod:`tradeviz.runner.worker`), which imports this module, and
with it papermill, nbclient, nbformat and nbconvert, once for all its runs.

How a run's status is decided (never from papermill's metadata alone, which shows a dead or
timed-out kernel as "completed"):

- an error output in a cell whose reply said ``ok`` (an exception while *displaying* the result,
  e.g. a matplotlib mathtext error) is turned into a failed reply by the ``on_cell_executed``
  hook (the nbmake#77 idea), so execution stops there: ``display_error``;
- papermill's ``PapermillExecutionError`` otherwise: ``cell_error`` (``sys.exit(1)`` included;
  ``sys.exit(0)``, which papermill counts as success, stops the notebook early: its status is
  :data:`tradeviz.runner.status.SYS_EXIT_ZERO_STATUS`, since the report is incomplete);
- nbclient's ``CellTimeoutError``, or the run's own deadline timer having killed the kernel:
  ``timeout``;
- nbclient's ``DeadKernelError`` otherwise: ``kernel_died``;
- any failure before the first cell (the kernel did not become ready) is retried with a fresh
  kernel, up to :data:`START_ATTEMPTS` kernels; then ``infra_error``.

The run's ``log.txt`` is written by :mod:`tradeviz.runner.runlog`; cells are named by their
number in the source notebook (:mod:`tradeviz.runner.cellnumbers`); date parameters are
injected by :mod:`tradeviz.runner.translator`; the report files are written by
:mod:`tradeviz.runner.reportfiles`.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import papermill
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from tradeviz.parameters import INJECTED_TAG, from_json_value, to_json_value
from tradeviz.runner import status as st
from tradeviz.runner import translator as _translator  # noqa: F401 - registers date values
from tradeviz.runner.cellnumbers import ERROR_MARKER_TAG as ERROR_MARKER_TAG  # re-exported
from tradeviz.runner.cellnumbers import kept_cells, source_cell_number
from tradeviz.runner.executor import RunResult, RunTask
from tradeviz.runner.htmlreport import ReportExporter
from tradeviz.runner.kernels import RunKernel
from tradeviz.runner.kerneltemplate import KernelTemplate
from tradeviz.runner.layout import RUN_LOG
from tradeviz.runner.reportfiles import BANNER_TAG as BANNER_TAG  # re-exported
from tradeviz.runner.reportfiles import write_report_files
from tradeviz.runner.runlog import PapermillLogHandler, RunLog, StreamToLog, utc_now

#: Kernels tried before a run is declared an infrastructure failure.
START_ATTEMPTS = 3
#: Seconds to wait for a kernel to answer its first request.
START_TIMEOUT = 60
#: Lines of kernel process output known to be noise (ipykernel#1515, shutdown chatter).
KERNEL_NOISE = (
    "running over TCP without encryption",
    "KeyboardInterrupt caught in kernel",
    "Debugger warning: It seems that frozen modules",
    "Make sure to use the Python",
)
#: Exception names ipykernel reports when a cell's code itself did not raise.
NO_EXCEPTION_NAMES = (None, "", "NoneType")
#: The exception name papermill gives a failed cell that left no error output (a line magic's
#: ``UsageError``): the kernel's own name is in the reply.
NO_OUTPUT_ENAME = "CellExecutionError"

Emit = Callable[[dict[str, Any]], None]


@dataclass
class _State:
    """What the hooks and timers saw during one attempt."""

    notebook: Any = None
    started: bool = False
    display_error_cell: int | None = None
    first_error: tuple[int, str, str] | None = None
    current_cell: int | None = None
    injected_at: int | None = None
    cell_started: float = 0.0
    source_cells: int = 0
    code_cells: list[int] = field(default_factory=list)
    kept: list[tuple[int, bool]] | None = None

    def number(self, index: int | None) -> int | None:
        """Return the source notebook's number of executed cell ``index``."""
        return source_cell_number(index, self.injected_at, self.kept)


class NotebookRunner:
    """Execute runs one after another in this process, each in its own fresh kernel.

    Parameters
    ----------
    sockets : pathlib.Path
        Directory for the kernels' private socket directories.
    emit : callable
        Sends a message (a dict) to the batch: kernel process groups, progress.
    template : KernelTemplate, optional
        Fork kernels from this template (see :mod:`tradeviz.runner.kerneltemplate`).
    """

    def __init__(self, sockets: Path, emit: Emit, template: KernelTemplate | None = None) -> None:
        self.sockets = sockets
        self.emit = emit
        self.template = template
        self.exporter = ReportExporter()
        self._state = _State()
        self._kernel: RunKernel | None = None
        self._run_id = ""
        self._log: RunLog | None = None
        self._deadline_hit = threading.Event()
        self._stopped = threading.Event()
        #: Called (in the event loop) once a run's kernel is ready, to start the next one early.
        self.on_kernel_ready: Callable[[], Any] | None = None

    def new_kernel(self, task: RunTask) -> RunKernel:
        """Return an unstarted kernel for ``task``."""
        return RunKernel(
            task.kernel_name,
            Path(task.staging),
            self.sockets,
            task.notebook,
            template=self.template,
            env=task.kernel_env,
            kernel_cwd=Path(task.cwd) if task.cwd else None,
        )

    # -- one run ---------------------------------------------------------------------------
    def run(self, task: RunTask, kernel: RunKernel | None = None) -> RunResult:
        """Execute ``task`` (with ``kernel`` if one was started for it) and write its files.

        Returns
        -------
        RunResult
            The run's classification; its directory (``task.staging``) holds the executed
            notebook, the HTML page, the log, the notebook's figures and results.
        """
        staging = Path(task.staging)
        staging.mkdir(parents=True, exist_ok=True)
        log = RunLog(staging / RUN_LOG, task.run_id)
        started_at, clock = utc_now(), time.monotonic()
        log.line("runner", f"start {task.notebook} with {task.parameters}")
        self._run_id, self._log = task.run_id, log
        self._deadline_hit = threading.Event()
        self._stopped = threading.Event()
        status, error, attempts = st.INFRA_ERROR, None, 0
        kept = kept_cells(task.notebook)
        timer = None
        if task.run_timeout:
            timer = threading.Timer(task.run_timeout, self._on_deadline)
            timer.daemon = True
            timer.start()
        try:
            while True:
                attempts += 1
                state = self._state = _State(kept=kept)
                retry = False
                try:
                    if kernel is None:
                        kernel = self.new_kernel(task)
                        self._kernel = kernel
                        try:
                            run_sync(kernel.start)()
                        except Exception as failure:
                            raise _RetryableStart(f"{type(failure).__name__}: {failure}") from None
                        self.emit({"type": "kernel", "run_id": task.run_id, "pgid": kernel.pgid})
                    self._kernel = kernel
                    status, error = self._execute(task, kernel, state, log)
                except _RetryableStart as failure:
                    log.line("runner", f"kernel start failed (attempt {attempts}): {failure}")
                    retry = (
                        attempts < START_ATTEMPTS
                        and not self._deadline_hit.is_set()
                        and not self._stopped.is_set()
                    )
                    if not retry:
                        status, error = (
                            st.INFRA_ERROR,
                            self._error(
                                st.INFRA_ERROR,
                                "KernelStartError",
                                f"the kernel did not start after {attempts} attempts: {failure}",
                                None,
                                state,
                            ),
                        )
                finally:
                    if kernel is not None:
                        self._finish_kernel(kernel, log)
                    kernel = None
                if not retry:
                    break
        finally:
            if timer is not None:
                timer.cancel()
        if self._deadline_hit.is_set() and status != st.OK:
            status = st.TIMEOUT
            error = self._error(
                st.TIMEOUT,
                "RunTimeout",
                f"the run exceeded its time limit of {task.run_timeout:g} s",
                state.current_cell,
                state,
            )
        duration = time.monotonic() - clock
        finished_at = utc_now()
        try:
            write_report_files(
                task, state.notebook, status, error, started_at, finished_at, self.exporter
            )
        except Exception as failure:  # noqa: BLE001 - a broken export must not lose the run
            log.line("runner", f"could not write the report: {failure!r}")
            if status == st.OK:
                status = st.INFRA_ERROR
                error = self._error(
                    st.INFRA_ERROR, type(failure).__name__, str(failure), None, state
                )
        message = error["message"] if error else ""
        log.line("runner", f"end {status} in {duration:.2f}s {message}".rstrip())
        log.close()
        self._log = None
        return RunResult(
            run_id=task.run_id,
            status=status,
            error=error,
            started_at=started_at,
            finished_at=finished_at,
            duration_s=round(duration, 3),
            attempts=attempts,
        )

    def stop(self) -> None:
        """Stop the current run from another thread: kill its kernel, start no other."""
        self._stopped.set()
        kernel = self._kernel
        if kernel is not None:
            kernel.kill()

    def _on_deadline(self) -> None:
        """Timer thread: the run is over its time; kill its kernel (nbclient then notices)."""
        self._deadline_hit.set()
        kernel = self._kernel
        if kernel is not None:
            kernel.kill()

    def _execute(
        self, task: RunTask, kernel: RunKernel, state: _State, log: RunLog
    ) -> tuple[str, dict[str, Any] | None]:
        parameters = {name: from_json_value(value) for name, value in task.parameters.items()}
        if task.cwd:
            # The kernel works elsewhere: paths it writes to still point into the run's folder.
            for name in task.path_parameters:
                value = parameters.get(name)
                if isinstance(value, str) and not Path(value).is_absolute():
                    parameters[name] = str(Path(task.staging) / value)
        stdout, stderr = StreamToLog(log, "stdout"), StreamToLog(log, "stderr")
        handler = PapermillLogHandler(log)
        pm_logger = logging.getLogger("papermill")
        pm_logger.addHandler(handler)
        pm_logger.setLevel(logging.INFO)
        pm_logger.propagate = False
        try:
            papermill.execute_notebook(
                task.notebook,
                None,
                parameters=parameters,
                kernel_name=task.kernel_name,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                stdout_file=stdout,
                stderr_file=stderr,
                start_timeout=START_TIMEOUT,
                execution_timeout=task.cell_timeout,
                km=kernel.km,
                on_notebook_start=self._hook_notebook_start,
                on_cell_start=self._hook_cell_start,
                on_cell_executed=self._hook_cell_executed,
                on_cell_error=self._hook_cell_error,
            )
        except PapermillExecutionError as failure:
            kind = st.DISPLAY_ERROR if state.display_error_cell is not None else st.CELL_ERROR
            cell = state.display_error_cell
            if cell is None:
                cell = state.first_error[0] if state.first_error else failure.cell_index
            ename, evalue = failure.ename, failure.evalue
            if ename == NO_OUTPUT_ENAME and state.first_error and state.first_error[1]:
                # No error output (a line magic's UsageError goes to stderr): the reply names it.
                _, ename, evalue = state.first_error
            return kind, self._error(kind, ename, evalue, cell, state)
        except CellTimeoutError:
            seconds = f"{task.cell_timeout:g} s" if task.cell_timeout else "its limit"
            return st.TIMEOUT, self._error(
                st.TIMEOUT,
                "CellTimeoutError",
                f"a cell ran longer than the cell timeout ({seconds})",
                state.current_cell,
                state,
            )
        except DeadKernelError:
            if self._deadline_hit.is_set():
                return st.TIMEOUT, None  # described by run()
            code = kernel.exit_code()
            return st.KERNEL_DIED, self._error(
                st.KERNEL_DIED,
                "DeadKernelError",
                "the kernel died" + (f" (exit code {code})" if code is not None else ""),
                state.current_cell,
                state,
            )
        except Exception as failure:
            log.line("runner", traceback.format_exc())
            if not state.started:
                raise _RetryableStart(f"{type(failure).__name__}: {failure}") from failure
            if kernel.exit_code() is not None and not self._deadline_hit.is_set():
                return st.KERNEL_DIED, self._error(
                    st.KERNEL_DIED,
                    type(failure).__name__,
                    f"the kernel died ({failure})",
                    state.current_cell,
                    state,
                )
            return st.INFRA_ERROR, self._error(
                st.INFRA_ERROR, type(failure).__name__, str(failure), state.current_cell, state
            )
        finally:
            stdout.flush()
            stderr.flush()
            pm_logger.removeHandler(handler)
        if state.first_error is not None and state.first_error[1] == "SystemExit":
            cell, ename, evalue = state.first_error
            return st.SYS_EXIT_ZERO_STATUS, self._error(
                st.SYS_EXIT_ZERO_STATUS,
                ename,
                f"{evalue or 0} (sys.exit stopped the notebook early; later cells did not run)",
                cell,
                state,
            )
        return st.OK, None

    @staticmethod
    def _error(
        kind: str, ename: str, evalue: str, cell_index: int | None, state: _State
    ) -> dict[str, Any]:
        cell = state.number(cell_index)
        first_line = (str(evalue).strip().splitlines() or [""])[0]
        where = f"cell {cell}: " if cell is not None else ""
        return {
            "kind": kind,
            "ename": ename,
            "evalue": str(evalue),
            "cell": cell,
            "message": f"{where}{ename}: {first_line}".rstrip(": "),
        }

    def _finish_kernel(self, kernel: RunKernel, log: RunLog) -> None:
        try:
            run_sync(kernel.shutdown)()
        finally:
            self.emit({"type": "kernel_gone", "pgid": kernel.pgid})
            for line in kernel.output_text().splitlines():
                if line.strip() and not any(noise in line for noise in KERNEL_NOISE):
                    log.line("kernel", line)
            kernel.remove_files()
            self._kernel = None

    # -- hooks (called by nbclient in its event loop) ----------------------------------------
    async def _hook_notebook_start(self, notebook: Any, **_: Any) -> None:
        state = self._state
        state.notebook, state.started = notebook, True
        papermill_meta = notebook.metadata.get("papermill")
        if papermill_meta and "parameters" in papermill_meta:
            # papermill records the values as given; dates are not JSON: store the JSON form.
            papermill_meta["parameters"] = to_json_value(papermill_meta["parameters"])
        for index, cell in enumerate(notebook.cells):
            if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
                state.injected_at = index
            if cell.cell_type == "code" and cell.source.strip():
                state.code_cells.append(index)
        state.source_cells = len(notebook.cells) - (state.injected_at is not None)
        if self.on_kernel_ready is not None:
            result = self.on_kernel_ready()
            if hasattr(result, "__await__"):
                await result

    def _hook_cell_start(self, cell: Any, cell_index: int, **_: Any) -> None:
        state = self._state
        state.current_cell = cell_index
        state.cell_started = time.monotonic()
        if cell_index in state.code_cells and cell_index != state.injected_at:
            self.emit(
                {
                    "type": "progress",
                    "run_id": self._run_id,
                    "cell": state.number(cell_index),
                    "cells": state.source_cells,
                }
            )

    def _hook_cell_executed(
        self, cell: Any, cell_index: int, execute_reply: dict[str, Any] | None, **_: Any
    ) -> None:
        """Log the cell's time; fail it if it produced an error output but its reply said ok."""
        state = self._state
        if self._log is not None and cell_index in state.code_cells:
            seconds = time.monotonic() - state.cell_started
            label = (
                "injected parameters"
                if cell_index == state.injected_at
                else f"cell {state.number(cell_index)}"
            )
            self._log.line("runner", f"{label} done in {seconds:.2f}s")
        errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        if not errors or not execute_reply:
            return
        reply = execute_reply.get("content", {})
        # ipykernel answers "ok" when only a post-execute hook (matplotlib's draw) failed, and
        # "error" without an exception name when formatting the cell's result failed.
        if reply.get("status") == "ok" or reply.get("ename") in NO_EXCEPTION_NAMES:
            reply["status"] = "error"
            for key in ("ename", "evalue", "traceback"):
                if reply.get(key) in NO_EXCEPTION_NAMES or not reply.get(key):
                    reply[key] = errors[0].get(key)
            self._state.display_error_cell = cell_index

    def _hook_cell_error(
        self, cell: Any, cell_index: int, execute_reply: dict[str, Any], **_: Any
    ) -> None:
        if self._state.first_error is None:
            content = (execute_reply or {}).get("content", {})
            self._state.first_error = (
                cell_index,
                str(content.get("ename", "")),
                str(content.get("evalue", "")),
            )


class _RetryableStart(Exception):
    """The kernel failed before the first cell ran: safe to try again with a fresh kernel."""
