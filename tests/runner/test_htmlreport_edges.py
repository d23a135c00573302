"""Edges of the run pages: each status's words and colour, times, links, titles, escapes.

The pages are parsed (:class:`html.parser.HTMLParser`), not grepped: a hostile string must come
back as the text of an element or the value of an attribute, never as an element of its own.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

from tradeviz.runner import index
from tradeviz.runner import status as st
from tradeviz.runner.htmlreport import render_page, split_notebook
from tradeviz.templates import environment, render_fragment, stylesheet

HOSTILE = '<b x="1">&amp;\'"</b>'
WORDS = {
    "ok": ("ok", "good"),
    "cached": ("from cache", "good"),
    "stopped_early": ("stopped early", "partial"),
    "cell_error": ("cell error", "bad"),
    "display_error": ("display error", "bad"),
    "timeout": ("timed out", "bad"),
    "kernel_died": ("kernel died", "bad"),
    "infra_error": ("infrastructure error", "bad"),
    "invalid_params": ("invalid parameters", "bad"),
    "interrupted": ("interrupted", "bad"),
}


class Page(HTMLParser):
    """Every start tag (name, attributes) and the text of the page, as a browser would read it."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    def attrs(self, tag: str, name: str) -> list[str]:
        return [a[name] for t, a in self.tags if t == tag and name in a]


@pytest.mark.parametrize("status", st.STATUSES)
def test_each_status_has_its_words_and_colour(status):
    word, css = WORDS[status]
    assert index.status_word(status) == word
    assert index.status_class(status) == css


def test_an_unknown_status_reads_as_itself_in_red():
    assert index.status_word("mystery") == "mystery"
    assert index.status_class("mystery") == "bad"


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        (None, ""),
        ("", ""),
        ("2026-11-29T06:41:17.123456+00:00", "2026-11-29 06:41 UTC"),
        ("2026-11-29T06:41:17+02:00", "2026-11-29 06:41:17+02:00"),
    ],
)
def test_times_read_as_minutes_in_utc_and_other_zones_stay_as_given(iso, shown):
    assert index.readable_time(iso) == shown


def test_runs_sort_by_severity_then_batch_order_and_unknown_statuses_last():
    assert index.sort_key({"status": "cell_error"}, 5) == (0, 5)
    assert index.sort_key({"status": "cached"}, 0) == (9, 0)
    assert index.sort_key({}, 2) == (len(st.SEVERITY), 2)
    assert index.sort_key({"status": "odd"}, 1) == (10, 1)


def _entry(run_id: str, status: str, **changes):
    entry = {
        "run_id": run_id,
        "notebook": f"notebooks/{run_id}.ipynb",
        "parameters": {"year": 2021, "output_dir": "/tmp/secret"},
        "status": status,
        "error": None,
        "finished_at": "2026-11-29T06:41:17+00:00",
        "duration_s": 12.345,
        "outputs": {
            "html": f"{run_id}/report.html",
            "notebook": f"{run_id}/report.ipynb",
            "log": f"{run_id}/log.txt",
            "results": "",
            "figures": [f"{run_id}/a.svg", f"{run_id}/b.PNG", f"{run_id}/c.png"],
        },
        "last_ok": None,
    }
    entry.update(changes)
    return entry


def test_a_run_log_row_shows_each_field_as_the_reader_needs_it():
    row = index._row(_entry("r one", "ok"))
    assert row["good"] is True and row["css"] == "good" and row["status"] == "ok"
    assert row["run_id"] == "r one" and row["notebook"] == "notebooks/r one.ipynb"
    assert row["parameters"] == [("year", "2021")]  # the output folder is not shown
    assert row["duration"] == "12.3s"
    assert row["finished"] == "2026-11-29 06:41 UTC"
    assert row["links"] == [
        {"href": "r%20one/report.html", "text": "report"},
        {"href": "r%20one/report.ipynb", "text": "notebook"},
        {"href": "r%20one/log.txt", "text": "log"},
    ]  # an empty results path gives no link
    assert row["thumbnail"] == "r%20one/b.PNG"  # the first PNG, whatever the case of .png
    assert row["last_ok"] is None and row["error"] == ""


def test_a_failed_row_links_its_last_good_run_and_names_its_error():
    last = {"html": "x/old.html", "log": "x/old.txt", "finished_at": "2026-01-02T03:04:05+00:00"}
    row = index._row(
        _entry(
            "x",
            "timeout",
            duration_s=None,
            outputs=None,
            last_ok={**last, "figures": ["x/old.png"]},
            error={"message": "run over 60 s"},
        )
    )
    assert row["good"] is False and row["css"] == "bad" and row["status"] == "timed out"
    assert row["duration"] == "" and row["links"] == []
    assert row["last_ok"] == {
        "finished": "2026-01-02 03:04 UTC",
        "links": [
            {"href": "x/old.html", "text": "good report"},
            {"href": "x/old.txt", "text": "good log"},
        ],
    }
    assert row["thumbnail"] == "x/old.png"
    assert row["error"] == "run over 60 s"
    # a good run never links a "last good" run, and a failed one without any shows none
    assert index._row(_entry("y", "cached", last_ok=last))["last_ok"] is None
    assert index._row(_entry("z", "cell_error"))["last_ok"] is None
    assert index._row(_entry("w", "ok", outputs={"figures": ["a.svg"]}))["thumbnail"] is None


def test_the_meta_line_counts_runs_and_names_the_last_batch():
    entries = [_entry("a", "ok"), _entry("b", "ok")]
    when = "2026-11-29T06:41:17+00:00"
    assert index._meta(entries, "r.yaml", when, None) == (
        "2 runs from r.yaml; updated 2026-11-29 06:41 UTC"
    )
    assert index._meta(entries, "r.yaml", when, {"state": "finished", "exit_code": 0}) == (
        "2 runs from r.yaml; updated 2026-11-29 06:41 UTC; last batch finished (exit code 0)"
    )
    assert index._meta([], "r.yaml", "", {"state": "running", "exit_code": None}) == (
        "0 runs from r.yaml; updated ; last batch running"
    )


def test_totals_count_each_status_failures_first():
    entries = [
        _entry(str(i), s) for i, s in enumerate(["ok", "timeout", "ok", "odd", "cell_error"])
    ]
    assert index._totals(entries) == [
        {"status": "cell_error", "word": "cell error", "css": "bad", "count": 1},
        {"status": "timeout", "word": "timed out", "css": "bad", "count": 1},
        {"status": "ok", "word": "ok", "css": "good", "count": 2},
        {"status": "odd", "word": "odd", "css": "bad", "count": 1},
    ]


def test_a_reader_is_shown_the_own_outputs_of_good_or_stopped_runs_else_the_last_good():
    own, last = {"html": "own.html"}, {"html": "last.html"}
    for status in ("ok", "cached", "stopped_early"):
        assert index._published({"status": status, "outputs": own, "last_ok": last}) is own
        assert index._published({"status": status, "outputs": None, "last_ok": last}) is last
    for status in ("cell_error", "timeout", ""):
        assert index._published({"status": status, "outputs": own, "last_ok": last}) is last


def test_a_chart_page_title_is_read_unescaped_blank_folded_and_capped(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><TITLE>\n Exports &amp; imports\t 2021 </TITLE>", encoding="utf-8")
    assert index._page_title(page) == "Exports & imports 2021"
    page.write_text("<title>" + "x" * 300 + "</title>", encoding="utf-8")
    assert index._page_title(page) == "x" * index.MAX_TITLE_CHARS
    page.write_text("<title> </title>", encoding="utf-8")
    assert index._page_title(page) is None
    page.write_text(" " * index.TITLE_SEARCH_CHARS + "<title>late</title>", encoding="utf-8")
    assert index._page_title(page) is None  # only the head of the page is read
    assert index._page_title(tmp_path / "missing.html") is None


def test_key_charts_are_the_named_ones_in_their_order_else_the_first(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "b_chart.html").write_text("<title>Bee &lt;chart&gt;</title>")
    outputs = {"figures": ["r/a_chart.png", "r/b_chart.png", "r/b_chart.html", "r/c.svg"]}
    charts = index._key_charts(outputs, ["b_chart", "a_chart", "none"], tmp_path)
    assert charts == [
        {
            "png": "r/b_chart.png",
            "page": "r/b_chart.html",
            "name": "Bee <chart>",
            "stem": "b_chart",
        },
        {"png": "r/a_chart.png", "page": "r/a_chart.png", "name": "a chart", "stem": "a_chart"},
    ]
    first = index._key_charts(outputs, [], None)
    assert first == [
        {"png": "r/a_chart.png", "page": "r/a_chart.png", "name": "a chart", "stem": "a_chart"}
    ]
    # without the reports folder the page is still linked, named by its file
    assert index._key_charts(outputs, ["b_chart"])[0]["name"] == "b chart"
    assert index._key_charts({"figures": None}, ["a"]) == []


def _results(reports, run_id, headline):
    folder = reports / run_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps({"headline": headline}), encoding="utf-8")
    return f"{run_id}/results.json"


def test_every_string_on_the_front_page_stays_text_and_every_link_is_encoded(tmp_path):
    entries = []
    for n, status in enumerate(["ok", "stopped_early", "cell_error"]):
        run_id = f"{HOSTILE}{n}"
        entry = _entry(run_id, status, last_ok=None)
        entry["outputs"]["results"] = _results(
            tmp_path,
            run_id,
            {
                "group": f"{HOSTILE} group",
                "sentences": [f"{HOSTILE} said {n}."],
                "not_reviewed": [f"{HOSTILE} pending {n}"],
                "charts": ["c"],
                "rank": 3 - n,
            },
        )
        entries.append(entry)
    entries.append(_entry("plain", "ok"))  # no headline: listed by name
    page = index.render_index(
        entries, reports_dir=tmp_path, title=HOSTILE, config=HOSTILE, updated_at=""
    )
    parsed = Page(page)
    assert "b" not in parsed.names()  # the hostile element never became one
    text = parsed.text
    assert f"{HOSTILE} group" in text
    assert f"{HOSTILE} said 0." in text and f"{HOSTILE} said 1." in text
    assert f"{HOSTILE} said 2." not in text  # a failed run without a good report is not shown
    assert "Not yet reviewed (2)" in text and f"{HOSTILE} pending 1" in text
    assert "stopped early: 1" in text  # the totals
    # the stopped run's finding is marked partial, and so is its total
    assert parsed.attrs("span", "class").count("status partial") == 2
    encoded = quote(f"{HOSTILE}0", safe="/")
    assert f"{encoded}/report.html" in parsed.attrs("a", "href")
    assert f"{encoded}/c.png" in parsed.attrs("img", "src")
    assert f"Chart: c ({HOSTILE}0)" in parsed.attrs("img", "alt")
    assert f"Report: {HOSTILE}0" in parsed.attrs("a", "aria-label")
    assert "plain/report.html" in parsed.attrs("a", "href")
    assert f"{index.FRONT_THUMBNAIL_WIDTH}" in parsed.attrs("img", "width")
    assert f"4 runs from {HOSTILE}" in text
    assert [t for t, _ in parsed.tags].count("script") == 0


def test_every_string_on_the_run_log_stays_text(tmp_path):
    entry = _entry(
        HOSTILE,
        "cell_error",
        notebook=HOSTILE,
        parameters={HOSTILE: HOSTILE},
        error={"message": HOSTILE},
        last_ok={"html": f"{HOSTILE}.html", "figures": [f"{HOSTILE}.png"], "finished_at": None},
    )
    page = index.render_runs([entry], title=HOSTILE, config=HOSTILE, batch={"state": HOSTILE})
    parsed = Page(page)
    assert "b" not in parsed.names()
    assert f"{HOSTILE}={HOSTILE}" in parsed.text
    assert f"first chart of {HOSTILE}" in parsed.attrs("img", "alt")
    assert quote(f"{HOSTILE}/b.PNG", safe="/") in parsed.attrs("img", "src")
    assert f"{index.THUMBNAIL_WIDTH}" in parsed.attrs("img", "width")
    assert parsed.text.count(HOSTILE) >= 6  # title, run, notebook, parameter, error, meta


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# The title \n\nWhat this is.", metadata={"tags": ["about"]}
        ),
        nbformat.v4.new_markdown_cell("# Not a title", metadata={"tags": ["about"]}),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={"text/plain": ["First.\n\n", "  \n\nSecond."]},
                    metadata={"tradeviz": {"headline": True}},
                ),
                nbformat.v4.new_output(
                    "display_data",
                    data={"text/plain": "kept"},
                    metadata={"tradeviz": {"headline": "yes"}},
                ),
            ],
        ),
        nbformat.v4.new_markdown_cell("## Section"),
    ]
    return nb


def test_a_notebook_splits_into_sections_about_cells_headline_and_title():
    nb = _notebook()
    main, about, headline, title = split_notebook(nb)
    assert title == "The title"
    assert [c.source for c in about.cells] == ["What this is.", "# Not a title"]
    assert headline == ["First.", "Second."]  # blank paragraphs dropped
    assert [c.cell_type for c in main.cells] == ["code", "markdown"]
    assert [o["data"]["text/plain"] for o in main.cells[0].outputs] == ["kept"]
    assert nb.cells[0].source.startswith("# The title")  # the notebook itself is untouched
    assert len(nb.cells[2].outputs) == 2


def test_an_about_cell_without_a_title_line_gives_no_title():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Intro\n# Later", metadata={"tags": ["about"]}),
        nbformat.v4.new_code_cell("# code comment", metadata={"tags": ["about"]}),
    ]
    _, about, headline, title = split_notebook(nb)
    assert title == "" and headline == []
    assert about.cells[0].source == "Intro\n# Later"
    nb.cells = [nbformat.v4.new_code_cell("# A comment", metadata={"tags": ["about"]})]
    assert split_notebook(nb)[3] == ""


def test_the_report_page_escapes_its_header_and_links_home_from_any_depth():
    page = render_page(
        "<p>body</p>",
        title=HOSTILE,
        run_id="a/b/c",
        status="cell_error",
        parameters={"year": HOSTILE, "output_dir": "/hidden"},
        finished="2026-11-29T06:41:17.5+00:00",
        error=HOSTILE,
        headline=[HOSTILE],
        about="<p>about</p>",
        heading=f"{HOSTILE} heading",
    )
    parsed = Page(page)
    assert "b" not in parsed.names() and "p" in parsed.names()
    assert "../../../index.html" in parsed.attrs("a", "href")
    assert "2026-11-29 06:41 UTC" in parsed.text
    assert "/hidden" not in parsed.text and "output_dir" not in parsed.text
    assert f"{HOSTILE} heading" in parsed.text
    assert parsed.text.count(HOSTILE) >= 5  # heading, title, headline, error, parameter
    assert "cell error" in parsed.text
    assert "banner bad" in parsed.attrs("div", "class")


def test_a_good_report_has_no_banner_and_keeps_a_time_in_another_zone():
    page = render_page(
        "",
        title="T",
        run_id="one",
        status="ok",
        parameters={},
        finished="2026-11-29T06:41:17+05:00",
        error=None,
    )
    parsed = Page(page)
    assert "../index.html" in parsed.attrs("a", "href")
    assert not [c for c in parsed.attrs("div", "class") if c.startswith("banner")]
    assert "2026-11-29T06:41:17+05:00" in parsed.text
    assert [t for t, a in parsed.tags if t == "h1"] == ["h1"]


def test_templates_escape_quotes_and_keep_trusted_markup():
    from markupsafe import Markup

    environment.cache_clear()  # built afresh here, not taken from an earlier test's call
    stylesheet.cache_clear()
    env = environment()
    assert env is environment()  # then built once
    assert env.autoescape is True
    assert env.trim_blocks and env.lstrip_blocks and env.keep_trailing_newline
    out = env.from_string("<a title='{{ v }}'>{{ m }}</a>").render(v="'\"<&", m=Markup("<i>i</i>"))
    assert out == "<a title='&#x27;&quot;&lt;&amp;'><i>i</i></a>"
    assert env.from_string("{{ n }}").render(n=3) == "3"
    import jinja2

    with pytest.raises(jinja2.UndefinedError, match="undefined"):
        env.from_string("{{ missing }}").render()
    from tradeviz import templates

    css = (Path(templates.__file__).parent / "tradeviz.css").read_text(encoding="utf-8")
    assert stylesheet() == css
    page = templates.render(
        "runs.html.j2", title="t", meta="m", totals=[], rows=[], thumbnail_width=1
    )
    assert css.strip() in page  # inlined, unescaped
    assert "<style>" in page
    fragment = render_fragment(
        "runs.html.j2", title="t", meta="m", totals=[], rows=[], thumbnail_width=1, stylesheet=""
    )
    assert fragment.endswith("\n")  # trailing newline kept


@pytest.mark.parametrize(
    ("source", "title", "rest"),
    [
        ("# T\nBody line\n\nmore", "T", "Body line\n\nmore"),
        ("# T\n\n\n    indented code", "T", "    indented code"),
        ("# T\nXX marks", "T", "XX marks"),
        ("#  Spaced  \n", "Spaced", ""),
        ("# ", "", ""),
        ("#T", "", "#T"),
    ],
)
def test_the_title_line_is_taken_from_the_first_about_cell_and_the_rest_kept(source, title, rest):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(source, metadata={"tags": ["about"]})]
    _, about, _, found = split_notebook(nb)
    assert found == title
    assert about.cells[0].source == rest


def test_a_chart_page_that_is_not_utf8_still_gives_its_title(tmp_path):
    page = tmp_path / "p.html"
    page.write_bytes(b"<title>Caf\xe9 exports</title>")
    assert index._page_title(page) == "Caf\ufffd exports"


def _good(run_id, **changes):
    entry = _entry(run_id, "ok")
    entry["outputs"]["figures"] = [f"{run_id}/k.png", f"{run_id}/k.html", f"{run_id}/z.png"]
    entry.update(changes)
    return entry


def test_findings_are_grouped_by_rank_once_each_with_one_chart_of_each_kind():
    from tradeviz.runner.findings import Headline

    entries = [
        _good("a"),
        _good("b"),
        _good("c"),
        _good("d", status="stopped_early"),
        _good("e"),
        _entry("f", "cell_error"),  # no good report: not listed at all
        _good("g", outputs={"figures": []}),  # no page: not listed
    ]
    headlines = {
        "a": Headline(group="Later", rank=5, sentences=["A."], charts=["k"]),
        "b": Headline(group="First", rank=1, sentences=["B."], not_reviewed=["nb"], charts=["k"]),
        "c": Headline(group="First", rank=1, sentences=["B."], not_reviewed=["nc"], charts=["k"]),
        "d": Headline(group="First", rank=1, sentences=["D."], charts=["z", "missing"]),
        "f": Headline(group="First", rank=1, sentences=["F."]),
    }
    groups, others = index._groups(entries, headlines)
    assert [g["name"] for g in groups] == ["First", "Later"]
    first = groups[0]
    assert first["rank"] == 1
    assert [(f["sentences"], f["run_id"], f["partial"]) for f in first["findings"]] == [
        (["B."], "b", False),
        (["D."], "d", True),
    ]
    assert first["findings"][0]["href"] == "b/report.html"
    assert first["not_reviewed"] == ["nb", "nc"]
    assert [(c["stem"], c["run_id"]) for c in first["charts"]] == [("k", "b"), ("z", "d")]
    assert first["charts"][0]["page"] == "b/k.html"
    assert groups[1]["findings"][0]["run_id"] == "a"
    assert others == [{"href": "e/report.html", "text": "e"}]


def test_a_headline_without_sentences_lists_only_its_charts():
    from tradeviz.runner.findings import Headline

    groups, _ = index._groups([_good("a")], {"a": Headline(group="G", charts=["k"])})
    assert groups[0]["findings"] == [] and len(groups[0]["charts"]) == 1


def test_headlines_are_read_from_each_published_results_file(tmp_path):
    entry = _good("a")
    entry["outputs"]["results"] = _results(tmp_path, "a", {"group": "G", "sentences": ["S."]})
    broken = _good("b")
    broken["outputs"]["results"] = "b/results.json"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "results.json").write_text("{not json", encoding="utf-8")
    found = index._read_headlines([entry, broken, _good("c")], tmp_path)
    assert list(found) == ["a"] and found["a"].sentences == ["S."]
    assert index._read_headlines([entry], None) == {}


def test_a_key_chart_at_the_top_of_the_reports_folder_is_found_by_its_name():
    charts = index._key_charts({"figures": ["k.png", "k.html", "other.png"]}, ["k"])
    assert charts == [{"png": "k.png", "page": "k.html", "name": "k", "stem": "k"}]
    assert index._key_charts({"figures": ["top_chart.png"]}, [])[0]["stem"] == "top_chart"


class Elements(HTMLParser):
    """The text of every element, with its tag and attributes, as a browser would read it."""

    VOID = frozenset({"img", "br", "meta", "link", "input", "hr"})

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = (tag, {name: value or "" for name, value in attrs}, [])
        self.found.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, _, chunks in self.open:
            chunks.append(data)

    def texts(self, tag: str, css: str | None = None) -> list[str]:
        """Return the text of each ``tag`` element (of class ``css`` when given)."""
        return [
            "".join(chunks)
            for name, attrs, chunks in self.found
            if name == tag and (css is None or attrs.get("class") == css)
        ]


def test_the_run_log_has_its_own_title_and_meta_by_default_and_as_given():
    entries = [_entry("b", "ok"), _entry("a", "ok"), _entry("c", "timeout")]
    page = Elements(index.render_runs(entries))
    assert page.texts("title") == ["Run log"] and page.texts("h1") == ["Run log"]
    assert page.texts("p", "meta") == ["3 runs from ; updated "]
    # failures first, then runs of one severity in batch order
    assert page.texts("code") == ["c", "b", "a"]
    given = Elements(
        index.render_runs(
            entries,
            title="Runs of June",
            config="reports.yaml",
            updated_at="2026-06-30T23:59:00+00:00",
            batch={"state": "finished", "exit_code": 1},
        )
    )
    assert given.texts("title") == ["Runs of June"] and given.texts("h1") == ["Runs of June"]
    assert given.texts("p", "meta") == [
        "3 runs from reports.yaml; updated 2026-06-30 23:59 UTC; last batch finished (exit code 1)"
    ]


def test_a_hand_written_entry_without_status_or_notebook_reads_as_empty():
    bare = [{"run_id": "x"}, {"run_id": "y", "outputs": {"html": "y/report.html"}}]
    page = Elements(index.render_runs(bare))
    assert page.texts("code") == ["x", "y"]
    assert page.texts("small") == ["", ""]  # no notebook named
    assert page.texts("span", "status bad") == [": 2", "", ""]  # the total, then each row
    assert page.texts("img") == []  # outputs without figures: no thumbnail
    assert index._thumbnail({"outputs": {"html": "y.html"}, "last_ok": None}) is None


def test_the_front_page_has_its_own_title_meta_and_run_log_link_by_default_and_as_given(tmp_path):
    entries = [_good("a"), _entry("b", "cell_error")]
    page = Elements(index.render_index(entries))
    assert page.texts("title") == ["What the figures show"]
    assert page.texts("h1") == ["What the figures show"]
    footer = page.texts("footer", "run-summary")[0]
    assert "2 runs from ; updated . Run log" in " ".join(footer.split())
    assert [a["href"] for tag, a, _ in page.found if tag == "a"][-1] == "runs.html"
    given = Elements(
        index.render_index(
            entries,
            title="Kazakhstan and China",
            config="reports.yaml",
            updated_at="2026-06-30T23:59:00+00:00",
            batch={"state": "interrupted", "exit_code": 130},
            reports_dir=tmp_path,
        )
    )
    assert given.texts("title") == ["Kazakhstan and China"]
    assert given.texts("h1") == ["Kazakhstan and China"]
    footer = " ".join(given.texts("footer", "run-summary")[0].split())
    assert (
        "2 runs from reports.yaml; updated 2026-06-30 23:59 UTC; last batch interrupted "
        "(exit code 130)." in footer
    )


def test_a_key_chart_on_the_front_page_is_named_by_its_page_title(tmp_path):
    entry = _good("a")
    entry["outputs"]["results"] = _results(tmp_path, "a", {"group": "G", "charts": ["k"]})
    (tmp_path / "a" / "k.html").write_text("<title>Exports to China</title>", encoding="utf-8")
    # a run with no report and one with no results come first: the next ones are still read
    entries = [_entry("n", "cell_error"), _good("r"), entry]
    page = Elements(index.render_index(entries, reports_dir=tmp_path))
    assert page.texts("h2") == ["G", "Other reports"]
    assert [a["alt"] for tag, a, _ in page.found if tag == "img"] == ["Chart: Exports to China (a)"]


def test_a_group_shows_at_most_its_number_of_key_charts():
    from tradeviz.runner.findings import Headline

    count = index.MAX_GROUP_CHARTS + 1
    entries = [_good(f"r{n}") for n in range(count)]
    headlines = {}
    # each run has a chart of its own, all under one group
    for entry in entries:
        entry["outputs"]["figures"] = [f"{entry['run_id']}/k{entry['run_id']}.png"]
        headlines[entry["run_id"]] = Headline(group="G", charts=[f"k{entry['run_id']}"])
    groups, _ = index._groups(entries, headlines)
    assert [chart["run_id"] for chart in groups[0]["charts"]] == [f"r{n}" for n in range(12)]


def test_a_report_page_leads_with_the_headline_and_ends_with_the_about_cells(report_exporter):

    fields = {
        "title": "T",
        "run_id": "r",
        "status": "ok",
        "parameters": {},
        "finished": "2026-11-29T06:41:17+00:00",
    }
    exporter = report_exporter
    page = Elements(exporter.render(_notebook(), **fields))
    assert page.texts("div", "lead") == ["First.Second."]
    assert page.texts("h1")[0] == "The title"
    about = " ".join(page.texts("section", "about")[0].split())
    assert about.startswith("About this report")
    assert "What this is." in about and "Not a title" in about
    assert "kept" in " ".join(page.texts("main")) and "kept" not in about
    # a notebook without about cells: the about section holds only the run's own facts
    bare = _notebook()
    bare.cells = [bare.cells[2]]
    plain = Elements(exporter.render(bare, **fields))
    about = " ".join(plain.texts("section", "about")[0].split())
    assert about == "About this report Runr, ok, 2026-11-29 06:41 UTC"  # <dt>Run</dt><dd>r…
    assert plain.texts("div", "lead") == ["First.Second."]
    assert split_notebook(bare)[3] == ""  # no about cells, no title
    failed = Elements(exporter.render(bare, **{**fields, "status": "cell_error", "error": "boom"}))
    assert failed.texts("span", "error") == ["boom"]
    assert failed.texts("span", "status bad") == ["cell error", "cell error"]  # banner, facts


def test_a_report_page_without_about_heading_or_headline_shows_the_run_alone():
    page = Elements(
        render_page(
            "<p>body</p>",
            title="T",
            run_id="one",
            status="ok",
            parameters={"year": 2021},
            finished="2026-11-29T06:41:17+00:00",
            error=None,
        )
    )
    about = " ".join(page.texts("section", "about")[0].split())
    assert about == "About this report Runone, ok, 2026-11-29 06:41 UTC year2021"
    assert page.texts("span", "status good") == ["ok"]
    assert page.texts("div", "lead") == [] and page.texts("h1") == ["T"]


def test_a_report_page_shows_results_without_their_prompts(report_exporter):

    nb = nbformat.v4.new_notebook()
    result = nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    nb.cells = [nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[result])]
    page = report_exporter.render(
        nb, title="T", run_id="r", status="ok", parameters={}, finished="", error=None
    )
    main = " ".join(Elements(page).texts("main")[0].split())
    assert main == "2"  # neither the code, nor In [1] / Out[1]


def test_a_headline_is_read_from_text_or_lines_paragraph_by_paragraph():
    def headline_of(data):
        output = nbformat.v4.new_output(
            "display_data", data=data, metadata={"tradeviz": {"headline": True}}
        )
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("x", outputs=[output])]
        return split_notebook(nb)[2]

    text = "The first finding.\n\nThe second one."
    assert headline_of({"text/plain": text}) == ["The first finding.", "The second one."]
    assert headline_of({"text/plain": text.splitlines(keepends=True)}) == [
        "The first finding.",
        "The second one.",
    ]
    assert headline_of({"text/html": "<p>no plain text</p>"}) == []


def test_both_run_pages_carry_the_stylesheet_inline():
    from tradeviz import templates

    css = (Path(templates.__file__).parent / "tradeviz.css").read_text(encoding="utf-8")
    for page in (index.render_runs([_entry("a", "ok")]), index.render_index([_entry("a", "ok")])):
        assert Elements(page).texts("style")[0].strip() == css.strip()
