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
