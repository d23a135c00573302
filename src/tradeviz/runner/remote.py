"""What runs on a Dask worker: one notebook run in its own scratch folder, returned as bytes.

:func:`execute_run` is the task the client submits (:mod:`tradeviz.runner.cluster`). It
assumes no file system shared with the client:

- the notebook travels in the task, as bytes;
- each input file travels once per batch (the client scatters it to the workers) and is kept in
  a content-addressed store in the worker's local directory (``<sha256>``, read-only); each run
  gets a scratch project folder where its inputs are linked at their paths relative to the
  client's project root, and the kernel's ``TRADEVIZ_ROOT`` names that folder, so
  :mod:`tradeviz.paths` finds them as it would on the client;
- the kernel is fresh for each run and forked from the worker's template process, exactly as
  on a local worker (:class:`tradeviz.runner.execute.NotebookRunner`);
- the finished run directory is packed (:mod:`tradeviz.runner.archive`) and returned with the
  run's result and the worker's address; the scratch folder is removed.

Progress goes to the client as Dask events on the batch's topic (``{"kind": "started"}``,
``{"kind": "progress", "cell", "cells"}``). Before running, the task compares the client's
environment fingerprint (:func:`tradeviz.runner.cachekey.environment`: Python, key library
versions, tradeviz's source) with the worker's own: a worker that would not run the same code
returns an ``infra_error`` instead of a report whose cache key would lie.

:class:`TradevizWorkerPlugin` prepares each worker once (socket folder, input store, kernel
template started ahead of the first task) and cleans up when the worker closes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from tradeviz.paths import ROOT_ENV_VAR
from tradeviz.runner import status as st
from tradeviz.runner.archive import pack_directory
from tradeviz.runner.executor import RunResult, RunTask
from tradeviz.runner.manifest import now_iso

#: Name of the worker plugin (registered once per worker, whichever client comes first).
PLUGIN_NAME = "tradeviz"
#: Folder of tradeviz's files inside a worker's local directory.
WORKER_FOLDER = "tradeviz"


def describe_mismatch(client: Mapping[str, str], worker: Mapping[str, str]) -> str:
    """Name what differs between two environment fingerprints (empty when they are equal).

    Examples
    --------
    >>> describe_mismatch({"pandas": "3.1.1", "numpy": "2.0"}, {"pandas": "2.2.0", "numpy": "2.0"})
    'pandas 2.2.0 here, 3.1.1 on the client'
    """
    parts = []
    for name in sorted(set(client) | set(worker)):
        mine, theirs = worker.get(name, "absent"), client.get(name, "absent")
        if mine != theirs:
            if name.endswith("_source"):
                mine, theirs = mine[:12], theirs[:12]
            parts.append(f"{name} {mine} here, {theirs} on the client")
    return "; ".join(parts)


class _ProcessState:
    """Per worker process: where files go, the kernel template, the runs in progress."""

    def __init__(self, base: Path) -> None:
        from tradeviz.runner.cachekey import environment
        from tradeviz.runner.kernels import socket_root, start_template

        self.base = base
        self.store = base / "inputs"
        self.scratch = base / "runs"
        for folder in (self.store, self.scratch):
            folder.mkdir(parents=True, exist_ok=True)
        self.sockets = socket_root()
        self.fingerprint = dict(environment())
        self.template = start_template()
        self.lock = threading.Lock()
        self.local = threading.local()
        self.active: dict[str, Any] = {}  # run id -> NotebookRunner

    def runner(self) -> Any:
        """Return this thread's notebook runner (papermill and nbconvert imported once)."""
        runner = getattr(self.local, "runner", None)
        if runner is None:
            from tradeviz.runner.worker import _import_jupyter_stack

            _import_jupyter_stack()
            from tradeviz.runner.execute import NotebookRunner

            runner = self.local.runner = NotebookRunner(self.sockets, _ignore, self.template)
        return runner

    def stored(self, digest: str, data: bytes | None) -> Path:
        """Return the store's copy of the file with sha256 ``digest``, writing it if new."""
        path = self.store / digest
        if path.is_file():
            return path
        if data is None:
            raise RuntimeError(f"input {digest[:12]} was not sent to this worker")
        if hashlib.sha256(data).hexdigest() != digest:
            raise RuntimeError(f"input {digest[:12]} arrived damaged (its sha256 differs)")
        descriptor, temporary = tempfile.mkstemp(dir=self.store, prefix=".in-")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o444)
        os.replace(temporary, path)
        return path

    def close(self) -> None:
        """Stop the template and remove the worker's files."""
        if self.template is not None:
            self.template.close()
        shutil.rmtree(self.sockets, ignore_errors=True)
        shutil.rmtree(self.base, ignore_errors=True)


_STATE: _ProcessState | None = None
_STATE_LOCK = threading.Lock()


def _ignore(_message: dict[str, Any]) -> None:
    """Default sink of a runner's messages (replaced per run)."""


def process_state(local_directory: str | None = None) -> _ProcessState:
    """Return this worker process's state, created on first use."""
    global _STATE
    with _STATE_LOCK:
        if _STATE is None:
            parent = Path(local_directory or tempfile.gettempdir())
            _STATE = _ProcessState(Path(tempfile.mkdtemp(prefix=f"{WORKER_FOLDER}-", dir=parent)))
        return _STATE


def close_process_state() -> None:
    """Release this worker process's state (the plugin's teardown)."""
    global _STATE
    with _STATE_LOCK:
        state, _STATE = _STATE, None
    if state is not None:
        state.close()


class TradevizWorkerPlugin(WorkerPlugin):
    """Prepare a worker for tradeviz runs: store, sockets, a warm kernel template."""

    name = PLUGIN_NAME
    #: Registered once per worker: a second client (another batch) leaves it in place.
    idempotent = True

    def setup(self, worker: Any) -> None:
        """Create the worker's state (the template starts importing at once)."""
        process_state(worker.local_directory)

    def teardown(self, worker: Any) -> None:
        """Stop the template and remove the worker's files."""
        close_process_state()


def worker_fingerprint() -> dict[str, str]:
    """Return this worker's environment fingerprint (run on every worker by the client)."""
    from tradeviz.runner.cachekey import environment

    return dict(environment())


def stop_runs(run_ids: list[str]) -> list[str]:
    """Kill the kernels of these runs if they run in this worker; return the ones found."""
    state = _STATE
    if state is None:
        return []
    found = []
    with state.lock:
        runners = {run_id: state.active.get(run_id) for run_id in run_ids}
    for run_id, runner in runners.items():
        if runner is not None:
            runner.stop()
            found.append(run_id)
    return found


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        raise RuntimeError(f"refusing to place a file at {path!r}")
    return relative


def _place(state: _ProcessState, root: Path, placements: Mapping[str, str], data: Mapping) -> None:
    """Link each input file at its relative path under ``root``."""
    for relative, digest in placements.items():
        source = state.stored(digest, data.get(digest))
        target = root / _safe_relative(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _local_cwd(task: RunTask, root: Path) -> str:
    """Return the worker's folder for the client's working directory ``task.cwd``.

    The client's project folder is rebuilt under ``root``; a working directory inside it is
    made there (empty unless inputs were placed in it). One outside it has no copy here.
    """
    if not task.cwd:
        return ""
    try:
        relative = Path(task.cwd).relative_to(task.input_root)
    except ValueError:
        raise RuntimeError(
            f"the working directory {task.cwd} is outside the batch file's folder "
            f"{task.input_root}, so a cluster worker has no copy of it"
        ) from None
    local = root / _safe_relative(relative.as_posix()) if relative.parts else root
    local.mkdir(parents=True, exist_ok=True)
    return str(local)


def execute_run(payload: dict[str, Any], inputs: dict[str, bytes]) -> dict[str, Any]:
    """Run one notebook on this worker and return its result and its directory as bytes.

    Parameters
    ----------
    payload : dict
        ``task`` (:meth:`RunTask.to_json`), ``notebook`` (the ``.ipynb`` bytes),
        ``notebook_path`` (where to put it under the project folder), ``placements``
        (relative path -> sha256 of each input), ``fingerprint`` (the client's environment)
        and ``topic`` (where progress events go).
    inputs : dict
        sha256 -> bytes of the input files (Dask resolves the scattered futures).

    Returns
    -------
    dict
        ``result`` (:meth:`RunResult.to_json`), ``archive`` (bytes, or ``None``), ``worker``.
    """
    worker = get_worker()
    state = process_state(worker.local_directory)
    task = RunTask.from_json(payload["task"])
    topic = payload["topic"]

    def send(message: dict[str, Any]) -> None:
        worker.log_event(topic, {"run_id": task.run_id, "worker": worker.address, **message})

    send({"kind": "started"})
    mismatch = describe_mismatch(payload.get("fingerprint") or {}, state.fingerprint)
    if mismatch:
        message = (
            f"worker {worker.address} ({socket.gethostname()}) does not run the client's code: "
            f"{mismatch}; install the same versions and restart the workers"
        )
        error = {"kind": st.INFRA_ERROR, "ename": "VersionMismatch", "evalue": message}
        error.update(cell=None, message=message)
        now = now_iso()
        result = RunResult(task.run_id, st.INFRA_ERROR, error, now, now, 0.0, 0, worker.address)
        return {"result": result.to_json(), "archive": None, "worker": worker.address}

    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=state.scratch))
    try:
        root, run_dir = scratch / "root", scratch / "run"
        _place(state, root, payload.get("placements") or {}, inputs)
        notebook = root / _safe_relative(payload["notebook_path"])
        notebook.parent.mkdir(parents=True, exist_ok=True)
        notebook.write_bytes(payload["notebook"])
        local = replace(
            task,
            notebook=str(notebook),
            staging=str(run_dir),
            kernel_env={**task.kernel_env, ROOT_ENV_VAR: str(root)},
            cwd=_local_cwd(task, root),
        )
        runner = state.runner()

        def emit(message: dict[str, Any]) -> None:
            if message.get("type") == "progress":
                send({"kind": "progress", "cell": message["cell"], "cells": message["cells"]})

        runner.emit = emit
        with state.lock:
            state.active[task.run_id] = runner
        try:
            result = runner.run(local)
        finally:
            with state.lock:
                state.active.pop(task.run_id, None)
            runner.emit = _ignore
        archive = pack_directory(run_dir) if run_dir.is_dir() else None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(scratch)
    result = replace(result, worker=worker.address)
    return {"result": result.to_json(), "archive": archive, "worker": worker.address}
