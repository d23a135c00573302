"""Validation of every run against its notebook's parameters cell, before any kernel starts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tradeviz.runner.config import load_config
from tradeviz.runner.plan import PlanError, make_plan, notebook_hash, read_notebook

from .conftest import notebook_path, write_config


def test_valid_runs_get_coerced_values_and_output_dir(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "typed_params", "parameters": {"document": "neo", "start": "2021-07-20"}},
            {"notebook": "ok_report", "matrix": {"partner": ["CHN", "RUS"]}},
            {"notebook": "no_params"},
        ],
    )
    plan = make_plan(load_config(path))
    runs = plan.by_id()
    assert runs["typed_params/default"].parameters == {
        "document": "neo",
        "start": dt.date(2021, 7, 20),
    }
    assert runs["ok_report/CHN"].parameters == {"partner": "CHN", "output_dir": "figures"}
    assert runs["no_params/default"].parameters == {}
    assert runs["no_params/default"].notebook.parameters is None
    assert runs["ok_report/RUS"].notebook.kernel_name == "python3"


def test_every_problem_is_listed_once_per_report_with_a_count(tmp_path):
    path = write_config(
        tmp_path,
        [
            {
                "notebook": "ok_report",
                "parameters": {"yaer": 2021},
                "matrix": {"partner": ["CHN", "RUS", "ITA"]},
            },
            {"notebook": "typed_params", "parameters": {"year": "2020", "flow": "transit"}},
            {"notebook": "no_params", "parameters": {"x": 5}},
            {"notebook": "missing_notebook.ipynb"},
        ],
    )
    with pytest.raises(PlanError) as caught:
        make_plan(load_config(path))
    lines = caught.value.lines()
    text = "\n".join(lines)
    assert len(lines) == 6, text
    assert (
        "run ok_report/CHN and 2 more, field 'yaer': unknown parameter; did you mean 'year'?"
    ) in text
    assert "field 'year': wrong type (expected int, found '2020')" in text
    assert (
        "field 'flow': wrong type (expected one of 'exports', 'imports', found 'transit')"
    ) in text
    assert "field 'document': required parameter has no value" in text
    assert "no cell tagged 'parameters'" in text
    assert "field 'notebook': notebook not found" in text
    assert caught.value.exit_code == 2


def test_notebook_hash_ignores_outputs_and_counts_but_not_code_tags_or_markdown(tmp_path):
    notebook = json.loads(notebook_path("ok_trivial").read_text())
    base = notebook_hash(notebook)
    executed = json.loads(json.dumps(notebook))
    executed["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    executed["cells"][2]["execution_count"] = 7
    executed["cells"][2]["id"] = "other-id"
    assert notebook_hash(executed) == base
    for change in (
        lambda nb: nb["cells"][2].__setitem__("source", "print(greeting * 2)"),
        lambda nb: nb["cells"][0].__setitem__("source", "# Another title"),
        lambda nb: nb["cells"][2]["metadata"].__setitem__("tags", ["remove-input"]),
        lambda nb: nb["metadata"]["kernelspec"].__setitem__("name", "python2"),
    ):
        changed = json.loads(json.dumps(notebook))
        change(changed)
        assert notebook_hash(changed) != base


def test_read_notebook_gives_parameters_kernel_and_hash():
    info = read_notebook(notebook_path("typed_params"))
    assert list(info.parameters) == [
        "year", "share", "draft", "perspectives", "flow", "start", "document"
    ]  # fmt: skip
    assert info.parameters["document"].required
    assert info.kernel_name == "python3"
    assert len(info.content_hash) == 64


def _notebook_with_cell(path, source):
    notebook = json.loads(notebook_path("ok_trivial").read_text())
    notebook["cells"][1]["source"] = source
    path.write_text(json.dumps(notebook))
    return path


def test_an_unparseable_parameters_cell_stops_the_plan_or_warns_as_the_policy_says(tmp_path):
    from tradeviz.parameters import Policy

    strict = Policy(infer_unannotated_types=True, refuse_unparseable_cell=True)
    notebook = _notebook_with_cell(tmp_path / "loop.ipynb", "for i in range(2):\n    x = i\n")
    path = write_config(tmp_path, [{"notebook": str(notebook), "parameters": {"x": "5"}}])
    with pytest.raises(PlanError) as caught:
        make_plan(load_config(path), policy=strict)
    assert caught.value.lines() == [
        f"{path}, row reports[0] ({notebook}), field 'notebook': the parameters cell may hold "
        "only assignments to single names (expected `name: type = default  # help`, "
        "found 'for i in range(2):')"
    ]
    lenient = make_plan(load_config(path))  # the policy in force: papermill's
    assert [run.parameters for run in lenient.runs] == [{"x": "5"}]  # as given, unchecked
    assert lenient.warnings == [
        f"{notebook}, cell 2, line 1: not an assignment to a name (`for i in range(2):`): "
        "passed over, as papermill does",
        f"{path}, reports[0]: parameter 'x' is not among the assignments read in {notebook}'s "
        "parameters cell; injected unchecked",
    ]
    assert read_notebook(notebook).parameters == {}


def test_the_readable_part_of_a_cell_is_still_checked(tmp_path):
    cell = "%matplotlib inline\nyear: int = 2020\nfor i in range(2):\n    pass\n"
    notebook = _notebook_with_cell(tmp_path / "mixed.ipynb", cell)
    path = write_config(tmp_path, [{"notebook": str(notebook), "parameters": {"year": "2021"}}])
    with pytest.raises(PlanError, match=r"field 'year': wrong type \(expected int"):
        make_plan(load_config(path))
