"""Processes the runner starts die with their parent; the lock tells of a dead holder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tradeviz.runner.lock import batch_lock, holder_alive, process_start, read_holder

from .conftest import read_or_empty, wait_until

#: A parent that starts one child tied to it, says the child's pid, then waits to be killed.
PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen(
    [sys.executable, "-c", sys.argv[1], sys.argv[2]],
    env={**os.environ, "TRADEVIZ_PARENT_PID": str(os.getpid())},
    start_new_session=True,  # as the runner's workers: Ctrl-C and killpg do not reach it
)
print(child.pid, flush=True)
time.sleep(600)
"""
#: Children: tied with the parent-death signal and the watchdog, or with the watchdog alone.
BOTH = """
import os, sys, time
from pathlib import Path
from tradeviz.runner.lifeline import die_with_parent, expected_parent
die_with_parent(expected_parent(), lambda: os._exit(7))
Path(sys.argv[1]).write_text("tied")
time.sleep(600)
"""
WATCHDOG_ONLY = """
import os, sys, time
from pathlib import Path
from tradeviz.runner.lifeline import expected_parent, watch_parent
watch_parent(expected_parent(), lambda: os._exit(7), interval=0.1)
Path(sys.argv[1]).write_text("tied")
time.sleep(600)
"""


def alive(pid: int) -> bool:
    """Return whether ``pid`` runs (a zombie waiting for a reaper does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


@pytest.mark.parametrize("child", [BOTH, WATCHDOG_ONLY], ids=["signal+watchdog", "watchdog"])
def test_a_child_dies_when_its_parent_is_killed_with_sigkill(tmp_path, child):
    ready = tmp_path / "ready"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, child, str(ready)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    try:
        wait_until(lambda: read_or_empty(ready) == "tied", timeout=60, what="the child to start")
        parent.kill()  # SIGKILL: the parent can tell no one
        parent.wait(timeout=30)
        wait_until(lambda: not alive(pid), timeout=30, what=f"the orphan {pid} to end")
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_the_lock_records_its_holder_and_the_next_holder_sees_a_killed_one(tmp_path):
    reports = tmp_path / "reports"
    code = (
        "import os, sys; from pathlib import Path\n"
        "from tradeviz.runner.lock import batch_lock\n"
        "with batch_lock(Path(sys.argv[1])):\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(reports)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    left = read_holder(reports / ".lock")
    assert isinstance(left["pid"], int) and left["pid"] != os.getpid()
    assert left["batch"].endswith(f"-{left['pid']}") and not holder_alive(left)
    with batch_lock(reports) as lock:
        assert lock.stale == left
        holder = json.loads(lock.read_text())
        assert holder["pid"] == os.getpid() and holder["pid_start"] == process_start(os.getpid())
        assert holder_alive(holder)
    assert (reports / ".lock").read_text() == ""  # a clean end leaves no record
    with batch_lock(reports) as lock:
        assert lock.stale == {}


def test_a_holder_record_with_another_start_time_is_not_alive(tmp_path):
    holder = {
        "pid": os.getpid(),
        "pid_start": (process_start(os.getpid()) or 0) + 1,  # a reused pid
        "host": os.uname().nodename,
    }
    if process_start(os.getpid()) is None:
        pytest.skip("no /proc: process start times are not readable here")
    assert not holder_alive(holder)
