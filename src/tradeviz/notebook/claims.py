"""Answers of the ``claims_check`` notebook: which of a document's claims hold, by whose figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz.checks.vocab import DRAFT
from tradeviz.notebook.answer import Answer, number
from tradeviz.text import capitalise, count_phrase, possessive, shorten
from tradeviz.text.numbers import format_quantity
from tradeviz.text.sentences import sentence_name, tally_sentence
from tradeviz.vocabulary import QUALIFIER_WORDS, UNIT_DATE, VERDICTS

if TYPE_CHECKING:
    import pandas as pd


#: How a tally sentence words each verdict.
VERDICT_WORDS = {
    "consistent": "consistent with a published figure",
    "inconsistent": "inconsistent",
    "unverifiable": "unverifiable",
}
#: Excerpts longer than this are shortened in sentences (tables and cards show them whole).
EXCERPT_CHARS = 90
#: The claims table's column of review status (claims without it are curated by hand: all
#: reviewed); a claim whose status is :data:`tradeviz.checks.vocab.DRAFT` is not yet reviewed.
REVIEW_COLUMN = "status"


def _is_draft(verdicts: pd.DataFrame) -> pd.Series:
    """Return which verdicts are of claims not yet reviewed (all False without a status)."""
    if REVIEW_COLUMN not in verdicts.columns:
        return verdicts["claim_id"].map(lambda _: False).astype(bool)
    return verdicts[REVIEW_COLUMN].astype(str).eq(DRAFT)


def why(detail: str) -> str:
    """Return the reason for a verdict's detail in words (``detail`` itself when unknown)."""
    from tradeviz.checks.vocab import DETAILS

    return DETAILS.get(str(detail), str(detail).replace("_", " "))


def _draft_item(row: dict[str, Any]) -> str:
    """Say what a draft claim states and how it would be judged, marked as not yet reviewed."""
    return (
        f"“{shorten(row['excerpt'], EXCERPT_CHARS)}” ({_stated_text(row)}): "
        f"{row['verdict']} on the figures, not yet reviewed."
    )


def _first_reference(references: list[dict[str, Any]], perspective: str) -> dict | None:
    """Return the first (most relevant) reference of one perspective, if any."""
    return next((ref for ref in references if ref.get("perspective") == perspective), None)


def _quantity_text(value: Any, unit: str, value_text: str = "") -> str:
    """Write a claim's or a reference's quantity for readers: ``USD 5.0 bn``, ``19.8 %``."""
    if unit == UNIT_DATE or value_text:
        return str(value_text)
    found = number(value)
    return "" if found is None else format_quantity(found, unit, style="sentence")


def _reference_text(ref: dict[str, Any] | None) -> str:
    if ref is None:
        return ""
    return _quantity_text(
        ref.get("value"), str(ref.get("unit", "")), str(ref.get("value_text", ""))
    )


def _stated_text(row: dict[str, Any]) -> str:
    """Write what a claim states, with its hedging word: ``about 12.0 %``."""
    if not str(row["stated_value"]).strip():
        return "(no number)"
    unit = str(row["unit"])
    value_text = str(row["stated_value"]) if unit == UNIT_DATE else ""
    text = _quantity_text(row["stated_quantity"], unit, value_text)
    return QUALIFIER_WORDS.get(str(row["qualifier"]), "") + text


def _inconsistent_sentence(row: dict[str, Any], references: list[dict[str, Any]]) -> str:
    """Say why a claim is inconsistent: what it states and what the primary reference gives."""
    primary = next(
        (ref for ref in references if ref.get("figure_id") == row["reference_figure_id"]), None
    )
    side = str(row["reference_perspective"])
    whose = (
        "no side named"
        if side in ("", "unattributed")
        else f"{possessive(sentence_name(side))} side"
    )
    tier = str(row["reference_tier"]).replace("_", " ")
    return (
        f"Inconsistent: “{shorten(row['excerpt'], EXCERPT_CHARS)}” states {_stated_text(row)}; "
        "the best "
        f"reference, {tier} ({whose}), gives {_reference_text(primary)} "
        f"({row['reference_source']}, {row['reference_period']})."
    )


def _count_naming(column: pd.Series, side: str) -> int:
    """Count the rows whose ``;``-separated list of perspectives names ``side``."""
    return int(sum(side in str(text).split(";") for text in column.fillna("")))


def claim_verdicts(
    figures: pd.DataFrame,
    document: str,
    perspectives: list[str] | tuple[str, ...],
    *,
    claims: pd.DataFrame | None = None,
) -> tuple[Answer, pd.DataFrame]:
    """Answer "which of a document's claims hold, and by whose statistics?".

    The claims (:func:`tradeviz.checks.load_claims`) are checked against the figures now
    (:func:`tradeviz.checks.check_claims`), so the verdicts always match the data shown.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.
    document : str
        Document id, e.g. ``"neo-2021-07-20"``.
    perspectives : sequence of str
        Whose figures to show beside each claim (ISO3 codes).
    claims : pandas.DataFrame, optional
        The claims table, of this document or of several (loaded when omitted).

    Returns
    -------
    tuple of (Answer, pandas.DataFrame)
        The section (``results``: ``counts`` by verdict of the reviewed claims, ``details`` by
        detail, ``claims`` by id, ``perspectives`` with the reviewed claims each side's figures
        support or contradict, ``not_reviewed`` the number of draft claims; ``data`` the
        verdicts; ``lead`` the tally; ``not_reviewed`` the draft claims in words) and the
        verdicts table, for the chart. Draft claims (``status: draft`` in the claims table) are
        never counted among the findings.
    """
    import json

    import pandas as pd

    from tradeviz.checks import check_claims, load_claims

    claims = load_claims(document) if claims is None else claims
    claims = claims.loc[claims["document"] == document]
    verdicts = check_claims(figures, claims)
    if REVIEW_COLUMN in claims.columns and REVIEW_COLUMN not in verdicts.columns:
        review = dict(zip(claims["claim_id"], claims[REVIEW_COLUMN], strict=True))
        verdicts = verdicts.assign(**{REVIEW_COLUMN: verdicts["claim_id"].map(review)})
    draft = _is_draft(verdicts)
    reviewed = verdicts.loc[~draft]
    title = str(claims["doc_title"].iloc[0]) if len(claims) else document
    date = str(claims["doc_date"].iloc[0]) if len(claims) else ""
    counts = {v: int((reviewed["verdict"] == v).sum()) for v in VERDICTS}
    subject = f"«{title}»" + (f" ({date})" if date and date != "None" else "")
    sentences = [
        tally_sentence(subject, counts, noun="claim", labels=VERDICT_WORDS, verbs=("is", "are"))
    ]
    per_side: dict[str, dict[str, int]] = {}
    for side in perspectives:
        supports = _count_naming(reviewed["supporting_perspectives"], side)
        contradicts = _count_naming(reviewed["contradicting_perspectives"], side)
        per_side[side] = {"supports": supports, "contradicts": contradicts}
        sentences.append(
            f"{capitalise(possessive(sentence_name(side)))} figures "
            f"support {count_phrase(supports, 'claim')} and contradict {contradicts}."
        )
    lead = tuple(sentences)
    for row in reviewed.loc[reviewed["verdict"] == "inconsistent"].to_dict(orient="records"):
        sentences.append(_inconsistent_sentence(row, json.loads(row["references"] or "[]")))
    not_reviewed = tuple(_draft_item(row) for row in verdicts.loc[draft].to_dict(orient="records"))
    rows = []
    claims_results = {}
    for row in verdicts.to_dict(orient="records"):
        references = json.loads(row["references"] or "[]")
        entry = {
            "claim": row["claim_id"],
            "excerpt": " ".join(str(row["excerpt"]).split()),
            "stated": _stated_text(row),
            "stated side": row["stated_perspective"],
            "verdict": row["verdict"],
            "detail": row["detail"],
            "why": why(row["detail"]),
            "review": "not yet reviewed" if row.get(REVIEW_COLUMN) == DRAFT else "",
        }
        for side in perspectives:
            ref = _first_reference(references, side) if str(row["stated_value"]).strip() else None
            entry[f"{side} figure"] = _reference_text(ref)
            entry[f"{side} agrees"] = (
                ""
                if ref is None or ref.get("supports") is None
                else ("yes" if ref["supports"] else "no")
            )
        rows.append(entry)
        claims_results[row["claim_id"]] = {
            "verdict": row["verdict"],
            "detail": row["detail"],
            "stated_quantity": number(row["stated_quantity"]),
            "reference_value": number(row["reference_value"]),
            "reference_perspective": row["reference_perspective"],
            "reference_source": row["reference_source"],
            "reference_figure_id": row["reference_figure_id"],
        }
    details = verdicts["detail"].value_counts().to_dict()
    results = {
        "document": document,
        "title": title,
        "claims_total": len(verdicts),
        "not_reviewed": int(draft.sum()),
        "counts": counts,
        "details": {str(k): int(v) for k, v in details.items()},
        "perspectives": per_side,
        "claims": claims_results,
    }
    table = pd.DataFrame(rows).set_index("claim")
    answer = Answer(
        tuple(sentences), table, results, data=verdicts, lead=lead, not_reviewed=not_reviewed
    )
    return answer, verdicts
