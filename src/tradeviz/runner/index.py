"""``reports/index.html``: one static page listing every run of the batch, failures first.

No JavaScript and no external resources: totals on top, then a row per run with its status,
parameters, duration, finish time, links to the HTML report, the executed notebook and the
log, the first line of its error, and a thumbnail of its first chart (a relative ``<img>`` link
to the PNG in the run's folder, so the page stays small). A failed run whose earlier good report
is still in place links to both. Every string from the manifest is escaped, in text and in
attributes; links are percent-encoded.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from tradeviz.parameters import format_value, from_json_value
from tradeviz.runner import status as st
from tradeviz.runner.htmlreport import HIDDEN_PARAMETERS

#: Width in CSS pixels of the chart thumbnails.
THUMBNAIL_WIDTH = 160

_CSS = """
body { margin: 1.5rem; color: #1d1d1f;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta { color: #5f6368; margin: 0 0 1rem; }
.totals span { display: inline-block; margin: 0 .75rem .5rem 0; padding: .1rem .5rem;
  border-radius: 4px; background: #f1f3f4; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #dadce0; padding: .4rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #f8f9fa; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status { font-weight: 700; text-transform: uppercase; font-size: .8rem; white-space: nowrap; }
.s-ok, .s-cached { color: #1e7b34; }
.s-bad { color: #b3261e; }
tr.bad { background: #fff8f7; }
code, .params { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem;
  word-break: break-word; }
.error { color: #b3261e; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: .85rem; word-break: break-word; }
.links a { margin-right: .5rem; white-space: nowrap; }
img.thumb { border: 1px solid #dadce0; background: #fff; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{meta}</p>
<p class="totals">{totals}</p>
<table>
<thead><tr><th>Status</th><th>Run</th><th>Parameters</th><th>Duration</th><th>Finished</th>
<th>Files</th><th>Chart</th><th>Error</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _href(path: str) -> str:
    return _e(quote(path, safe="/"))


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


def _links(outputs: Mapping[str, Any] | None, label: str = "") -> list[str]:
    if not outputs:
        return []
    links = []
    for key, text in (("html", "report"), ("notebook", "notebook"), ("log", "log")):
        if outputs.get(key):
            links.append(f'<a href="{_href(outputs[key])}">{_e(label + text)}</a>')
    if outputs.get("results"):
        links.append(f'<a href="{_href(outputs["results"])}">{_e(label + "results")}</a>')
    return links


def _thumbnail(entry: Mapping[str, Any]) -> str:
    for outputs in (entry.get("outputs"), entry.get("last_ok")):
        if not outputs:
            continue
        pngs = [path for path in outputs.get("figures", []) if str(path).lower().endswith(".png")]
        if pngs:
            return (
                f'<a href="{_href(pngs[0])}"><img class="thumb" src="{_href(pngs[0])}" '
                f'width="{THUMBNAIL_WIDTH}" loading="lazy" '
                f'alt="{_e("first chart of " + entry["run_id"])}"></a>'
            )
    return ""


def _row(entry: Mapping[str, Any]) -> str:
    status = entry.get("status", "")
    good = status in st.GOOD
    parameters = entry.get("parameters") or {}
    params = "<br>".join(
        f"{_e(name)}={_e(format_value(from_json_value(value)))}"
        for name, value in parameters.items()
        if name not in HIDDEN_PARAMETERS
    )
    duration = entry.get("duration_s")
    links = _links(entry.get("outputs"))
    last_ok = entry.get("last_ok")
    if not good and last_ok:
        links.append(f"<br>last good ({_e(readable_time(last_ok.get('finished_at')))}):")
        links.extend(_links(last_ok, "good "))
    error = (entry.get("error") or {}).get("message", "")
    return (
        f'<tr class="{"ok" if good else "bad"}">'
        f'<td class="status {"s-" + status if good else "s-bad"}">{_e(status)}</td>'
        f"<td><code>{_e(entry['run_id'])}</code><br><small>{_e(entry.get('notebook', ''))}"
        "</small></td>"
        f'<td class="params">{params}</td>'
        f'<td class="num">{"" if duration is None else f"{duration:.1f}s"}</td>'
        f'<td class="num">{_e(readable_time(entry.get("finished_at")))}</td>'
        f'<td class="links">{" ".join(links)}</td>'
        f"<td>{_thumbnail(entry)}</td>"
        f'<td class="error">{_e(error)}</td>'
        "</tr>"
    )


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
    ordered = [
        entry
        for _, entry in sorted(enumerate(entries), key=lambda item: sort_key(item[1], item[0]))
    ]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.get("status", "")] = counts.get(entry.get("status", ""), 0) + 1
    totals = "".join(
        f"<span>{_e(status)}: {count}</span>"
        for status, count in sorted(counts.items(), key=lambda item: st.SEVERITY.get(item[0], 99))
    )
    batch = batch or {}
    meta = f"{len(entries)} runs from {_e(config)}; updated {_e(updated_at)}"
    if batch.get("state"):
        meta += f"; last batch {_e(batch['state'])}"
        if batch.get("exit_code") is not None:
            meta += f" (exit code {_e(batch['exit_code'])})"
    return _PAGE.format(
        title=_e(title),
        css=_CSS,
        meta=meta,
        totals=totals,
        rows="\n".join(_row(entry) for entry in ordered),
    )
