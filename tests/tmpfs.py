"""A small tmpfs for the disk-full and read-only cases (root and a kernel that allows mounts)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    """Mount a tmpfs of ``size`` at ``where`` for the block; skip the test when one cannot be.

    CI may run unprivileged or in a container that forbids mounts: the test is skipped with
    the reason (the monkeypatched cases of the same guarantees still run).
    """
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the simulated disk errors still run")
    done = _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        yield where
    finally:
        _mount("-o", "remount,rw", str(where))
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def make_read_only(where: Path) -> None:
    """Remount the tmpfs at ``where`` read-only."""
    done = _mount("-o", "remount,ro", str(where))
    assert done.returncode == 0, done.stderr


def fill(where: Path) -> None:
    """Fill the file system of ``where`` until it refuses another byte."""
    for number, size in enumerate((65536, 4096, 1)):
        with contextlib.suppress(OSError):
            fd = os.open(where / f"filler-{number}", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                while True:
                    os.write(fd, b"\0" * size)
            finally:
                os.close(fd)
