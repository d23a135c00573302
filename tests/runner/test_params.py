"""Parsing a parameters cell with ast and validating values by type (no kernel)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import pytest

from tradeviz import parameters as params
from tradeviz.errors import InputError
from tradeviz.parameters import (
    REQUIRED,
    ParameterValidationError,
    check_values,
    parse_annotation,
    parse_parameters,
    validate,
)

TYPED_CELL = """
from typing import Literal
reporter: str = "KAZ"  # ISO3 code of the reporting country
year: int = 2020  # calendar year
share: float = 0.5  # a fraction
draft: bool = False  # mark the report as a draft
perspectives: list[str] = ["KAZ", "CHN"]  # whose statistics
flow: Literal["exports", "imports"] = "exports"  # trade flow
start: date | None = None  # first day, or None
document: str = ...  # required
top_n = 10  # unannotated: any value, as papermill
"""


@pytest.fixture(scope="module")
def typed():
    return parse_parameters(TYPED_CELL)


def test_parse_reads_names_types_defaults_and_help_in_order(typed):
    assert list(typed) == [
        "reporter", "year", "share", "draft", "perspectives", "flow", "start", "document", "top_n"
    ]  # fmt: skip
    assert typed["reporter"].default == "KAZ"
    assert typed["reporter"].help == "ISO3 code of the reporting country"
    assert typed["perspectives"].default == ["KAZ", "CHN"]
    assert typed["flow"].type.kind == "literal"
    assert typed["flow"].type.args == ("exports", "imports")
    assert typed["start"].annotation == "date | None"
    assert typed["document"].required and typed["document"].default is REQUIRED
    assert not typed["year"].required
    assert typed["top_n"].type.kind == "any" and typed["top_n"].annotation == ""


def test_parse_multiline_default_takes_help_from_last_line():
    cell = 'names: list[str] = [\n    "a",\n    "b",\n]  # the names\n'
    parsed = parse_parameters(cell)
    assert parsed["names"].default == ["a", "b"]
    assert parsed["names"].help == "the names"


def test_parse_non_literal_default_and_date_call():
    parsed = parse_parameters("when: date = date(2021, 7, 20)  # day\nroot = Path('x')  # dir\n")
    assert parsed["when"].default == dt.date(2021, 7, 20)
    assert parsed["root"].default is params.NOT_A_LITERAL
    assert parsed["root"].default_source == "Path('x')"


STRICT = params.Policy(infer_unannotated_types=True, refuse_unparseable_cell=True)


def test_parse_rejects_code_that_is_not_an_assignment_when_the_policy_refuses():
    with pytest.raises(InputError, match="line 2.*only assignments"):
        parse_parameters("year: int = 2020\nprint(year)\n", origin="nb.ipynb", policy=STRICT)
    reading = params.read_parameters_cell("year: int = 2020\nprint(year)\n")
    assert list(reading.parameters) == ["year"]
    assert reading.skipped == ("line 2: not an assignment to a name (`print(year)`)",)


def test_parse_rejects_syntax_errors_naming_the_line_when_the_policy_refuses():
    with pytest.raises(InputError, match="line 1.*not valid Python"):
        parse_parameters("year: int = = 2020", policy=STRICT)
    reading = params.read_parameters_cell("x = 1\nyear: int = = 2020\ny = 2")
    assert list(reading.parameters) == ["x", "y"]
    assert reading.skipped == ("line 2: not valid Python (`year: int = = 2020`)",)


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        ("int", 3, 3),
        ("float", 3, 3.0),
        ("str", "KAZ", "KAZ"),
        ("bool", True, True),
        ("list[str]", ("a", "b"), ["a", "b"]),
        ('Literal["a", "b"]', "b", "b"),
        ("int | None", None, None),
        ("Optional[int]", 4, 4),
        ("date", "2021-07-20", dt.date(2021, 7, 20)),
        ("date", dt.date(2021, 7, 20), dt.date(2021, 7, 20)),
        ("dict[str, int]", {"a": 1}, {"a": 1}),
        ("Path", object, object),  # unknown annotation: any value
    ],
)
def test_coerce_accepts(annotation, value, expected):
    assert params.coerce(value, parse_annotation(annotation)) == expected


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        ("int", "2020"),
        ("int", True),
        ("int", 2.5),
        ("float", "1.5"),
        ("bool", 1),
        ("str", 5),
        ("list[str]", "KAZ"),
        ("list[str]", ["KAZ", 3]),
        ('Literal["a", "b"]', "c"),
        ("Literal[1, 2]", True),
        ("int | None", "x"),
        ("date", "20 July 2021"),
        ("date", dt.datetime(2021, 7, 20, 1, 2)),
    ],
)
def test_coerce_rejects(annotation, value):
    with pytest.raises(TypeError, match="expected"):
        params.coerce(value, parse_annotation(annotation))


def test_check_values_lists_every_problem_at_once(typed):
    coerced, problems = check_values(
        {"yaer": 2021, "year": "2021", "flow": "transit", "share": 1, "reporter": "CHN"}, typed
    )
    assert coerced == {"share": 1.0, "reporter": "CHN"}
    by_name = {problem.name: problem for problem in problems}
    assert set(by_name) == {"yaer", "year", "flow", "document"}
    assert "did you mean 'year'" in by_name["yaer"].message
    assert by_name["year"].expected == "int"
    assert by_name["flow"].expected == "one of 'exports', 'imports'"
    assert by_name["document"].message == params.MISSING_MESSAGE


def test_validate_raises_one_error_with_one_line_per_problem(typed):
    with pytest.raises(ParameterValidationError) as caught:
        validate({"year": "x", "nope": 1}, typed, where="reports.yaml")
    lines = caught.value.lines()
    assert len(lines) == 3  # year, nope, document (required)
    assert all(line.startswith("reports.yaml, field ") for line in lines)
    assert str(caught.value) == "\n".join(lines)
    assert caught.value.exit_code == 2


def test_validate_accepts_the_cell_source_and_returns_coerced_values():
    assert validate({"when": "2021-01-31"}, "when: date = date(2021, 1, 1)  # day") == {
        "when": dt.date(2021, 1, 31)
    }


def test_read_notebook_parameters_reads_the_tagged_cell(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
            {"cell_type": "code", "metadata": {}, "source": ["import os"]},
            {
                "cell_type": "code",
                "metadata": {"tags": ["parameters"]},
                "source": ['partner: str = "CHN"  # partner\n', "year: int = 2020  # year"],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook))
    parsed = params.read_notebook_parameters(path)
    assert list(parsed) == ["partner", "year"]
    notebook["cells"][2]["metadata"] = {}
    path.write_text(json.dumps(notebook))
    assert params.read_notebook_parameters(path) is None


def test_read_notebook_json_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="notebook not found"):
        params.read_notebook_json(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="bad.ipynb: not a readable notebook"):
        params.read_notebook_json(bad)


def test_json_round_trip_and_canonical_form():
    values = {"b": dt.date(2021, 7, 20), "a": ["x", 1]}
    assert params.from_json_value(json.loads(json.dumps(params.to_json_value(values)))) == values
    assert params.canonical_json(values) == '{"a":["x",1],"b":{"$date":"2021-07-20"}}'
    assert params.canonical_json({"a": 1, "b": 2}) == params.canonical_json({"b": 2, "a": 1})


def test_unannotated_types_follow_the_policy_switch():
    cell = "top_n = 10  # unannotated\n"
    inferred = parse_parameters(cell, policy=STRICT)
    assert inferred["top_n"].type.kind == "int"
    assert check_values({"top_n": "ten"}, inferred)[1][0].message == "wrong type"
    papermill_like = parse_parameters(cell)
    assert papermill_like["top_n"].type.kind == "any"
    assert papermill_like["top_n"].describe_type() == "any"
    assert check_values({"top_n": "ten"}, papermill_like) == ({"top_n": "ten"}, [])


def test_an_unparseable_cell_is_an_input_error_of_its_own_kind():
    with pytest.raises(params.UnparseableCellError, match="only assignments"):
        parse_parameters("for year in range(3):\n    pass\n", policy=STRICT)
    assert issubclass(params.UnparseableCellError, InputError)


def test_the_policy_in_force_is_papermills():
    assert params.POLICY == params.Policy(
        infer_unannotated_types=False, refuse_unparseable_cell=False
    )


def test_magics_indentation_and_type_comments_are_read_as_papermill_reads_them():
    cell = (
        "%matplotlib inline\n"
        "    !echo hello\n"
        "    var = 1  # a number\n"
        "    names = [\n"
        "        'a',  # first\n"
        "    ]  # type: list[str] the names\n"
    )
    reading = params.read_parameters_cell(cell)
    assert reading.complete
    assert list(reading.parameters) == ["var", "names"]
    assert reading.parameters["var"].type.kind == "any"  # unannotated: as papermill
    assert check_values({"var": "It works"}, reading.parameters)[1] == []
    names = reading.parameters["names"]
    assert names.annotation == "list[str]" and names.help == "the names"
    assert check_values({"names": [1]}, reading.parameters)[1][0].message == "wrong type"


def draw_example(ax, data, *, top_n: int = 10, flow: Literal["exports", "imports"] = "exports"):
    """Draw an example.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    top_n : int
        How many bars.
    flow : {"exports", "imports"}
        Which flow.
    """


def test_parameters_from_signature_reads_keyword_options_types_defaults_and_help():
    options = params.parameters_from_signature(draw_example)
    assert list(options) == ["top_n", "flow"]  # ax and data are not options
    assert options["top_n"].type.kind == "int" and options["top_n"].default == 10
    assert options["top_n"].help == "How many bars."
    assert options["flow"].type.args == ("exports", "imports")
    assert options["flow"].help == "Which flow."
    assert not options["flow"].required


def test_check_options_uses_the_types_and_messages_of_parameters():
    assert params.check_options(draw_example, {"top_n": 5}) == {"top_n": 5}
    with pytest.raises(ParameterValidationError) as caught:
        params.check_options(
            draw_example, {"top_n": "5", "flw": "x", "flow": "both"}, where="tradeviz chart x"
        )
    assert caught.value.lines() == [
        "tradeviz chart x, field 'top_n': wrong type (expected int, found '5')",
        "tradeviz chart x, field 'flw': unknown option; did you mean 'flow'? "
        "(expected one of flow, top_n, found 'x')",
        "tradeviz chart x, field 'flow': wrong type "
        "(expected one of 'exports', 'imports', found 'both')",
    ]


def test_check_options_reads_annotations_written_as_text():
    namespace: dict = {}
    exec(
        "from __future__ import annotations\n"
        "def draw(ax, data, *, year: int | None = 2020, until: date | None = None):\n"
        "    pass\n",
        namespace,
    )
    draw = namespace["draw"]
    assert params.check_options(draw, {"year": None, "until": "2021-07-20"}) == {
        "year": None,
        "until": dt.date(2021, 7, 20),
    }
    with pytest.raises(ParameterValidationError, match="expected int or None"):
        params.check_options(draw, {"year": "2020"})
