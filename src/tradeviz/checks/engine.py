"""The verdict engine: each claim against every figure that bears on it.

For one claim the engine

1. gathers the figures about its subject (:mod:`tradeviz.checks.matching`): evidence of the
   same measure, unit and period, and near misses (other periods, units, related measures, the
   claim's own origin statements, statements quoted from the document itself), with the
   figures the tables imply (:mod:`tradeviz.checks.derived`: growth from two levels, a share
   from a part and its whole, a turnover from exports + imports, always within one table);
2. keeps the release of each figure that was current at the document's date (or the earliest)
   and remembers the latest revision;
3. compares each with the claim's tolerance (:mod:`tradeviz.checks.tolerance`);
4. weighs the evidence by tier, release and perspective (:mod:`tradeviz.checks.weigh`);
5. without evidence, says why — always ``unverifiable``.

Comparisons and records are judged table by table (:mod:`tradeviz.checks.relations`); targets
and forecasts are shown, never judged; an inconsistent claim is graded by
:mod:`tradeviz.checks.severity`. The result is one row per claim
(:data:`tradeviz.checks.vocab.VERDICT_COLUMNS`) with the primary reference, the deviation, the
tolerance and a plain explanation with the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from tradeviz import schema as s
from tradeviz.checks import matching, vocab
from tradeviz.checks.dates import as_of_day, compare_dates, parse_partial_date
from tradeviz.checks.derived import (
    claim_figures,
    investment_note,
    mirror_gap,
    other_readings,
)
from tradeviz.checks.explain import explain, explain_date
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.outcome import Outcome
from tradeviz.checks.products import evaluate_products
from tradeviz.checks.record import verdict_record
from tradeviz.checks.relations import evaluate_comparison, evaluate_record
from tradeviz.checks.severity import severity
from tradeviz.checks.tolerance import QUALIFIER_RULES, tolerance_for
from tradeviz.checks.weigh import pick, weigh, without_evidence
from tradeviz.heap import long_lived_frozen
from tradeviz.query import mask, partner_ranks, where
from tradeviz.query.memo import per_table, unchanged
from tradeviz.query.ranks import TABLE_KEY, uncertain_note
from tradeviz.query.rows import group_codes, records
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

    # The modules and the table's objects are there before the claims and stay after them:
    # collections during the check need not walk them again (tradeviz.heap). Checking changes
    # nothing in the table: what is remembered for it is checked once, not at each lookup.
    with long_lived_frozen(), unchanged(figures):
        _check_statement_ids(figures, claims)
        verdict_rows = [evaluate_claim(figures, claim) for claim in records(claims)]
    frame = pd.DataFrame.from_records(verdict_rows, columns=list(vocab.VERDICT_COLUMNS))
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
    for claim in records(claims):
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
    elif measure == "comparison":
        outcome = evaluate_comparison(figures, claim, weigh)
    elif measure == "record":
        outcome = evaluate_record(figures, claim, weigh)
    elif measure == "partner_rank":
        outcome = _evaluate_numeric(figures, claim, references=_rank_references(figures, claim))
    else:
        outcome = _evaluate_numeric(figures, claim)
    grade, reason = severity(claim, outcome)
    if grade:
        outcome.sentences.append(f"Severity: {grade} ({reason}).")
    if claim.get("status") == vocab.DRAFT:
        outcome.sentences.insert(0, "Draft: drafted from the text and not yet reviewed.")
    return verdict_record(claim, outcome)


#: Measures whose claims state an order, not a number (judged table by table, without a value).
ORDER_MEASURES = frozenset({"comparison", "record"})


def _not_judged(claim: dict[str, Any]) -> str:
    """Say why a claim is recorded but not judged (a target, a forecast, no number), else ""."""
    kind = claim.get("kind") or vocab.FACT
    if kind != vocab.FACT:
        return f"A {kind}: recorded and shown, never judged."
    measure = claim["measure"]
    numbered = measure in vocab.QUALITATIVE_MEASURES or measure in ORDER_MEASURES
    if not numbered and not claim["stated_value"]:
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
        references = _subject_references(figures, claim)
    references = matching.choose_vintages(references, as_of)
    _note_late(references, as_of)
    tolerance = tolerance_for(
        claim["stated_value"],
        claim["qualifier"],
        _scale(claim),
        words=claim.get("value_words") or None,
    )
    for ref in [r.revised for r in references if r.revised is not None]:
        ref.quantity = float(ref.row[s.VALUE]) * float(ref.row[s.SCALE])
        ref.supports = tolerance.contains(ref.quantity)
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
    outcome = weigh(claim, evidence, tolerance)
    if outcome is None:
        outcome = without_evidence(claim, references, tolerance)
    outcome.tolerance = tolerance
    outcome.hints = [r for r in references if r.relation != matching.MATCH]
    outcome.sentences = explain(claim, outcome)
    outcome.sentences.extend(other_readings(figures, claim, tolerance))
    outcome.sentences.extend(investment_note(figures, claim))
    outcome.sentences.extend(mirror_gap(figures, claim, outcome.evidence))
    if outcome.verdict == UNVERIFIABLE:
        outcome.sentences.extend(_other_partners(figures, claim))
    return outcome


#: The fields of a claim that decide its references (:func:`tradeviz.checks.derived.
#: claim_figures` and :func:`tradeviz.checks.matching.gather_references` read these alone).
REFERENCE_FIELDS = (
    "measure",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "unit",
    "products",
    "denominator",
    "origin_statements",
    "doc_url",
)
#: How many claim subjects' references are remembered per figures table.
SUBJECTS_REMEMBERED = 512


def _subject_references(figures: pd.DataFrame, claim: dict[str, Any]) -> list[Reference]:
    """Return every figure bearing on ``claim`` as a new :class:`Reference` (see below)."""
    key = tuple(claim.get(field) for field in REFERENCE_FIELDS)
    return [
        Reference(row=dict(row), relation=relation, role=role)
        for row, relation, role in _gathered(figures, key)
    ]


@per_table(limit=SUBJECTS_REMEMBERED)
def _gathered(figures: pd.DataFrame, key: tuple) -> tuple[tuple[dict[str, Any], str, str], ...]:
    """Return ``(row, relation, role)`` of each reference of a claim subject (once per table).

    Claims of several articles often share a subject (the same pair, flow and period); the
    engine changes the references it weighs, so each claim gets new ones built from these.
    """
    claim = dict(zip(REFERENCE_FIELDS, key, strict=True))
    found = matching.gather_references(claim_figures(figures, claim), claim)
    return tuple((ref.row, ref.relation, ref.role) for ref in found)


def _other_partners(figures: pd.DataFrame, claim: dict[str, Any]) -> list[str]:
    """Say when the claim's period is covered for other partners only (e.g. world totals)."""
    if matching.SUBJECT_RULES.get(claim["measure"], "pair") != "pair" or not claim["partner"]:
        return []
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    if start is None or end is None:
        return []
    # Which rows, not the rows: only two columns of the other partners' figures are read.
    inside = mask(
        figures,
        measure=claim["measure"],
        reporter=claim["reporter"],
        flow=claim["flow"],
        classification=s.TOTAL_CODE,
        exclude={s.PARTNER: (claim["partner"],)},
        within=(start, end),
    )
    own = mask(
        figures,
        measure=claim["measure"],
        reporter=claim["reporter"],
        partner=claim["partner"],
        flow=claim["flow"],
        classification=s.TOTAL_CODE,
        within=(start, end),
    )
    if not inside.any() or own.any():  # the partner's own shorter spans are listed as hints
        return []
    groups = figures.loc[inside, [s.SOURCE, s.PARTNER]].groupby([s.SOURCE, s.PARTNER]).size()
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


# --- ranks ------------------------------------------------------------------------------------
def _rank_references(figures: pd.DataFrame, claim: dict[str, Any]) -> list[Reference]:
    """Return the partner's rank in every table that lists countries, as references."""
    claim_start, claim_end = as_date(claim["period_start"]), as_date(claim["period_end"])
    references = []
    for row, notes, certain in _partner_rank_rows(
        figures, claim["reporter"], claim["flow"], claim["partner"]
    ):
        relation = matching.period_relation(
            claim_start,
            claim_end,
            as_date(row[s.PERIOD_START]),
            as_date(row[s.PERIOD_END]),
            stock=False,
        )
        ref = Reference(row=dict(row), relation=relation)
        ref.notes.extend(notes)
        if not certain:
            ref.relation = matching.OTHER_MEASURE if relation == matching.MATCH else relation
        references.append(ref)
    return references


@per_table
def _partner_rank_rows(
    figures: pd.DataFrame, reporter: str, flow: str, partner: str
) -> tuple[tuple[dict[str, Any], tuple[str, ...], bool], ...]:
    """Return the partner's rank in every table that lists countries (once per table).

    One ``(figure row, notes, certain)`` per table: the row is shaped as a figure of measure
    ``partner_rank``; the notes name the leading partners and, when the rank is not certain,
    why.
    """
    ranks = partner_ranks(figures, reporter, flow)
    found = []
    # The tables in the order they first appear (as ``groupby(sort=False)``), read as row
    # positions: a boolean take of every column per table costs more than the rest together.
    codes = group_codes(ranks, TABLE_KEY)
    tables, first_rows = np.unique(codes, return_index=True)
    partners = ranks["partner"].to_numpy()
    names, values_usd = ranks["partner"].tolist(), ranks["value_usd"].tolist()
    listing = []
    for code in tables[np.argsort(first_rows, kind="stable")]:
        members = np.flatnonzero(codes == code)
        own = members[partners[members] == partner]
        if len(own):
            listing.append((members, own[0]))
    # The partner's row of each table, read as dicts at once (a row read alone costs more).
    results = records(ranks.iloc[[at for _, at in listing]])
    for (members, _), result in zip(listing, results, strict=True):
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
        leaders = ", ".join(
            f"{i}. {names[at]} {format_quantity(values_usd[at], 'USD')}"
            for i, at in enumerate(members[:LEADERS_SHOWN], start=1)
        )
        notes = [f"ranked over {result['countries']} countries (aggregates excluded): {leaders}"]
        certain = bool(result["certain"])
        if not certain:
            notes.append(uncertain_note(result["remainder_usd"]))
        found.append((row, tuple(notes), certain))
    return tuple(found)


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
        primary = pick(evidence, claim, False)
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
    return as_of_day(claim.get("doc_date"))
