"""Real kernels: every failure kind, the cache, an interrupted batch and its resumption.

Marked ``slow``: about 20 short kernel runs; on two cores the module takes about a minute.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tradeviz.runner.layout import RUN_LOG, staging_dir

from .conftest import (
    entries,
    notebook_path,
    read_manifest,
    read_or_empty,
    wait_until,
    write_config,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # a module fixture runs 13 kernels

HOSTILE = "<script>alert('x')</script>"


def tradeviz(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tradeviz", *args], capture_output=True, text=True, **kwargs
    )


def kernels_of(directory: Path) -> list[int]:
    """Process ids whose environment names a run directory under ``directory``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if f"TRADEVIZ_RUN_DIR={directory}".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.fixture(scope="module")
def fixture_batch(tmp_path_factory):
    """One batch with every fixture, run once through the CLI with two workers."""
    root = tmp_path_factory.mktemp("batch")
    (root / "data").mkdir()
    (root / "data" / "greeting.txt").write_text("v1")
    # A kernel that is installed (the plan accepts it) but cannot start: its interpreter is gone.
    spec = root / "jupyter" / "kernels" / "broken-kernel" / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.write_text(json.dumps({"argv": argv, "display_name": "broken", "language": "python"}))
    bad_kernel = json.loads(notebook_path("ok_trivial").read_text())
    bad_kernel["metadata"]["kernelspec"]["name"] = "broken-kernel"
    (root / "bad_kernel.ipynb").write_text(json.dumps(bad_kernel))
    path = write_config(
        root,
        [
            {"notebook": "ok_trivial", "inputs": ["data/greeting.txt"]},
            {
                "notebook": "ok_report",
                "output": "{name}/{reporter}-{partner}",
                "parameters": {"reporter": "KAZ"},
                "matrix": {"partner": ["CHN", "RUS"]},
            },
            {"notebook": "cell_error"},
            {"notebook": "display_error"},
            {"notebook": "sys_exit"},
            {"notebook": "dies"},
            {"notebook": "slow", "parameters": {"seconds": 60}, "cell_timeout": 3},
            {"notebook": "typed_params", "parameters": {"document": "neo", "start": "2021-07-20"}},
            {"notebook": "no_params"},
            {"notebook": "hostile", "parameters": {"title": HOSTILE}},
            {"notebook": str(root / "bad_kernel.ipynb")},
        ],
        defaults={"inputs": [], "run_timeout": 120},
    )
    env = {**os.environ, "JUPYTER_PATH": str(root / "jupyter")}
    done = tradeviz("run", str(path), "--workers", "2", "--format", "json", env=env)
    return root, path, done


def test_statuses_come_from_what_happened(fixture_batch):
    root, _, done = fixture_batch
    summary = json.loads(done.stdout)
    statuses = {run["run_id"]: run["status"] for run in summary["runs"]}
    assert statuses == {
        "ok_trivial/default": "ok",
        "ok_report/KAZ-CHN": "ok",
        "ok_report/KAZ-RUS": "ok",
        "cell_error/default": "cell_error",
        "display_error/default": "display_error",
        "sys_exit/default": "cell_error",  # sys.exit(1)
        "dies/default": "kernel_died",
        "slow/default": "timeout",
        "typed_params/default": "ok",
        "no_params/default": "ok",
        "hostile/default": "ok",
        "bad_kernel/default": "infra_error",
    }, done.stderr
    assert done.returncode == 1  # notebook failures win over infrastructure ones
    runs = entries(root / "reports")
    assert runs["cell_error/default"]["error"]["message"] == "cell 3: ValueError: boom: x"
    assert runs["cell_error/default"]["error"]["cell"] == 3
    assert runs["display_error/default"]["error"]["ename"] == "ValueError"
    assert runs["sys_exit/default"]["error"]["ename"] == "SystemExit"
    assert runs["dies/default"]["error"]["message"].endswith("the kernel died (exit code 1)")
    assert "cell timeout (3 s)" in runs["slow/default"]["error"]["message"]
    assert runs["bad_kernel/default"]["attempts"] == 3
    assert "/nonexistent/python" in runs["bad_kernel/default"]["error"]["message"]
    assert kernels_of(root / "reports") == []


def test_ok_run_directory_holds_notebook_html_figures_log_and_results(fixture_batch):
    root, _, _ = fixture_batch
    run = root / "reports" / "ok_report" / "KAZ-CHN"
    assert sorted(p.name for p in run.iterdir()) == [
        "figures", "log.txt", "report.html", "report.ipynb", "results.json"
    ]  # fmt: skip
    assert (run / "figures" / "monthly.png").read_bytes()[:4] == b"\x89PNG"
    results = json.loads((run / "results.json").read_text())
    assert results["total"] == sum(range(1, 13)) * 10.0
    assert results["parameters"] == {"reporter": "KAZ", "partner": "CHN", "year": 2020}
    notebook = json.loads((run / "report.ipynb").read_text())
    assert notebook["metadata"]["tradeviz"]["status"] == "ok"
    assert notebook["metadata"]["papermill"]["parameters"]["output_dir"] == "figures"
    page = (run / "report.html").read_text()
    assert "KAZ–CHN 2020" not in page  # the title is drawn in the PNG, not printed
    assert "data:image/png;base64" in page
    assert "import matplotlib" not in page and "output_dir = " not in page
    log = (run / "log.txt").read_text().splitlines()
    assert log and all(" ok_report/KAZ-CHN " in line for line in log)
    typed = json.loads((root / "reports/typed_params/default/results.json").read_text())
    assert typed["checked"]["start"] == "2021-07-20" and typed["checked"]["share"] == 0.5


def test_failed_runs_keep_their_attempt_with_a_banner(fixture_batch):
    root, _, _ = fixture_batch
    failed = root / "reports" / "dies" / "default.failed"
    assert not (root / "reports" / "dies" / "default").exists()
    notebook = json.loads((failed / "report.ipynb").read_text())
    assert notebook["metadata"]["tradeviz"]["status"] == "kernel_died"
    assert "kernel_died" in "".join(notebook["cells"][0]["source"])  # banner papermill omits
    assert "kernel_died" in (failed / "report.html").read_text()


def test_hostile_parameter_values_are_escaped_everywhere(fixture_batch):
    root, _, _ = fixture_batch
    assert HOSTILE not in (root / "reports" / "index.html").read_text()  # parameters: run log
    for page in (
        root / "reports" / "runs.html",
        root / "reports" / "hostile" / "default" / "report.html",
    ):
        text = page.read_text()
        assert HOSTILE not in text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text, page


def test_second_run_is_cached_and_a_changed_input_reruns_only_its_runs(fixture_batch):
    root, path, _ = fixture_batch
    done = tradeviz("run", str(path), "--only", "ok_*", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"] == {"cached": 3}
    (root / "data" / "greeting.txt").write_text("v2")
    done = tradeviz("run", str(path), "--only", "ok_*", "--format", "json")
    summary = json.loads(done.stdout)
    executed = {run["run_id"] for run in summary["runs"] if run["executed"]}
    assert executed == {"ok_trivial/default"}, done.stderr
    assert "ok_trivial/default CHANGED inputs" in done.stderr
    assert summary["counts"] == {"ok": 1, "cached": 2}


def test_interrupted_batch_keeps_finished_reports_and_resumes(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_trivial"},
            {"notebook": "slow", "matrix": {"seconds": [30, 31]}},
        ],
        defaults={"inputs": [], "run_timeout": 120},
    )
    reports = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "tradeviz", "run", str(path), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "CI": "1"},
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if "slow/30 START" in line:
            break
    # The first slow run is under way once its log says the injected parameters ran: the next
    # cell is the long sleep.
    # The batch's own staging folder: .staging/<batch id>/slow--30/.
    pattern = f"*/{staging_dir(reports, 'slow/30').name}/{RUN_LOG}"

    def sleeping() -> bool:
        logs = list((reports / ".staging").glob(pattern))
        return bool(logs) and "injected parameters done" in read_or_empty(logs[0])

    wait_until(sleeping, timeout=120, what=f"the sleeping cell of slow/30 to start ({pattern})")
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=60)
    output = "".join(lines) + rest
    assert process.returncode == 4, output
    assert "INTERRUPTED" in output
    runs = entries(reports)
    assert runs["ok_trivial/default"]["status"] == "ok"
    assert "hello" in (reports / "ok_trivial" / "default" / "report.html").read_text()
    assert runs["slow/30"]["status"] == "interrupted"
    assert read_manifest(reports)["batch"]["state"] == "interrupted"
    assert not (reports / ".staging").exists()
    assert kernels_of(reports) == []
    # The next run resumes: the finished report is cached, the others run (and time out here).
    done = tradeviz("run", str(path), "--cell-timeout", "1", "--format", "json")
    summary = json.loads(done.stdout)
    assert {run["run_id"]: run["status"] for run in summary["runs"]} == {
        "ok_trivial/default": "cached",
        "slow/30": "timeout",
        "slow/31": "timeout",
    }
    assert done.returncode == 3
