"""Kernels forked from a template: each is fresh (nothing of another report reaches it)."""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from tradeviz.runner.kernels import RunKernel, socket_root, template_environment
from tradeviz.runner.kerneltemplate import KernelTemplate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

#: What a report leaves behind in its kernel, then what the next kernel sees.
DIRTY = """
import json, os, sys, numpy, pandas, tradeviz.figures
preloaded = sorted(name for name in ("pandas", "matplotlib.pyplot", "tradeviz.figures")
                   if name in sys.modules)
tradeviz.figures.LEFT_BEHIND = "report A"
pandas.set_option("display.max_rows", 3)
secret = 42
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "pgid": os.getpgid(0),
                  "random": numpy.random.random(), "preloaded": preloaded,
                  "cwd": os.getcwd(), "run_dir": os.environ.get("TRADEVIZ_RUN_DIR")}))
"""
LOOK = """
import json, os, numpy, pandas, tradeviz.figures
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(),
                  "left_behind": getattr(tradeviz.figures, "LEFT_BEHIND", None),
                  "max_rows": pandas.get_option("display.max_rows"),
                  "secret": "secret" in globals(), "random": numpy.random.random(),
                  "cwd": os.getcwd()}))
"""


async def _run(kernel: RunKernel, code: str) -> dict:
    await kernel.start()
    client = kernel.km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        lines = []

        def keep(message):
            if message["msg_type"] == "stream":
                lines.append(message["content"]["text"])

        reply = await client.execute_interactive(code, output_hook=keep, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        return json.loads("".join(lines))
    finally:
        client.stop_channels()


def test_two_kernels_of_one_template_share_nothing_a_report_did(tmp_path):
    template = KernelTemplate(template_environment())
    template.start()
    template_pid = template.pid
    sockets = socket_root()
    kernels = []
    try:
        first = RunKernel("python3", tmp_path / "a", sockets, template=template)
        second = RunKernel("python3", tmp_path / "b", sockets, template=template)
        kernels += [first, second]
        seen_a = asyncio.run(_run(first, DIRTY))
        asyncio.run(first.shutdown())
        seen_b = asyncio.run(_run(second, LOOK))
    finally:
        for kernel in kernels:
            asyncio.run(kernel.shutdown())
            kernel.remove_files()
        template.close()
    # Forked from the template, which had imported the libraries already.
    assert seen_a["ppid"] == seen_b["ppid"] == template_pid
    assert seen_a["preloaded"] == ["matplotlib.pyplot", "pandas", "tradeviz.figures"]
    assert seen_a["pgid"] == seen_a["pid"] != seen_b["pid"]  # its own process group
    assert seen_a["cwd"] == str(tmp_path / "a") and seen_a["run_dir"] == str(tmp_path / "a")
    assert seen_b["cwd"] == str(tmp_path / "b")
    # Nothing report A did is visible to report B.
    assert seen_b["left_behind"] is None
    assert seen_b["max_rows"] == 60  # pandas' default
    assert seen_b["secret"] is False
    assert seen_b["random"] != seen_a["random"]  # each kernel draws its own numbers


def test_a_forked_kernel_that_exits_reports_its_exit_code(tmp_path):
    template = KernelTemplate(template_environment())
    template.start()
    sockets = socket_root()
    kernel = RunKernel("python3", tmp_path / "run", sockets, template=template)
    try:

        async def die() -> int | None:
            await kernel.start()
            assert kernel.pgid == kernel.km.provisioner.pid
            os.killpg(kernel.pgid, 9)
            return await asyncio.wait_for(kernel.km.provisioner.wait(), timeout=30)

        assert asyncio.run(die()) == -9
        assert template.process is not None and template.process.poll() is None
    finally:
        asyncio.run(kernel.shutdown())
        kernel.remove_files()
        template.close()


def test_shutdown_closes_the_runs_zmq_context_even_when_the_kernel_died(tmp_path):
    template = KernelTemplate(template_environment())
    template.start()
    kernel = RunKernel("python3", tmp_path / "run", socket_root(), template=template)
    try:

        async def die_then_shut_down() -> None:
            await kernel.start()
            os.killpg(kernel.pgid, 9)
            await asyncio.wait_for(kernel.km.provisioner.wait(), timeout=30)
            await kernel.shutdown()

        asyncio.run(die_then_shut_down())
        # a context left open would block the garbage collector's finaliser (zmq term)
        assert kernel.context.closed
    finally:
        kernel.remove_files()
        template.close()
