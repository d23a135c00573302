"""The kernel template process: imports the heavy libraries once, then forks a kernel per run.

Started by :meth:`tradeviz.runner.kerneltemplate.KernelTemplate.start` as ``python -m
tradeviz.runner.templateprocess``; the protocol and the reasons are described in
:mod:`tradeviz.runner.kerneltemplate`. This process imports ipykernel and the modules of
:data:`PRELOAD`, runs no user code and opens no socket. For each ``spawn`` request it forks a
child that takes its own session, working directory, environment and output file, re-seeds its
random generators and becomes a fresh ``IPKernelApp``; it reaps the children and reports their
exit codes. At the end of its input, or when its worker is gone, it kills the kernels left.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import json
import os
import select
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from typing import IO, Any

from tradeviz.runner.lifeline import (
    WATCH_INTERVAL,
    expected_parent,
    orphaned,
    set_parent_death_signal,
)

#: Modules the template imports before it forks kernels: what the notebooks' first cells import.
#: ``TRADEVIZ_KERNEL_PRELOAD`` (comma-separated) replaces the list.
PRELOAD = (
    "ipykernel.kernelapp",
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "tradeviz.figures",
    "tradeviz.results",
    "tradeviz.checks",
    "tradeviz.notebook",
    "tradeviz.charts",
)
PRELOAD_ENV = "TRADEVIZ_KERNEL_PRELOAD"
#: Seconds the template gives its kernels to go after SIGKILL at shutdown.
REAP_TIMEOUT = 5.0
_MAX_FD = 4096


def preload_modules() -> tuple[str, ...]:
    """Return the modules the template imports (``TRADEVIZ_KERNEL_PRELOAD`` or :data:`PRELOAD`)."""
    value = os.environ.get(PRELOAD_ENV)
    if value is None:
        return PRELOAD
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _send(channel: IO[bytes], message: dict[str, Any]) -> None:
    channel.write((json.dumps(message) + "\n").encode("utf-8"))
    channel.flush()


def _returncode(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


class _Template:
    """The template's main loop: fork on request, reap and report children."""

    def __init__(self, channel: IO[bytes], parent: int | None = None) -> None:
        self.channel = channel
        self.parent = parent
        self.children: set[int] = set()
        self.launcher = ""
        # What a fresh interpreter started with: a forked kernel gets the same.
        self.initial_handlers = {
            number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)
        }

    def preload(self, modules: Sequence[str]) -> list[str]:
        loaded = []
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as failure:  # noqa: BLE001 - a missing module only costs speed
                sys.stderr.write(f"kernel template: could not import {name}: {failure!r}\n")
            else:
                loaded.append(name)
        spec = importlib.util.find_spec("ipykernel_launcher")
        self.launcher = spec.origin if spec and spec.origin else "ipykernel_launcher"
        gc.collect()
        gc.freeze()  # keep the collector from touching (and so copying) the shared pages
        return loaded

    def serve(self) -> None:
        wakeup_read, wakeup_write = os.pipe()
        os.set_blocking(wakeup_write, False)
        signal.set_wakeup_fd(wakeup_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        stdin = sys.stdin.buffer
        pending = b""
        try:
            while True:
                readable, _, _ = select.select(
                    [stdin.fileno(), wakeup_read], [], [], WATCH_INTERVAL
                )
                if self.parent is not None and orphaned(self.parent):
                    break  # the worker is gone: kill the kernels and end
                if wakeup_read in readable:
                    os.read(wakeup_read, 512)
                    self.reap()
                if stdin.fileno() in readable:
                    chunk = os.read(stdin.fileno(), 1 << 16)
                    if not chunk:
                        break
                    pending += chunk
                    *lines, pending = pending.split(b"\n")
                    for line in lines:
                        if line.strip():
                            self.handle(json.loads(line))
                self.reap()
        finally:
            self.shutdown()

    def handle(self, request: dict[str, Any]) -> None:
        try:
            pid = self.fork(request)
        except Exception as failure:  # noqa: BLE001 - reported to the worker, which falls back
            _send(self.channel, {"op": "error", "id": request.get("id"), "error": repr(failure)})
        else:
            self.children.add(pid)
            _send(self.channel, {"op": "spawned", "id": request.get("id"), "pid": pid})

    def fork(self, request: dict[str, Any]) -> int:
        ready_read, ready_write = os.pipe()
        self.template_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the kernel
            os.close(ready_read)
            try:
                os.setsid()
            finally:
                os.close(ready_write)  # the template may now answer: the group exists
            self.become_kernel(request)  # never returns
        os.close(ready_write)
        os.read(ready_read, 1)  # end of file once the child has its own session
        os.close(ready_read)
        return pid

    def become_kernel(self, request: dict[str, Any]) -> None:
        code = 1
        try:
            # The kernel dies with the template (the template with its worker).
            set_parent_death_signal(signal.SIGKILL)
            if orphaned(self.template_pid):
                os._exit(1)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for number, handler in self.initial_handlers.items():
                signal.signal(number, handler)
            null = os.open(os.devnull, os.O_RDONLY)
            output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(null, 0)
            os.dup2(output, 1)
            os.dup2(output, 2)
            os.closerange(3, _MAX_FD)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            # ipykernel read JPY_PARENT_PID when the template imported it: say it again.
            parent = f"--IPKernelApp.parent_handle={os.getppid()}"
            sys.argv = [self.launcher, *request["argv"], parent]
            _reseed()
            from ipykernel import kernelapp

            kernelapp.launch_new_instance()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:  # noqa: BLE001 - the kernel's last words go to its output file
            traceback.print_exc()
        finally:
            with contextlib.suppress(Exception):
                import atexit

                atexit._run_exitfuncs()
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            _send(self.channel, {"op": "exited", "pid": pid, "code": _returncode(status)})

    def shutdown(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        deadline = time.monotonic() + REAP_TIMEOUT
        while self.children and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            self.children.discard(pid)


def _reseed() -> None:
    """Give the kernel its own random state (the template's is shared by every fork)."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        with contextlib.suppress(Exception):
            numpy.random.seed()


def main() -> None:
    """Entry point of the template process (started by ``KernelTemplate.start``)."""
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does: the kernel's cwd is not on the path
    channel = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a stray print in a preloaded module must not corrupt the protocol
    parent = expected_parent()
    if parent is not None:
        set_parent_death_signal(signal.SIGKILL)  # its kernels go with it (their own signal)
        if orphaned(parent):
            return
    template = _Template(channel, parent)
    modules = template.preload(preload_modules())
    _send(channel, {"op": "ready", "modules": modules, "pid": os.getpid()})
    template.serve()


if __name__ == "__main__":
    main()
