"""One ``tradeviz run`` at a time per reports folder: an advisory ``flock`` on ``reports/.lock``.

The lock is held on an open file descriptor, so the kernel releases it when the process ends,
however it ends: a stale lock file never blocks the next scheduled run. The file records the
holder: pid, the process's own start time (so a reused pid is not mistaken for it), host, the
batch's id, its start and its command. A holder that ends normally empties the file; a holder
that was killed leaves its record behind, which the next holder reads as a *stale* lock: that
batch ended without cleaning up, and its staging folder (named by its batch id) is discarded.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tradeviz.atomic import storage_errors
from tradeviz.errors import TradevizError, one_line, quote_path
from tradeviz.runner.layout import LOCK
from tradeviz.runner.status import EXIT_INFRA


class LockedError(TradevizError):
    """Another ``tradeviz run`` holds the reports folder (exit code 3)."""

    exit_code = EXIT_INFRA


@dataclass
class Lock:
    """The lock a batch holds.

    Attributes
    ----------
    path : pathlib.Path
        ``reports/.lock``.
    holder : dict
        What the file records about this holder (``pid``, ``pid_start``, ``host``, ``batch``,
        ``started_at``, ``command``).
    stale : dict
        The record a previous holder left behind when it did not end cleanly (killed), or empty.
    """

    path: Path
    holder: dict[str, Any] = field(default_factory=dict)
    stale: dict[str, Any] = field(default_factory=dict)

    @property
    def batch(self) -> str:
        """The id of the batch holding the lock (names its staging folder)."""
        return str(self.holder["batch"])

    def __fspath__(self) -> str:
        return str(self.path)

    def read_text(self, encoding: str = "utf-8") -> str:
        """Return the lock file's text (what another process reads)."""
        return self.path.read_text(encoding=encoding)


def read_holder(path: Path) -> dict[str, Any]:
    """Return what the lock file says about its holder (empty when unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def process_start(pid: int) -> int | None:
    """Return when process ``pid`` started (clock ticks since boot), ``None`` if unknown or gone.

    Read from ``/proc/<pid>/stat`` on Linux; elsewhere ``None`` (then only the pid is compared).
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    try:
        return int(fields[19])  # field 22 of the whole line: starttime
    except (IndexError, ValueError):
        return None


def holder_alive(holder: dict[str, Any]) -> bool:
    """Return whether the process a lock record names still runs (same pid, same start)."""
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0 or holder.get("host") != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    recorded, current = holder.get("pid_start"), process_start(pid)
    return recorded is None or current is None or recorded == current


def _describe(holder: dict[str, Any]) -> str:
    return (
        f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
        f"started {holder.get('started_at', '?')}: {holder.get('command', '?')}"
    )


@contextlib.contextmanager
def batch_lock(reports: Path) -> Iterator[Lock]:
    """Hold ``reports/.lock`` for the duration of the block.

    Parameters
    ----------
    reports : pathlib.Path
        The reports folder (created if missing).

    Yields
    ------
    Lock
        The lock, with this holder's record and any stale record found.

    Raises
    ------
    LockedError
        When another process holds the lock; the message names its pid, host and start time.
    tradeviz.errors.StorageError
        When the folder cannot be made or the lock file written (exit code 3).
    """
    path = reports / LOCK
    with storage_errors(path):
        reports.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(path)
            note = ""
            if holder and not holder_alive(holder):
                note = " (that process has ended; processes it left behind hold the lock)"
            raise LockedError(
                f"{quote_path(reports)} is being written by another tradeviz run "
                f"({one_line(_describe(holder))})"
                f"{note}; wait for it to finish or stop it"
            ) from None
        stale = read_holder(path)
        now = dt.datetime.now(dt.UTC)
        pid = os.getpid()
        holder = {
            "pid": pid,
            "pid_start": process_start(pid),
            "host": socket.gethostname(),
            "batch": f"{now:%Y%m%dT%H%M%S}-{pid}",
            "started_at": now.isoformat(timespec="seconds"),
            "command": " ".join(["tradeviz", *sys.argv[1:]]),
        }
        with storage_errors(path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
        try:
            yield Lock(path, holder, stale)
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
