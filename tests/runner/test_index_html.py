"""runs.html and report pages: failures first, links, thumbnails, every string escaped."""

from __future__ import annotations

import re

import nbformat

from tradeviz.runner.index import render_runs

HOSTILE = '<script>alert("x")</script>'


def _entry(run_id, status, **changes):
    outputs = {
        "dir": run_id,
        "html": f"{run_id}/report.html",
        "notebook": f"{run_id}/report.ipynb",
        "log": f"{run_id}/log.txt",
        "results": None,
        "figures": [f"{run_id}/figures/chart.png", f"{run_id}/figures/chart.html"],
    }
    entry = {
        "run_id": run_id,
        "report": run_id.split("/")[0],
        "notebook": "notebooks/x.ipynb",
        "parameters": {"title": HOSTILE, "start": {"$date": "2021-07-20"}},
        "status": status,
        "error": None,
        "finished_at": "2026-11-29T06:41:17+00:00",
        "duration_s": 1.25,
        "outputs": outputs,
        "last_ok": None,
    }
    entry.update(changes)
    return entry


def test_run_log_lists_failures_first_and_escapes_everything():
    entries = [
        _entry("a/ok", "ok"),
        _entry("b/cached", "cached"),
        _entry(
            "c/fail",
            "cell_error",
            error={"message": f"cell 3: ValueError: {HOSTILE}"},
            outputs=None,
            last_ok={
                "dir": "c/fail",
                "html": "c/fail/report.html",
                "notebook": "c/fail/report.ipynb",
                "log": "c/fail/log.txt",
                "results": None,
                "figures": ["c/fail/figures/old.png"],
                "finished_at": "2026-11-28T10:00:00+00:00",
            },
        ),
        _entry('d/"quote"&<tag>', "timeout", error={"message": "run timeout"}),
    ]
    page = render_runs(entries, config=f"{HOSTILE}.yaml", updated_at="now")
    assert "<script>" not in page and "<script" not in page.replace("<script>", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    rows = re.findall(r"<tr class=\"(good|bad)\">.*?<code>(.*?)</code>", page)
    assert [run for _, run in rows] == [
        "c/fail",
        "d/&quot;quote&quot;&amp;&lt;tag&gt;",
        "a/ok",
        "b/cached",
    ]
    assert 'href="d/%22quote%22%26%3Ctag%3E/report.html"' in page  # percent-encoded links
    assert "start=2021-07-20" in page  # dates shown decoded
    assert 'src="a/ok/figures/chart.png"' in page  # thumbnail: the first PNG, linked
    assert 'src="c/fail/figures/old.png"' in page  # a failed run shows its last good chart
    assert "last good (2026-11-28 10:00 UTC)" in page
    assert (
        '<span class="status bad">cell error: 1</span><span class="status bad">timed out: 1</span>'
        in page
    )
    assert "<script" not in page.lower().replace("&lt;script", "")


def test_report_page_hides_code_and_injected_parameters_and_escapes_the_header(report_exporter):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell('title = "plain"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            f"title = {HOSTILE!r}", metadata={"tags": ["injected-parameters"]}
        ),
        nbformat.v4.new_code_cell("SECRET_CODE = 1\nprint(title)"),
        nbformat.v4.new_code_cell("hidden = 2", metadata={"tags": ["remove-cell"]}),
    ]
    notebook.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text=HOSTILE)]
    notebook.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="GONE")]
    page = report_exporter.render(
        notebook,
        title=f"hostile: title={HOSTILE}",
        run_id="hostile/x",
        status="ok",
        parameters={"title": HOSTILE, "output_dir": "figures"},
        finished="2026-11-29T06:41:17+00:00",
        error=HOSTILE,
    )
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert page.count("&lt;script&gt;") >= 4  # title, header, parameter list, error, output
    assert "SECRET_CODE" not in page and "GONE" not in page
    assert "title = " not in page  # neither the parameters cell nor the injected one
    assert "output_dir" not in page
    assert "<h1" in page and "Title" in page
    assert "cdn" not in page.lower() and "mathjax" not in page.lower()
