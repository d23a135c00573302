"""The executor interface: submit runs, receive their events; where they execute is its business.

:class:`tradeviz.runner.local.LocalExecutor` runs them in worker processes on this machine;
:class:`tradeviz.runner.dask_executor.DaskExecutor` on the workers of a Dask cluster. Both
implement the same small protocol: accept :class:`RunTask` objects (plain JSON on the wire), report
:class:`ExecutorEvent` objects, and kill what runs when asked. The batch loop
(:mod:`tradeviz.runner.batch`) only talks to this protocol.

A factory of executors may also have a ``connect()`` method, which :func:`run_batch` calls
after validating the batch and before writing anything: it reaches the cluster (raising a
:class:`tradeviz.errors.TradevizError` when it cannot) and returns how many runs it executes at
once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

#: Event kinds: a run began executing; a run reached a cell; a run ended; a run was handed back
#: unstarted (its worker died before starting it), to be submitted again.
STARTED, PROGRESS, FINISHED, RETURNED = "started", "progress", "finished", "returned"


@dataclass(frozen=True)
class RunTask:
    """What an executor needs to run one notebook; JSON-serialisable.

    Attributes
    ----------
    run_id : str
        The run's id.
    notebook : str
        Absolute path of the ``.ipynb`` file.
    kernel_name : str
        Kernel to start (``python3``).
    parameters : dict
        Values to inject, in JSON form (:func:`tradeviz.parameters.to_json_value`).
    staging : str
        Absolute path of the directory to execute in; it becomes the run's directory.
    cell_timeout, run_timeout : float or None
        Limits in seconds.
    cache_key : str
        Stamped into the executed notebook.
    title : str
        Title of the HTML report.
    kernel_env : dict
        Variables added to the kernel's environment (a cluster worker sets ``TRADEVIZ_ROOT``
        to the folder holding the run's input files).
    inputs : dict
        The run's input files (the ``inputs`` globs of the batch file): path relative to
        ``input_root`` (or absolute) -> sha256, as hashed into the cache key.
    input_root : str
        The folder ``inputs`` paths are relative to (the batch file's folder).
    cwd : str
        The kernel's working directory (absolute); empty: the run's own folder (``staging``).
    path_parameters : tuple of str
        Parameters that name where the notebook writes, relative to the run's folder: when the
        kernel works elsewhere (``cwd``), they are injected as absolute paths into the run's
        folder.
    """

    run_id: str
    notebook: str
    kernel_name: str
    parameters: dict[str, Any]
    staging: str
    cell_timeout: float | None
    run_timeout: float | None
    cache_key: str = ""
    title: str = ""
    kernel_env: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    input_root: str = ""
    cwd: str = ""
    path_parameters: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the task as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunTask:
        """Rebuild a task from :meth:`to_json` data."""
        data = dict(data)
        data["path_parameters"] = tuple(data.get("path_parameters") or ())
        return cls(**data)


@dataclass(frozen=True)
class RunResult:
    """How a run ended.

    Attributes
    ----------
    run_id : str
        The run's id.
    status : str
        One of :data:`tradeviz.runner.status.STATUSES`.
    error : dict or None
        ``{kind, ename, evalue, cell, message}`` for a failure.
    started_at, finished_at : str
        ISO 8601 UTC times.
    duration_s : float
        Wall time of the run, kernel start to last file written.
    attempts : int
        Kernel starts used (start-up is retried; a cell error never is).
    worker : str
        Which worker ran it (``local:2``, or a Dask worker's address); empty when unknown.
    """

    run_id: str
    status: str
    error: dict[str, Any] | None
    started_at: str
    finished_at: str
    duration_s: float
    attempts: int = 1
    worker: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunResult:
        """Rebuild a result from :meth:`to_json` data."""
        return cls(**data)


@dataclass(frozen=True)
class ExecutorEvent:
    """Something that happened to a submitted run.

    Attributes
    ----------
    kind : str
        :data:`STARTED`, :data:`PROGRESS`, :data:`FINISHED` or :data:`RETURNED`.
    run_id : str
        The run.
    result : RunResult or None
        For :data:`FINISHED`.
    detail : dict
        For :data:`PROGRESS`: ``{"cell": n, "cells": total}``: the cell that starts, numbered
        as in the source notebook (1-based, every cell counted), and the number of cells.
    """

    kind: str
    run_id: str
    result: RunResult | None = None
    detail: dict[str, Any] = field(default_factory=dict)


class Executor(Protocol):
    """Runs notebooks somewhere and reports back."""

    def start(self) -> None:
        """Acquire resources (start workers); called once before the first submit."""

    def free_slots(self) -> int:
        """Return how many more tasks it accepts now."""

    def submit(self, task: RunTask) -> None:
        """Queue ``task``; its events arrive through :meth:`wait`."""

    def wait(self, timeout: float) -> list[ExecutorEvent]:
        """Return the events that arrive within ``timeout`` seconds (maybe none)."""

    def in_flight(self) -> list[str]:
        """Return the run ids submitted and not yet finished or returned."""

    def abort(self) -> list[str]:
        """Kill everything at once (kernels included); return the run ids that had started."""

    def close(self) -> None:
        """Release resources (stop idle workers, remove temporary files)."""
