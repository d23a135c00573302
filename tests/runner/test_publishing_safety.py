"""Publishing never deletes or replaces what is not the run's own report (no kernel)."""

from __future__ import annotations

import io
import json

import pytest

from tradeviz.errors import InputError
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.config import MAX_RUNS, load_config
from tradeviz.runner.plan import PlanError
from tradeviz.runner.progress import LineReporter

from .conftest import FakeExecutor, entries, write_config


def _run(path, fake, **options):
    return run_batch(
        path, BatchOptions(**options), reporter=LineReporter(io.StringIO()), executor_factory=fake
    )


@pytest.mark.parametrize(
    "output",
    [
        "index.html",
        "manifest.json",
        "Index.HTML",
        ".staging/x",
        "a.failed/x",
        "x/b.FAILED",
        "a/.logs",
    ],
)
def test_a_run_id_that_names_the_runners_files_or_a_failed_folder_is_refused(tmp_path, output):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": output}])
    with pytest.raises(InputError, match="unusable folder name") as caught:
        load_config(path)
    assert caught.value.exit_code == 2
    assert str(caught.value).endswith(f"found {output!r})")


def test_a_failing_run_cannot_delete_a_report_of_a_run_named_like_its_failed_folder(tmp_path):
    # Before: run "a" failing published to a.failed/, replacing run "a.failed/x"'s good report.
    path = write_config(
        tmp_path,
        [
            {"notebook": "ok_trivial", "output": "a"},
            {"notebook": "ok_trivial", "name": "two", "output": "a.failed/x"},
        ],
    )
    with pytest.raises(InputError, match="ends in '.failed'"):
        load_config(path)


def test_a_run_id_naming_a_folder_that_is_not_its_report_is_refused_before_any_kernel(tmp_path):
    reports = tmp_path / "reports"
    (reports / "notes").mkdir(parents=True)
    (reports / "notes" / "mine.txt").write_text("a person's file")
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": "notes"}])
    fake = FakeExecutor({"notes": "ok"})
    with pytest.raises(PlanError) as caught:
        _run(path, fake)
    assert fake.submitted == []
    assert (reports / "notes" / "mine.txt").read_text() == "a person's file"
    assert not (reports / "manifest.json").exists() and not (reports / "index.html").exists()
    line = caught.value.lines()[0]
    assert "row run notes (reports[0])" in line
    assert "is not this run's report (publishing would replace it)" in line


def test_the_runs_own_folder_is_replaced_and_a_stamped_one_without_manifest_too(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": "mine"}])
    reports = tmp_path / "reports"
    assert _run(path, FakeExecutor({"mine": "ok"})).exit_code == 0
    # Vouched by the manifest: a forced re-run replaces it.
    assert _run(path, FakeExecutor({"mine": "ok"}), force=True).exit_code == 0
    # The manifest deleted ("start afresh; reports are kept"): the stamp in report.ipynb vouches.
    (reports / "manifest.json").unlink()
    stamped = {"cells": [], "metadata": {"tradeviz": {"run_id": "mine"}}}
    (reports / "mine" / "report.ipynb").write_text(json.dumps(stamped))
    assert _run(path, FakeExecutor({"mine": "ok"}), force=True).exit_code == 0
    assert entries(reports)["mine"]["status"] == "ok"


def test_a_run_whose_folder_holds_another_runs_report_is_refused(tmp_path):
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": "a/b"}])
    reports = tmp_path / "reports"
    assert _run(path, FakeExecutor({"a/b": "ok"})).exit_code == 0
    # Another batch file later makes "a" a run: publishing it would replace a/b's report.
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": "a"}])
    with pytest.raises(PlanError, match="is not this run's report"):
        _run(path, FakeExecutor({"a": "ok"}))
    # Even when "a" is its own report, a report inside it is not its to replace.
    stamped = {"cells": [], "metadata": {"tradeviz": {"run_id": "a"}}}
    (reports / "a" / "report.ipynb").write_text(json.dumps(stamped))
    with pytest.raises(PlanError, match=r"holds another run's report \(b\)"):
        _run(path, FakeExecutor({"a": "ok"}))
    assert (reports / "a" / "b" / "report.html").read_text() == "report.html of a/b ok"


def test_a_file_where_a_runs_parent_folder_should_be_is_refused(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a").write_text("not a folder")
    path = write_config(tmp_path, [{"notebook": "ok_trivial", "output": "a/b"}])
    with pytest.raises(PlanError, match="is a file, where the run's folder should be"):
        _run(path, FakeExecutor({"a/b": "ok"}))
    assert (reports / "a").read_text() == "not a folder"


def test_a_matrix_is_counted_before_it_is_expanded(tmp_path):
    values = list(range(1000))
    path = write_config(
        tmp_path,
        [{"notebook": "ok_trivial", "matrix": {"x": values, "y": values, "z": values}}],
    )
    with pytest.raises(InputError) as caught:
        load_config(path)  # refused from the sizes: 10^9 runs are never built
    text = str(caught.value)
    assert "the batch expands to too many runs" in text
    assert f"at most {MAX_RUNS:,} runs" in text
    assert "1000 × 1000 × 1000 = 1,000,000,000 runs" in text
    assert "\n" not in text


def test_runs_of_several_reports_add_up_to_the_cap(tmp_path):
    side = int(MAX_RUNS**0.5) + 1
    report = {"notebook": "ok_trivial", "matrix": {"x": list(range(side)), "y": [0]}}
    path = write_config(
        tmp_path,
        [
            report,
            {**report, "name": "b", "matrix": {"x": list(range(side)), "y": list(range(side))}},
        ],
    )
    with pytest.raises(InputError, match=r"row reports\[1\], field 'matrix'"):
        load_config(path)


@pytest.mark.parametrize("value", ["/tmp/elsewhere", "../../..", "figures/../../x", "~/charts"])
def test_a_path_parameter_that_leaves_the_runs_folder_is_refused(tmp_path, value):
    path = write_config(tmp_path, [{"notebook": "ok_report", "parameters": {"output_dir": value}}])
    fake = FakeExecutor({})
    with pytest.raises(PlanError) as caught:
        _run(path, fake)
    assert fake.submitted == []
    (line,) = caught.value.lines()
    assert "field 'output_dir': the path leaves the run's folder" in line
    assert line.endswith(f"found {value!r})")


@pytest.mark.parametrize("value", ["charts", "figures/png", "./figures", "a/../figures"])
def test_a_path_parameter_inside_the_runs_folder_is_accepted(tmp_path, value):
    path = write_config(
        tmp_path,
        [{"notebook": "ok_report", "output": "r", "parameters": {"output_dir": value}}],
    )
    fake = FakeExecutor({"r": "ok"})
    assert _run(path, fake).exit_code == 0
    assert entries(tmp_path / "reports")["r"]["parameters"]["output_dir"] == value
