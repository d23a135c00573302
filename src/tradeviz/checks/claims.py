"""Claims files: one YAML file per document under ``data/raw/claims/``, validated on load.

The format is documented for people in ``data/raw/claims/README.md``. Every problem is reported
as one :class:`~tradeviz.errors.InputError` naming the file, the line and claim, the field, what
was expected and what was found. A document is found by the ``document_id`` of its provenance
sidecar in ``data/raw/documents/``; its text must still match the recorded sha256, and every
excerpt must occur in it verbatim (white space aside).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import paths, schema
from tradeviz.checks import vocab
from tradeviz.checks.dates import parse_partial_date
from tradeviz.checks.tolerance import PRINTED_NUMBER
from tradeviz.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

CLAIMS_SUFFIX = ".yaml"
SIDECAR_SUFFIX = ".meta.yaml"
SCHEMA_VERSION = 1

#: Keys of a claims file.
FILE_KEYS = ("schema_version", "document", "claims")
#: Keys every claim has (a value may be null where the README allows it).
REQUIRED_KEYS = (
    "id",
    "excerpt",
    "subject",
    "measure",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "value",
    "unit",
    "scale",
    "qualifier",
    "perspective",
)
OPTIONAL_KEYS = (
    "period_note",
    "speaker",
    "origin_statements",
    "reference_statements",
    "products",
    "note",
)

#: Keys a document's sidecar must hold.
DOCUMENT_KEYS = ("document_id", "title", "date_published", "sha256")

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
PRODUCT_CODE = re.compile(r"^\d{2,6}$")
DATE_UNIT = "date"


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
    import yaml

    directory = Path(directory) if directory is not None else documents_dir()
    documents: dict[str, Document] = {}
    if not directory.is_dir():
        return documents
    for sidecar in sorted(directory.glob("*" + SIDECAR_SUFFIX)):
        meta = _load_yaml_mapping(sidecar, yaml)
        for key in DOCUMENT_KEYS:
            if not meta.get(key):
                raise InputError(
                    "document sidecar lacks a key",
                    file=sidecar,
                    field=key,
                    expected="a value",
                    found=meta.get(key),
                )
        doc_id = str(meta["document_id"])
        if not SLUG.match(doc_id):
            raise InputError(
                "document id is not a slug",
                file=sidecar,
                field="document_id",
                expected="lower-case letters, digits and hyphens",
                found=doc_id,
            )
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
        documents[doc_id] = Document(doc_id, text_path, meta, data.decode("utf-8"))
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
    import yaml

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = _load_yaml_mapping(path, yaml, text=text)
    lines = _claim_lines(text, yaml)
    for key in data:
        if key not in FILE_KEYS:
            raise InputError(
                "unknown key in claims file",
                file=path,
                field=str(key),
                expected="one of " + ", ".join(FILE_KEYS),
                found=key,
            )
    if data.get("schema_version") != SCHEMA_VERSION:
        raise InputError(
            "unsupported claims file version",
            file=path,
            field="schema_version",
            expected=str(SCHEMA_VERSION),
            found=data.get("schema_version"),
        )
    doc_id = data.get("document")
    if doc_id not in documents:
        raise InputError(
            "claims file names an unknown document",
            file=path,
            field="document",
            expected="the document_id of a sidecar in data/raw/documents/ ("
            + (", ".join(sorted(documents)) or "none found")
            + ")",
            found=doc_id,
        )
    document = documents[doc_id]
    claims = data.get("claims")
    if not isinstance(claims, list) or not claims:
        raise InputError(
            "claims file has no claims",
            file=path,
            field="claims",
            expected="a non-empty list of claims",
            found=type(claims).__name__ if not isinstance(claims, list) else "[]",
        )
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    normalised_text = _collapse(document.text)
    for index, entry in enumerate(claims):
        line = lines[index] if index < len(lines) else None
        record = _validate_claim(entry, index, line, path, normalised_text)
        if record["claim_id"] in seen:
            raise InputError(
                "claim id used twice",
                file=path,
                row=_where(line, record["claim_id"], index),
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


# --- validation of one claim ------------------------------------------------------------------
def _validate_claim(
    entry: Any, index: int, line: int | None, path: Path, document_text: str
) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise InputError(
            "claim is not a mapping",
            file=path,
            row=_where(line, None, index),
            expected="a mapping of claim fields",
            found=type(entry).__name__,
        )
    claim_id = entry.get("id")
    where = _where(line, claim_id if isinstance(claim_id, str) else None, index)

    def fail(message: str, key: str, expected: str, found: Any) -> InputError:
        return InputError(message, file=path, row=where, field=key, expected=expected, found=found)

    for key in entry:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise fail(
                "unknown claim field",
                str(key),
                "one of " + ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS),
                key,
            )
    for key in REQUIRED_KEYS:
        if key not in entry:
            raise fail(
                "claim lacks a field", key, "the field (null where allowed)", "no such field"
            )
    if not isinstance(claim_id, str) or not SLUG.match(claim_id):
        raise fail("claim id is not a slug", "id", "lower-case letters, digits, hyphens", claim_id)
    excerpt = entry["excerpt"]
    if not isinstance(excerpt, str) or not excerpt.strip():
        raise fail("claim has no excerpt", "excerpt", "verbatim text of the document", excerpt)
    if _collapse(excerpt) not in document_text:
        raise fail(
            "excerpt is not in the document",
            "excerpt",
            "text copied verbatim from the document (white space aside)",
            _shorten(excerpt),
        )
    subject = entry["subject"]
    if not isinstance(subject, str) or not subject.strip():
        raise fail("claim has no subject", "subject", "what is claimed, in words", subject)
    measure = entry["measure"]
    if measure not in vocab.CLAIM_MEASURES:
        raise fail(
            "unknown measure", "measure", "one of " + ", ".join(vocab.CLAIM_MEASURES), measure
        )
    qualitative = measure in vocab.QUALITATIVE_MEASURES
    reporter = _country(entry["reporter"], allow_empty=False)
    if reporter is None:
        raise fail(
            "reporter is not a country code",
            "reporter",
            "an ISO 3166 alpha-3 code",
            entry["reporter"],
        )
    partner = _country(entry["partner"], allow_empty=True)
    if partner is None:
        raise fail(
            "partner is not a country or aggregate code",
            "partner",
            'an ISO3 code, an aggregate code (WLD, EAEU, …) or ""',
            entry["partner"],
        )
    flow = entry["flow"]
    if flow not in schema.FLOWS:
        raise fail("unknown flow", "flow", "one of " + ", ".join(schema.FLOWS), flow)
    start = _date_or_none(entry["period_start"])
    end = _date_or_none(entry["period_end"])
    if start is False:
        raise fail(
            "period_start is not a date",
            "period_start",
            "YYYY-MM-DD or null",
            entry["period_start"],
        )
    if end is False:
        raise fail(
            "period_end is not a date", "period_end", "YYYY-MM-DD or null", entry["period_end"]
        )
    if start and end and start > end:
        raise fail("period ends before it starts", "period_end", f"a date on or after {start}", end)
    unit = entry["unit"]
    if unit is None and qualitative:
        pass
    elif unit not in vocab.CLAIM_UNITS:
        raise fail("unknown unit", "unit", "one of " + ", ".join(vocab.CLAIM_UNITS), unit)
    value = _value_text(entry["value"], unit, qualitative)
    if isinstance(value, InputError):
        raise fail(value.message, "value", value.expected or "", entry["value"])
    scale = entry["scale"]
    if unit == DATE_UNIT or qualitative:
        if scale is not None:
            raise fail("a date or qualitative claim has no scale", "scale", "null", scale)
        scale_value = float("nan")
    else:
        scale_value = _scale(scale)
        if scale_value is None:
            raise fail(
                "unknown scale",
                "scale",
                "one of " + ", ".join(vocab.CLAIM_SCALES) + " (value × scale = quantity)",
                scale,
            )
    qualifier = entry["qualifier"]
    if qualifier not in schema.QUALIFIERS:
        raise fail(
            "unknown qualifier", "qualifier", "one of " + ", ".join(schema.QUALIFIERS), qualifier
        )
    perspective = entry["perspective"]
    if perspective != vocab.UNSPECIFIED and _country(perspective, allow_empty=False) is None:
        raise fail(
            "unknown perspective",
            "perspective",
            f"an ISO3 code of the side whose statistics the text names, or {vocab.UNSPECIFIED!r}",
            perspective,
        )
    statement_lists = {}
    for key in ("origin_statements", "reference_statements"):
        ids = entry.get(key) or []
        if not isinstance(ids, list) or not all(
            isinstance(item, str) and SLUG.match(item) for item in ids
        ):
            raise fail(
                f"{key} is not a list of statement ids", key, "a list of statement_id slugs", ids
            )
        statement_lists[key] = ids
    overlap = set(statement_lists["origin_statements"]) & set(
        statement_lists["reference_statements"]
    )
    if overlap:
        raise fail(
            "a statement is both the claim's origin and independent evidence",
            "reference_statements",
            "ids not listed in origin_statements",
            sorted(overlap),
        )
    products = entry.get("products") or []
    if not isinstance(products, list) or not all(
        isinstance(item, str) and PRODUCT_CODE.match(item) for item in products
    ):
        raise fail(
            "products is not a list of product codes",
            "products",
            'quoted HS codes, e.g. ["2709"]',
            products,
        )
    if qualitative and not products:
        raise fail(
            "a main_products claim names no products", "products", "a list of HS codes", products
        )
    text_fields = {}
    for key in ("speaker", "period_note", "note"):
        item = entry.get(key)
        if item is not None and not isinstance(item, str):
            raise fail("field is not text", key, "text or null", item)
        text_fields[key] = item or ""
    return {
        "claim_id": claim_id,
        "excerpt": _collapse(excerpt),
        "subject": subject.strip(),
        "measure": measure,
        "reporter": reporter,
        "partner": partner,
        "flow": flow,
        "period_start": start,
        "period_end": end,
        "period_note": text_fields["period_note"],
        "stated_value": value,
        "unit": unit or "",
        "scale": scale_value,
        "qualifier": qualifier,
        "speaker": text_fields["speaker"],
        "stated_perspective": perspective,
        "origin_statements": ";".join(statement_lists["origin_statements"]),
        "reference_statements": ";".join(statement_lists["reference_statements"]),
        "products": ";".join(products),
        "note": text_fields["note"],
    }


def _value_text(value: Any, unit: str | None, qualitative: bool) -> str | InputError:
    """Return a stated value as normalised text, or an InputError describing the problem."""
    if value is None:
        if qualitative:
            return ""
        return InputError("claim has no value", expected="the number as printed, quoted")
    if qualitative:
        return InputError("a main_products claim states no value", expected="null")
    if unit == DATE_UNIT:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            parse_partial_date(text)
        except ValueError:
            return InputError("value is not a date", expected="YYYY, YYYY-MM or YYYY-MM-DD")
        return text
    if isinstance(value, bool) or isinstance(value, float):
        return InputError(
            "value is not quoted text",
            expected='the number as printed, quoted (e.g. "1.40"), so its precision is kept',
        )
    text = str(value).strip()
    if not PRINTED_NUMBER.match(text):
        return InputError(
            "value is not a plain number",
            expected='digits with an optional decimal point, no separators (e.g. "18.9")',
        )
    return text


def _scale(scale: Any) -> float | None:
    if isinstance(scale, str):
        return vocab.CLAIM_SCALES.get(scale.strip())
    if isinstance(scale, bool) or not isinstance(scale, int | float):
        return None
    return float(scale) if float(scale) in vocab.CLAIM_SCALES.values() else None


def _country(code: Any, *, allow_empty: bool) -> str | None:
    """Return ``code`` if it is an ISO3 country or aggregate code (or "" when allowed)."""
    if code is None or code == "":
        return "" if allow_empty else None
    if not isinstance(code, str):
        return None
    if code in schema.AGGREGATE_CODES:
        return code
    if not ISO3.match(code):
        return None
    import pycountry

    return code if pycountry.countries.get(alpha_3=code) is not None else None


def _date_or_none(value: Any) -> dt.date | None | bool:
    """Return a date, None for null, or False when the value is not a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return False
    return False


def _load_yaml_mapping(path: Path, yaml: Any, *, text: str | None = None) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text if text is not None else path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(
            "not valid YAML",
            file=path,
            row=None if mark is None else mark.line + 1,
            expected="a YAML mapping",
            found=problem,
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            "not a YAML mapping", file=path, expected="a mapping", found=type(data).__name__
        )
    return data


def _claim_lines(text: str, yaml: Any) -> list[int]:
    """Return the 1-based line of each entry of the file's ``claims`` list."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "claims" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _where(line: int | None, claim_id: str | None, index: int) -> str:
    label = f"claim {claim_id!r}" if claim_id else f"claim entry {index + 1}"
    return f"{line} ({label})" if line is not None else label


def _collapse(text: str) -> str:
    return " ".join(str(text).split())


def _shorten(text: str, limit: int = 80) -> str:
    text = _collapse(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _date_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.project_root()))
    except ValueError:
        return str(path)
