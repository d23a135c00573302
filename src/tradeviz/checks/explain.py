"""The explanation of a verdict in sentences: what was stated, what the references give, why.

Sentences are plain text with the arithmetic shown; numbers are written in the ``precise`` style
of :mod:`tradeviz.text.numbers` (``$9.421 bn``, ``19.82 %``) so a reader can compare digits.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from tradeviz import schema as s
from tradeviz.checks import matching
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.outcome import Outcome
from tradeviz.checks.tolerance import Tolerance
from tradeviz.text.numbers import format_difference, format_period, format_quantity
from tradeviz.vocabulary import (
    CLAIM_QUALIFIER_WORDS,
    CONSISTENT,
    INCONSISTENT,
    STATEMENTS,
    UNIT_DATE,
    UNIT_ORDINAL,
    UNIT_RANK,
    UNVERIFIABLE,
)

#: How many other-period figures an explanation lists (nearest periods first).
HINTS_SHOWN = 6
#: Qualifiers whose tolerance is an interval around the value: only for these does "the stated
#: value holds for another period" say something (any larger total meets "more than").
TWO_SIDED_QUALIFIERS = ("exact", "about", "nearly")


def stated_quantity(claim: dict[str, Any]) -> float:
    """Return what a claim states as a quantity (value × scale), NaN for dates and words."""
    if claim["unit"] in ("", UNIT_DATE) or not claim["stated_value"]:
        return math.nan
    return float(claim["stated_value"]) * float(claim["scale"])


#: The wording of each qualifier before a stated number.
STATED_WORDS: dict[str, str] = {**CLAIM_QUALIFIER_WORDS, "just_over": "just over "}


def _stated_text(claim: dict[str, Any]) -> str:
    word = STATED_WORDS.get(claim["qualifier"], "")
    if claim["unit"] == "date":
        return f"{word}{claim['stated_value']}"
    quantity = stated_quantity(claim)
    text = word + format_quantity(quantity, claim["unit"])
    if claim.get("value_words"):
        text += f" (in words: '{claim['value_words']}')"
    return text


def _side(ref: Reference) -> str:
    return f"{ref.perspective} side" if ref.perspective != s.UNATTRIBUTED else "no side named"


def _describe_ref(ref: Reference, unit: str) -> str:
    value = format_quantity(ref.quantity, str(ref.row[s.UNIT]))
    who = _side(ref)
    if ref.row[s.SOURCE] == STATEMENTS:
        who = "quoted, " + who
    if ref.role == matching.MIRROR:
        who += f", mirror ({ref.row[s.REPORTER]} {ref.row[s.FLOW]})"
    speaker = f"{ref.row[s.SPEAKER]}, " if ref.row[s.SPEAKER] else ""
    period = format_period(ref.start, ref.end)
    text = f"{value} ({period}; {who}; {ref.tier}; {speaker}{ref.describe_source()})"
    if ref.row[s.QUALIFIER] not in ("", "exact"):
        text += f" [worded '{ref.row[s.QUALIFIER]}']"
    return text


def _judge(ref: Reference, unit: str, tolerance: Tolerance | None) -> str:
    if ref.supports is None or tolerance is None:
        return ""
    difference = format_difference(ref.deviation, unit)
    place = "inside" if ref.supports else "outside"
    return f" → {difference}, {place} the tolerance ({ref.detail})"


#: Units whose values are whole numbers: a claim holds only if the reference equals it.
WHOLE_NUMBER_UNITS = (UNIT_RANK, UNIT_ORDINAL)


def tolerance_text(tolerance: Tolerance, unit: str) -> str:
    """Return the tolerance rule and interval in words (ranks and ordinals must be equal)."""
    if unit in WHOLE_NUMBER_UNITS and tolerance.qualifier == "exact":
        return f"a {unit} is a whole number: the reference must equal {tolerance.stated:g}"
    return tolerance.describe(lambda v: format_quantity(v, unit))


def explain(claim: dict[str, Any], outcome: Outcome) -> list[str]:
    """Return the explanation of a numeric verdict: stated, tolerance, references, conclusion."""
    unit = claim["unit"]
    tolerance = outcome.tolerance
    period = format_period(as_date(claim["period_start"]), as_date(claim["period_end"]))
    sentences = [f"Stated: {_stated_text(claim)} ({claim['subject']}; {period})."]
    if tolerance is not None:
        sentences.append("Tolerance: " + tolerance_text(tolerance, unit) + ".")
    if outcome.evidence:
        ordered = sorted(outcome.evidence, key=lambda r: r is not outcome.primary)
        for ref in ordered:
            lead = "Primary reference" if ref is outcome.primary else "Also"
            sentences.append(f"{lead}: {_describe_ref(ref, unit)}{_judge(ref, unit, tolerance)}.")
            sentences.extend(f"  ({note})" for note in ref.notes)
    sentences.append(_conclusion(claim, outcome))
    sentences.extend(release_sentences(claim, outcome.primary))
    sentences.extend(_hint_sentences(claim, outcome))
    if claim.get("note"):
        sentences.append(f"Note: {claim['note']}")
    return sentences


def release_sentences(claim: dict[str, Any], primary: Reference | None) -> list[str]:
    """Say which release the verdict rests on, and what the latest revision gives.

    "Consistent with the figures available when written; since revised to X" needs both: the
    release current at the document's date (or the earliest, said so) and the latest one.
    """
    if primary is None or primary.releases < 2:
        return []
    kept = f"vintage {primary.row[s.VINTAGE]}, {_release(primary)} release"
    date = claim.get("doc_date") or "undated"
    if primary.predates:
        sentences = [f"As of the document's date ({date}): the {kept} was current."]
    else:
        sentences = [
            f"No release in the data is known to predate the document ({date}): judged against "
            f"the earliest release there is ({kept})."
        ]
    revised = primary.revised
    if revised is None:
        sentences.append("Later releases give the same figure.")
        return sentences
    if revised.supports == primary.supports:
        meets = "meets as well" if revised.supports else "does not meet either"
    else:
        meets = "meets" if revised.supports else "no longer meets"
    word = "consistent" if primary.supports else "inconsistent"
    sentences.append(
        f"The claim is {word} with the figures available when written; since revised to "
        f"{format_quantity(revised.quantity, str(revised.row[s.UNIT]))} (vintage "
        f"{revised.row[s.VINTAGE]}, {_release(revised)} release), "
        f"which the claim {meets}."
    )
    return sentences


def _release(ref: Reference) -> str:
    return str(ref.row.get(s.RELEASE) or "unknown")


def _conclusion(claim: dict[str, Any], outcome: Outcome) -> str:
    detail = outcome.detail
    primary = outcome.primary
    named = claim["stated_perspective"]
    if outcome.verdict == CONSISTENT:
        text = (
            f"Consistent ({detail}): the {primary.tier} figure of the {primary.perspective} "
            "side supports the claim"
        )
        if outcome.contradicting:
            text += "; the " + ", ".join(outcome.contradicting) + " side's figure does not"
        return text + "."
    if outcome.verdict == INCONSISTENT:
        text = (
            f"Inconsistent ({detail}): the {primary.tier} figure of the {primary.perspective} "
            f"side lies outside the tolerance"
        )
        if detail == "other_perspective_only":
            text += (
                f"; only the other side's figure ({', '.join(outcome.supporting)}) agrees, and the"
                f" claim names {named}'s statistics"
            )
        return text + "."
    reasons = {
        "other_perspective_only": f"the claim names {named}'s statistics and only another side's "
        "figure exists",
        "origin_only": "the only matching figure is the claim's own origin (the same speaker "
        "quoted), which is not independent evidence",
        "statement_only": "the only matching figures are statements that give no date, so none "
        "can be tied to the claim's period; the arithmetic below is shown for information only",
        "unit_mismatch": "a figure for the period exists only in another unit, and units are "
        "not converted",
        "period_mismatch": "figures exist only for other periods",
        "measure_mismatch": "figures exist only for a related but different measure",
        "no_data": "no reference figure covers it",
        "imprecise_reference": "the reference is less precise than the claim",
    }
    return f"Unverifiable ({detail}): {reasons.get(detail, detail)}."


def _hint_sentences(claim: dict[str, Any], outcome: Outcome) -> list[str]:
    unit = claim["unit"]
    tolerance = outcome.tolerance
    sentences = []
    for relation, label in (
        (matching.ORIGIN, "Origin of the claim (not independent evidence)"),
        (matching.UNDATED, "Undated statement"),
        (matching.OTHER_UNIT, "Same period, other unit (not compared)"),
        (matching.OTHER_MEASURE, "Related measure (not compared)"),
    ):
        for ref in [h for h in outcome.hints if h.relation == relation]:
            judge = (
                _judge(ref, unit, tolerance) if relation in matching.COMPARABLE_RELATIONS else ""
            )
            sentences.append(f"{label}: {_describe_ref(ref, unit)}{judge}.")
            sentences.extend(f"  ({note})" for note in ref.notes)
    others = [h for h in outcome.hints if h.relation == matching.OTHER_PERIOD]
    claim_period = format_period(as_date(claim["period_start"]), as_date(claim["period_end"]))
    if others:
        claim_end = as_date(claim["period_end"])

        def distance(h: Reference) -> int:
            if claim_end is None or (h.end or h.start) is None:
                return 0
            return abs(((h.end or h.start) - claim_end).days)

        by_distance = sorted(others, key=lambda h: (distance(h), h.row[s.SOURCE]))
        two_sided = claim["qualifier"] in TWO_SIDED_QUALIFIERS
        holding = [h for h in by_distance if h.supports and two_sided][:HINTS_SHOWN]
        nearest = [h for h in by_distance if h not in holding][:HINTS_SHOWN]
        if holding:
            listed = "; ".join(
                f"{format_period(h.start, h.end)} {format_quantity(h.quantity, unit)} "
                f"({h.row[s.SOURCE]}, {h.perspective} side)"
                for h in sorted(holding, key=lambda h: (h.start or dt.date.min, h.row[s.SOURCE]))
            )
            sentences.append(
                f"Period mismatch hint (not evidence for {claim_period}): "
                f"the stated value holds for other periods: {listed}."
            )
        shown = nearest
        if shown:
            listed = "; ".join(
                f"{format_period(h.start, h.end)} "
                f"{format_quantity(h.quantity, str(h.row[s.UNIT]))} "
                f"({h.row[s.SOURCE]}, {h.perspective} side)"
                for h in shown
            )
            sentences.append(f"Other periods: {listed}.")
    return sentences


def explain_date(
    claim: dict[str, Any], outcome: Outcome, interval: tuple[dt.date, dt.date], listed: list[str]
) -> list[str]:
    """Return the explanation of a date verdict: the stated day, the references, the verdict."""
    sentences = [
        f"Stated: {claim['stated_value']} ({claim['subject']}), i.e. "
        f"{interval[0].isoformat()}..{interval[1].isoformat()}."
    ]
    if not listed and outcome.detail == "no_data":
        sentences.append(
            "No reference statement dates this event (event dates are matched only to the "
            "statements the claims file lists in reference_statements)."
        )
    for ref in outcome.evidence + outcome.hints:
        text = str(ref.row[s.VALUE_TEXT] or format_period(ref.start, ref.end))
        lead = "Primary reference" if ref is outcome.primary else "Reference"
        if ref.relation == matching.ORIGIN:
            lead = "Origin of the claim (not independent evidence)"
        days = (
            ""
            if math.isnan(ref.deviation) or not ref.deviation
            else f", {int(ref.deviation)} day(s) apart"
        )
        sentences.append(
            f"{lead}: {text} ({_side(ref)}; {ref.tier}; "
            f"{ref.row[s.SPEAKER] or ref.row[s.SOURCE_ORG]}; {ref.describe_source()}) → "
            f"{ref.detail}{days}."
        )
        sentences.extend(f"  ({note})" for note in ref.notes)
    if outcome.verdict == UNVERIFIABLE and outcome.detail == "imprecise_reference":
        sentences.append(
            "Unverifiable (imprecise_reference): the reference is less precise than the claim and "
            "includes its date, so it neither confirms nor contradicts it."
        )
    elif outcome.detail == "no_data":
        sentences.append("Unverifiable (no_data): no reference figure covers it.")
    elif outcome.detail == "origin_only":
        sentences.append(_conclusion(claim, outcome))
    else:
        word = "Consistent" if outcome.verdict == CONSISTENT else "Inconsistent"
        sentences.append(
            f"{word} ({outcome.detail}): the {outcome.primary.tier} reference "
            + (
                "includes the stated date."
                if outcome.primary.supports
                else "excludes the stated date."
            )
        )
    return sentences
