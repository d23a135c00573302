"""papermill's behaviours through real kernels: untyped and non-finite values, early stops,
line magics, a working directory (slow: starts kernels)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import entries, notebook_path, write_config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("papermill")
    (root / "data").mkdir()
    (root / "data" / "greeting.txt").write_text("read from data/")
    path = root / "reports.yaml"
    path.write_text(
        "defaults: {inputs: []}\n"
        "reports:\n"
        f"  - notebook: {notebook_path('untyped')}\n"
        "    output: untyped\n"
        "    parameters: {var: It works, ratio: .nan}\n"
        f"  - notebook: {notebook_path('stops_early')}\n"
        "    output: 'stop/{how}'\n"
        "    matrix: {how: [raise, exit]}\n"
        f"  - notebook: {notebook_path('line_magic_error')}\n"
        "    output: magic\n"
        f"  - notebook: {notebook_path('reads_relative')}\n"
        "    output: relative\n"
        "    cwd: data\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "run", str(path), "--format", "json", "-j", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "1"},
    )
    return root, done


def _results(root, run_id):
    return json.loads((root / "reports" / run_id / "results.json").read_text())


def test_an_untyped_parameter_takes_a_string_and_nan_reaches_the_notebook(batch):
    root, done = batch
    runs = entries(root / "reports")
    assert runs["untyped"]["status"] == "ok", done.stderr
    assert runs["untyped"]["parameters"] == {"var": "It works", "ratio": {"$float": "nan"}}
    assert _results(root, "untyped") == {"var": "It works", "ratio": None}  # NaN is recorded null


def test_sys_exit_and_raise_systemexit_stop_early_without_failing_the_batch(batch):
    root, done = batch
    runs = entries(root / "reports")
    for how in ("raise", "exit"):
        entry = runs[f"stop/{how}"]
        assert entry["status"] == "stopped_early"
        assert entry["error"]["cell"] == 3 and entry["error"]["ename"] == "SystemExit"
        page = (root / "reports" / "stop" / how / "report.html").read_text()
        assert "Run stopped_early" in page and "never printed" not in page
    summary = json.loads(done.stdout)
    # The line magic's failure alone makes the exit code 1; the early stops count as success.
    assert summary["exit_code"] == 1 == done.returncode
    assert summary["counts"]["stopped_early"] == 2


def test_a_line_magic_error_is_reported_as_the_kernels_usage_error(batch):
    root, _ = batch
    error = entries(root / "reports")["magic"]["error"]
    assert error["ename"] == "UsageError" and error["cell"] == 2
    assert "no-such-line-magic" in error["message"]


def test_a_working_directory_sets_where_reads_resolve_and_not_where_outputs_go(batch):
    root, done = batch
    runs = entries(root / "reports")
    assert runs["relative"]["status"] == "ok", runs["relative"]["error"]
    assert _results(root, "relative") == {"greeting": "read from data/"}
    copy = root / "reports" / "relative" / "figures" / "copy.txt"
    assert copy.read_text() == "read from data/"
    assert not (root / "data" / "figures").exists()


def test_plan_refuses_a_kernel_that_is_not_installed_before_any_run(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "kernel": "no-such-kernel"}])
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "plan", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "field 'kernel': no such Jupyter kernel is installed" in done.stderr
    assert "found 'no-such-kernel'" in done.stderr
