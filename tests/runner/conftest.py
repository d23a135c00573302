"""Helpers of the runner tests: fixture notebooks named by behaviour and batch files in tmp."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


def notebook_path(name: str) -> Path:
    """Return the fixture notebook ``name`` (ok_trivial, cell_error, …)."""
    path = NOTEBOOKS / f"{name}.ipynb"
    assert path.is_file(), path
    return path


def write_config(directory: Path, reports: list[dict[str, Any]], **top: Any) -> Path:
    """Write a reports.yaml into ``directory``; ``notebook: <name>`` means a fixture."""
    entries = []
    for report in reports:
        report = dict(report)
        name = report["notebook"]
        if isinstance(name, str) and "/" not in name and not name.endswith(".ipynb"):
            report["notebook"] = str(notebook_path(name))
        entries.append(report)
    data = {"defaults": {"inputs": []}, **top, "reports": entries}
    path = directory / "reports.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def read_manifest(reports: Path) -> dict[str, Any]:
    return json.loads((reports / "manifest.json").read_text(encoding="utf-8"))


def entries(reports: Path) -> dict[str, dict[str, Any]]:
    return {entry["run_id"]: entry for entry in read_manifest(reports)["runs"]}


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    return tmp_path
