"""A fresh Jupyter kernel per run, over IPC sockets in a short private directory.

IPC (Unix domain sockets) avoids TCP port races between parallel kernels (papermill#511) and
ipykernel's "running over TCP without encryption" warning. Each kernel runs in its own session
(jupyter_client starts it with ``start_new_session``), so killing its process group kills
everything it spawned. The kernel's environment names the run's directory
(``TRADEVIZ_RUN_DIR``) and selects matplotlib's non-interactive ``Agg`` backend.

When the worker has a :class:`tradeviz.runner.kerneltemplate.KernelTemplate`, a kernel started
with this interpreter's ipykernel is forked from it (:class:`TemplateProvisioner`) instead of
being launched as a new Python process: same isolation, without paying the imports again.

This module imports :mod:`jupyter_client` only (about 0.15 s), so a worker can start its first
kernel before it pays for papermill and nbconvert.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from tradeviz.results import RUN_DIR_ENV
from tradeviz.runner.kerneltemplate import ForkedKernelProcess, KernelTemplate, is_ipykernel_command
from tradeviz.runner.lifeline import PARENT_ENV

#: Keep IPC socket paths well under the 107-byte limit of AF_UNIX addresses.
MAX_SOCKET_DIR_LENGTH = 60
#: IPython history in memory: parallel kernels must not share an SQLite file.
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
#: Environment every kernel gets on top of the runner's own.
KERNEL_ENV = {
    "MPLBACKEND": "Agg",
    # debugpy's warning about frozen modules on every kernel start is noise in logs.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


class TrackingKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` that remembers its clients so that their sockets get closed.

    nbclient leaves the client's channels open when it is given a kernel manager it does not
    own (``km=``); a long-lived worker would leak sockets run after run.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tracked_clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        """Create a client, as the parent class does, and remember it."""
        client = super().client(**kwargs)
        self.tracked_clients.append(client)
        return client


class TemplateProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, forking the kernel from a template when it can.

    Any other kernel (another language, another interpreter), or a template that is gone, is
    launched as usual.
    """

    template: KernelTemplate | None = None
    output_path: str = ""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        """Fork the kernel from the template, or launch it as a new process."""
        template = self.template
        if template is not None and is_ipykernel_command(cmd) and template.usable():
            try:
                pid = template.spawn(
                    cmd[3:],
                    env=kwargs.get("env") or os.environ,
                    cwd=str(kwargs.get("cwd") or os.getcwd()),
                    output=self.output_path or os.devnull,
                )
            except RuntimeError as failure:
                sys.stderr.write(f"forking a kernel failed, launching one instead: {failure}\n")
            else:
                self.process = ForkedKernelProcess(template, pid)
                self.pid = self.pgid = pid  # the child called setsid() before the answer
                self.cwd = kwargs.get("cwd")
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)


def template_environment() -> dict[str, str]:
    """Return the environment of a kernel template: the runner's, plus :data:`KERNEL_ENV`."""
    env = dict(os.environ)
    env.pop(PARENT_ENV, None)  # the template is given its own parent
    env.update(KERNEL_ENV)
    return env


def start_template(log: Any = None) -> KernelTemplate | None:
    """Start a kernel template for this worker, or return ``None`` when templates are off."""
    from tradeviz.runner.kerneltemplate import template_enabled

    if not template_enabled():
        return None
    template = KernelTemplate(template_environment(), log=log)
    try:
        template.start()
    except OSError as failure:
        sys.stderr.write(f"could not start the kernel template: {failure!r}\n")
        return None
    return template


def socket_root() -> Path:
    """Return a short temporary directory for kernels' IPC sockets."""
    base = tempfile.gettempdir()
    if len(base) > MAX_SOCKET_DIR_LENGTH:
        base = "/tmp"
    return Path(tempfile.mkdtemp(prefix="tvz-", dir=base))


class RunKernel:
    """The kernel of one run: started (possibly ahead of time), then killed at the run's end.

    Parameters
    ----------
    kernel_name : str
        Kernelspec name, e.g. ``python3``.
    cwd : pathlib.Path
        The kernel's working directory (the run's directory).
    sockets : pathlib.Path
        Parent directory for this kernel's private socket directory.
    notebook : str
        Path of the notebook, exposed to the kernel as ``JPY_SESSION_NAME``.
    template : KernelTemplate, optional
        Fork the kernel from this template (when it is an ipykernel of this interpreter).
    env : Mapping, optional
        Variables added to the kernel's environment (e.g. ``TRADEVIZ_ROOT`` on a cluster).
    kernel_cwd : pathlib.Path, optional
        The kernel's working directory when it is not the run's directory (a batch file's
        ``cwd``); ``TRADEVIZ_RUN_DIR`` still names the run's directory.
    """

    def __init__(
        self,
        kernel_name: str,
        cwd: Path,
        sockets: Path,
        notebook: str = "",
        *,
        template: KernelTemplate | None = None,
        env: Mapping[str, str] | None = None,
        kernel_cwd: Path | None = None,
    ) -> None:
        self.cwd = cwd
        self.kernel_cwd = kernel_cwd or cwd
        self.notebook = notebook
        self.extra_env = dict(env or {})
        self.workdir = Path(tempfile.mkdtemp(prefix="k", dir=sockets))
        self.output_path = self.workdir / "kernel.out"
        # The run's own zmq context, closed at once in shutdown(): a context left to the garbage
        # collector with a socket still open to a dead kernel blocks its finaliser for good.
        self.context = zmq.asyncio.Context()
        self.km = TrackingKernelManager(
            context=self.context,
            kernel_name=kernel_name,
            transport="ipc",
            ip=str(self.workdir / "s"),
            connection_file=str(self.workdir / "kernel.json"),
        )
        self.template = template
        self.pgid: int | None = None
        self._output: Any = None

    def environment(self) -> dict[str, str]:
        """Return the kernel's environment: the runner's, plus the run directory and Agg."""
        env = dict(os.environ)
        env.pop(PARENT_ENV, None)  # a kernel watches its own parent (ipykernel's poller)
        env.update(KERNEL_ENV)
        env.update(self.extra_env)
        env[RUN_DIR_ENV] = str(self.cwd)
        if self.notebook:
            env["JPY_SESSION_NAME"] = self.notebook
        return env

    async def start(self) -> None:
        """Launch the kernel process (returns before the kernel is ready)."""
        self.cwd.mkdir(parents=True, exist_ok=True)
        if self.template is not None and self.km.provisioner is None:
            self.km.kernel_id = self.km.kernel_id or str(uuid.uuid4())
            provisioner = TemplateProvisioner(
                kernel_id=self.km.kernel_id, kernel_spec=self.km.kernel_spec, parent=self.km
            )
            provisioner.template = self.template
            provisioner.output_path = str(self.output_path)
            self.km.provisioner = provisioner
        self._output = self.output_path.open("wb")
        await self.km.start_kernel(
            env=self.environment(),
            cwd=str(self.kernel_cwd),
            stdout=self._output,
            stderr=subprocess.STDOUT,
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
        provisioner = self.km.provisioner
        self.pgid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)

    def kill(self) -> None:
        """Kill the kernel's whole process group now (safe to call from another thread)."""
        if self.pgid:
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def exit_code(self) -> int | None:
        """Return the kernel process's exit code, or ``None`` while it runs."""
        process = getattr(self.km.provisioner, "process", None)
        return None if process is None else process.poll()

    async def shutdown(self) -> None:
        """Close the clients, kill the kernel at once (``now=True``) and close its zmq context."""
        for client in self.km.tracked_clients:
            try:
                client.stop_channels()
            except Exception:  # noqa: BLE001 - closing sockets must not fail a run
                pass
        self.km.tracked_clients.clear()
        try:
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - the process may be gone already
            self.kill()
        finally:
            self.kill()
            if self._output is not None:
                self._output.close()
                self._output = None
            if not self.context.closed:
                self.context.destroy(linger=0)  # unsent messages to a killed kernel are moot

    def output_text(self) -> str:
        """Return what the kernel process printed outside the notebook's own outputs."""
        try:
            return self.output_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def remove_files(self) -> None:
        """Remove the kernel's private directory (sockets, connection file, output)."""
        shutil.rmtree(self.workdir, ignore_errors=True)
