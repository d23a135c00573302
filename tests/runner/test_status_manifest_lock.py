"""Exit-code aggregation, the manifest schema, and the batch lock (no kernel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tradeviz.errors import InputError
from tradeviz.runner import status as st
from tradeviz.runner.lock import LockedError, batch_lock
from tradeviz.runner.manifest import SCHEMA, Manifest, validate_manifest


@pytest.mark.parametrize(
    ("statuses", "interrupted", "code"),
    [
        ([], False, 0),
        (["ok", "cached"], False, 0),
        (["ok", "cell_error"], False, 1),
        (["ok", "display_error"], False, 1),
        (["ok", "timeout"], False, 3),
        (["kernel_died", "infra_error"], False, 3),
        (["timeout", "cell_error"], False, 1),  # a notebook failure wins over infrastructure
        (["invalid_params"], False, 2),
        (["ok", "cell_error"], True, 4),
        (["interrupted"], False, 4),
    ],
)
def test_exit_code(statuses, interrupted, code):
    assert st.exit_code(statuses, interrupted=interrupted) == code


def _entry(**changes):
    entry = {
        "run_id": "a/b",
        "report": "a",
        "notebook": "notebooks/a.ipynb",
        "parameters": {"year": 2020},
        "status": "ok",
        "error": None,
        "started_at": "2026-01-01T00:00:00+00:00",
        "finished_at": "2026-01-01T00:00:02+00:00",
        "duration_s": 2.0,
        "attempts": 1,
        "cache_key": "k",
        "cache_parts": {"notebook": "n"},
        "outputs": {
            "dir": "a/b",
            "html": "a/b/report.html",
            "notebook": "a/b/report.ipynb",
            "log": "a/b/log.txt",
            "results": None,
            "figures": [],
        },
        "last_ok": None,
    }
    entry.update(changes)
    return entry


def test_manifest_round_trip_follows_the_schema(tmp_path):
    manifest = Manifest(tmp_path / "manifest.json")
    manifest.config = "reports.yaml"
    manifest.batch = {"state": "finished", "exit_code": 0}
    manifest.put(_entry())
    manifest.put(_entry(run_id="a/c", status="cell_error", outputs=None))
    manifest.save()
    data = json.loads((tmp_path / "manifest.json").read_text())
    assert data["schema"] == SCHEMA
    assert validate_manifest(data) == []
    loaded = Manifest.load(tmp_path)
    assert list(loaded.entries) == ["a/b", "a/c"]
    loaded.keep_only(["a/c", "x/y"])
    assert list(loaded.entries) == ["a/c"]
    mode = os.stat(tmp_path / "manifest.json").st_mode & 0o777
    assert mode & 0o044, oct(mode)  # readable beyond the owner (umask permitting)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"status": "done"}, "status 'done' is not one of"),
        ({"duration_s": "2s"}, "'duration_s' is str"),
        ({"outputs": {"dir": "a"}}, "outputs lacks html"),
        ({"attempts": None}, "'attempts' is NoneType"),
    ],
)
def test_manifest_schema_problems_are_named(change, problem):
    data = {"schema": SCHEMA, "batch": {}, "runs": [_entry(**change)]}
    problems = validate_manifest(data)
    assert any(problem in text for text in problems), problems


def test_an_unreadable_manifest_is_an_input_error(tmp_path):
    (tmp_path / "manifest.json").write_text("{")
    with pytest.raises(InputError, match="unreadable manifest"):
        Manifest.load(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"schema": "other", "runs": []}))
    with pytest.raises(InputError, match="invalid manifest"):
        Manifest.load(tmp_path)
    assert Manifest.load(tmp_path / "fresh").entries == {}


def test_a_second_holder_is_told_who_holds_the_lock(tmp_path):
    reports = tmp_path / "reports"
    with batch_lock(reports) as lock:
        holder = json.loads(lock.read_text())
        assert holder["pid"] == os.getpid()
        code = (
            "import sys; from pathlib import Path\n"
            "from tradeviz.runner.lock import batch_lock, LockedError\n"
            "try:\n"
            "    with batch_lock(Path(sys.argv[1])): pass\n"
            "except LockedError as e:\n"
            "    print(e.exit_code, e); sys.exit(0)\n"
            "sys.exit(9)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(reports)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"3 {reports} is being written by another tradeviz run")
        assert f"pid {os.getpid()}" in done.stdout
    with batch_lock(reports):  # released: can be taken again
        pass
    with pytest.raises(LockedError), batch_lock(reports), batch_lock(reports):
        pass
