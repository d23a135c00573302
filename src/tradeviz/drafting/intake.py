"""Adding an article: copy a text or Markdown file into ``data/raw/documents/`` with a sidecar.

Everything is checked before anything is written: a file that is empty, binary, not UTF-8 or
too large, a publication date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or
``DD.MM.YYYY``), a language that is not a two-letter code, and a text already present (same
sha256) are refused with one :class:`~tradeviz.errors.InputError` line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tradeviz.checks.dates import parse_partial_date
from tradeviz.drafting.header import split_header
from tradeviz.errors import InputError

#: Largest article accepted (bytes): a long article is ~50 KB.
MAX_DOCUMENT_BYTES = 2_000_000
#: Suffixes kept for the copy; any other text file is stored as ``.txt``.
TEXT_SUFFIXES = (".txt", ".md")
#: Longest title taken from the first line of a text that names none.
TITLE_FROM_TEXT = 120
#: Share of letters that must be Cyrillic for a text with no stated language to read as Russian.
CYRILLIC_SHARE_RU = 0.3
#: A date printed day first, as Russian and Kazakh outlets do.
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
SIDECAR_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class Article:
    """What is known about an article before it is written: its bytes and its sidecar."""

    document_id: str
    file_name: str
    data: bytes
    meta: dict


def read_article(
    path: str | Path,
    *,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    language: str | None = None,
    outlet: str | None = None,
    directory: Path,
    today: dt.date | None = None,
) -> Article:
    """Read an article and its fields (options first, then the text's header block).

    Parameters
    ----------
    path : str or pathlib.Path
        The plain-text or Markdown file.
    url, published, title, language, outlet : str, optional
        The article's fields; each one given overrides the header line of the same key.
    directory : pathlib.Path
        ``data/raw/documents/``: where the article will go (read for duplicates and ids).
    today : datetime.date, optional
        The day of access recorded in the sidecar (default: today).

    Returns
    -------
    Article
        The document id, the file name of the copy, its bytes and its sidecar.

    Raises
    ------
    InputError
        Empty, binary, non-UTF-8 or oversized file; a date, a language or a title that cannot
        be read; a text already in ``directory``.
    """
    path = Path(path)
    text, data = _read_text(path)
    fields = split_header(text).fields
    given = {"url": url, "published": published, "title": title, "language": language}
    given["outlet"] = outlet
    values = {key: (value if value else fields.get(key)) or None for key, value in given.items()}
    body = split_header(text).body
    date_text = _publication_date(values["published"], path)
    language_code = _language(values["language"], body, path)
    title_text = values["title"] or _first_line(body)
    outlet_text = values["outlet"] or _host(values["url"]) or "unknown outlet"
    digest = hashlib.sha256(data).hexdigest()
    existing = _existing_documents(directory)
    if digest in existing["sha256"]:
        raise InputError(
            "document already added (same text)",
            file=path,
            field="sha256",
            expected="a text not yet in " + str(directory),
            found=f"{digest[:12]}… = {existing['sha256'][digest]}",
        )
    document_id = _unique_id(_slug(outlet_text) + "-" + date_text, existing["ids"])
    suffix = path.suffix.lower() if path.suffix.lower() in TEXT_SUFFIXES else ".txt"
    meta = {
        "document_id": document_id,
        "title": title_text,
        "author": fields.get("author"),
        "outlet": outlet_text,
        "language": language_code,
        "producer": outlet_text,
        "producer_code": _slug(outlet_text).upper().replace("-", "_")[:40],
        "citation": f"{outlet_text}, «{title_text}», {date_text}. Added with tradeviz documents "
        f"add from {path.name}.",
        "url": values["url"],
        "date_published": date_text,
        "date_accessed": (today or dt.date.today()).isoformat(),
        "license": "Quoted for fact-checking (short verbatim excerpts); copyright of the publisher",
        "unit_notes": "documentation, no figures (the figures it states are in data/raw/claims/)",
        "sha256": digest,
        "vintage": date_text,
        "adapter": "documentation",
    }
    return Article(document_id, document_id + suffix, data, meta)


def write_article(article: Article, directory: Path) -> Path:
    """Write the article's copy and its sidecar into ``directory``; return the copy's path."""
    import yaml

    from tradeviz.atomic import write_bytes, write_text

    directory.mkdir(parents=True, exist_ok=True)
    target = directory / article.file_name
    write_bytes(target, article.data)
    sidecar = "# Provenance sidecar of a checked document (data/raw/documents/README.md).\n"
    sidecar += yaml.safe_dump(article.meta, allow_unicode=True, sort_keys=False, width=100)
    try:
        write_text(target.with_name(target.name + SIDECAR_SUFFIX), sidecar)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


# --- helpers -----------------------------------------------------------------------------------
def _read_text(path: Path) -> tuple[str, bytes]:
    if not path.is_file():
        raise InputError("no such file", file=path, expected="a text or Markdown file")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(
            "document too large",
            file=path,
            expected=f"at most {MAX_DOCUMENT_BYTES:,} bytes",
            found=f"{size:,} bytes",
        )
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            "document is a binary file",
            file=path,
            expected="plain text or Markdown",
            found=f"a NUL byte at offset {nul}",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            "document is not UTF-8 text",
            file=path,
            expected="plain text or Markdown in UTF-8",
            found=f"byte {data[error.start]:#04x} at offset {error.start}",
        ) from None
    if not split_header(text).body.strip():
        raise InputError("document is empty", file=path, expected="the article's text")
    return text, data


def _publication_date(value: str | None, path: Path) -> str:
    if not value:
        raise InputError(
            "no publication date",
            file=path,
            field="published",
            expected="--published or a 'published:' header line (YYYY-MM-DD, YYYY-MM or YYYY)",
        )
    text = str(value).strip()
    day_first = _DAY_FIRST.match(text)
    if day_first:
        text = f"{day_first[3]}-{int(day_first[2]):02d}-{int(day_first[1]):02d}"
    try:
        parse_partial_date(text)
    except ValueError:
        raise InputError(
            "publication date cannot be read",
            file=path,
            field="published",
            expected="YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY",
            found=str(value),
        ) from None
    return text


def _language(value: str | None, body: str, path: Path) -> str:
    if value:
        code = str(value).strip().lower()
        if not _LANGUAGE.match(code):
            raise InputError(
                "language is not a two-letter code",
                file=path,
                field="language",
                expected="an ISO 639-1 code (en, ru, kk, …)",
                found=str(value),
            )
        return code
    letters = [c for c in body if c.isalpha()]
    cyrillic = sum(1 for c in letters if "CYRILLIC" in unicodedata.name(c, ""))
    return "ru" if letters and cyrillic / len(letters) >= CYRILLIC_SHARE_RU else "en"


def _first_line(body: str) -> str:
    line = next(line.strip() for line in body.splitlines() if line.strip())
    line = line.lstrip("# ").strip()
    return line if len(line) <= TITLE_FROM_TEXT else line[: TITLE_FROM_TEXT - 1] + "…"


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:40].strip("-") or "document"


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _existing_documents(directory: Path) -> dict:
    """Return the ids and the sha256 (→ id) of the documents' sidecars in ``directory``."""
    from tradeviz.records import load_yaml

    ids: set[str] = set()
    hashes: dict[str, str] = {}
    if directory.is_dir():
        for sidecar in sorted(directory.glob("*" + SIDECAR_SUFFIX)):
            meta = load_yaml(sidecar)
            if isinstance(meta, dict):
                doc_id = str(meta.get("document_id") or sidecar.name)
                ids.add(doc_id)
                hashes[str(meta.get("sha256") or "").lower()] = doc_id
            ids.add(sidecar.name[: -len(SIDECAR_SUFFIX)].rsplit(".", 1)[0])
    return {"ids": ids, "sha256": hashes}
