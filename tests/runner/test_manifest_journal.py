"""The manifest's run journal: linear cost, crash safety, and resuming a killed batch."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tradeviz.errors import InputError
from tradeviz.runner import manifest as manifest_module
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.layout import MANIFEST_JOURNAL
from tradeviz.runner.manifest import Manifest, validate_manifest
from tradeviz.runner.progress import LineReporter

from .conftest import FakeExecutor, entries, read_manifest, write_config

RUNS = [f"r/{letter}" for letter in "ABCDEF"]


def _entry(run_id: str, status: str = "ok", note: str = "") -> dict:
    return {
        "run_id": run_id,
        "report": "r",
        "notebook": "nb.ipynb",
        "parameters": {"note": note or "x" * 900},  # about the size of a real entry
        "status": status,
        "error": None,
        "started_at": "2026-01-01T00:00:00+00:00",
        "finished_at": "2026-01-01T00:00:01+00:00",
        "duration_s": 1.0,
        "attempts": 1,
        "cache_key": "k" * 64,
        "cache_parts": {},
        "outputs": None,
        "last_ok": None,
    }


def test_bytes_written_grow_linearly_with_the_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "EAGER_CHECKPOINT_BYTES", 0)
    manifest = Manifest(tmp_path / "manifest.json")
    manifest.checkpoint()
    written, journalled, checkpoints = 0, 0, 0
    runs = 3000
    for number in range(runs):
        before = manifest.journal.size
        manifest.record(_entry(f"r/{number}"))
        journalled += manifest.journal.size - before
        if manifest.checkpoint_due():
            manifest.checkpoint()
            written += (tmp_path / "manifest.json").stat().st_size
            checkpoints += 1
    manifest.checkpoint()
    final = (tmp_path / "manifest.json").stat().st_size
    written += final
    # Rewriting after every run would write about runs² / 2 entries.
    every_run = sum(range(1, runs + 1)) * final / runs
    assert written + journalled < 10 * final < every_run / 100
    # Each checkpoint grows the manifest by at least CHECKPOINT_RATIO: geometric, not linear.
    assert checkpoints < 50
    assert [
        entry["run_id"] for entry in json.loads((tmp_path / "manifest.json").read_text())["runs"]
    ] == [f"r/{number}" for number in range(runs)]


def test_a_small_manifest_is_rewritten_after_every_run(tmp_path):
    manifest = Manifest(tmp_path / "manifest.json")
    manifest.checkpoint()
    manifest.record(_entry("r/A"))
    assert manifest.checkpoint_due()
    manifest.checkpoint()
    assert not manifest.checkpoint_due()
    assert (tmp_path / MANIFEST_JOURNAL).read_bytes() == b""


def test_the_journal_is_replayed_over_the_manifest_and_a_torn_line_is_ignored(tmp_path):
    manifest = Manifest(tmp_path / "manifest.json")
    manifest.put(_entry("r/A", status="cell_error"))
    manifest.put(_entry("r/B"))
    manifest.checkpoint()
    manifest.record(_entry("r/A", status="ok", note="second"))
    manifest.record(_entry("r/C", note="third"))
    manifest.close()
    journal = tmp_path / MANIFEST_JOURNAL
    with journal.open("ab") as handle:  # a crash in the middle of an append
        handle.write(json.dumps(_entry("r/D")).encode()[:100])

    saved = json.loads((tmp_path / "manifest.json").read_text())
    assert [entry["run_id"] for entry in saved["runs"]] == ["r/A", "r/B"]  # the checkpoint

    loaded = Manifest.load(tmp_path)
    assert list(loaded.entries) == ["r/A", "r/B", "r/C"]
    assert loaded.get("r/A")["status"] == "ok"
    assert loaded.get("r/A")["parameters"] == {"note": "second"}


def test_a_damaged_journal_line_is_an_input_error(tmp_path):
    Manifest(tmp_path / "manifest.json").checkpoint()
    (tmp_path / MANIFEST_JOURNAL).write_text('{"run_id": "r/A"\n')
    with pytest.raises(InputError, match="unreadable run journal"):
        Manifest.load(tmp_path)
    (tmp_path / MANIFEST_JOURNAL).write_text(json.dumps({"run_id": "r/A"}) + "\n")
    with pytest.raises(InputError, match="invalid entry in the run journal"):
        Manifest.load(tmp_path)


CRASHING_BATCH = """
import os, signal, sys
sys.path.insert(0, {conftest_dir!r})
from conftest import FakeExecutor
from tradeviz.runner import manifest
from tradeviz.runner.batch import run_batch

# No checkpoint between the batch's start and its end.
manifest.EAGER_CHECKPOINT_BYTES, manifest.CHECKPOINT_RATIO = 0, 1000.0


class Crashing(FakeExecutor):
    def wait(self, timeout):
        if self.finished >= {finished}:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().wait(timeout)


run_batch({config!r}, executor_factory=Crashing({outcomes!r}))
"""


def test_a_batch_killed_between_checkpoints_resumes_with_a_correct_manifest(tmp_path):
    config = write_config(
        tmp_path,
        [{"notebook": "ok_report", "output": "r/{partner}", "matrix": {"partner": list("ABCDEF")}}],
    )
    reports = tmp_path / "reports"
    outcomes = dict.fromkeys(RUNS, "ok") | {"r/C": "cell_error"}
    script = textwrap.dedent(CRASHING_BATCH).format(
        conftest_dir=str(Path(__file__).parent),
        finished=4,
        config=str(config),
        outcomes=outcomes,
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr

    # What a reader sees: the manifest of the last checkpoint, whole; the runs since, journalled.
    saved = read_manifest(reports)
    assert validate_manifest(saved) == []
    assert saved["batch"]["state"] == "running" and saved["runs"] == []
    journalled = [
        json.loads(line)
        for line in (reports / MANIFEST_JOURNAL).read_text().splitlines()
        if line.strip()
    ]
    assert [entry["run_id"] for entry in journalled] == RUNS[:4]

    fake = FakeExecutor(outcomes)
    out = io.StringIO()
    outcome = run_batch(config, BatchOptions(), reporter=LineReporter(out), executor_factory=fake)
    # The four finished runs count: the three ok ones are cached; the failed one runs again.
    assert fake.submitted == ["r/C", "r/E", "r/F"]
    assert outcome.summary["counts"] == {"cached": 3, "ok": 2, "cell_error": 1}
    final = read_manifest(reports)
    assert validate_manifest(final) == []
    assert final["batch"]["state"] == "finished" and final["batch"]["exit_code"] == 1
    statuses = {run_id: entry["status"] for run_id, entry in entries(reports).items()}
    assert statuses == {
        "r/A": "cached",
        "r/B": "cached",
        "r/C": "cell_error",
        "r/D": "cached",
        "r/E": "ok",
        "r/F": "ok",
    }
    assert list(statuses) == RUNS  # the batch file's order
    assert (reports / MANIFEST_JOURNAL).read_bytes() == b""
    assert (reports / "r/A/report.html").read_text() == "report.html of r/A ok"
