"""Source notes built from the provenance of the rows a chart draws.

Each line names the producer, the file (or, for quoted figures, the statements), its vintage and
the date it was accessed, read from the file's provenance sidecar (``<file>.meta.yaml`` under the
project root, through :func:`tradeviz.provenance.read_sidecar`) where there is one, else from the
provenance columns of the figures themselves.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from tradeviz import paths, schema
from tradeviz.query import is_quoted

#: At most this many statement ids are listed by name in a note; the rest are counted.
MAX_LISTED_STATEMENTS = 6
#: What the page and the data download say where a source's sidecar states no licence.
NO_LICENCE = "no licence stated by the source"
#: The provenance columns of a chart's data download, after the plotted data.
PROVENANCE_COLUMNS = (
    "source_id",
    "producer",
    "source_file",
    "vintage",
    "release",
    "statement",
    "url",
    "licence",
    "citation",
)


@functools.lru_cache(maxsize=64)
def _sidecar(root: str, source_file: str) -> dict[str, Any]:
    from tradeviz.errors import TradevizError
    from tradeviz.provenance import read_sidecar

    if not source_file:
        return {}
    try:
        return dict(read_sidecar(Path(root) / source_file).meta)
    except (TradevizError, OSError):
        return {}  # the note then falls back to the provenance columns of the figures


def sidecar(source_file: str) -> dict[str, Any]:
    """Return the provenance sidecar of a raw file (empty if there is none).

    Parameters
    ----------
    source_file : str
        Path relative to the project root, as in the ``source_file`` column.

    Returns
    -------
    dict
        The sidecar's keys (``title``, ``producer``, ``date_accessed``, ``url`` ...).
    """
    return _sidecar(str(paths.project_root()), str(source_file or ""))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def source_lines(rows: pd.DataFrame) -> tuple[list[str], list[tuple[str, str]]]:
    """Return one note line per source of ``rows`` and the sources' own links.

    Parameters
    ----------
    rows : pandas.DataFrame
        The figure rows a chart draws (provenance columns of ``schema.FIGURE_COLUMNS``).

    Returns
    -------
    lines : list of str
        E.g. ``"Source: Bureau of National Statistics of the Republic of Kazakhstan, ... —
        bns_trade_by_country_2020.xls (vintage 2021-07-28); accessed 2026-11-29."``
    links : list of (str, str)
        ``(label, url)`` pairs, deduplicated, in order of first appearance.
    """
    lines: list[str] = []
    links: dict[str, str] = {}
    if rows is None or rows.empty:
        return lines, []
    for source, group in rows.groupby(schema.SOURCE, sort=False):
        if is_quoted(source):
            lines.append(_statements_line(group, links))
            continue
        files = []
        producer, accessed = "", set()
        for (source_file, vintage), _ in group.groupby(
            [schema.SOURCE_FILE, schema.VINTAGE], sort=True
        ):
            meta = sidecar(source_file)
            producer = producer or _text(meta.get("producer"))
            if _text(meta.get("date_accessed")):
                accessed.add(_text(meta.get("date_accessed")))
            name = PurePosixPath(str(source_file)).name or str(source)
            files.append(f"{name} (vintage {vintage})")
            url = _text(meta.get("url")) or _text(group[schema.SOURCE_URL].iloc[0])
            if url:
                links.setdefault(url, _text(meta.get("title")) or name)
        producer = producer or _text(group[schema.SOURCE_ORG].iloc[0]) or str(source)
        line = f"Source: {producer} — {', '.join(files)}"
        if accessed:
            line += f"; accessed {', '.join(sorted(accessed))}"
        licences = sorted({licence(name) for name in group[schema.SOURCE_FILE].unique()})
        line += f"; licence: {' / '.join(licences)}"
        lines.append(line + ".")
    return lines, [(label, url) for url, label in links.items()]


def _statements_line(group: pd.DataFrame, links: dict[str, str]) -> str:
    records = [r for r in dict.fromkeys(group[schema.RECORD_ID].astype(str)) if r]
    shown = ", ".join(records[:MAX_LISTED_STATEMENTS])
    more = len(records) - MAX_LISTED_STATEMENTS
    if more > 0:
        shown += f" and {more} more"
    for _, row in group.iterrows():
        url = _text(row[schema.SOURCE_URL])
        if url:
            links.setdefault(
                url, f"{_text(row[schema.RECORD_ID])} ({_text(row[schema.SOURCE_ORG])})"
            )
    source_file = _text(group[schema.SOURCE_FILE].iloc[0])
    meta = sidecar(source_file)
    accessed = _text(meta.get("date_accessed"))
    line = f"Quoted figures (statements.csv, each with its outlet and URL): {shown}"
    if accessed:
        line += f"; accessed {accessed}"
    return line + "."


def licence(source_file: str) -> str:
    """Return the licence a raw file's sidecar states, or :data:`NO_LICENCE`."""
    return _licence_of(sidecar(source_file))


def _licence_of(meta: dict[str, Any]) -> str:
    return " ".join((_text(meta.get("license")) or _text(meta.get("licence"))).split()) or (
        NO_LICENCE
    )


def provenance_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the provenance of each figure drawn: one row per ``figure_id``.

    Parameters
    ----------
    rows : pandas.DataFrame
        The figure rows a chart draws.

    Returns
    -------
    pandas.DataFrame
        ``figure_id`` and :data:`PROVENANCE_COLUMNS`: source, producer, file, vintage, release,
        statement id, URL, licence (:data:`NO_LICENCE` where the sidecar states none) and the
        sidecar's citation.
    """
    columns = ["figure_id", *PROVENANCE_COLUMNS]
    if rows is None or rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.drop_duplicates(schema.FIGURE_ID)
    files = _texts(rows, schema.SOURCE_FILE)
    metas = {name: sidecar(name) for name in files.unique()}  # one sidecar read per file

    def from_sidecar(key: str) -> pd.Series:
        return files.map({name: _text(meta.get(key)) for name, meta in metas.items()})

    def first_of(stated: pd.Series, fallback: pd.Series) -> pd.Series:
        return stated.where(stated != "", fallback)

    table = {
        "figure_id": _texts(rows, schema.FIGURE_ID),
        "source_id": _texts(rows, schema.SOURCE),
        "producer": first_of(from_sidecar("producer"), _texts(rows, schema.SOURCE_ORG)),
        "source_file": files,
        "vintage": _texts(rows, schema.VINTAGE),
        "release": _texts(rows, schema.RELEASE),
        "statement": _texts(rows, schema.RECORD_ID),
        "url": first_of(_texts(rows, schema.SOURCE_URL), from_sidecar("url")),
        "licence": files.map({name: _licence_of(meta) for name, meta in metas.items()}),
        "citation": from_sidecar("citation").map(lambda text: " ".join(text.split())),
    }
    return pd.DataFrame(table, columns=columns).reset_index(drop=True)


def _texts(rows: pd.DataFrame, column: str) -> pd.Series:
    """Return a column of ``rows`` as stripped text ("" for a missing value or column)."""
    if column not in rows.columns:
        return pd.Series("", index=rows.index, dtype=object)
    return rows[column].astype(object).map(_text)
