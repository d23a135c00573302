"""The front page (index.html) from runs' headline records, and stopped_early on every page."""

from __future__ import annotations

import html
import json
import re

import nbformat

from tradeviz.runner.findings import MAX_TEXT, headline_of
from tradeviz.runner.index import MAX_GROUP_CHARTS, render_index, render_runs

HOSTILE = '<img src=x onerror=alert(1)>"&'


def _entry(run_id, status="ok", **changes):
    entry = {
        "run_id": run_id,
        "report": run_id.split("/")[0],
        "notebook": "notebooks/x.ipynb",
        "parameters": {"partner": "CHN"},
        "status": status,
        "error": None,
        "finished_at": "2026-11-29T06:41:17+00:00",
        "duration_s": 2.5,
        "outputs": {
            "dir": run_id,
            "html": f"{run_id}/report.html",
            "notebook": f"{run_id}/report.ipynb",
            "log": f"{run_id}/log.txt",
            "results": f"{run_id}/results.json",
            "figures": [
                f"{run_id}/figures/first.png",
                f"{run_id}/figures/first.html",
                f"{run_id}/figures/key.png",
                f"{run_id}/figures/key.html",
            ],
        },
        "last_ok": None,
    }
    entry.update(changes)
    return entry


def _write_results(reports, run_id, headline):
    directory = reports / run_id
    directory.mkdir(parents=True)
    (directory / "results.json").write_text(json.dumps({"other": 1, "headline": headline}))


def test_front_page_leads_with_findings_by_group_and_escapes_them(tmp_path):
    reports = tmp_path / "reports"
    _write_results(
        reports,
        "claims/doc",
        {
            "group": "What the documents claim",
            "rank": 0,
            "sentences": [f"Doc {HOSTILE}: 5 claims, 3 consistent."],
            "not_reviewed": [f"Draft claim {HOSTILE}"],
        },
    )
    _write_results(
        reports,
        "shares/KAZ-CHN",
        {"group": "Kazakhstan and China", "sentences": ["China took 19.8 %."], "charts": ["key"]},
    )
    _write_results(
        reports,
        "shares/KAZ-CHN-again",
        {"group": "Kazakhstan and China", "sentences": ["China took 19.8 %."], "charts": ["key"]},
    )
    _write_results(reports, "shares/KAZ-RUS", ["not", "an", "object"])
    for run in ("shares/KAZ-CHN", "shares/KAZ-CHN-again"):
        (reports / run / "figures").mkdir()
        (reports / run / "figures/key.html").write_text(
            "<html><head><title>China&#x27;s share &lt;b&gt;rose</title></head></html>"
        )
    entries = [
        _entry("shares/KAZ-CHN"),
        _entry("shares/KAZ-CHN-again"),
        _entry("shares/KAZ-RUS"),
        _entry("claims/doc", status="cached"),
        _entry("broken/x", status="cell_error", outputs=None),
    ]
    page = render_index(entries, reports_dir=reports, config="reports.yaml", updated_at="now")

    assert HOSTILE not in page and "<img src=x" not in page
    assert html.escape(f"Doc {HOSTILE}: 5 claims, 3 consistent.") in page
    # groups by rank: the documents first although their run comes later in the batch
    headings = re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", page)
    assert headings == ["What the documents claim", "Kazakhstan and China", "Other reports"]
    # drafts only in the "not yet reviewed" list, never among the findings
    findings = re.findall(r'<ul class="findings">(.*?)</ul>', page, re.S)
    assert all("Draft claim" not in block for block in findings)
    reviewed = re.search(r'<details class="not-reviewed">(.*?)</details>', page, re.S).group(1)
    assert html.escape(f"Draft claim {HOSTILE}") in reviewed
    # the named key chart, linked to its chart page; a run without a headline by name only
    assert (
        '<a href="shares/KAZ-CHN/figures/key.html"><img src="shares/KAZ-CHN/figures/key.png"'
        in (page)
    )
    assert "shares/KAZ-CHN/figures/first.png" not in page
    # the same finding and the same chart (file name and title) from a second run: listed once
    assert page.count("China took 19.8 %.") == 1
    assert "shares/KAZ-CHN-again/figures/key.png" not in page
    # the thumbnail is named by its chart page's title, escaped again on the front page
    assert "<span>China&#x27;s share &lt;b&gt;rose</span>" in page
    assert '<a href="shares/KAZ-RUS/report.html">shares/KAZ-RUS</a>' in page
    assert "broken/x" not in page.split("<footer")[0]  # a failure without a good report: log only
    assert 'href="runs.html"' in page


def test_front_page_without_reports_dir_lists_every_good_run_by_name():
    page = render_index([_entry("a/one"), _entry("b/two", status="cached")])
    assert '<a href="a/one/report.html">a/one</a>' in page
    assert '<a href="b/two/report.html">b/two</a>' in page


def test_malformed_headlines_are_ignored_and_long_text_capped():
    assert headline_of({"headline": {"group": "", "sentences": ["x"]}}) is None
    assert headline_of({"headline": {"group": "g", "sentences": "not a list"}}) is None
    assert headline_of({"headline": {"group": "g", "rank": -1}}) is None
    assert headline_of({"no": "headline"}) is None
    capped = headline_of({"headline": {"group": "g", "sentences": ["y" * (MAX_TEXT * 3)]}})
    assert len(capped.sentences[0]) == MAX_TEXT and capped.sentences[0].endswith("…")


def test_stopped_early_has_its_own_word_and_colour_on_every_page(tmp_path, report_exporter):
    reports = tmp_path / "reports"
    _write_results(reports, "s/early", {"group": "G", "sentences": ["Half a finding."]})
    entries = [_entry("s/early", status="stopped_early"), _entry("s/fine")]
    runs = render_runs(entries)
    assert re.search(r'<tr class="partial"><td><span class="status partial">stopped early<', runs)
    assert '<span class="status partial">stopped early: 1</span>' in runs
    assert '<span class="status good">ok: 1</span>' in runs
    front = render_index(entries, reports_dir=reports)
    assert '<span class="status partial">stopped early: 1</span>' in front
    finding = re.search(r"<li>Half a finding\.(.*?)</li>", front, re.S).group(1)
    assert '<span class="status partial">stopped early</span>' in finding

    notebook = nbformat.v4.new_notebook()
    page = report_exporter.render(
        notebook,
        title="t",
        run_id="s/early",
        status="stopped_early",
        parameters={},
        finished="2026-11-29T06:41:17+00:00",
        error="SystemExit: 0",
    )
    assert '<div class="banner partial" role="note"><span class="status partial">stopped early' in (
        page
    )
    assert ">ok<" not in page


def test_report_opens_with_the_headline_and_ends_with_about(tmp_path, report_exporter):
    notebook = nbformat.v4.new_notebook()
    about = nbformat.v4.new_markdown_cell("# Shares\n\nWhere the data come from.")
    about.metadata["tags"] = ["about"]
    section = nbformat.v4.new_code_cell("tv.show(...)")
    section.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": f"Lead {HOSTILE}.\n\nSecond.", "text/html": "<p>dup</p>"},
            metadata={"tradeviz": {"headline": True}},
        ),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>Section text</p>"}),
    ]
    notebook.cells = [about, section]
    page = report_exporter.render(
        notebook,
        title="Trade shares",
        run_id="trade_shares/KAZ-CHN",
        status="ok",
        parameters={"partner": "CHN"},
        finished="2026-11-29T06:41:17+00:00",
    )
    page = page.split("<body>", 1)[1]  # the stylesheet's comments name the blocks too
    lead = re.search(r'<div class="lead">(.*?)</div>', page, re.S).group(1)
    assert lead == f"<p>{html.escape(f'Lead {HOSTILE}.')}</p><p>Second.</p>"
    assert "<p>dup</p>" not in page  # the headline output is shown once, at the top
    assert page.index('class="lead"') < page.index("Section text") < page.index("About this")
    assert page.index("About this report") < page.index("Where the data come from.")
    assert page.index("Where the data come from.") < page.index("<dt>partner</dt>")
    assert 'href="../../index.html"' in page
    # the notebook's title is the heading, the run's title under it, not repeated in "About"
    assert '<h1>Shares</h1>\n<p class="meta">Trade shares</p>' in page
    assert page.count(">Shares<") == 1


def _claims_run(reports, run_id, title):
    _write_results(
        reports,
        run_id,
        {
            "group": "What the documents claim",
            "sentences": [f"{run_id}: 3 claims."],
            "charts": ["key"],
        },
    )
    (reports / run_id / "figures").mkdir()
    (reports / run_id / "figures/key.html").write_text(f"<title>{title}</title>")


def test_each_document_keeps_its_own_claims_chart_on_the_front_page(tmp_path):
    reports = tmp_path / "reports"
    _claims_run(reports, "claims/doc-a", "Of 3 claims in A, 2 hold")
    _claims_run(reports, "claims/doc-b", "Of 3 claims in B, none holds")
    _claims_run(reports, "claims/doc-b-again", "Of 3 claims in B, none holds")
    entries = [_entry("claims/doc-a"), _entry("claims/doc-b"), _entry("claims/doc-b-again")]
    page = render_index(entries, reports_dir=reports)
    thumbnails = re.findall(r'<img src="([^"]+)"', page)
    # two charts of one kind with different titles are two findings; the same title is one
    assert thumbnails == ["claims/doc-a/figures/key.png", "claims/doc-b/figures/key.png"]


def test_a_group_shows_at_most_its_cap_of_thumbnails(tmp_path):
    reports = tmp_path / "reports"
    runs = [f"claims/doc-{number}" for number in range(MAX_GROUP_CHARTS + 3)]
    for run in runs:
        _claims_run(reports, run, f"Claims of {run}")
    page = render_index([_entry(run) for run in runs], reports_dir=reports)
    thumbnails = re.findall(r'<img src="([^"]+)"', page)
    assert thumbnails == [f"{run}/figures/key.png" for run in runs[:MAX_GROUP_CHARTS]]
