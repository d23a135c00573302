"""A matrix whose values come from files: one run per file a glob matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tradeviz.errors import InputError
from tradeviz.runner import config as runner_config
from tradeviz.runner.config import load_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def batch(tmp_path: Path, spec) -> Path:
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    path = tmp_path / "reports.yaml"
    entry = {"notebook": "nb.ipynb", "output": "{name}/{document}", "matrix": {"document": spec}}
    path.write_text(yaml.safe_dump({"reports": [entry]}), encoding="utf-8")
    return path


def sidecars(tmp_path: Path, ids: list[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for number, doc_id in enumerate(ids):
        (folder / f"text{number}.txt.meta.yaml").write_text(f"document_id: {doc_id}\n", "utf-8")


def documents_of(path: Path) -> list[str]:
    return [run.parameters["document"] for run in load_config(path).runs]


def test_one_run_per_file_by_a_key_of_its_yaml(tmp_path):
    sidecars(tmp_path, ["b-doc", "a-doc", "c-doc"])
    path = batch(tmp_path, {"glob": "docs/*.meta.yaml", "key": "document_id"})
    # sorted by file name: text0 (b-doc), text1 (a-doc), text2 (c-doc)
    assert documents_of(path) == ["b-doc", "a-doc", "c-doc"]


def test_one_run_per_file_by_its_stem(tmp_path):
    (tmp_path / "claims").mkdir()
    for name in ("x-2023.yaml", "y-2024.yaml"):
        (tmp_path / "claims" / name).write_text("{}", encoding="utf-8")
    path = batch(tmp_path, {"glob": "claims/*.yaml", "stem": True})
    assert documents_of(path) == ["x-2023", "y-2024"]


def test_a_new_file_is_a_new_run(tmp_path):
    sidecars(tmp_path, ["a"])
    path = batch(tmp_path, {"glob": "docs/*.meta.yaml", "key": "document_id"})
    assert len(load_config(path).runs) == 1
    sidecars(tmp_path, ["a", "b"])
    assert len(load_config(path).runs) == 2


def test_the_project_batch_runs_claims_check_for_every_document():
    runs = [run for run in load_config(PROJECT_ROOT / "reports.yaml").runs]
    checked = {run.parameters["document"] for run in runs if run.report == "claims_check"}
    sidecar_ids = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["document_id"]
        for p in (PROJECT_ROOT / "data/raw/documents").glob("*.meta.yaml")
    }
    assert checked == sidecar_ids


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({"glob": "docs/*.meta.yaml"}, "not a matrix of values from files"),
        ({"glob": "docs/*.meta.yaml", "stem": True, "key": "x"}, "not a matrix of values"),
        ({"glob": "/etc/*", "stem": True}, "not a matrix of values from files"),
        ({"glob": "../*", "stem": True}, "not a matrix of values from files"),
        ({"glob": "docs/*.meta.yaml", "stem": True, "sort": "no"}, "not a matrix of values"),
        ({"glob": "nothing/*.yaml", "stem": True}, "matches no file"),
        ({"glob": "docs/*.meta.yaml", "key": "title"}, "lacks the key"),
    ],
)
def test_a_bad_file_matrix_is_one_line(tmp_path, spec, fragment):
    sidecars(tmp_path, ["a"])
    with pytest.raises(InputError) as info:
        load_config(batch(tmp_path, spec))
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_a_glob_is_bounded(tmp_path, monkeypatch):
    sidecars(tmp_path, ["a", "b", "c"])
    monkeypatch.setattr(runner_config, "MAX_GLOB_FILES", 2)
    with pytest.raises(InputError) as info:
        load_config(batch(tmp_path, {"glob": "docs/*.meta.yaml", "key": "document_id"}))
    assert "too many files" in str(info.value)
