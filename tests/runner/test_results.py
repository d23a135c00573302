"""tradeviz.results.record: a results.json beside the run, a no-op outside a run."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from tradeviz import results
from tradeviz.errors import InputError


def test_record_outside_a_run_returns_the_value_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(results.RUN_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert results.record("share", 12.5) == 12.5
    assert list(tmp_path.iterdir()) == []


def test_record_appends_in_order_and_replaces_a_repeated_name(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RUN_DIR_ENV, str(tmp_path))
    results.record("share", 12.5)
    results.record("partners", ["CHN", "RUS"])
    results.record("share", 13.0)
    data = json.loads((tmp_path / "results.json").read_text())
    assert list(data) == ["share", "partners"]
    assert data == {"share": 13.0, "partners": ["CHN", "RUS"]}
    assert results.load_results(tmp_path) == data


def test_record_converts_numpy_dates_and_missing_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RUN_DIR_ENV, str(tmp_path))
    value = np.float64(0.25)
    assert results.record("x", value) is value
    results.record("n", np.int64(7))
    results.record("arr", np.array([1.5, np.nan]))
    results.record("day", dt.date(2021, 7, 20))
    results.record("nan", float("nan"))
    data = results.load_results(tmp_path)
    assert data == {"x": 0.25, "n": 7, "arr": [1.5, None], "day": "2021-07-20", "nan": None}


def test_record_rejects_values_json_cannot_hold(tmp_path, monkeypatch):
    monkeypatch.setenv(results.RUN_DIR_ENV, str(tmp_path))
    with pytest.raises(InputError, match="field 'obj': result is not JSON-serialisable"):
        results.record("obj", object())
    with pytest.raises(InputError, match="needs a name"):
        results.record("", 1)
    assert not (tmp_path / "results.json").exists()


def test_load_results_rejects_a_corrupt_file(tmp_path):
    (tmp_path / "results.json").write_text("[1, 2]")
    with pytest.raises(InputError, match="unreadable results record"):
        results.load_results(tmp_path)
