"""One ``tradeviz run`` at a time per reports folder: an advisory ``flock`` on ``reports/.lock``.

The lock is held on an open file descriptor, so the kernel releases it when the process ends,
however it ends: a stale lock file never blocks the next scheduled run. The file records the
holder (pid, host, start time, command) so that a second run can say who is writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from tradeviz.errors import TradevizError
from tradeviz.runner.layout import LOCK
from tradeviz.runner.status import EXIT_INFRA


class LockedError(TradevizError):
    """Another ``tradeviz run`` holds the reports folder (exit code 3)."""

    exit_code = EXIT_INFRA


def read_holder(path: Path) -> dict[str, object]:
    """Return what the lock file says about its holder (empty when unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def batch_lock(reports: Path) -> Iterator[Path]:
    """Hold ``reports/.lock`` for the duration of the block.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder (created if missing).

    Yields
    ------
    pathlib.Path
        The lock file.

    Raises
    ------
    LockedError
        When another process holds the lock; the message names its pid, host and start time.
    """
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(path)
            raise LockedError(
                f"{reports} is being written by another tradeviz run "
                f"(pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                f"started {holder.get('started_at', '?')}: {holder.get('command', '?')}); "
                "wait for it to finish or stop it"
            ) from None
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "command": " ".join(["tradeviz", *sys.argv[1:]]),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
