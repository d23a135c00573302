"""Cache keys: the same inputs give the same key; any input that shapes a report changes it."""

from __future__ import annotations

import shutil

from tradeviz.runner import cachekey
from tradeviz.runner.config import load_config
from tradeviz.runner.plan import make_plan

from .conftest import notebook_path, write_config


def _keys(path):
    plan = make_plan(load_config(path))
    hasher = cachekey.InputHasher(path.parent)
    return {
        run.run_id: (cachekey.cache_key(parts := cachekey.cache_parts(run, hasher)), parts)
        for run in plan.runs
    }


def _setup(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.parquet").write_bytes(b"alpha")
    (data / "b.parquet").write_bytes(b"beta")
    notebook = tmp_path / "report.ipynb"
    shutil.copy(notebook_path("ok_report"), notebook)
    return write_config(
        tmp_path,
        [
            {"notebook": "report.ipynb", "matrix": {"partner": ["CHN", "RUS"]}},
            {"notebook": "report.ipynb", "name": "other", "inputs": ["data/b.parquet"]},
        ],
        defaults={"inputs": ["data/*.parquet"]},
    )


def test_same_inputs_same_key(tmp_path):
    path = _setup(tmp_path)
    first, second = _keys(path), _keys(path)
    assert {k: v[0] for k, v in first.items()} == {k: v[0] for k, v in second.items()}
    assert len({key for key, _ in first.values()}) == 3  # parameters differ


def test_a_changed_data_file_changes_only_the_runs_that_read_it(tmp_path):
    path = _setup(tmp_path)
    before = _keys(path)
    (tmp_path / "data" / "a.parquet").write_bytes(b"alpha, revised")
    after = _keys(path)
    assert after["report/CHN"][0] != before["report/CHN"][0]
    assert cachekey.changed_parts(before["report/CHN"][1], after["report/CHN"][1]) == ["inputs"]
    assert after["other/default"][0] == before["other/default"][0]


def test_a_changed_code_cell_changes_the_key(tmp_path):
    path = _setup(tmp_path)
    before = _keys(path)
    notebook = tmp_path / "report.ipynb"
    notebook.write_text(notebook.read_text().replace("periods=12", "periods=11"))
    after = _keys(path)
    assert cachekey.changed_parts(before["report/CHN"][1], after["report/CHN"][1]) == ["notebook"]


def test_a_changed_parameter_or_library_version_changes_the_key(tmp_path, monkeypatch):
    path = _setup(tmp_path)
    before = _keys(path)
    path.write_text(path.read_text().replace("RUS", "ITA"))
    assert _keys(path)["report/ITA"][0] not in {key for key, _ in before.values()}
    environment = dict(cachekey.environment())
    environment["pandas"] = "0.0.1"
    monkeypatch.setattr(cachekey, "environment", lambda: environment)
    changed = _keys(path)["report/CHN"]
    assert cachekey.changed_parts(before["report/CHN"][1], changed[1]) == ["environment"]
    monkeypatch.setattr(cachekey, "RENDER_VERSION", "999")
    assert "render" in cachekey.changed_parts(before["report/CHN"][1], _keys(path)["report/CHN"][1])


def test_environment_reads_versions_without_importing_heavy_libraries():
    environment = cachekey.environment()
    for name in ("python", "pandas", "matplotlib", "papermill", "tradeviz", "tradeviz_source"):
        assert environment[name]
