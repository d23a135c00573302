"""Full, read-only or misplaced storage: one line with the path and reason, exit 3, reports kept."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys

import pytest

from tradeviz.errors import StorageError
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.progress import LineReporter

from ..tmpfs import fill, make_read_only, small_tmpfs
from .conftest import FakeExecutor, entries, write_config


def _run(path, fake, **options):
    return run_batch(
        path, BatchOptions(**options), reporter=LineReporter(io.StringIO()), executor_factory=fake
    )


def _batch(tmp_path, **top):
    return write_config(
        tmp_path,
        [{"notebook": "ok_trivial", "output": "r/{greeting}", "matrix": {"greeting": ["a", "b"]}}],
        **top,
    )


def _cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "tradeviz", *args], capture_output=True, text=True, cwd=cwd
    )


def _assert_first_reports_intact(reports):
    for run in ("a", "b"):
        assert (reports / "r" / run / "report.html").read_text() == f"report.html of r/{run} ok"
    assert {entry["status"] for entry in entries(reports).values()} == {"ok"}


def test_a_full_disk_while_publishing_is_one_line_and_keeps_the_earlier_reports(
    tmp_path, monkeypatch
):
    path = _batch(tmp_path)
    reports = tmp_path / "reports"
    assert _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"})).exit_code == 0
    real_replace = os.replace

    def full(source, target, *args, **kwargs):
        if ".staging" in str(source) or "report" in str(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StorageError) as caught:
        _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"}), force=True)
    monkeypatch.undo()
    assert caught.value.exit_code == 3
    text = str(caught.value)
    assert text.endswith(": No space left on device") and "\n" not in text
    assert str(reports) in text
    _assert_first_reports_intact(reports)


def test_a_full_disk_when_the_manifest_is_written_keeps_the_last_one(tmp_path, monkeypatch):
    path = _batch(tmp_path)
    reports = tmp_path / "reports"
    assert _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"})).exit_code == 0
    before = (reports / "manifest.json").read_text()
    real_open = io.open

    def full_open(file, mode="r", *args, **kwargs):
        if "w" in mode and ".manifest.json." in str(file):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", full_open)  # what pathlib's writers call
    with pytest.raises(StorageError, match="No space left on device"):
        _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"}), force=True)
    monkeypatch.undo()
    assert json.loads(before)["runs"]  # the previous manifest was complete
    assert (reports / "manifest.json").read_text() == before
    assert not list(reports.glob(".manifest.json.*"))  # no temporary left behind


def test_an_output_folder_that_is_a_file_is_one_line_exit_3_with_its_json_line(tmp_path):
    path = _batch(tmp_path)
    (tmp_path / "reports").write_text("a file where the reports folder should be")
    done = _cli("run", str(path), "--format", "json")
    assert done.returncode == 3, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("tradeviz: error: cannot write ") and str(tmp_path / "reports") in line
    assert line.endswith("(a file is where a folder should be)")
    assert json.loads(done.stdout) == {"exit_code": 3, "errors": [line[len("tradeviz: error: ") :]]}
    assert (tmp_path / "reports").read_text() == "a file where the reports folder should be"


def test_a_full_tmpfs_refuses_the_next_batch_and_keeps_the_reports(tmp_path):
    with small_tmpfs(tmp_path / "disk", "256k") as disk:
        path = _batch(disk)
        reports = disk / "reports"
        assert _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"})).exit_code == 0
        fill(disk)
        with pytest.raises(StorageError, match="No space left on device"):
            _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"}), force=True)
        _assert_first_reports_intact(reports)


def test_a_read_only_tmpfs_is_one_line_exit_3_and_nothing_changes(tmp_path):
    with small_tmpfs(tmp_path / "disk", "256k") as disk:
        path = _batch(disk)
        reports = disk / "reports"
        assert _run(path, FakeExecutor({"r/a": "ok", "r/b": "ok"})).exit_code == 0
        make_read_only(disk)
        done = _cli("run", str(path), "--force", "--format", "json")
        assert done.returncode == 3, done.stderr
        (line,) = done.stderr.splitlines()
        assert line.endswith("Read-only file system") and str(reports) in line
        assert json.loads(done.stdout)["exit_code"] == 3
        _assert_first_reports_intact(reports)
