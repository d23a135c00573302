"""Claims files: one YAML file per document under ``data/raw/claims/``, validated on load.

The format is documented for people in ``data/raw/claims/README.md``. Every problem is reported
as one :class:`~tradeviz.errors.InputError` naming the file, the line and claim, the field, what
was expected and what was found. Claims files are records validated by their schema, not sealed
by a hash: they have no sidecar. A document is found by the ``document_id`` of its provenance
sidecar in ``data/raw/documents/``; its text must still match the recorded sha256, every excerpt
must occur in its body verbatim (white space aside), and a claim's ``offsets`` must locate its
excerpt in the body (the text after the document's ``key: value`` header block).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import paths
from tradeviz.checks import vocab
from tradeviz.checks.claim_records import (
    V2_FIELDS,
    Claim,
    ClaimsFile,
    DocumentSidecar,
    collapse,
)
from tradeviz.drafting.header import split_header
from tradeviz.errors import InputError
from tradeviz.records import load_yaml, load_yaml_document, parse_record, read_yaml_text

if TYPE_CHECKING:
    import pandas as pd

CLAIMS_SUFFIX = ".yaml"
SIDECAR_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class Document:
    """A document whose claims are checked, as its provenance sidecar describes it.

    Attributes
    ----------
    document_id : str
        Stable id (e.g. ``neo-2021-07-20``).
    path : pathlib.Path
        The document's text file.
    meta : dict
        Every key of the sidecar (title, author, outlet, url, date_published, …).
    text : str
        The document's text.
    """

    document_id: str
    path: Path
    meta: dict[str, Any] = field(repr=False)
    text: str = field(repr=False)

    @property
    def title(self) -> str:
        """The document's title."""
        return str(self.meta.get("title") or "")

    @property
    def date(self) -> str:
        """The publication date (ISO text), or ``""``."""
        return _date_text(self.meta.get("date_published"))

    @property
    def url(self) -> str:
        """The document's address, or ``""`` when unknown."""
        return str(self.meta.get("url") or "")

    @property
    def body(self) -> str:
        """The text after the ``key: value`` header block (the whole text when it has none)."""
        return split_header(self.text).body

    @property
    def language(self) -> str:
        """The document's language (ISO 639-1, e.g. ``en``), or ``""`` when unknown."""
        return str(self.meta.get("language") or "")


def claims_dir() -> Path:
    """Return ``data/raw/claims/``: one claims file per document."""
    return paths.raw_dir() / "claims"


def documents_dir() -> Path:
    """Return ``data/raw/documents/``: the documents' texts with their sidecars."""
    return paths.raw_dir() / "documents"


def list_claims_files(directory: str | Path | None = None) -> list[Path]:
    """Return the claims files (``*.yaml`` but not sidecars) of ``directory``, sorted."""
    directory = Path(directory) if directory is not None else claims_dir()
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.glob("*" + CLAIMS_SUFFIX)
        if not path.name.endswith(SIDECAR_SUFFIX) and not path.name.startswith(".")
    )


def load_documents(directory: str | Path | None = None) -> dict[str, Document]:
    """Read every document sidecar of ``directory`` and return the documents by id.

    Raises
    ------
    InputError
        If a sidecar is malformed, lacks a key, names a missing text, repeats an id, or the text
        no longer matches its recorded sha256.
    """
    directory = Path(directory) if directory is not None else documents_dir()
    documents: dict[str, Document] = {}
    if not directory.is_dir():
        return documents
    for sidecar in sorted(directory.glob("*" + SIDECAR_SUFFIX)):
        meta = load_yaml(sidecar)
        doc_id = parse_record(DocumentSidecar, meta, file=sidecar).document_id
        text_path = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        if not text_path.is_file():
            raise InputError(
                "document sidecar has no document beside it",
                file=sidecar,
                field="document_id",
                expected=f"a file {text_path.name}",
                found="no such file",
            )
        data = text_path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != str(meta["sha256"]).strip().lower():
            raise InputError(
                "document changed since its sidecar was written (sha256 mismatch)",
                file=text_path,
                field="sha256",
                expected=str(meta["sha256"]),
                found=digest,
            )
        if doc_id in documents:
            raise InputError(
                "two documents have the same id",
                file=sidecar,
                field="document_id",
                expected="a unique id",
                found=f"{doc_id} (also {documents[doc_id].path.name})",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                "document is not UTF-8 text",
                file=text_path,
                expected="a UTF-8 text or Markdown file",
                found=f"byte {data[error.start]:#04x} at offset {error.start}",
            ) from None
        documents[doc_id] = Document(doc_id, text_path, meta, text)
    return documents


def read_claims_file(path: str | Path, documents: dict[str, Document]) -> list[dict[str, Any]]:
    """Read and validate one claims file; return one record per claim (``CLAIM_COLUMNS``).

    Parameters
    ----------
    path : str or pathlib.Path
        The claims file.
    documents : dict
        The known documents by id (:func:`load_documents`).

    Returns
    -------
    list of dict
        The validated claims, with the document's title, date and url added.

    Raises
    ------
    InputError
        On the first problem, naming the file, the line and claim id, the field, what was
        expected and what was found.
    """
    path = Path(path)
    text = read_yaml_text(path)
    data, node = load_yaml_document(path, text=text)
    lines = _claim_lines(node)
    parse_record(ClaimsFile, data, file=path, context={"documents": documents})
    doc_id = data["document"]
    document = documents[doc_id]
    body = document.body
    context = {"document_text": collapse(body), "document_body": body}
    version = data["schema_version"]
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["claims"]):
        line = lines[index] if index < len(lines) else None
        claim_id = entry.get("id") if isinstance(entry, dict) else None
        where = _where(line, claim_id if isinstance(claim_id, str) else None, index)
        _refuse_newer_fields(entry, version, path, where)
        record = parse_record(Claim, entry, file=path, row=where, context=context).to_record()
        if record["claim_id"] in seen:
            raise InputError(
                "claim id used twice",
                file=path,
                row=where,
                field="id",
                expected="a unique id",
                found=f"{record['claim_id']} (first at entry {seen[record['claim_id']] + 1})",
            )
        seen[record["claim_id"]] = index
        record.update(
            document=doc_id,
            doc_title=document.title,
            doc_date=document.date,
            doc_url=document.url,
            claims_file=_relative(path),
        )
        records.append(record)
    return records


def load_claims(
    doc_id: str | None = None,
    *,
    claims_directory: str | Path | None = None,
    documents_directory: str | Path | None = None,
) -> pd.DataFrame:
    """Load the claims of one document, or of every document, as a ``claims`` table.

    Parameters
    ----------
    doc_id : str, optional
        Only this document's claims (e.g. ``"neo-2021-07-20"``); all documents when omitted.
    claims_directory, documents_directory : str or pathlib.Path, optional
        Where the claims files and the documents are (default ``data/raw/claims/`` and
        ``data/raw/documents/``).

    Returns
    -------
    pandas.DataFrame
        One row per claim, columns :data:`tradeviz.checks.vocab.CLAIM_COLUMNS`;
        ``period_start``/``period_end`` are datetimes (NaT when the text states none).

    Raises
    ------
    InputError
        If a claims file or document is malformed, a claim id repeats across files, or no
        claims file covers ``doc_id``.
    """
    import pandas as pd

    documents = load_documents(documents_directory)
    files = list_claims_files(claims_directory)
    records: list[dict[str, Any]] = []
    owners: dict[tuple[str, str], str] = {}
    found_docs: set[str] = set()
    for path in files:
        file_records = read_claims_file(path, documents)
        file_doc = file_records[0]["document"]
        found_docs.add(file_doc)
        if doc_id is not None and file_doc != doc_id:
            continue
        for record in file_records:
            key = (record["document"], record["claim_id"])
            if key in owners and owners[key] != record["claims_file"]:
                raise InputError(
                    "claim id already used for this document in another claims file",
                    file=path,
                    field="id",
                    expected="ids unique per document",
                    found=f"{record['claim_id']} (also in {owners[key]})",
                )
            owners[key] = record["claims_file"]
        records.extend(file_records)
    if doc_id is not None and doc_id not in found_docs:
        raise InputError(
            "no claims file for this document",
            file=claims_directory if claims_directory is not None else claims_dir(),
            field="document",
            expected="one of " + (", ".join(sorted(found_docs)) or "(no claims files)"),
            found=doc_id,
        )
    frame = pd.DataFrame.from_records(records, columns=list(vocab.CLAIM_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["scale"] = frame["scale"].astype("float64")
    return frame


# --- helpers -----------------------------------------------------------------------------------
def _refuse_newer_fields(entry: Any, version: int, path: Path, where: str) -> None:
    """Refuse a field of format version 2 in a file that declares version 1."""
    if version >= 2 or not isinstance(entry, dict):
        return
    for key in V2_FIELDS:
        if key in entry:
            raise InputError(
                "field of claims format version 2 in a version-1 file",
                file=path,
                row=where,
                field=key,
                expected="schema_version: 2 at the top of the file",
                found="schema_version: 1",
            )


def _claim_lines(node: Any) -> list[int]:
    """Return the 1-based line of each entry of the ``claims`` list of a file's node tree."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "claims" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _where(line: int | None, claim_id: str | None, index: int) -> str:
    label = f"claim {claim_id!r}" if claim_id else f"claim entry {index + 1}"
    return f"{line} ({label})" if line is not None else label


def _date_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.project_root()))
    except ValueError:
        return str(path)
