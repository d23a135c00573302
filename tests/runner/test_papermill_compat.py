"""What papermill accepts, the runner accepts too (no kernel; the slow tier runs them for real)."""

from __future__ import annotations

import io
import json
import math

import pytest

from tradeviz.parameters import canonical_json, from_json_value, to_json_value
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.manifest import validate_manifest
from tradeviz.runner.progress import LineReporter

from .conftest import FakeExecutor, entries, read_manifest


def _strict_json(text):
    """Parse JSON as a strict reader does: NaN and Infinity are not JSON."""

    def refuse(token):
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_float_round_trips_through_its_json_form(value):
    encoded = to_json_value({"share": value, "many": [value, 1.5]})
    text = json.dumps(encoded, allow_nan=False)  # would raise on a bare NaN or infinity
    decoded = from_json_value(json.loads(text))
    assert repr(decoded["share"]) == repr(value) and decoded["many"][1] == 1.5
    assert repr(decoded["many"][0]) == repr(value)
    assert canonical_json({"share": value}) == json.dumps(
        {"share": {"$float": repr(value)}}, separators=(",", ":")
    )


def test_nan_and_infinite_parameters_finish_the_batch_with_a_json_safe_manifest(tmp_path):
    from .conftest import notebook_path

    path = tmp_path / "reports.yaml"
    # YAML's own words for the values papermill accepts: .nan, .inf, -.inf.
    path.write_text(
        "defaults: {inputs: []}\n"
        "reports:\n"
        f"  - notebook: {notebook_path('typed_params')}\n"
        "    output: r/{share}\n"
        "    parameters: {document: d}\n"
        "    matrix: {share: [.nan, .inf, -.inf]}\n"
    )
    fake = FakeExecutor({"r/nan": "ok", "r/inf": "ok", "r/-inf": "ok"})
    out = io.StringIO()
    outcome = run_batch(path, BatchOptions(), reporter=LineReporter(out), executor_factory=fake)
    assert outcome.exit_code == 0, out.getvalue()
    reports = tmp_path / "reports"
    manifest = _strict_json((reports / "manifest.json").read_text(encoding="utf-8"))
    assert validate_manifest(manifest) == []
    shares = {run_id: entry["parameters"]["share"] for run_id, entry in entries(reports).items()}
    assert shares == {
        "r/nan": {"$float": "nan"},
        "r/inf": {"$float": "inf"},
        "r/-inf": {"$float": "-inf"},
    }
    # The summary a scheduler reads is strict JSON too.
    _strict_json(json.dumps(outcome.summary))
    assert read_manifest(reports)["batch"]["exit_code"] == 0


def _notebook(path, *cells):
    """Write a notebook of code cells; a cell given as (source, tag) is tagged."""
    built = []
    for cell in cells:
        source, tags = (cell, []) if isinstance(cell, str) else (cell[0], [cell[1]])
        built.append(
            {"cell_type": "code", "metadata": {"tags": tags}, "source": source, "outputs": []}
        )
    kernelspec = {"name": "python3", "language": "python", "display_name": "Python 3"}
    document = {"cells": built, "metadata": {"kernelspec": kernelspec}, "nbformat": 4}
    path.write_text(json.dumps(document, indent=1))
    return path


#: A parameters cell of the kinds papermill's own tests use: an untyped default, an annotation,
#: a list over several lines with comments and a type comment, a string annotation, an
#: expression, and a broken line.
MIXED_CELL = (
    "note = None\n"
    "rate: float = 1.5  # the rate\n"
    "words = [\n"
    "    'alpha',  # the first\n"
    "# a comment between items\n"
    "    'beta'\n"
    "]  # type: list[str] two words\n"
    "\n"
    "# a nullable value\n"
    'nothing: "None" = None\n'
    "same = rate == 2\n"
    "= 3\n"
)


def test_inspect_reads_a_mixed_cell_as_papermill_does_and_names_the_broken_line(tmp_path):
    from click.testing import CliRunner

    from tradeviz.commands.inspect import command

    notebook = _notebook(tmp_path / "mixed.ipynb", (MIXED_CELL, "parameters"), "print(note)")
    done = CliRunner().invoke(command, [str(notebook), "--json"])
    assert done.exit_code == 0, done.output
    rows = {row["name"]: row for row in json.loads(done.stdout)["parameters"]}
    assert list(rows) == ["note", "rate", "words", "nothing", "same"]
    assert rows["words"]["type"] == "list[str]" and rows["words"]["help"] == "two words"
    assert rows["words"]["default"] == ["alpha", "beta"]
    assert rows["rate"]["type"] == "float" and rows["note"]["type"] == "any"
    assert rows["same"]["default"] is None and rows["same"]["default_source"] == "rate == 2"
    assert done.stderr.strip() == (
        f"tradeviz: warning: {notebook}, cell 1, line 12: not valid Python (`= 3`): "
        "passed over, as papermill does"
    )


@pytest.mark.parametrize(
    "cell",
    [
        "%matplotlib inline\nvar = 1",
        "    var = 1\n    other = 2",
        "var = 1\nprint('set up')",
    ],
    ids=["magic", "indented", "statement"],
)
def test_unusual_parameters_cells_run_and_untyped_names_take_any_value(tmp_path, cell):
    notebook = _notebook(tmp_path / "n.ipynb", (cell, "parameters"), "print(var)")
    quiet = _notebook(tmp_path / "quiet.ipynb", (cell, "parameters"), "print(1)")
    path = tmp_path / "reports.yaml"
    path.write_text(
        "defaults: {inputs: []}\n"
        "reports:\n"
        f"  - {{notebook: {notebook}, output: given, parameters: {{var: It works}}}}\n"
        f"  - {{notebook: {quiet}, output: none}}\n"
    )
    fake = FakeExecutor({"given": "ok", "none": "ok"})
    out = io.StringIO()
    outcome = run_batch(path, BatchOptions(), reporter=LineReporter(out), executor_factory=fake)
    assert outcome.exit_code == 0, out.getvalue()
    assert fake.submitted == ["given", "none"]
    assert entries(tmp_path / "reports")["given"]["parameters"] == {"var": "It works"}
    warned = [line for line in out.getvalue().splitlines() if "warning" in line]
    if "print('set up')" in cell:
        assert warned and "line 2: not an assignment to a name (`print('set up')`)" in warned[0]
        assert outcome.summary["warnings"]
    else:
        assert warned == [] and outcome.summary["warnings"] == []


def _stop_batch(tmp_path):
    from .conftest import write_config

    return write_config(tmp_path, [{"notebook": "ok_trivial", "output": "r"}])


def _batch_run(path, fake, **options):
    out = io.StringIO()
    outcome = run_batch(
        path, BatchOptions(**options), reporter=LineReporter(out), executor_factory=fake
    )
    return outcome, out.getvalue()


def test_a_run_stopped_early_does_not_fail_the_batch_nor_replace_a_complete_report(tmp_path):
    path = _stop_batch(tmp_path)
    reports = tmp_path / "reports"
    assert _batch_run(path, FakeExecutor({"r": "ok"}))[0].exit_code == 0
    outcome, text = _batch_run(path, FakeExecutor({"r": "stopped_early"}), force=True)
    assert outcome.exit_code == 0  # papermill's exit code: a success
    assert outcome.summary["counts"] == {"stopped_early": 1}
    assert "r STOPPED EARLY 0.5s cell 2: E" in text and "FAILED" not in text
    assert "STOPPED EARLY r [stopped_early]" in text
    # The complete report stays; the incomplete one goes beside it.
    assert (reports / "r" / "report.html").read_text() == "report.html of r ok"
    assert (reports / "r.failed" / "report.html").read_text() == "report.html of r stopped_early"
    entry = entries(reports)["r"]
    assert entry["status"] == "stopped_early" and entry["outputs"]["dir"] == "r.failed"
    assert entry["last_ok"]["dir"] == "r"
    assert validate_manifest(read_manifest(reports)) == []


def test_a_run_stopped_early_with_no_complete_report_is_the_report_until_one_completes(
    tmp_path,
):
    path = _stop_batch(tmp_path)
    reports = tmp_path / "reports"
    outcome, _ = _batch_run(path, FakeExecutor({"r": "stopped_early"}))
    assert outcome.exit_code == 0
    assert (reports / "r" / "report.html").read_text() == "report.html of r stopped_early"
    assert entries(reports)["r"]["outputs"]["dir"] == "r"
    # Not served from the cache: the next batch runs it again, and a complete run replaces it.
    again = FakeExecutor({"r": "stopped_early"})
    assert _batch_run(path, again)[0].exit_code == 0 and again.submitted == ["r"]
    assert (reports / "r" / "report.html").read_text() == "report.html of r stopped_early"
    assert _batch_run(path, FakeExecutor({"r": "ok"}))[0].exit_code == 0
    assert (reports / "r" / "report.html").read_text() == "report.html of r ok"
