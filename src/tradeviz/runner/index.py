"""``reports/index.html``: one static page listing every run of the batch, failures first.

No JavaScript and no external resources: totals on top, then a row per run with its status,
parameters, duration, finish time, links to the HTML report, the executed notebook and the
log, the first line of its error, and a thumbnail of its first chart (a relative ``<img>`` link
to the PNG in the run's folder, so the page stays small). A failed run whose earlier good report
is still in place links to both. The page is the template ``index.html.j2``
(:mod:`tradeviz.templates`): every string from the manifest is escaped, in text and in
attributes; links are percent-encoded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from tradeviz.parameters import format_value, from_json_value
from tradeviz.runner import status as st
from tradeviz.runner.htmlreport import HIDDEN_PARAMETERS

#: Width in CSS pixels of the chart thumbnails.
THUMBNAIL_WIDTH = 160
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


def _row(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the index shows of one run (escaped by the template)."""
    status = entry.get("status", "")
    good = status in st.GOOD
    duration = entry.get("duration_s")
    last_ok = entry.get("last_ok")
    return {
        "good": good,
        "status": status,
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


def render_index(
    entries: Sequence[Mapping[str, Any]],
    *,
    title: str = "tradeviz reports",
    config: str = "",
    updated_at: str = "",
    batch: Mapping[str, Any] | None = None,
) -> str:
    """Return the index page for manifest entries.

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
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.get("status", "")] = counts.get(entry.get("status", ""), 0) + 1
    totals = sorted(counts.items(), key=lambda item: st.SEVERITY.get(item[0], 99))
    batch = batch or {}
    meta = f"{len(entries)} runs from {config}; updated {updated_at}"
    if batch.get("state"):
        meta += f"; last batch {batch['state']}"
        if batch.get("exit_code") is not None:
            meta += f" (exit code {batch['exit_code']})"
    return render(
        "index.html.j2",
        title=title,
        meta=meta,
        totals=totals,
        rows=[_row(entry) for entry in ordered],
        thumbnail_width=THUMBNAIL_WIDTH,
    )
