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
import math
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import matching, vocab
from tradeviz.checks.dates import compare_dates, parse_partial_date
from tradeviz.checks.explain import explain, explain_date
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.outcome import Outcome
from tradeviz.checks.products import evaluate_products
from tradeviz.checks.record import verdict_record
from tradeviz.checks.tolerance import QUALIFIER_RULES, Tolerance, tolerance_for
from tradeviz.query import partner_ranks, source_rank, where
from tradeviz.query.ranks import TABLE_KEY, uncertain_note
from tradeviz.text.numbers import format_period, format_quantity
from tradeviz.vocabulary import (
    CONSISTENT,
    INCONSISTENT,
    STATEMENTS,
    UNIT_DATE,
    UNIT_RANK,
    UNVERIFIABLE,
)

if TYPE_CHECKING:
    import pandas as pd

#: How many leading partners the note of a rank lists.
LEADERS_SHOWN = 3


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

    known = set(where(figures, source=STATEMENTS)[s.RECORD_ID])
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
    reason = _not_judged(claim)
    if reason:
        outcome = Outcome(UNVERIFIABLE, "not_judged", None, sentences=[reason])
    elif measure in vocab.QUALITATIVE_MEASURES:
        outcome = evaluate_products(figures, claim)
    elif claim["unit"] == UNIT_DATE:
        outcome = _evaluate_date(figures, claim)
    elif measure == "partner_rank":
        outcome = _evaluate_numeric(figures, claim, references=_rank_references(figures, claim))
    else:
        outcome = _evaluate_numeric(figures, claim)
    return verdict_record(claim, outcome)


def _not_judged(claim: dict[str, Any]) -> str:
    """Say why a claim is recorded but not judged (a target, a forecast, no number), else ""."""
    kind = claim.get("kind") or vocab.FACT
    if kind != vocab.FACT:
        return f"A {kind}: recorded and shown, never judged."
    if claim["measure"] not in vocab.QUALITATIVE_MEASURES and not claim["stated_value"]:
        return "Worded without a number: not judged."
    if claim["qualifier"] not in QUALIFIER_RULES:
        return f"The hedge {claim['qualifier']!r} has no tolerance rule: not judged."
    return ""


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
            ref.relation in matching.COMPARABLE_RELATIONS
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
    outcome.sentences = explain(claim, outcome)
    if outcome.verdict == UNVERIFIABLE:
        outcome.sentences.extend(_other_partners(figures, claim))
    return outcome


def _other_partners(figures: pd.DataFrame, claim: dict[str, Any]) -> list[str]:
    """Say when the claim's period is covered for other partners only (e.g. world totals)."""
    if matching.SUBJECT_RULES.get(claim["measure"], "pair") != "pair" or not claim["partner"]:
        return []
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if start is None or end is None:
        return []
    inside = where(
        figures,
        measure=claim["measure"],
        reporter=claim["reporter"],
        flow=claim["flow"],
        classification=s.TOTAL_CODE,
        exclude={s.PARTNER: (claim["partner"],)},
        within=(start, end),
    )
    if inside.empty:
        return []
    groups = inside.groupby([s.SOURCE, s.PARTNER]).size()
    listed = "; ".join(
        f"{source} {partner} ({n} figures)" for (source, partner), n in groups.items()
    )
    return [
        f"Within {format_period(start, end)} the tables hold this measure only for other "
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
                UNVERIFIABLE,
                "other_perspective_only",
                primary,
                evidence=evidence,
                supporting=supporting,
                contradicting=contradicting,
            )
        primary = _pick(own, claim, stock_window)
        if primary.supports:
            return Outcome(
                CONSISTENT,
                primary.detail,
                primary,
                evidence=evidence,
                supporting=supporting,
                contradicting=contradicting,
            )
        detail = "other_perspective_only" if any(r.supports for r in others) else primary.detail
        return Outcome(
            INCONSISTENT,
            detail,
            primary,
            evidence=evidence,
            supporting=supporting,
            contradicting=contradicting,
        )
    primary = _pick(evidence, claim, stock_window)
    if primary.supports:
        verdict, detail = CONSISTENT, primary.detail
    else:
        backers = [
            by_side[p]
            for p in supporting
            if p != primary.perspective and p != s.UNATTRIBUTED and by_side[p].tier == primary.tier
        ]
        if backers:
            verdict, detail, primary = CONSISTENT, "other_perspective_only", backers[0]
        else:
            verdict, detail = INCONSISTENT, primary.detail
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
        return Outcome(UNVERIFIABLE, "origin_only", _pick(origin, claim, False))
    undated = of(matching.UNDATED)
    if undated:
        return Outcome(UNVERIFIABLE, "statement_only", _pick(undated, claim, False))
    other_unit = of(matching.OTHER_UNIT)
    if other_unit:
        return Outcome(UNVERIFIABLE, "unit_mismatch", _pick(other_unit, claim, False))
    if of(matching.OTHER_PERIOD):
        return Outcome(UNVERIFIABLE, "period_mismatch", None)
    if of(matching.OTHER_MEASURE, same_measure=False) or of(matching.ORIGIN, same_measure=False):
        return Outcome(UNVERIFIABLE, "measure_mismatch", None)
    return Outcome(UNVERIFIABLE, "no_data", None)


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
        side = (
            0
            if ref.perspective == claim["reporter"]
            else (2 if ref.perspective == s.UNATTRIBUTED else 1)
        )
        end = ref.end or dt.date.min
        return (
            s.TIER_RANK.get(ref.tier, len(s.TIER_RANK)),
            source_rank(ref.row[s.SOURCE]),
            side,
            0 if (stock_window and ref.supports) else 1,
            -end.toordinal(),
            str(ref.row[s.RECORD_ID]),
            str(ref.row[s.FIGURE_ID]),
        )

    return sorted(refs, key=key)[0]


# --- ranks ------------------------------------------------------------------------------------
def _rank_references(figures: pd.DataFrame, claim: dict[str, Any]) -> list[Reference]:
    """Return the partner's rank in every table that lists countries, as references."""
    claim_start, claim_end = as_date(claim["period_start"]), as_date(claim["period_end"])
    ranks = partner_ranks(figures, claim["reporter"], claim["flow"])
    references = []
    for _, table in ranks.groupby(TABLE_KEY, dropna=False, sort=False):
        own = table[table["partner"] == claim["partner"]]
        if own.empty:
            continue
        result = own.iloc[0]
        row = {column: result[column] for column in s.FIGURE_COLUMNS}
        row.update(
            {
                s.MEASURE: "partner_rank",
                s.VALUE: float(result["rank"]),
                s.SCALE: 1.0,
                s.UNIT: UNIT_RANK,
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
            f"{i}. {code} {format_quantity(value, 'USD')}"
            for i, (code, value) in enumerate(
                zip(table["partner"], table["value_usd"], strict=True), start=1
            )
            if i <= LEADERS_SHOWN
        )
        ref.notes.append(
            f"ranked over {result['countries']} countries (aggregates excluded): {leaders}"
        )
        if not result["certain"]:
            ref.notes.append(uncertain_note(result["remainder_usd"]))
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
            UNVERIFIABLE,
            "origin_only" if origin else "no_data",
            origin[0] if origin else None,
            hints=origin,
        )
    else:
        primary = _pick(evidence, claim, False)
        verdict = {True: CONSISTENT, False: INCONSISTENT, None: UNVERIFIABLE}[primary.supports]
        outcome = Outcome(
            verdict,
            primary.detail,
            primary,
            evidence=evidence,
            supporting=sorted({r.perspective for r in evidence if r.supports}),
            contradicting=sorted({r.perspective for r in evidence if r.supports is False}),
        )
    outcome.sentences = explain_date(claim, outcome, (claim_start, claim_end), listed)
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


def _scale(claim: dict[str, Any]) -> float:
    return float(claim["scale"])


def _document_date(claim: dict[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(claim.get("doc_date") or "")[:10])
    except ValueError:
        return None
