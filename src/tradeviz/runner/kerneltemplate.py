"""Fresh kernels forked from a template process that has already imported the heavy libraries.

A run's kernel normally costs about 1.4 s of CPU before the notebook's own work: starting Python
and ipykernel (about 0.6 s), then importing pandas, matplotlib and tradeviz in the first cell
(about 0.8 s). On a cluster that cost is the bill. Each worker therefore starts one *template*
process (``python -m tradeviz.runner.templateprocess``) that imports ipykernel and the libraries
of :data:`~tradeviz.runner.templateprocess.PRELOAD` once, runs no user code and opens no socket,
then waits. For each run it forks a child, which becomes the run's kernel: its own session
(process group), working directory, environment, output file and connection file, and a new
``IPKernelApp`` with a new, empty user namespace. The imports are shared copy-on-write; nothing
a report does reaches the template or another report's kernel, because each kernel is a fresh
fork of a template that never executes notebook code.

What differs from a kernel started with ``python -m ipykernel_launcher``, and why it does not
matter for reports:

- the preloaded modules are already in ``sys.modules`` (imported, never used);
- Python's hash seed is the template's (string hashing is randomised per template rather than
  per kernel); ``random`` and numpy's global generator are re-seeded in each child, so two
  kernels do not draw the same "random" numbers.

Protocol (JSON lines): the worker writes ``{"op": "spawn", "id", "argv", "env", "cwd",
"output"}`` to the template's stdin; the template answers ``{"op": "spawned", "id", "pid"}``
(or ``"error"``), and reports ``{"op": "exited", "pid", "code"}`` when it reaps a kernel (the
code as :attr:`subprocess.Popen.returncode` gives it: negative for a signal). End of input: the
template kills the kernels still running, reaps them and exits.

This module is the worker's side: :class:`KernelTemplate` (used by
:class:`tradeviz.runner.kernels.RunKernel` through
:class:`~tradeviz.runner.kernels.TemplateProvisioner`); if the template cannot start or dies,
kernels are launched the usual way. The template process itself is
:mod:`tradeviz.runner.templateprocess`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

from tradeviz.runner.lifeline import PARENT_ENV
from tradeviz.runner.templateprocess import REAP_TIMEOUT

#: Set to ``0`` to start every kernel as a new Python process (no template).
TEMPLATE_ENV = "TRADEVIZ_KERNEL_TEMPLATE"
#: Seconds the worker waits for the template to import its modules and for a fork.
READY_TIMEOUT = 120.0
SPAWN_TIMEOUT = 30.0


def template_enabled() -> bool:
    """Return whether kernels are forked from a template (``TRADEVIZ_KERNEL_TEMPLATE``)."""
    return os.environ.get(TEMPLATE_ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def is_ipykernel_command(command: Sequence[str]) -> bool:
    """Return whether ``command`` starts ipykernel with this interpreter (what can be forked)."""
    if len(command) < 3 or list(command[1:3]) != ["-m", "ipykernel_launcher"]:
        return False
    try:
        return os.path.samefile(command[0], sys.executable)
    except OSError:
        return False


class KernelTemplate:
    """A template process owned by this worker, and the kernels forked from it.

    Parameters
    ----------
    env : Mapping
        The template's environment (the kernels' environment without per-run variables).
    log : file-like, optional
        Where the template's own stderr goes (default: this process's stderr).
    """

    def __init__(self, env: Mapping[str, str], log: IO[Any] | None = None) -> None:
        self.env = dict(env)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = threading.Event()
        self.failed = ""
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._exits: dict[int, int] = {}
        self.preloaded: list[str] = []

    def start(self) -> None:
        """Launch the template (it imports its modules in the background)."""
        command = [sys.executable, "-m", "tradeviz.runner.templateprocess"]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log if self.log is not None else None,
            env={**self.env, PARENT_ENV: str(os.getpid())},  # it dies with this process
            bufsize=0,
        )
        threading.Thread(target=self._read, name="kernel-template", daemon=True).start()

    @property
    def pid(self) -> int | None:
        """The template's process id."""
        return self.process.pid if self.process else None

    def usable(self) -> bool:
        """Return whether kernels can be forked now (waiting for the template to be ready)."""
        if self.process is None or self.failed:
            return False
        self.ready.wait(READY_TIMEOUT)
        return self.ready.is_set() and not self.failed

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            op = message.get("op")
            with self._changed:
                if op == "ready":
                    self.preloaded = list(message.get("modules", []))
                    self.ready.set()
                elif op == "exited":
                    self._exits[int(message["pid"])] = int(message["code"])
                elif op in ("spawned", "error"):
                    self._answers[int(message["id"])] = message
                self._changed.notify_all()
        with self._changed:
            self.failed = self.failed or "the kernel template ended"
            self._changed.notify_all()
        self.ready.set()

    def spawn(self, argv: Sequence[str], env: Mapping[str, str], cwd: str, output: str) -> int:
        """Fork a kernel running ``ipykernel_launcher *argv``; return its process id.

        Raises
        ------
        RuntimeError
            When the template is gone or does not answer.
        """
        if not self.usable():
            raise RuntimeError(self.failed or "the kernel template is not ready")
        assert self.process is not None and self.process.stdin is not None
        with self._changed:
            self._next_id += 1
            number = self._next_id
            request = {
                "op": "spawn",
                "id": number,
                "argv": list(argv),
                "env": {**dict(env), "JPY_PARENT_PID": str(self.process.pid)},
                "cwd": cwd,
                "output": output,
            }
            self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            deadline = time.monotonic() + SPAWN_TIMEOUT
            while number not in self._answers and not self.failed:
                if not self._changed.wait(max(0.0, deadline - time.monotonic())):
                    break
            answer = self._answers.pop(number, None)
        if answer is None:
            raise RuntimeError(self.failed or "the kernel template did not answer")
        if answer.get("op") != "spawned":
            raise RuntimeError(f"the kernel template could not fork: {answer.get('error')}")
        return int(answer["pid"])

    def exit_code(self, pid: int) -> int | None:
        """Return the exit code of kernel ``pid`` once the template has reaped it."""
        with self._lock:
            return self._exits.get(pid)

    def wait_exit(self, pid: int, timeout: float | None) -> int | None:
        """Wait until kernel ``pid`` has been reaped; return its exit code (``None``: timeout)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while pid not in self._exits:
                if self.failed:
                    return -signal.SIGKILL  # its kernels went with it
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._changed.wait(remaining)
            return self._exits[pid]

    def forget(self, pid: int) -> None:
        """Drop the exit record of ``pid`` (the kernel is done with)."""
        with self._lock:
            self._exits.pop(pid, None)

    def kill(self) -> None:
        """Kill the template now (its kernels die with it: parent-death signal and poller)."""
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()

    def close(self) -> None:
        """Stop the template (it kills and reaps the kernels left) and wait for it."""
        process = self.process
        if process is None:
            return
        with contextlib.suppress(OSError):
            if process.stdin:
                process.stdin.close()
        try:
            process.wait(timeout=REAP_TIMEOUT + 2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self.process = None


class ForkedKernelProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a forked kernel.

    The kernel is the template's child, so only the template can reap it; its exit code comes
    from the template's ``exited`` message.
    """

    stdin = stdout = stderr = None

    def __init__(self, template: KernelTemplate, pid: int) -> None:
        self.template = template
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Return the exit code, or ``None`` while the kernel runs."""
        if self.returncode is None:
            self.returncode = self.template.exit_code(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end.

        Raises
        ------
        subprocess.TimeoutExpired
            When ``timeout`` passes first.
        """
        if self.returncode is None:
            code = self.template.wait_exit(self.pid, timeout)
            if code is None:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            self.returncode = code
            self.template.forget(self.pid)
        return self.returncode

    def send_signal(self, number: int) -> None:
        """Send a signal to the kernel process (if it has not been reaped)."""
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, number)

    def kill(self) -> None:
        """SIGKILL the kernel."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM the kernel."""
        self.send_signal(signal.SIGTERM)
