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


def test_a_run_folder_may_not_hold_another_run(tmp_path):
    path = write_config(
        tmp_path,
        [{"notebook": "ok_trivial", "output": "x"}, {"notebook": "cell_error", "output": "x/y"}],
    )
    with pytest.raises(InputError, match=r"reports\[1\].*would hold another run's folder"):
        load_config(path)


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


# --- the batch file's records: one line per problem, naming file, entry, key and expected --------
def _one_line_error(path) -> str:
    with pytest.raises(InputError) as caught:
        load_config(path)
    text = str(caught.value)
    assert "\n" not in text and str(path) in text
    return text


def test_record_unknown_key_names_the_entry_the_key_and_the_known_keys(tmp_path):
    text = _one_line_error(write_config(tmp_path, [{"notebook": "ok_trivial", "colour": 1}]))
    assert text.endswith(
        "row reports[0], field 'colour': unknown key (expected one of cell_timeout, cwd, "
        "exclude, include, inputs, kernel, matrix, name, notebook, output, parameters, "
        "run_timeout, found 'colour')"
    )


def test_record_wrong_type_names_the_key_and_what_was_expected(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "run_timeout": "10"}])
    assert _one_line_error(path).endswith(
        "row reports[0], field 'run_timeout': must be a positive number of seconds or null "
        "(found '10')"
    )
    path = write_config(tmp_path, [{"notebook": "ok_trivial"}], defaults={"inputs": "data/*"})
    assert _one_line_error(path).endswith(
        "row defaults, field 'inputs': must be a list of glob patterns (found 'data/*')"
    )
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "include": [{"a": 1}, ["b"]]}])
    assert _one_line_error(path).endswith(
        "row reports[0].include[1], field 'include': must be a mapping of parameter names to "
        "values (found ['b'])"
    )


def test_record_missing_field_is_named(tmp_path):
    path = tmp_path / "orphan.yaml"
    path.write_text("reports: [{name: orphan}]\n")
    assert _one_line_error(path).endswith(
        "row reports[0], field 'notebook': must be a non-empty string (found None)"
    )


def test_record_keeps_a_date_value_as_a_date(tmp_path):
    import datetime as dt

    path = tmp_path / "dates.yaml"
    path.write_text("reports:\n  - notebook: x.ipynb\n    parameters: {start: 2021-07-20}\n")
    assert load_config(path).runs[0].parameters == {"start": dt.date(2021, 7, 20)}


def test_record_alias_bomb_is_refused_with_a_short_message(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nreports: [{notebook: x.ipynb}]\n")
    text = _one_line_error(path)
    assert "not valid YAML" in text and "more than 100 aliases" in text
    assert "row line 12" in text
    assert len(text) < 300


def test_record_a_file_too_large_is_refused_before_it_is_parsed(tmp_path):
    from tradeviz.records import MAX_YAML_BYTES

    path = tmp_path / "huge.yaml"
    path.write_text("reports: [{notebook: x.ipynb}]\n" + "#" * MAX_YAML_BYTES + "\n")
    assert "YAML file too large" in _one_line_error(path)


def test_record_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("reports: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in _one_line_error(path)
