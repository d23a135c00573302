"""The batch's two pages: the front page for readers and the run log.

``reports/index.html`` leads with the findings: each run's headline (:mod:`.findings`, recorded by
the notebook in its ``results.json``) listed under its group's heading, in the order the groups
ask for, then thumbnails of the group's key charts that link to the chart pages; findings not
yet reviewed are listed apart; runs without a headline are listed by name. A line at the foot
sums the run log up and links to it.

``reports/runs.html`` is the run log: totals, then a row per run, failures first, with its status
(``stopped_early`` in its own colour), parameters, duration, finish time, links to the HTML
report, the executed notebook and the log, the first line of its error, and a thumbnail of its
first chart. A failed run whose earlier good report is still in place links to both.

No JavaScript and no external resources. The pages are the templates ``index.html.j2`` and
``runs.html.j2`` (:mod:`tradeviz.templates`): every string from the manifest or from a results
record is escaped, in text and in attributes; links are percent-encoded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tradeviz.parameters import format_value, from_json_value
from tradeviz.runner import status as st
from tradeviz.runner.findings import Headline, read_headline
from tradeviz.runner.htmlreport import HIDDEN_PARAMETERS
from tradeviz.runner.layout import RUNS_PAGE

#: Width in CSS pixels of the front page's chart thumbnails.
FRONT_THUMBNAIL_WIDTH = 320
#: A chart page's title names its thumbnail: read from the first characters of the page.
TITLE_PATTERN = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
TITLE_SEARCH_CHARS = 8192
MAX_TITLE_CHARS = 200
#: How each status reads on the pages, and its colour class (``good``, ``partial``, ``bad``).
STATUS_WORDS = {
    st.OK: "ok",
    st.CACHED: "from cache",
    st.STOPPED_EARLY: "stopped early",
    st.CELL_ERROR: "cell error",
    st.DISPLAY_ERROR: "display error",
    st.TIMEOUT: "timed out",
    st.KERNEL_DIED: "kernel died",
    st.INFRA_ERROR: "infrastructure error",
    st.INVALID_PARAMS: "invalid parameters",
    st.INTERRUPTED: "interrupted",
}

#: Width in CSS pixels of the chart thumbnails.
THUMBNAIL_WIDTH = 160
#: Most key-chart thumbnails shown under one group of the front page.
MAX_GROUP_CHARTS = 12
#: The links of a run's files: manifest output key -> link text.
FILE_LINKS = (("html", "report"), ("notebook", "notebook"), ("log", "log"), ("results", "results"))


def _href(path: str) -> str:
    return quote(path, safe="/")


def readable_time(iso: str | None) -> str:
    """Return an ISO 8601 UTC time as ``2026-11-29 06:41 UTC`` (empty for ``None``)."""
    if not iso:
        return ""
    text = iso.replace("T", " ")
    if text.endswith("+00:00"):
        text = text[: -len("+00:00")]
        text = text[: len("2026-11-29 06:41")] + " UTC"
    return text


def sort_key(entry: Mapping[str, Any], position: int) -> tuple[int, int]:
    """Order runs: failures first (by severity), then in batch-file order."""
    return st.SEVERITY.get(entry.get("status", ""), len(st.SEVERITY)), position


def _links(outputs: Mapping[str, Any] | None, label: str = "") -> list[dict[str, str]]:
    if not outputs:
        return []
    return [
        {"href": _href(outputs[key]), "text": label + text}
        for key, text in FILE_LINKS
        if outputs.get(key)
    ]


def _thumbnail(entry: Mapping[str, Any]) -> str | None:
    """Return the link of the run's first PNG chart (or of its last good run's), if any."""
    for outputs in (entry.get("outputs"), entry.get("last_ok")):
        if not outputs:
            continue
        pngs = [path for path in outputs.get("figures", []) if str(path).lower().endswith(".png")]
        if pngs:
            return _href(pngs[0])
    return None


def status_class(status: str) -> str:
    """Return the colour class of a status: ``good``, ``partial`` (stopped early) or ``bad``."""
    if status in st.GOOD:
        return "good"
    if status == st.STOPPED_EARLY:
        return "partial"
    return "bad"


def status_word(status: str) -> str:
    """Return how a status reads on the pages (``stopped early``); unknown ones as they are."""
    return STATUS_WORDS.get(status, status)


def _row(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the run log shows of one run (escaped by the template)."""
    status = entry.get("status", "")
    good = status in st.GOOD
    duration = entry.get("duration_s")
    last_ok = entry.get("last_ok")
    return {
        "good": good,
        "css": status_class(status),
        "status": status_word(status),
        "run_id": entry["run_id"],
        "notebook": entry.get("notebook", ""),
        "parameters": [
            (name, format_value(from_json_value(value)))
            for name, value in (entry.get("parameters") or {}).items()
            if name not in HIDDEN_PARAMETERS
        ],
        "duration": "" if duration is None else f"{duration:.1f}s",
        "finished": readable_time(entry.get("finished_at")),
        "links": _links(entry.get("outputs")),
        "last_ok": None
        if good or not last_ok
        else {
            "finished": readable_time(last_ok.get("finished_at")),
            "links": _links(last_ok, "good "),
        },
        "thumbnail": _thumbnail(entry),
        "error": (entry.get("error") or {}).get("message", ""),
    }


def _meta(entries: Sequence[Mapping[str, Any]], config: str, updated_at: str, batch) -> str:
    batch = batch or {}
    meta = f"{len(entries)} runs from {config}; updated {readable_time(updated_at)}"
    if batch.get("state"):
        meta += f"; last batch {batch['state']}"
        if batch.get("exit_code") is not None:
            meta += f" (exit code {batch['exit_code']})"
    return meta


def _totals(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Count the runs by status, failures first: ``[{status, word, css, count}]``."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.get("status", "")] = counts.get(entry.get("status", ""), 0) + 1
    return [
        {"status": status, "word": status_word(status), "css": status_class(status), "count": n}
        for status, n in sorted(counts.items(), key=lambda item: st.SEVERITY.get(item[0], 99))
    ]


def render_runs(
    entries: Sequence[Mapping[str, Any]],
    *,
    title: str = "Run log",
    config: str = "",
    updated_at: str = "",
    batch: Mapping[str, Any] | None = None,
) -> str:
    """Return the run log page (``runs.html``) for manifest entries.

    Parameters
    ----------
    entries : sequence of Mapping
        Manifest entries (see :mod:`tradeviz.runner.manifest`), in batch-file order.
    title : str, optional
        Page title.
    config : str, optional
        The batch file, named in the page.
    updated_at : str, optional
        When the manifest was written.
    batch : Mapping, optional
        The manifest's ``batch`` record (state, exit code).

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    from tradeviz.templates import render

    ordered = [
        entry
        for _, entry in sorted(enumerate(entries), key=lambda item: sort_key(item[1], item[0]))
    ]
    return render(
        "runs.html.j2",
        title=title,
        meta=_meta(entries, config, updated_at, batch),
        totals=_totals(entries),
        rows=[_row(entry) for entry in ordered],
        thumbnail_width=THUMBNAIL_WIDTH,
    )


def _published(entry: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Return the outputs a reader is shown: the run's own when good, else its last good ones."""
    status = entry.get("status", "")
    if status in st.GOOD or status == st.STOPPED_EARLY:
        return entry.get("outputs") or entry.get("last_ok")
    return entry.get("last_ok")


def _page_title(path: Path) -> str | None:
    """Return the ``<title>`` of an HTML page (unescaped, capped), or None when it has none."""
    try:
        with path.open(encoding="utf-8", errors="replace") as page:
            head = page.read(TITLE_SEARCH_CHARS)
    except OSError:
        return None
    found = TITLE_PATTERN.search(head)
    if not found:
        return None
    title = " ".join(html.unescape(found.group(1)).split())
    return title[:MAX_TITLE_CHARS] or None


def _key_charts(
    outputs: Mapping[str, Any], stems: Sequence[str], reports_dir: Path | None = None
) -> list[dict[str, str]]:
    """Return the run's key charts as ``{png, page, name, stem}`` (its first one if none named).

    ``name`` is the chart page's title when ``reports_dir`` holds it, else the file name.
    """
    files = [str(path) for path in outputs.get("figures") or []]
    pngs = [path for path in files if path.lower().endswith(".png")]
    chosen = [
        path for stem in stems for path in pngs if path.rsplit("/", 1)[-1] == f"{stem}.png"
    ] or pngs[:1]
    charts = []
    for png in chosen:
        page = png[: -len(".png")] + ".html"
        stem = png.rsplit("/", 1)[-1][: -len(".png")]
        name = stem.replace("_", " ")
        if reports_dir is not None and page in files:
            name = _page_title(reports_dir / page) or name
        charts.append(
            {
                "png": _href(png),
                "page": _href(page if page in files else png),
                "name": name,
                "stem": stem,
            }
        )
    return charts


def _groups(
    entries: Sequence[Mapping[str, Any]],
    headlines: Mapping[str, Headline],
    reports_dir: Path | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Gather the findings under their groups (in order of first appearance) and the rest.

    A finding already listed in its group (the same sentences from another run) is listed once,
    and so is a key chart: two charts are the same when they have the same file name and the
    same title (the title states the finding, so one document's claims chart and another's are
    both shown). At most :data:`MAX_GROUP_CHARTS` thumbnails are shown per group.
    """
    groups: dict[str, dict[str, Any]] = {}
    others: list[dict[str, str]] = []
    for entry in entries:
        outputs = _published(entry)
        if not outputs or not outputs.get("html"):
            continue
        report = _href(outputs["html"])
        headline = headlines.get(entry["run_id"])
        if headline is None:
            others.append({"href": report, "text": entry["run_id"]})
            continue
        group = groups.setdefault(
            headline.group,
            {
                "name": headline.group,
                "rank": headline.rank,
                "findings": [],
                "charts": [],
                "not_reviewed": [],
            },
        )
        if headline.sentences and all(
            finding["sentences"] != headline.sentences for finding in group["findings"]
        ):
            group["findings"].append(
                {
                    "sentences": headline.sentences,
                    "href": report,
                    "run_id": entry["run_id"],
                    "partial": entry.get("status") == st.STOPPED_EARLY,
                }
            )
        group["not_reviewed"].extend(headline.not_reviewed)
        for chart in _key_charts(outputs, headline.charts, reports_dir):
            chart["run_id"] = entry["run_id"]
            shown = {(other["stem"], other["name"]) for other in group["charts"]}
            if (chart["stem"], chart["name"]) not in shown and len(shown) < MAX_GROUP_CHARTS:
                group["charts"].append(chart)
    ordered = sorted(groups.values(), key=lambda group: group["rank"])  # stable: batch order
    return ordered, others


def _read_headlines(
    entries: Sequence[Mapping[str, Any]], reports_dir: str | Path | None
) -> dict[str, Headline]:
    if reports_dir is None:
        return {}
    headlines = {}
    for entry in entries:
        outputs = _published(entry)
        results = (outputs or {}).get("results")
        if not results:
            continue
        headline = read_headline(Path(reports_dir) / results)
        if headline is not None:
            headlines[entry["run_id"]] = headline
    return headlines


def render_index(
    entries: Sequence[Mapping[str, Any]],
    *,
    reports_dir: str | Path | None = None,
    title: str = "What the figures show",
    config: str = "",
    updated_at: str = "",
    batch: Mapping[str, Any] | None = None,
) -> str:
    """Return the front page (``index.html``) for manifest entries.

    Parameters
    ----------
    entries : sequence of Mapping
        Manifest entries (see :mod:`tradeviz.runner.manifest`), in batch-file order.
    reports_dir : str or pathlib.Path, optional
        The reports folder, where each run's ``results.json`` is read for its headline
        (:mod:`tradeviz.runner.findings`); without it every run is listed by name.
    title : str, optional
        Page title.
    config : str, optional
        The batch file, named in the page.
    updated_at : str, optional
        When the manifest was written.
    batch : Mapping, optional
        The manifest's ``batch`` record (state, exit code).

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    from tradeviz.templates import render

    reports = None if reports_dir is None else Path(reports_dir)
    groups, others = _groups(entries, _read_headlines(entries, reports), reports)
    return render(
        "index.html.j2",
        title=title,
        groups=groups,
        others=others,
        meta=_meta(entries, config, updated_at, batch),
        totals=_totals(entries),
        runs_page=RUNS_PAGE,
        thumbnail_width=FRONT_THUMBNAIL_WIDTH,
    )
