"""reports.yaml: grid expansion, include/exclude, output templates, selection (no kernel)."""

from __future__ import annotations

import pytest

from tradeviz.errors import InputError
from tradeviz.runner.config import load_config, render_output, slug

from .conftest import write_config


def test_matrix_is_a_cartesian_product_in_key_order_with_fixed_parameters(tmp_path):
    path = write_config(
        tmp_path,
        [
            {
                "notebook": "ok_report",
                "output": "{name}/{reporter}-{partner}-{year}",
                "parameters": {"reporter": "KAZ"},
                "matrix": {"partner": ["CHN", "RUS"], "year": [2019, 2020]},
            }
        ],
    )
    config = load_config(path)
    assert [run.run_id for run in config.runs] == [
        "ok_report/KAZ-CHN-2019",
        "ok_report/KAZ-CHN-2020",
        "ok_report/KAZ-RUS-2019",
        "ok_report/KAZ-RUS-2020",
    ]
    assert config.runs[0].parameters == {"reporter": "KAZ", "partner": "CHN", "year": 2019}
    assert config.output_dir == tmp_path / "reports"
    assert config.runs[0].entry == "reports[0]"


def test_exclude_drops_matching_rows_and_include_adds_runs(tmp_path):
    path = write_config(
        tmp_path,
        [
            {
                "notebook": "ok_report",
                "output": "{partner}-{year}",
                "parameters": {"reporter": "KAZ"},
                "matrix": {"partner": ["CHN", "RUS"], "year": [2019, 2020]},
                "exclude": [{"partner": "RUS", "year": 2019}],
                "include": [{"partner": "ITA", "year": 2021}],
            }
        ],
    )
    runs = load_config(path).runs
    assert [run.run_id for run in runs] == ["CHN-2019", "CHN-2020", "RUS-2020", "ITA-2021"]
    assert runs[-1].parameters == {"reporter": "KAZ", "partner": "ITA", "year": 2021}


def test_no_matrix_is_one_run_and_default_template_names_the_varying_values(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_trivial"},
            {"notebook": "ok_trivial", "name": "greet", "matrix": {"greeting": ["a", "b c"]}},
            {"notebook": "ok_trivial", "name": "extra", "include": [{"greeting": "x"}]},
        ],
    )
    assert [run.run_id for run in load_config(path).runs] == [
        "ok_trivial/default",
        "greet/a",
        "greet/b_c",
        "extra/x",
    ]


def test_defaults_and_per_report_timeouts_and_inputs(tmp_path):
    path = write_config(
        tmp_path,
        [{"notebook": "ok_trivial"}, {"notebook": "cell_error", "cell_timeout": 5}],
        defaults={"cell_timeout": 60, "run_timeout": None, "inputs": ["data/*.csv"]},
    )
    first, second = load_config(path).runs
    assert (first.cell_timeout, first.run_timeout, first.inputs) == (60.0, None, ("data/*.csv",))
    assert second.cell_timeout == 5.0


def test_duplicate_run_ids_are_rejected_naming_both_entries(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_trivial", "output": "same"},
            {"notebook": "cell_error", "output": "same"},
        ],
    )
    with pytest.raises(InputError, match=r"reports\[1\].*same run id.*reports\[0\]"):
        load_config(path)


@pytest.mark.parametrize(
    ("report", "match"),
    [
        ({"notebook": "ok_trivial", "colour": 1}, r"reports\[0\], field 'colour': unknown key"),
        ({"notebook": "ok_trivial", "matrix": {"a": 1}}, "matrix values must be a non-empty list"),
        ({"notebook": "ok_trivial", "matrix": {"a": []}}, "matrix values must be a non-empty list"),
        ({"notebook": "ok_trivial", "cell_timeout": -1}, "positive number of seconds"),
        ({"notebook": "ok_trivial", "include": {"a": 1}}, "must be a list of mappings"),
        ({"notebook": "ok_trivial", "output": "{missing}"}, "field that is not a parameter"),
        ({"notebook": "ok_trivial", "output": "../x"}, "unusable folder name"),
        ({"notebook": "ok_trivial", "output": "a.failed"}, "unusable folder name"),
        ({"notebook": "ok_trivial", "output": ".hidden/x"}, "unusable folder name"),
        ({"notebook": "ok_trivial", "output": "/abs"}, "unusable folder name"),
        ({"notebook": 3}, "field 'notebook': must be a non-empty string"),
    ],
)
def test_malformed_entries_name_the_entry_and_field(tmp_path, report, match):
    with pytest.raises(InputError, match=match):
        load_config(write_config(tmp_path, [report]))


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(InputError, match="batch file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("reports: [\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_config(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("reports: []\n")
    with pytest.raises(InputError, match="no reports"):
        load_config(empty)


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("reports: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_config(path)


def test_hostile_values_become_safe_folder_names():
    run_id = render_output(
        "{name}/{title}", "hostile", "hostile", {"title": "<script>alert(1)</script>/../x"}
    )
    assert run_id == "hostile/_script_alert_1_script_.._x"
    assert slug("..") == "_" and slug(["KAZ", "CHN"]) == "KAZ+CHN"


def test_select_matches_run_ids_report_names_and_notebooks(tmp_path):
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_trivial", "matrix": {"greeting": ["a", "b"]}},
            {"notebook": "cell_error"},
        ],
    )
    config = load_config(path)
    assert [run.run_id for run in config.select(["*/a"])] == ["ok_trivial/a"]
    assert [run.run_id for run in config.select(["cell_error"])] == ["cell_error/default"]
    assert len(config.select([])) == 3
    assert config.select(["nothing*"]) == []
