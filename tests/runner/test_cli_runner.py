"""`tradeviz plan`, `inspect` and `run` as a user calls them (no kernel is started here).

What a command prints and exits with is played in this process (``run_in_process``); the tests
about what the process imports, and about a lock another process holds, start an interpreter.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.lock import batch_lock
from tradeviz.runner.progress import LineReporter

from ..conftest import run_in_process
from .conftest import FakeExecutor, notebook_path, write_config

HEAVY = ("papermill", "nbformat", "nbconvert", "nbclient", "pandas", "matplotlib", "jupyter_client")


def tradeviz(*args, cwd=None, importtime=False):
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "tradeviz"]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd)


def imported(stderr):
    """Top-level package names in a -X importtime report."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_plan_lists_runs_and_imports_nothing_heavy(tmp_path):
    path = write_config(
        tmp_path,
        [{"notebook": "ok_report", "output": "{partner}", "matrix": {"partner": ["CHN", "RUS"]}}],
    )
    done = tradeviz("plan", str(path), importtime=True)
    assert done.returncode == 0, done.stderr
    rows = [line.split(None, 2) for line in done.stdout.splitlines()[:-1]]
    assert rows == [
        ["CHN", str(notebook_path("ok_report")), "partner=CHN, output_dir=figures"],
        ["RUS", str(notebook_path("ok_report")), "partner=RUS, output_dir=figures"],
    ]
    last = done.stdout.splitlines()[-1]
    assert last == f"2 runs of 1 notebooks valid; reports go to {tmp_path / 'reports'}"
    assert not imported(done.stderr) & set(HEAVY)


def test_plan_lists_every_problem_and_exits_2_without_traceback(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_report", "parameters": {"yaer": 2021, "partner": 5}},
            {"notebook": "notebooks/trade_shares.ipynb"},
        ],
    )
    done = run_in_process("plan", str(path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("tradeviz: error:")]
    assert len(lines) == 3, done.stderr
    assert any("notebook not found" in line and "trade_shares.ipynb" in line for line in lines)
    assert any("field 'yaer': unknown parameter" in line for line in lines)
    assert any("field 'partner': wrong type (expected str, found 5)" in line for line in lines)


def test_run_with_invalid_parameters_exits_2_and_writes_nothing(tmp_path):
    path = write_config(tmp_path, [{"notebook": "typed_params", "parameters": {"year": "x"}}])
    done = run_in_process("run", str(path), "--format", "json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["exit_code"] == 2
    assert "field 'document': required parameter has no value" in done.stderr
    assert not (tmp_path / "reports").exists()


def test_inspect_shows_types_defaults_and_help():
    done = run_in_process("inspect", str(notebook_path("typed_params")))
    assert done.returncode == 0, done.stderr
    assert "7 parameters" in done.stdout
    assert "flow          Literal['exports', 'imports'], default 'exports'  # trade flow" in (
        done.stdout
    )
    assert "document      str, required  # required: the document id" in done.stdout
    typed = str(notebook_path("typed_params"))
    as_json = json.loads(run_in_process("inspect", "--json", typed).stdout)
    assert as_json["parameters"][3] == {
        "name": "perspectives",
        "type": "list[str]",
        "required": False,
        "default": ["KAZ", "CHN"],
        "default_source": "['KAZ', 'CHN']",
        "help": "whose statistics",
    }
    none = run_in_process("inspect", str(notebook_path("no_params")))
    assert "no cell tagged 'parameters'" in none.stdout


def test_inspect_a_missing_notebook_exits_2():
    done = run_in_process("inspect", "nowhere.ipynb")
    assert done.returncode == 2 and "notebook not found" in done.stderr


def test_force_and_only_failed_exclude_each_other(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    done = run_in_process("run", str(path), "--force", "--only-failed")
    assert done.returncode == 2 and "exclude each other" in done.stderr


def test_a_second_run_while_one_holds_the_lock_exits_3(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    with batch_lock(tmp_path / "reports"):
        done = tradeviz("run", str(path))
    assert done.returncode == 3, done.stderr
    assert "is being written by another tradeviz run (pid" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_fully_cached_run_imports_nothing_heavy(tmp_path):
    path = write_config(
        tmp_path,
        [{"notebook": "ok_report", "output": "{partner}", "matrix": {"partner": ["CHN", "RUS"]}}],
    )
    fake = FakeExecutor({"CHN": "ok", "RUS": "ok"})
    run_batch(path, BatchOptions(), reporter=LineReporter(io.StringIO()), executor_factory=fake)
    done = tradeviz("run", str(path), "--format", "json", importtime=True)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert any("CHN CACHED" in line for line in lines)
    summary = json.loads(done.stdout)
    assert summary["counts"] == {"cached": 2} and summary["workers"] == 0
    assert not imported(done.stderr) & set(HEAVY)
