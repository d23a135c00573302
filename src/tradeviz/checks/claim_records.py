"""The records of a claims file and of a document's sidecar, as pydantic models.

A claims file (``data/raw/claims/<document>.yaml``, documented for people in
``data/raw/claims/README.md``) is a :class:`ClaimsFile` whose ``claims`` are :class:`Claim`
records. Version 2 of the format adds the fields of :data:`V2_FIELDS` (review status, kind,
offsets, share denominator, comparison, words of the number, perspective cue, unresolved
reasons); a version-1 file reads as confirmed facts. Claims files are records, validated by these
models and never sealed by a hash; the document a file quotes is described by a
:class:`DocumentSidecar`. Each field says what a valid value is and how a wrong one is reported
(:class:`tradeviz.records.Invalid`); the checks that involve several fields (a period that ends
before it starts, a value read with its unit) are validators, run in field order, so the first
problem reported is the first one a reader meets in the claim.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator

from tradeviz import schema
from tradeviz.checks import vocab
from tradeviz.checks.dates import parse_partial_date
from tradeviz.checks.tolerance import PRINTED_NUMBER
from tradeviz.records import Invalid, Record, problem

#: Versions of the claims file format that are read; the last one is written.
SCHEMA_VERSIONS = (1, 2)
SCHEMA_VERSION = SCHEMA_VERSIONS[-1]
#: Claim fields that version 2 added (a version-1 file that uses one is refused).
V2_FIELDS = (
    *("status", "kind", "offsets", "denominator", "other_partner", "relation"),
    *("value_words", "perspective_cue", "unresolved"),
)
#: Measures whose claims name another partner and a relation to it.
COMPARISON_MEASURES = frozenset({"comparison"})
#: Measures whose claims may state no number ("China overtook Russia", "may become a record"):
#: their unit, value and scale are then all null.
WORDED_MEASURES = frozenset({"comparison", "record"})
#: Measures whose claims may name the whole they are a share of.
SHARE_MEASURES = frozenset({"partner_share"})
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
PRODUCT_CODE = re.compile(r"^\d{2,6}$")
DATE_UNIT = "date"
#: A text with something other than white space in it.
_NOT_BLANK = r"\S"
#: Longest excerpt shown in a message, in characters.
EXCERPT_SHOWN = 80


def collapse(text: str) -> str:
    """Return ``text`` with every run of white space made one space, ends stripped."""
    return " ".join(str(text).split())


def shorten(text: str, limit: int = EXCERPT_SHOWN) -> str:
    """Return ``text`` collapsed and cut to ``limit`` characters with an ellipsis."""
    text = collapse(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def country_code(code: Any, *, allow_empty: bool) -> str | None:
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


def _one_of(values) -> AfterValidator:
    """Refuse a value that is not among ``values``."""
    allowed = frozenset(values)

    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError("not allowed")
        return value

    return AfterValidator(check)


def _country(value: Any) -> str:
    code = country_code(value, allow_empty=False)
    if code is None:
        raise ValueError("not a country code")
    return code


def _country_or_empty(value: Any) -> str:
    code = country_code(value, allow_empty=True)
    if code is None:
        raise ValueError("not a country or aggregate code")
    return code


def _country_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return _country(value)


def _perspective(value: Any) -> str:
    if value != vocab.UNSPECIFIED and country_code(value, allow_empty=False) is None:
        raise ValueError("not a perspective")
    return value


def _date_or_none(value: Any) -> dt.date | None:
    """Return a date, or None for null; refuse anything else."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())  # ValueError: not a date
    raise ValueError("not a date")


def _empty_as_list(value: Any) -> Any:
    return value or []


def _one_of_text(values) -> str:
    return "one of " + ", ".join(values)


def _period(name: str) -> Any:
    return Annotated[
        Any, AfterValidator(_date_or_none), Invalid(f"{name} is not a date", "YYYY-MM-DD or null")
    ]


def _statement_ids(name: str) -> Any:
    return Annotated[
        list[Annotated[str, Field(pattern=SLUG.pattern)]],
        BeforeValidator(_empty_as_list),
        Invalid(f"{name} is not a list of statement ids", "a list of statement_id slugs"),
    ]


OptionalText = Annotated[str | None, Invalid("field is not text", "text or null")]


class Claim(Record):
    """One claim of a document: what it says, about whom, when, and the number as printed."""

    unknown_key_message = "unknown claim field"
    missing_key = Invalid("claim lacks a field", "the field (null where allowed)", "no such field")
    not_a_mapping = Invalid("claim is not a mapping", "a mapping of claim fields")
    key_order = (
        *("id", "excerpt", "subject", "measure", "reporter", "partner", "flow"),
        *("period_start", "period_end", "value", "unit", "scale", "qualifier", "perspective"),
        *("period_note", "speaker", "origin_statements", "reference_statements", "products"),
        "note",
        *V2_FIELDS,
    )

    id: Annotated[
        str,
        Field(pattern=SLUG.pattern),
        Invalid("claim id is not a slug", "lower-case letters, digits, hyphens"),
    ]
    excerpt: Annotated[
        str,
        Field(pattern=_NOT_BLANK),
        Invalid("claim has no excerpt", "verbatim text of the document"),
    ]
    subject: Annotated[
        str, Field(pattern=_NOT_BLANK), Invalid("claim has no subject", "what is claimed, in words")
    ]
    measure: Annotated[
        Any,
        _one_of(vocab.CLAIM_MEASURES),
        Invalid("unknown measure", _one_of_text(vocab.CLAIM_MEASURES)),
    ]
    reporter: Annotated[
        Any,
        AfterValidator(_country),
        Invalid("reporter is not a country code", "an ISO 3166 alpha-3 code"),
    ]
    partner: Annotated[
        Any,
        AfterValidator(_country_or_empty),
        Invalid(
            "partner is not a country or aggregate code",
            'an ISO3 code, an aggregate code (WLD, EAEU, …) or ""',
        ),
    ]
    flow: Annotated[Any, _one_of(schema.FLOWS), Invalid("unknown flow", _one_of_text(schema.FLOWS))]
    period_start: _period("period_start")
    period_end: _period("period_end")
    unit: Any
    value: Any
    scale: Any
    qualifier: Annotated[
        Any,
        _one_of(vocab.CLAIM_QUALIFIERS),
        Invalid("unknown qualifier", _one_of_text(vocab.CLAIM_QUALIFIERS)),
    ]
    perspective: Annotated[
        Any,
        AfterValidator(_perspective),
        Invalid(
            "unknown perspective",
            f"an ISO3 code of the side whose statistics the text names, or {vocab.UNSPECIFIED!r}",
        ),
    ]
    origin_statements: _statement_ids("origin_statements") = []
    reference_statements: _statement_ids("reference_statements") = []
    products: Annotated[
        list[Annotated[str, Field(pattern=PRODUCT_CODE.pattern)]],
        BeforeValidator(_empty_as_list),
        Invalid("products is not a list of product codes", 'quoted HS codes, e.g. ["2709"]'),
    ] = Field(default=[], validate_default=True)
    speaker: OptionalText = None
    period_note: OptionalText = None
    note: OptionalText = None
    status: Annotated[
        Any,
        _one_of(vocab.CLAIM_STATUSES),
        Invalid("unknown status", _one_of_text(vocab.CLAIM_STATUSES)),
    ] = vocab.CONFIRMED
    kind: Annotated[
        Any, _one_of(vocab.CLAIM_KINDS), Invalid("unknown kind", _one_of_text(vocab.CLAIM_KINDS))
    ] = vocab.FACT
    offsets: Any = None
    denominator: Annotated[
        Any,
        _one_of((None, *vocab.SHARE_DENOMINATORS)),
        Invalid("unknown denominator", _one_of_text(vocab.SHARE_DENOMINATORS) + " or null"),
    ] = None
    other_partner: Annotated[
        Any,
        AfterValidator(_country_or_none),
        Invalid("other_partner is not a country code", "an ISO3 code or null"),
    ] = None
    relation: Annotated[
        Any,
        _one_of((None, *vocab.COMPARISON_RELATIONS)),
        Invalid("unknown relation", _one_of_text(vocab.COMPARISON_RELATIONS) + " or null"),
    ] = Field(default=None, validate_default=True)
    value_words: OptionalText = None
    perspective_cue: OptionalText = None
    unresolved: Annotated[
        list[Annotated[str, Field(pattern=_NOT_BLANK)]],
        BeforeValidator(_empty_as_list),
        Invalid("unresolved is not a list of reasons", "a list of texts"),
    ] = []

    @field_validator("excerpt")
    @classmethod
    def _excerpt_is_in_the_document(cls, excerpt: str, info: ValidationInfo) -> str:
        text = (info.context or {}).get("document_text")
        if text is not None and collapse(excerpt) not in text:
            raise problem(
                "excerpt is not in the document",
                expected="text copied verbatim from the document (white space aside)",
                found=shorten(excerpt),
            )
        return excerpt

    @field_validator("period_end")
    @classmethod
    def _period_is_ordered(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("period_start")
        if start and end and start > end:
            raise problem(
                "period ends before it starts", expected=f"a date on or after {start}", found=end
            )
        return end

    @field_validator("unit")
    @classmethod
    def _unit_is_known(cls, unit: Any, info: ValidationInfo) -> Any:
        if unit is None and (_is_qualitative(info) or _is_worded(info)):
            return unit
        if unit not in vocab.CLAIM_UNITS:
            raise problem("unknown unit", expected=_one_of_text(vocab.CLAIM_UNITS))
        return unit

    @field_validator("value")
    @classmethod
    def _value_as_printed(cls, value: Any, info: ValidationInfo) -> str:
        if value is None and info.data.get("unit") is None and _is_worded(info):
            return ""
        return _value_text(value, info.data.get("unit"), _is_qualitative(info))

    @field_validator("scale")
    @classmethod
    def _scale_is_known(cls, scale: Any, info: ValidationInfo) -> float:
        worded = _is_worded(info) and info.data.get("unit") is None
        if info.data.get("unit") == DATE_UNIT or _is_qualitative(info) or worded:
            if scale is not None:
                raise problem("a date or qualitative claim has no scale", expected="null")
            return float("nan")
        number = _scale(scale)
        if number is None:
            raise problem(
                "unknown scale",
                expected=_one_of_text(vocab.CLAIM_SCALES) + " (value × scale = quantity)",
            )
        return number

    @field_validator("reference_statements")
    @classmethod
    def _statements_are_either_origin_or_evidence(cls, ids: list[str], info: ValidationInfo):
        overlap = set(info.data.get("origin_statements", [])) & set(ids)
        if overlap:
            raise problem(
                "a statement is both the claim's origin and independent evidence",
                expected="ids not listed in origin_statements",
                found=sorted(overlap),
            )
        return ids

    @field_validator("products")
    @classmethod
    def _qualitative_claims_name_products(cls, products: list[str], info: ValidationInfo):
        if _is_qualitative(info) and not products:
            raise problem(
                "a main_products claim names no products",
                expected="a list of HS codes",
                found=products,
            )
        return products

    @field_validator("offsets")
    @classmethod
    def _offsets_locate_the_excerpt(cls, offsets: Any, info: ValidationInfo) -> Any:
        if offsets is None:
            return None
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in offsets)
            or not 0 <= offsets[0] < offsets[1]
        ):
            raise problem("offsets are not a span", expected="[start, end] with 0 ≤ start < end")
        body = (info.context or {}).get("document_body")
        excerpt = info.data.get("excerpt")
        if body is not None and isinstance(excerpt, str):
            located = body[offsets[0] : offsets[1]]
            if collapse(located) != collapse(excerpt):
                raise problem(
                    "offsets do not match the excerpt",
                    expected=f"the body's characters {offsets[0]}–{offsets[1]} to read "
                    f"{shorten(excerpt, 40)!r}",
                    found=shorten(located, 40),
                )
        return offsets

    @field_validator("denominator")
    @classmethod
    def _denominator_is_for_shares(cls, denominator: Any, info: ValidationInfo) -> Any:
        if denominator is not None and info.data.get("measure") not in SHARE_MEASURES:
            raise problem(
                "only a share has a denominator",
                expected="null (or measure " + ", ".join(sorted(SHARE_MEASURES)) + ")",
            )
        return denominator

    @field_validator("relation")
    @classmethod
    def _comparison_names_the_other_partner(cls, relation: Any, info: ValidationInfo) -> Any:
        other = info.data.get("other_partner")
        if info.data.get("measure") in COMPARISON_MEASURES:
            if other is None:
                raise problem(
                    "a comparison names no other partner",
                    expected="other_partner: the ISO3 code of the partner compared with",
                    found=None,
                )
            if relation is None:
                raise problem(
                    "a comparison has no relation",
                    expected=_one_of_text(vocab.COMPARISON_RELATIONS),
                )
        elif other is not None or relation is not None:
            raise problem(
                "only a comparison has other_partner and relation",
                expected="null (or measure comparison)",
                found=relation if relation is not None else other,
            )
        return relation

    def to_record(self) -> dict[str, Any]:
        """Return the claim as a row of the ``claims`` table (without the document's columns)."""
        return {
            "claim_id": self.id,
            "excerpt": collapse(self.excerpt),
            "subject": self.subject.strip(),
            "measure": self.measure,
            "reporter": self.reporter,
            "partner": self.partner,
            "flow": self.flow,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "period_note": self.period_note or "",
            "stated_value": self.value,
            "unit": self.unit or "",
            "scale": self.scale,
            "qualifier": self.qualifier,
            "speaker": self.speaker or "",
            "stated_perspective": self.perspective,
            "origin_statements": ";".join(self.origin_statements),
            "reference_statements": ";".join(self.reference_statements),
            "products": ";".join(self.products),
            "note": self.note or "",
            "status": self.status,
            "kind": self.kind,
            "offset_start": self.offsets[0] if self.offsets else -1,
            "offset_end": self.offsets[1] if self.offsets else -1,
            "denominator": self.denominator or "",
            "other_partner": self.other_partner or "",
            "relation": self.relation or "",
            "value_words": self.value_words or "",
            "perspective_cue": self.perspective_cue or "",
            "unresolved": "; ".join(self.unresolved),
        }


def _is_qualitative(info: ValidationInfo) -> bool:
    return info.data.get("measure") in vocab.QUALITATIVE_MEASURES


def _is_worded(info: ValidationInfo) -> bool:
    """Tell whether the claim is a comparison or a record (may be worded without a number)."""
    return info.data.get("measure") in WORDED_MEASURES


def _value_text(value: Any, unit: str | None, qualitative: bool) -> str:
    """Return a stated value as normalised text; raise the problem with it."""
    if value is None:
        if qualitative:
            return ""
        raise problem("claim has no value", expected="the number as printed, quoted")
    if qualitative:
        raise problem("a main_products claim states no value", expected="null")
    if unit == DATE_UNIT:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            parse_partial_date(text)
        except ValueError:
            raise problem("value is not a date", expected="YYYY, YYYY-MM or YYYY-MM-DD") from None
        return text
    if isinstance(value, bool) or isinstance(value, float):
        raise problem(
            "value is not quoted text",
            expected='the number as printed, quoted (e.g. "1.40"), so its precision is kept',
        )
    text = str(value).strip()
    if not PRINTED_NUMBER.match(text):
        raise problem(
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


class ClaimsFile(Record):
    """A claims file: its format version, the document it quotes, the claims."""

    unknown_key_message = "unknown key in claims file"
    not_a_mapping = Invalid("not a YAML mapping", "a mapping")

    schema_version: Annotated[
        int,
        Field(ge=SCHEMA_VERSIONS[0], le=SCHEMA_VERSIONS[-1]),
        Invalid("unsupported claims file version", " or ".join(str(v) for v in SCHEMA_VERSIONS)),
    ]
    document: Any = Field(default=None, validate_default=True)
    claims: Any = Field(default=None, validate_default=True)

    @field_validator("document")
    @classmethod
    def _document_is_known(cls, document: Any, info: ValidationInfo) -> Any:
        known = (info.context or {}).get("documents", ())
        if not isinstance(document, str) or document not in known:
            raise problem(
                "claims file names an unknown document",
                expected="the document_id of a sidecar in data/raw/documents/ ("
                + (", ".join(sorted(known)) or "none found")
                + ")",
            )
        return document

    @field_validator("claims")
    @classmethod
    def _claims_are_listed(cls, claims: Any) -> list[Any]:
        if not isinstance(claims, list) or not claims:
            raise problem(
                "claims file has no claims",
                expected="a non-empty list of claims",
                found=type(claims).__name__ if not isinstance(claims, list) else "[]",
            )
        return claims


def _present(value: Any) -> Any:
    if not value:
        raise ValueError("empty")
    return value


Present = Annotated[
    Any, AfterValidator(_present), Invalid("document sidecar lacks a key", "a value")
]


class DocumentSidecar(Record):
    """The keys of a document's sidecar that the claims need (the sidecar may hold more)."""

    model_config = {**Record.model_config, "extra": "allow"}
    not_a_mapping = Invalid("not a YAML mapping", "a mapping")

    document_id: Present
    title: Present
    date_published: Present
    sha256: Present

    @field_validator("document_id")
    @classmethod
    def _id_is_a_slug(cls, document_id: Any) -> str:
        if not SLUG.match(str(document_id)):
            raise problem(
                "document id is not a slug",
                expected="lower-case letters, digits and hyphens",
                found=str(document_id),
            )
        return str(document_id)
