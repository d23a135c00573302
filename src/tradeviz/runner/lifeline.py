"""Processes that die with their parent: a parent-death signal, and a watchdog on the parent's pid.

A ``tradeviz run`` killed with SIGKILL cannot tell its workers to stop, and they run in their own
sessions (so Ctrl-C in a terminal reaches only the batch). Without a lifeline they would go on
running cells until ``run_timeout``, beside the next batch. So each process the runner starts
ties its life to its parent's:

- on Linux, :func:`set_parent_death_signal` asks the kernel (``prctl(PR_SET_PDEATHSIG)``, called
  through :mod:`ctypes`) to send a signal the moment the parent ends;
- everywhere, :func:`watch_parent` checks every :data:`WATCH_INTERVAL` seconds that the parent's
  pid is still the process's parent (an orphan is re-parented to init or a subreaper).

The chain: the batch's workers get SIGTERM (they kill their kernels' process groups and exit);
a worker's kernel template gets SIGKILL, and the kernels forked from it get SIGKILL too; kernels
that jupyter_client launched also poll their parent (ipykernel's ``JPY_PARENT_PID``).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable

#: ``prctl`` option that sets the signal sent when the parent ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1
#: Seconds between two checks of the parent's pid.
WATCH_INTERVAL = 1.0
#: Environment variable through which a process learns the pid it must outlive no longer.
PARENT_ENV = "TRADEVIZ_PARENT_PID"


def set_parent_death_signal(number: int) -> bool:
    """Ask the kernel to send signal ``number`` to this process when its parent ends.

    Linux only (elsewhere, and where ``prctl`` fails, returns ``False``: rely on
    :func:`watch_parent`). The setting is cleared in a forked child, so each process sets its own.
    It fires when the *thread* that started the process ends: the runner starts its processes
    from threads that live as long as the process they start is needed.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(number), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def expected_parent(default: int | None = None) -> int | None:
    """Return the parent pid named by :data:`PARENT_ENV`, else ``default``."""
    value = os.environ.get(PARENT_ENV, "")
    return int(value) if value.isdigit() else default


def orphaned(parent: int) -> bool:
    """Return whether this process's parent is no longer ``parent``."""
    return os.getppid() != parent


def watch_parent(
    parent: int, on_orphan: Callable[[], None], *, interval: float = WATCH_INTERVAL
) -> threading.Thread:
    """Call ``on_orphan()`` from a daemon thread as soon as ``parent`` is no longer the parent.

    Parameters
    ----------
    parent : int
        The pid this process must not outlive.
    on_orphan : callable
        What to do then (kill what this process started, then ``os._exit``).
    interval : float, optional
        Seconds between two checks.

    Returns
    -------
    threading.Thread
        The watchdog (already started).
    """
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(interval):
            if orphaned(parent):
                on_orphan()
                return

    thread = threading.Thread(target=watch, name="parent-watchdog", daemon=True)
    thread.start()
    return thread


def die_with_parent(
    parent: int,
    on_orphan: Callable[[], None],
    *,
    number: int = signal.SIGTERM,
    interval: float = WATCH_INTERVAL,
) -> None:
    """Tie this process to ``parent``: the parent-death signal, and a watchdog thread.

    When the parent has already gone (it ended before this process set its signal),
    ``on_orphan()`` is called at once.
    """
    set_parent_death_signal(number)
    if orphaned(parent):
        on_orphan()
        return
    watch_parent(parent, on_orphan, interval=interval)
