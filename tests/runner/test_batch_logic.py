"""The batch loop with a fake executor (no kernels): cache, publishing, failures, interruption."""

from __future__ import annotations

import io
import json

import pytest

from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.manifest import validate_manifest
from tradeviz.runner.progress import LineReporter

from .conftest import FakeExecutor, entries, read_manifest, write_config


def _config(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "x.parquet").write_bytes(b"v1")
    return write_config(
        tmp_path,
        [{"notebook": "ok_report", "output": "r/{partner}", "matrix": {"partner": list("ABC")}}],
        defaults={"inputs": ["data/*.parquet"]},
    )


def _run(path, fake, **options):
    out = io.StringIO()
    outcome = run_batch(
        path, BatchOptions(**options), reporter=LineReporter(out), executor_factory=fake
    )
    return outcome, out.getvalue()


def test_first_run_then_cached_then_changed_input_reruns(tmp_path):
    path = _config(tmp_path)
    reports = tmp_path / "reports"
    fake = FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"})
    outcome, text = _run(path, fake)
    assert outcome.exit_code == 0
    assert fake.submitted == ["r/A", "r/B", "r/C"]
    assert (reports / "r/A/report.html").read_text() == "report.html of r/A ok"
    manifest = read_manifest(reports)
    assert validate_manifest(manifest) == []
    assert manifest["batch"]["state"] == "finished" and manifest["batch"]["exit_code"] == 0
    entry = entries(reports)["r/B"]
    assert entry["outputs"]["figures"] == ["r/B/figures/chart.png"]
    assert entry["parameters"] == {"partner": "B", "output_dir": "figures"}
    assert "OK 0.5s" in text
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f'href="r/{run}/report.html"' in index for run in "ABC"), index

    again = FakeExecutor({})
    outcome, text = _run(path, again)
    assert again.submitted == [] and outcome.exit_code == 0
    assert outcome.summary["counts"] == {"cached": 3}
    assert "r/A CACHED" in text

    (tmp_path / "data" / "x.parquet").write_bytes(b"v2")
    changed = FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"})
    outcome, text = _run(path, changed, only=("r/A",))
    assert changed.submitted == ["r/A"]
    assert "r/A CHANGED inputs" in text
    forced = FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"})
    _run(path, forced, force=True)
    assert forced.submitted == ["r/A", "r/B", "r/C"]


def test_a_failure_never_overwrites_the_last_good_report(tmp_path):
    path = _config(tmp_path)
    reports = tmp_path / "reports"
    _run(path, FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"}))
    outcome, text = _run(
        path, FakeExecutor({"r/A": "cell_error", "r/B": "timeout", "r/C": "ok"}), force=True
    )
    assert outcome.exit_code == 1  # a notebook failure wins over the timeout
    assert (reports / "r/A/report.html").read_text() == "report.html of r/A ok"
    assert (reports / "r/A.failed/report.html").read_text() == "report.html of r/A cell_error"
    entry = entries(reports)["r/A"]
    assert entry["status"] == "cell_error"
    assert entry["outputs"]["dir"] == "r/A.failed"
    assert entry["last_ok"]["dir"] == "r/A" and entry["last_ok"]["html"] == "r/A/report.html"
    assert "FAIL cell_error 0.5s cell 2: E" in text
    assert "FAILED r/A [cell_error] cell 2: E" in text

    # --only-failed runs just the failures; an ok run removes the stale failed attempt.
    fake = FakeExecutor({"r/A": "ok", "r/B": "ok"})
    outcome, _ = _run(path, fake, only_failed=True)
    assert fake.submitted == ["r/A", "r/B"] and outcome.exit_code == 0
    assert not (reports / "r/A.failed").exists()
    assert entries(reports)["r/A"]["last_ok"] is None


def test_infrastructure_failures_only_exit_3(tmp_path):
    path = _config(tmp_path)
    outcome, _ = _run(path, FakeExecutor({"r/A": "ok", "r/B": "kernel_died", "r/C": "timeout"}))
    assert outcome.exit_code == 3
    assert outcome.summary["counts"] == {"ok": 1, "kernel_died": 1, "timeout": 1}


def test_a_run_handed_back_is_submitted_again(tmp_path):
    path = _config(tmp_path)
    fake = FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"}, return_first=True)
    outcome, _ = _run(path, fake)
    assert outcome.exit_code == 0
    assert fake.submitted.count("r/A") == 2


def test_interruption_keeps_finished_reports_marks_started_runs_and_exits_4(tmp_path):
    path = _config(tmp_path)
    reports = tmp_path / "reports"
    fake = FakeExecutor({"r/A": "ok", "r/B": "ok", "r/C": "ok"}, interrupt_after=1)
    outcome, text = _run(path, fake)
    assert outcome.exit_code == 4 and fake.aborted
    runs = entries(reports)
    assert runs["r/A"]["status"] == "ok"
    assert (reports / "r/A/report.html").read_text() == "report.html of r/A ok"
    assert runs["r/B"]["status"] == "interrupted"
    assert "stopped by SIGINT" in runs["r/B"]["error"]["message"]
    assert not (reports / "r/B").exists() and not (reports / ".staging").exists()
    assert outcome.summary["not_started"] == ["r/C"]
    assert read_manifest(reports)["batch"]["state"] == "interrupted"
    # The next run resumes: A is cached, B and C run.
    resumed = FakeExecutor({"r/B": "ok", "r/C": "ok"})
    outcome, _ = _run(path, resumed)
    assert resumed.submitted == ["r/B", "r/C"] and outcome.exit_code == 0


def test_json_summary_fields(tmp_path):
    path = _config(tmp_path)
    outcome, _ = _run(path, FakeExecutor({"r/A": "ok", "r/B": "display_error", "r/C": "ok"}))
    summary = json.loads(json.dumps(outcome.summary))
    assert summary["exit_code"] == 1
    assert summary["selected"] == 3
    failed = [run for run in summary["runs"] if run["status"] != "ok"]
    assert failed[0]["run_id"] == "r/B"
    assert failed[0]["html"].endswith("reports/r/B.failed/report.html")
    assert failed[0]["message"] == "cell 2: E"


def test_invalid_parameters_stop_before_the_lock_and_any_run(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_report", "parameters": {"yaer": 1}}])
    fake = FakeExecutor({})
    with pytest.raises(Exception, match="unknown parameter") as caught:
        _run(path, fake)
    assert caught.value.exit_code == 2
    assert fake.submitted == [] and not (tmp_path / "reports").exists()
