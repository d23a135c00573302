"""`tradeviz run --format json` prints one JSON line on stdout for every outcome (no kernel)."""

from __future__ import annotations

import json
import os
import signal

import pytest

from tradeviz.cli import main
from tradeviz.runner.lock import batch_lock

from .conftest import write_config


def _run_json(capsys, *args):
    with pytest.raises(SystemExit) as ended:
        main(["run", *args, "--format", "json"])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 1, out  # exactly one line: what a scheduler parses
    return ended.value.code, json.loads(lines[0]), err


def test_a_configuration_error_gets_its_json_line(tmp_path, capsys):
    path = tmp_path / "reports.yaml"
    path.write_text("reports: [{notebook: missing.ipynb, bogus: 1}]\n")
    code, data, err = _run_json(capsys, str(path))
    assert code == 2 and data["exit_code"] == 2
    assert data["errors"] == [err.strip().removeprefix("tradeviz: error: ")]
    assert "field 'bogus': unknown key" in data["errors"][0]


def test_a_parameter_error_gets_its_json_line_with_every_problem(tmp_path, capsys):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "parameters": {"greting": 1}}])
    code, data, _ = _run_json(capsys, str(path))
    assert code == 2 and len(data["errors"]) == 1
    assert "unknown parameter; did you mean 'greeting'?" in data["errors"][0]


def test_a_held_lock_gets_its_json_line(tmp_path, capsys):
    path = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    with batch_lock(tmp_path / "reports"):
        code, data, _ = _run_json(capsys, str(path))
    assert code == 3 and data["exit_code"] == 3
    assert f"pid {os.getpid()}" in data["errors"][0]


def test_an_interrupt_before_any_run_gets_its_json_line_and_writes_nothing(
    tmp_path, capsys, monkeypatch
):
    import tradeviz.runner.batch as batch

    path = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    real_plan = batch.make_plan

    def plan_then_sigterm(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # the scheduler stops the task while it plans
        return plan

    monkeypatch.setattr(batch, "make_plan", plan_then_sigterm)
    code, data, err = _run_json(capsys, str(path))
    assert code == 4 and data["exit_code"] == 4
    assert "interrupted by SIGTERM before any run started" in data["errors"][0]
    assert not (tmp_path / "reports").exists()


def test_conflicting_options_get_their_json_line(tmp_path, capsys):
    path = write_config(tmp_path, [{"notebook": "ok_trivial"}])
    code, data, _ = _run_json(capsys, str(path), "--force", "--only-failed")
    assert code == 2 and data == {
        "exit_code": 2,
        "errors": ["--force and --only-failed exclude each other"],
    }


def test_a_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path, capsys):
    folder = tmp_path / "odd\nname"
    folder.mkdir()
    path = folder / "reports.yaml"
    path.write_text("reports: []\n")
    code, data, err = _run_json(capsys, str(path))
    assert code == 2
    (line,) = err.splitlines()
    assert "'" + str(path).replace("\n", "\\n") + "'" in line
    assert data["errors"] == [line.removeprefix("tradeviz: error: ")]
