"""Hostile text in every field at once, through every page tradeviz writes, checked by parsing.

One batch writes the chart pages (every registered chart, from figures, claims, verdicts,
integrity checks and flags whose printed fields are all hostile, with a hostile title and text
alternative) and the runner's pages (a notebook with a hostile file name, hostile parameters,
errors and outputs, through the real batch: index, report pages and whatever else it writes).
Then every ``*.html`` file under the output folder is parsed with html5lib, as a browser would:
the pages are discovered, not listed, so a new page is checked the day it appears.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from tradeviz.charts import registry
from tradeviz.results import HEADLINE_KEY, RESULTS_FILE
from tradeviz.runner.batch import BatchOptions, run_batch
from tradeviz.runner.executor import ExecutorEvent
from tradeviz.runner.htmlreport import ReportExporter
from tradeviz.runner.progress import LineReporter

from ..fixtures.hostile import (
    HOSTILE_PARTNER,
    PAYLOAD,
    hostile,
    hostile_figures,
    hostile_table,
    markup_problems,
    parse_page,
)
from ..runner.conftest import FINISHED, STARTED, FakeExecutor, RunResult, notebook_path

DOCUMENT = "neo-2021-07-20"
CLAIM_TEXT = ("claim_id", "excerpt", "speaker", "note", "doc_title", "period_note", "subject")
VERDICT_TEXT = ("claim_id", "excerpt", "explanation", "hints", "references")
INTEGRITY_TEXT = ("check_id", "message", "compared")
FLAG_TEXT = ("check_id", "message")


@pytest.fixture(scope="module")
def chart_inputs(real_results):
    """The checks' tables of the real figures (the session's), hostile in every printed field."""
    claims = real_results.claims[real_results.claims["document"] == DOCUMENT]
    verdicts = real_results.verdicts[real_results.verdicts["document"] == DOCUMENT]
    return {
        "claims": hostile_table(claims, CLAIM_TEXT),
        "verdicts": hostile_table(verdicts, VERDICT_TEXT),
        "integrity": hostile_table(real_results.integrity, INTEGRITY_TEXT),
        "flags": hostile_table(real_results.flags, FLAG_TEXT),
    }


class ReportingExecutor(FakeExecutor):
    """A stand-in executor that writes a real report page, hostile outputs and all."""

    def __init__(self, outcomes, exporter: ReportExporter):
        super().__init__(outcomes)
        self.exporter = exporter  # one per process, as a runner worker keeps one

    def wait(self, timeout):
        if not self.queue:
            return []
        task = self.queue.pop(0)
        staging = Path(task.staging)
        (staging / "figures").mkdir(parents=True)
        notebook = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print(title)")
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=hostile("stdout")),
            nbformat.v4.new_output(
                "execute_result",
                data={
                    "text/plain": hostile("text/plain"),
                    "text/html": pd.DataFrame({"partner": [hostile("table cell")]}).to_html(),
                },
                execution_count=1,
            ),
            nbformat.v4.new_output(
                "error", ename="ValueError", evalue=hostile("evalue"), traceback=[PAYLOAD]
            ),
        ]
        notebook.cells = [nbformat.v4.new_markdown_cell("A report"), cell]
        status = self.outcomes[task.run_id]
        message = f"cell 2: ValueError: {hostile('error message')}"
        page = self.exporter.render(
            notebook,
            title=task.title,
            run_id=task.run_id,
            status=status,
            parameters=task.parameters,
            finished="2026-11-29T06:41:17+00:00",
            error=message,
        )
        (staging / "report.html").write_text(page, encoding="utf-8")
        (staging / "report.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
        (staging / "log.txt").write_text(hostile("log"), encoding="utf-8")
        (staging / "figures" / "chart.png").write_bytes(b"png")
        headline = {
            "group": hostile("finding group"),
            "sentences": [hostile("finding")],
            "not_reviewed": [hostile("draft claim")],
            "charts": [hostile("key chart")],
        }
        (staging / RESULTS_FILE).write_text(json.dumps({HEADLINE_KEY: headline}), encoding="utf-8")
        error = {"kind": status, "ename": "ValueError", "evalue": PAYLOAD, "cell": 2}
        result = RunResult(task.run_id, status, {**error, "message": message}, "t0", "t1", 0.5, 1)
        return [ExecutorEvent(STARTED, task.run_id), ExecutorEvent(FINISHED, task.run_id, result)]


def _run_hostile_batch(root: Path, exporter: ReportExporter) -> Path:
    notebook = root / "notebooks" / f"{PAYLOAD.splitlines()[0]}.ipynb"
    notebook.parent.mkdir(parents=True)
    shutil.copyfile(notebook_path("hostile"), notebook)
    config = {
        "defaults": {"inputs": []},
        "reports": [
            {
                "name": "hostile",
                "notebook": str(notebook),
                "output": "hostile/{title}",
                "matrix": {"title": [hostile("parameter"), "plain"]},
            }
        ],
    }
    path = root / "reports.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    # one run succeeds, so the front page lists its (hostile) finding; the others fail
    outcomes = {"hostile/plain": "ok"}
    fake = ReportingExecutor(outcomes, exporter)
    fake.outcomes = _AnyRun(outcomes)
    run_batch(path, BatchOptions(), reporter=LineReporter(io.StringIO()), executor_factory=fake)
    return root / "reports"


class _AnyRun(dict):
    """Every run id not named fails with a cell error (the hostile run id is slugged)."""

    def __missing__(self, key):
        return "cell_error"


@pytest.fixture(scope="module")
def written(tmp_path_factory, figures, chart_inputs, report_exporter) -> Path:
    """The output folder after every chart and the runner wrote their pages from hostile data."""
    root = tmp_path_factory.mktemp("hostile")
    table = hostile_figures(figures)
    charts = root / "charts"
    for name in registry.CHARTS:
        registry.export_chart(name, charts, table, formats=("html",), inputs=chart_inputs)
    # the latest year, where the hostile partner code ranks first
    figure = registry.render_chart("top_partners", table, inputs=chart_inputs, year=2022)
    from tradeviz.charts import export

    export.save_chart(
        figure,
        charts,
        "titled",
        formats=("html",),
        title=hostile("chart title"),
        alt=hostile("alt text"),
    )
    _run_hostile_batch(root, report_exporter)
    return root


@pytest.fixture(scope="module")
def parsed(written) -> dict[str, object]:
    """Every ``*.html`` page written (by its path under the output folder), parsed once."""
    return {
        str(page.relative_to(written)): parse_page(page) for page in sorted(written.rglob("*.html"))
    }


def test_every_page_written_from_hostile_data_shows_it_as_text(parsed):
    names = {Path(page).name for page in parsed}
    assert {"index.html", "report.html"} <= names
    assert {f"{name}.html" for name in registry.CHARTS} <= names
    problems = {page: found for page, soup in parsed.items() if (found := markup_problems(soup))}
    assert problems == {}


def test_the_hostile_partner_and_fields_reach_the_pages(parsed):
    attributes = [
        value if isinstance(value, str) else " ".join(value)
        for soup in parsed.values()
        for tag in soup.find_all(True)
        for value in tag.attrs.values()
    ]
    # text and attribute values, as parsed
    shown = "".join(soup.get_text() for soup in parsed.values()) + "".join(attributes)
    for field in (
        "[source_org]",
        "[source_file]",
        "[record_id]",
        "[period_label]",
        "[excerpt]",
        "[claim_id]",
        "[explanation]",
        "[parameter]",
        "[error message]",
        "[stdout]",
        "[table cell]",
        "[chart title]",
        "[alt text]",
    ):
        assert field in shown, f"{field} printed nowhere: the test no longer covers it"
    assert HOSTILE_PARTNER in shown
    assert f"notebooks/{PAYLOAD.splitlines()[0]}" in shown  # the notebook's path, in the index
    assert "{{ 7*7 }}" in shown


@pytest.mark.parametrize(
    "page",
    [
        "<p><img src=x onerror=alert(1)></p>",
        '<a href="javascript:alert(1)">x</a>',
        "<script>alert(1)</script>",
        "<title>a</title></head><title>b</title>",
        '<p title="a" onclick="alert(1)">x</p>',
    ],
)
def test_the_check_finds_each_kind_of_leak(page):
    assert markup_problems(f"<!DOCTYPE html><html><head><title>t</title></head>{page}")
