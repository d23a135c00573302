"""The verdict engine: each claim against every figure that bears on it.

For one claim the engine

1. gathers the figures about its subject (:mod:`tradeviz.checks.matching`): evidence of the
   same measure, unit and period, and near misses (other periods, units, related measures, the
   claim's own origin statements);
2. keeps the vintage of each figure that was current at the document's date (or the earliest);
3. compares each with the claim's tolerance (:mod:`tradeviz.checks.tolerance`);
4. weighs the evidence by tier (official statistics > official statements > press) and by
   perspective: a claim that names a side is judged on that side's figures, the other side's
   agreement is reported as ``other_perspective_only``; perspectives are never averaged;
5. without evidence, says why: the claim's origin only, undated statements, another unit,
   other periods, a related measure, or no data at all — always ``unverifiable``.

The result is one row per claim (:data:`tradeviz.checks.vocab.VERDICT_COLUMNS`) with the primary
reference, the deviation, the tolerance and a plain explanation with the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import fmt, matching, vocab
from tradeviz.checks.dates import compare_dates, parse_partial_date
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.tolerance import Tolerance, tolerance_for

if TYPE_CHECKING:
    import pandas as pd

#: Preferred source when several of the same tier agree in period: national tables first.
SOURCE_PREFERENCE = ("bns_annual", "bns_monthly", "comtrade", "wits", "statements")
#: How many other-period figures an explanation lists (nearest periods first).
HINTS_SHOWN = 6
#: Qualifiers whose tolerance is an interval around the value: only for these does "the stated
#: value holds for another period" say something (any larger total meets "more than").
TWO_SIDED_QUALIFIERS = ("exact", "about", "nearly")
#: Relations that count as a comparison of numbers (the unit is the claim's).
_COMPARABLE = (
    matching.MATCH,
    matching.UNDATED,
    matching.ORIGIN,
    matching.OTHER_PERIOD,
)
_QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "over": "more than ",
    "at_least": "at least ",
    "nearly": "nearly ",
    "under": "under ",
}


@dataclass
class Outcome:
    """What the engine concluded about one claim."""

    verdict: str
    detail: str
    primary: Reference | None = None
    tolerance: Tolerance | None = None
    evidence: list[Reference] = field(default_factory=list)
    hints: list[Reference] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)
    contradicting: list[str] = field(default_factory=list)


def check_claims(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Compare every claim with the reference figures and return one verdict per claim.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table (:data:`tradeviz.schema.FIGURE_COLUMNS`), e.g. from
        :func:`tradeviz.figures.load_figures`.
    claims : pandas.DataFrame
        The claims table from :func:`tradeviz.checks.load_claims`.

    Returns
    -------
    pandas.DataFrame
        One row per claim, columns :data:`tradeviz.checks.vocab.VERDICT_COLUMNS`: the verdict
        (consistent, inconsistent, unverifiable), its detail, the primary reference (value,
        source, perspective, tier, figure id), the deviation, the tolerance (as text and as
        ``tolerance_low``/``tolerance_high``), every reference weighed (JSON), the near misses
        (JSON) and a plain explanation with the arithmetic.
    """
    import pandas as pd

    _check_statement_ids(figures, claims)
    records = [evaluate_claim(figures, claim) for claim in claims.to_dict("records")]
    frame = pd.DataFrame.from_records(records, columns=list(vocab.VERDICT_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    for column in (
        "stated_quantity",
        "scale",
        "reference_value",
        "deviation",
        "deviation_rel",
        "tolerance_low",
        "tolerance_high",
    ):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def _check_statement_ids(figures: pd.DataFrame, claims: pd.DataFrame) -> None:
    """Refuse a claim that names a statement id the figures do not hold (a typo, a stale id).

    Only when the figures hold statements at all (a table built without ``statements.csv``
    cannot tell).
    """
    from tradeviz.errors import InputError

    known = set(figures.loc[figures[s.SOURCE] == "statements", s.RECORD_ID])
    if not known:
        return
    for claim in claims.to_dict("records"):
        for column in ("origin_statements", "reference_statements"):
            for statement_id in filter(None, str(claim.get(column) or "").split(";")):
                if statement_id not in known:
                    raise InputError(
                        "claim names a statement that is not in the figures",
                        file=claim.get("claims_file") or None,
                        row=f"claim {claim['claim_id']!r}",
                        field=column,
                        expected="a statement_id of statements.csv",
                        found=statement_id,
                    )


def evaluate_claim(figures: pd.DataFrame, claim: dict[str, Any]) -> dict[str, Any]:
    """Return the verdict record of one claim (a row of :func:`check_claims`)."""
    measure = claim["measure"]
    if measure in vocab.QUALITATIVE_MEASURES:
        from tradeviz.checks.products import evaluate_products

        outcome = evaluate_products(figures, claim)
    elif claim["unit"] == "date":
        outcome = _evaluate_date(figures, claim)
    elif measure == "partner_rank":
        outcome = _evaluate_numeric(figures, claim, references=_rank_references(figures, claim))
    else:
        outcome = _evaluate_numeric(figures, claim)
    return _record(claim, outcome)


# --- numbers ----------------------------------------------------------------------------------
def _evaluate_numeric(
    figures: pd.DataFrame, claim: dict[str, Any], references: list[Reference] | None = None
) -> Outcome:
    as_of = _document_date(claim)
    if references is None:
        references = matching.gather_references(figures, claim)
    references = matching.choose_vintages(references, as_of)
    _note_late(references, as_of)
    tolerance = tolerance_for(claim["stated_value"], claim["qualifier"], _scale(claim))
    for ref in references:
        ref.quantity = float(ref.row[s.VALUE]) * float(ref.row[s.SCALE])
        comparable = (
            ref.relation in _COMPARABLE
            and ref.row[s.MEASURE] == claim["measure"]
            and ref.row[s.UNIT] == claim["unit"]
        )
        if comparable and not math.isnan(ref.quantity):
            ref.detail = tolerance.classify(ref.quantity)
            ref.supports = tolerance.contains(ref.quantity)
            ref.deviation = ref.quantity - tolerance.stated
    evidence = [r for r in references if r.relation == matching.MATCH]
    outcome = _weigh(claim, evidence, tolerance)
    if outcome is None:
        outcome = _without_evidence(claim, references, tolerance)
    outcome.tolerance = tolerance
    outcome.hints = [r for r in references if r.relation != matching.MATCH]
    outcome.sentences = _explain(claim, outcome)
    if outcome.verdict == vocab.UNVERIFIABLE:
        outcome.sentences.extend(_other_partners(figures, claim))
    return outcome


def _other_partners(figures: pd.DataFrame, claim: dict[str, Any]) -> list[str]:
    """Say when the claim's period is covered for other partners only (e.g. world totals)."""
    if matching.SUBJECT_RULES.get(claim["measure"], "pair") != "pair" or not claim["partner"]:
        return []
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if start is None or end is None:
        return []
    rows = figures[
        (figures[s.MEASURE] == claim["measure"])
        & (figures[s.REPORTER] == claim["reporter"])
        & (figures[s.FLOW] == claim["flow"])
        & (figures[s.PARTNER] != claim["partner"])
        & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
    ]
    import pandas as pd

    inside = rows[
        (rows[s.PERIOD_START] >= pd.Timestamp(start)) & (rows[s.PERIOD_END] <= pd.Timestamp(end))
    ]
    if inside.empty:
        return []
    groups = inside.groupby([s.SOURCE, s.PARTNER]).size()
    listed = "; ".join(
        f"{source} {partner} ({n} figures)" for (source, partner), n in groups.items()
    )
    return [
        f"Within {fmt.format_period(start, end)} the tables hold this measure only for other "
        f"partners: {listed}; none for {claim['partner']}."
    ]


def _note_late(references: list[Reference], as_of: dt.date | None) -> None:
    """Note the figures released after the document (its author could not have known them)."""
    if as_of is None:
        return
    for ref in references:
        released = matching.vintage_date(ref)
        if released is not None and released > as_of:
            ref.notes.append(
                f"vintage {released.isoformat()} postdates the document ({as_of.isoformat()})"
            )


def _weigh(
    claim: dict[str, Any], evidence: list[Reference], tolerance: Tolerance
) -> Outcome | None:
    """Return the verdict from the evidence, or None when there is none."""
    if not evidence:
        return None
    named = claim["stated_perspective"]
    stock_window = claim["measure"] in matching.STOCK_MEASURES
    by_side = _best_per_perspective(evidence, claim, stock_window)
    supporting = sorted(p for p, ref in by_side.items() if ref.supports)
    contradicting = sorted(p for p, ref in by_side.items() if not ref.supports)
    if named != vocab.UNSPECIFIED:
        own = [r for r in evidence if r.perspective == named]
        others = [r for r in evidence if r.perspective != named]
        if not own:
            primary = _pick(others, claim, stock_window)
            return Outcome(
                vocab.UNVERIFIABLE,
                "other_perspective_only",
                primary,
                evidence=evidence,
                supporting=supporting,
                contradicting=contradicting,
            )
        primary = _pick(own, claim, stock_window)
        if primary.supports:
            return Outcome(
                vocab.CONSISTENT,
                primary.detail,
                primary,
                evidence=evidence,
                supporting=supporting,
                contradicting=contradicting,
            )
        detail = "other_perspective_only" if any(r.supports for r in others) else primary.detail
        return Outcome(
            vocab.INCONSISTENT,
            detail,
            primary,
            evidence=evidence,
            supporting=supporting,
            contradicting=contradicting,
        )
    primary = _pick(evidence, claim, stock_window)
    if primary.supports:
        verdict, detail = vocab.CONSISTENT, primary.detail
    else:
        backers = [
            by_side[p]
            for p in supporting
            if p != primary.perspective and p != s.UNATTRIBUTED and by_side[p].tier == primary.tier
        ]
        if backers:
            verdict, detail, primary = vocab.CONSISTENT, "other_perspective_only", backers[0]
        else:
            verdict, detail = vocab.INCONSISTENT, primary.detail
    return Outcome(
        verdict,
        detail,
        primary,
        evidence=evidence,
        supporting=supporting,
        contradicting=contradicting,
    )


def _without_evidence(
    claim: dict[str, Any], references: list[Reference], tolerance: Tolerance
) -> Outcome:
    """Say why a claim without evidence is unverifiable (always ``unverifiable``)."""

    def of(relation: str, same_measure: bool = True) -> list[Reference]:
        return [
            r
            for r in references
            if r.relation == relation and (not same_measure or r.row[s.MEASURE] == claim["measure"])
        ]

    origin = of(matching.ORIGIN)
    if origin:
        return Outcome(vocab.UNVERIFIABLE, "origin_only", _pick(origin, claim, False))
    undated = of(matching.UNDATED)
    if undated:
        return Outcome(vocab.UNVERIFIABLE, "statement_only", _pick(undated, claim, False))
    other_unit = of(matching.OTHER_UNIT)
    if other_unit:
        return Outcome(vocab.UNVERIFIABLE, "unit_mismatch", _pick(other_unit, claim, False))
    if of(matching.OTHER_PERIOD):
        return Outcome(vocab.UNVERIFIABLE, "period_mismatch", None)
    if of(matching.OTHER_MEASURE, same_measure=False) or of(matching.ORIGIN, same_measure=False):
        return Outcome(vocab.UNVERIFIABLE, "measure_mismatch", None)
    return Outcome(vocab.UNVERIFIABLE, "no_data", None)


def _best_per_perspective(
    evidence: list[Reference], claim: dict[str, Any], stock_window: bool
) -> dict[str, Reference]:
    sides: dict[str, list[Reference]] = {}
    for ref in evidence:
        sides.setdefault(ref.perspective, []).append(ref)
    return {side: _pick(refs, claim, stock_window) for side, refs in sides.items()}


def _pick(refs: list[Reference], claim: dict[str, Any], stock_window: bool) -> Reference:
    """Return the primary reference: best tier, then national tables, then the claim's side.

    For a stock stated over a window (an undated "today", "at the time of writing"), the claim
    holds if it held on some date of the window, so among equals a supporting figure comes
    first, then the latest date.
    """

    def key(ref: Reference) -> tuple:
        source = ref.row[s.SOURCE]
        preference = (
            SOURCE_PREFERENCE.index(source)
            if source in SOURCE_PREFERENCE
            else len(SOURCE_PREFERENCE)
        )
        side = (
            0
            if ref.perspective == claim["reporter"]
            else (2 if ref.perspective == s.UNATTRIBUTED else 1)
        )
        end = ref.end or dt.date.min
        return (
            s.TIER_RANK.get(ref.tier, len(s.TIER_RANK)),
            preference,
            side,
            0 if (stock_window and ref.supports) else 1,
            -end.toordinal(),
            str(ref.row[s.RECORD_ID]),
            str(ref.row[s.FIGURE_ID]),
        )

    return sorted(refs, key=key)[0]


# --- ranks ------------------------------------------------------------------------------------
def _rank_references(figures: pd.DataFrame, claim: dict[str, Any]) -> list[Reference]:
    from tradeviz.checks.ranks import partner_ranks

    claim_start, claim_end = as_date(claim["period_start"]), as_date(claim["period_end"])
    references = []
    for result in partner_ranks(figures, claim["reporter"], claim["partner"], claim["flow"]):
        row = dict(result.row)
        row.update(
            {
                s.MEASURE: "partner_rank",
                s.VALUE: float(result.rank),
                s.SCALE: 1.0,
                s.UNIT: "rank",
                s.VALUE_USD: float("nan"),
            }
        )
        relation = matching.period_relation(
            claim_start,
            claim_end,
            as_date(row[s.PERIOD_START]),
            as_date(row[s.PERIOD_END]),
            stock=False,
        )
        ref = Reference(row=row, relation=relation)
        leaders = ", ".join(
            f"{i}. {code} {fmt.format_quantity(q, 'USD')}"
            for i, (code, q) in enumerate(result.leaders, start=1)
        )
        ref.notes.append(
            f"ranked over {result.countries} countries (aggregates excluded): {leaders}"
        )
        if not result.certain:
            ref.notes.append(
                f"not certain: countries missing from the table add up to "
                f"{fmt.format_quantity(result.remainder, 'USD')}, more than the partner's value"
            )
            ref.relation = matching.OTHER_MEASURE if relation == matching.MATCH else relation
        references.append(ref)
    return references


# --- dates ------------------------------------------------------------------------------------
def _evaluate_date(figures: pd.DataFrame, claim: dict[str, Any]) -> Outcome:
    claim_start, claim_end, _ = parse_partial_date(claim["stated_value"])
    listed = [i for i in str(claim.get("reference_statements") or "").split(";") if i]
    origins = [i for i in str(claim.get("origin_statements") or "").split(";") if i]
    references = matching.statement_references(figures, claim, listed)
    references += [
        Reference(row=r.row, relation=matching.ORIGIN)
        for r in matching.statement_references(figures, claim, origins)
    ]
    for ref in references:
        start, end, cap_note = _reference_days(ref)
        if start is None:
            continue
        ref.detail, days = compare_dates((claim_start, claim_end), (start, end))
        ref.supports = {"exact": True, "within_rounding": True, "beyond_tolerance": False}.get(
            ref.detail
        )
        ref.deviation = float(days)
        if cap_note:
            ref.notes.append(cap_note)
    evidence = [r for r in references if r.relation == matching.MATCH and r.detail]
    if not evidence:
        origin = [r for r in references if r.relation == matching.ORIGIN]
        outcome = Outcome(
            vocab.UNVERIFIABLE,
            "origin_only" if origin else "no_data",
            origin[0] if origin else None,
            hints=origin,
        )
    else:
        primary = _pick(evidence, claim, False)
        verdict = {True: vocab.CONSISTENT, False: vocab.INCONSISTENT, None: vocab.UNVERIFIABLE}[
            primary.supports
        ]
        outcome = Outcome(
            verdict,
            primary.detail,
            primary,
            evidence=evidence,
            supporting=sorted({r.perspective for r in evidence if r.supports}),
            contradicting=sorted({r.perspective for r in evidence if r.supports is False}),
        )
    outcome.sentences = _explain_date(claim, outcome, (claim_start, claim_end), listed)
    return outcome


def _reference_days(ref: Reference) -> tuple[dt.date | None, dt.date | None, str]:
    """Return the days a dated statement allows, capped by its publication date.

    An event a statement reports as having happened cannot be later than the day the statement
    was published (its ``vintage``), so a month stated in an item published mid-month ends there.
    """
    text = str(ref.row[s.VALUE_TEXT] or "")
    try:
        start, end, _ = parse_partial_date(text)
    except ValueError:
        start, end = ref.start, ref.end
        if start is None or end is None:
            return None, None, ""
    published = matching.vintage_date(ref)
    if published is not None and start <= published < end:
        note = (
            f"published {published.isoformat()}: the event it reports happened by then, so the "
            f"reference is {start.isoformat()}..{published.isoformat()}"
        )
        return start, published, note
    return start, end, ""


# --- explanations -----------------------------------------------------------------------------
def _stated_text(claim: dict[str, Any]) -> str:
    word = _QUALIFIER_WORDS.get(claim["qualifier"], "")
    if claim["unit"] == "date":
        return f"{word}{claim['stated_value']}"
    quantity = _stated_quantity(claim)
    return word + fmt.format_quantity(quantity, claim["unit"])


def _side(ref: Reference) -> str:
    return f"{ref.perspective} side" if ref.perspective != s.UNATTRIBUTED else "no side named"


def _describe_ref(ref: Reference, unit: str) -> str:
    value = fmt.format_quantity(ref.quantity, str(ref.row[s.UNIT]))
    who = _side(ref)
    if ref.role == matching.MIRROR:
        who += f", mirror ({ref.row[s.REPORTER]} {ref.row[s.FLOW]})"
    speaker = f"{ref.row[s.SPEAKER]}, " if ref.row[s.SPEAKER] else ""
    period = fmt.format_period(ref.start, ref.end)
    text = f"{value} ({period}; {who}; {ref.tier}; {speaker}{ref.describe_source()})"
    if ref.row[s.QUALIFIER] not in ("", "exact"):
        text += f" [worded '{ref.row[s.QUALIFIER]}']"
    return text


def _judge(ref: Reference, unit: str, tolerance: Tolerance | None) -> str:
    if ref.supports is None or tolerance is None:
        return ""
    difference = fmt.format_difference(ref.deviation, unit)
    place = "inside" if ref.supports else "outside"
    return f" → {difference}, {place} the tolerance ({ref.detail})"


#: Units whose values are whole numbers: a claim holds only if the reference equals it.
WHOLE_NUMBER_UNITS = ("rank", "ordinal")


def tolerance_text(tolerance: Tolerance, unit: str) -> str:
    """Return the tolerance rule and interval in words (ranks and ordinals must be equal)."""
    if unit in WHOLE_NUMBER_UNITS and tolerance.qualifier == "exact":
        return f"a {unit} is a whole number: the reference must equal {tolerance.stated:g}"
    return tolerance.describe(lambda v: fmt.format_quantity(v, unit))


def _explain(claim: dict[str, Any], outcome: Outcome) -> list[str]:
    unit = claim["unit"]
    tolerance = outcome.tolerance
    period = fmt.format_period(as_date(claim["period_start"]), as_date(claim["period_end"]))
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
    sentences.extend(_hint_sentences(claim, outcome))
    if claim.get("note"):
        sentences.append(f"Note: {claim['note']}")
    return sentences


def _conclusion(claim: dict[str, Any], outcome: Outcome) -> str:
    detail = outcome.detail
    primary = outcome.primary
    named = claim["stated_perspective"]
    if outcome.verdict == vocab.CONSISTENT:
        text = (
            f"Consistent ({detail}): the {primary.tier} figure of the {primary.perspective} "
            "side supports the claim"
        )
        if outcome.contradicting:
            text += "; the " + ", ".join(outcome.contradicting) + " side's figure does not"
        return text + "."
    if outcome.verdict == vocab.INCONSISTENT:
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
            judge = _judge(ref, unit, tolerance) if relation in _COMPARABLE else ""
            sentences.append(f"{label}: {_describe_ref(ref, unit)}{judge}.")
            sentences.extend(f"  ({note})" for note in ref.notes)
    others = [h for h in outcome.hints if h.relation == matching.OTHER_PERIOD]
    claim_period = fmt.format_period(as_date(claim["period_start"]), as_date(claim["period_end"]))
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
                f"{fmt.format_period(h.start, h.end)} {fmt.format_quantity(h.quantity, unit)} "
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
                f"{fmt.format_period(h.start, h.end)} "
                f"{fmt.format_quantity(h.quantity, str(h.row[s.UNIT]))} "
                f"({h.row[s.SOURCE]}, {h.perspective} side)"
                for h in shown
            )
            sentences.append(f"Other periods: {listed}.")
    return sentences


def _explain_date(
    claim: dict[str, Any], outcome: Outcome, interval: tuple[dt.date, dt.date], listed: list[str]
) -> list[str]:
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
        text = str(ref.row[s.VALUE_TEXT] or fmt.format_period(ref.start, ref.end))
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
    if outcome.verdict == vocab.UNVERIFIABLE and outcome.detail == "imprecise_reference":
        sentences.append(
            "Unverifiable (imprecise_reference): the reference is less precise than the claim and "
            "includes its date, so it neither confirms nor contradicts it."
        )
    elif outcome.detail == "no_data":
        sentences.append("Unverifiable (no_data): no reference figure covers it.")
    elif outcome.detail == "origin_only":
        sentences.append(_conclusion(claim, outcome))
    else:
        word = "Consistent" if outcome.verdict == vocab.CONSISTENT else "Inconsistent"
        sentences.append(
            f"{word} ({outcome.detail}): the {outcome.primary.tier} reference "
            + (
                "includes the stated date."
                if outcome.primary.supports
                else "excludes the stated date."
            )
        )
    return sentences


# --- the record -------------------------------------------------------------------------------
def _record(claim: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    primary = outcome.primary
    tolerance = outcome.tolerance
    stated_quantity = _stated_quantity(claim)
    unit = claim["unit"]
    deviation = (
        primary.deviation if primary is not None and primary.supports is not None else math.nan
    )
    if unit == "date":
        deviation = math.nan
    relative = (
        deviation / stated_quantity
        if not math.isnan(deviation)
        and stated_quantity not in (0.0,)
        and not math.isnan(stated_quantity)
        else math.nan
    )
    rule = ""
    if tolerance is not None:
        rule = tolerance_text(tolerance, unit)
    elif unit == "date":
        rule = (
            "a date: the reference must lie within the stated date's precision "
            "(its year, month or day)"
        )
    return {
        "document": claim["document"],
        "claim_id": claim["claim_id"],
        "excerpt": claim["excerpt"],
        "measure": claim["measure"],
        "period_start": claim["period_start"],
        "period_end": claim["period_end"],
        "stated_value": claim["stated_value"],
        "stated_quantity": stated_quantity,
        "unit": unit,
        "scale": claim["scale"],
        "qualifier": claim["qualifier"],
        "stated_perspective": claim["stated_perspective"],
        "verdict": outcome.verdict,
        "detail": outcome.detail,
        "reference_value": primary.quantity if primary is not None else math.nan,
        "reference_unit": str(primary.row[s.UNIT]) if primary is not None else "",
        "reference_value_text": str(primary.row[s.VALUE_TEXT] or "") if primary is not None else "",
        "reference_source": primary.row[s.SOURCE] if primary is not None else "",
        "reference_perspective": primary.perspective if primary is not None else "",
        "reference_tier": primary.tier if primary is not None else "",
        "reference_figure_id": primary.row[s.FIGURE_ID] if primary is not None else "",
        "reference_period": fmt.format_period(primary.start, primary.end)
        if primary is not None
        else "",
        "deviation": deviation,
        "deviation_rel": relative,
        "tolerance": rule,
        "tolerance_low": tolerance.low if tolerance is not None else math.nan,
        "tolerance_high": tolerance.high if tolerance is not None else math.nan,
        "supporting_perspectives": ";".join(outcome.supporting),
        "contradicting_perspectives": ";".join(outcome.contradicting),
        "references": json.dumps([_ref_json(r) for r in outcome.evidence], ensure_ascii=False),
        "hints": json.dumps([_ref_json(r) for r in outcome.hints], ensure_ascii=False),
        "explanation": "\n".join(outcome.sentences),
    }


def _ref_json(ref: Reference) -> dict[str, Any]:
    row = ref.row
    value = ref.quantity
    return {
        "value": None if math.isnan(value) else value,
        "value_text": str(row[s.VALUE_TEXT] or ""),
        "unit": str(row[s.UNIT]),
        "source": str(row[s.SOURCE]),
        "source_org": str(row[s.SOURCE_ORG]),
        "perspective": ref.perspective,
        "tier": ref.tier,
        "role": ref.role,
        "relation": ref.relation,
        "measure": str(row[s.MEASURE]),
        "period": fmt.format_period(ref.start, ref.end),
        "vintage": str(row[s.VINTAGE]),
        "locator": str(row[s.LOCATOR]),
        "figure_id": str(row[s.FIGURE_ID]),
        "record_id": str(row[s.RECORD_ID]),
        "speaker": str(row[s.SPEAKER]),
        "qualifier": str(row[s.QUALIFIER]),
        "detail": ref.detail,
        "supports": ref.supports,
        "deviation": None if math.isnan(ref.deviation) else ref.deviation,
        "notes": list(ref.notes),
    }


def _stated_quantity(claim: dict[str, Any]) -> float:
    if claim["unit"] in ("", "date") or not claim["stated_value"]:
        return math.nan
    return float(claim["stated_value"]) * float(claim["scale"])


def _scale(claim: dict[str, Any]) -> float:
    return float(claim["scale"])


def _document_date(claim: dict[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(claim.get("doc_date") or "")[:10])
    except ValueError:
        return None
