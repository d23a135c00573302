"""A batch killed with SIGKILL leaves no worker or kernel; the next batch starts clean."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import read_or_empty, wait_until, write_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc"),
]


def processes_with(marker: bytes) -> list[int]:
    """Process ids whose environment holds ``marker`` (zombies, without one, do not count)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def processes_in(directory: Path) -> list[int]:
    """Process ids whose working directory is under ``directory`` (a run's kernel)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cwd = os.readlink(proc / "cwd")
            except OSError:
                continue
            if cwd.startswith(f"{directory}/"):
                found.append(int(proc.name))
    return found


def test_workers_and_kernels_die_with_a_batch_killed_with_sigkill(tmp_path):
    path = write_config(
        tmp_path,
        [{"notebook": "slow", "output": "slow/{seconds}", "matrix": {"seconds": [300, 301]}}],
    )
    reports = tmp_path / "reports"
    batch = subprocess.Popen(
        [sys.executable, "-m", "tradeviz", "run", str(path), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CI": "1"},
    )
    workers_marker = f"TRADEVIZ_PARENT_PID={batch.pid}".encode()
    staging = reports / ".staging"
    try:

        def both_sleeping() -> bool:
            logs = list((reports / ".staging").glob("*/*/log.txt"))
            return len(logs) == 2 and all(
                "injected parameters done" in read_or_empty(log) for log in logs
            )

        wait_until(both_sleeping, timeout=180, what="both runs to reach their sleeping cell")
        workers, kernels = processes_with(workers_marker), processes_in(staging)
        assert len(workers) >= 2 and len(kernels) >= 2, (workers, kernels)
        batch.kill()
        batch.wait(timeout=30)
        wait_until(
            lambda: not processes_with(workers_marker) and not processes_in(staging),
            timeout=60,
            what="the killed batch's workers and kernels to end",
        )
    finally:
        if batch.poll() is None:
            batch.kill()
        for pid in processes_with(workers_marker) + processes_in(staging):
            os.kill(pid, signal.SIGKILL)
    # The next batch takes the lock at once, says what it found, and runs in its own folder.
    holder = json.loads((reports / ".lock").read_text())
    assert holder["pid"] == batch.pid
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "run", str(path), "--run-timeout", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1"},
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"(pid {batch.pid}, started {holder['started_at']}) ended without releasing" in (
        done.stdout
    )
    assert not (reports / ".staging").exists()
