"""How the evidence on a claim is weighed into a verdict (the rules of docs/conventions.md §10).

- **Tier first**: official statistics > official statements > press; within a tier a release
  published by the document's date, then a preliminary release of unknown date, then the rest;
  then the source order of :func:`tradeviz.query.source_rank`, the claim's own side, the
  latest date.
- **Perspective**: a claim that names a side is judged on that side's figures; one that names
  none on the best evidence, with the other side's agreement of the same tier reported as
  ``other_perspective_only``. Perspectives are never averaged.
- **Without evidence, say why**: origin only, undated statements, another unit, other
  periods, a related measure, nothing — always ``unverifiable``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tradeviz import schema as s
from tradeviz.checks import matching, vocab
from tradeviz.checks.dates import as_of_day
from tradeviz.checks.matching import Reference
from tradeviz.checks.outcome import Outcome
from tradeviz.checks.tolerance import Tolerance
from tradeviz.query import source_rank
from tradeviz.vocabulary import CONSISTENT, INCONSISTENT, STATEMENTS, UNVERIFIABLE


def weigh(
    claim: dict[str, Any], evidence: list[Reference], tolerance: Tolerance | None
) -> Outcome | None:
    """Return the verdict from the evidence, or None when there is none.

    ``tolerance`` is the claim's (None for orders and records); the evidence carries each
    reference's comparison with it already.
    """
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
            primary = pick(others, claim, stock_window)
            return Outcome(
                UNVERIFIABLE,
                "other_perspective_only",
                primary,
                evidence=evidence,
                supporting=supporting,
                contradicting=contradicting,
            )
        primary = pick(own, claim, stock_window)
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
    primary = pick(evidence, claim, stock_window)
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


def without_evidence(
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
        return Outcome(UNVERIFIABLE, "origin_only", pick(origin, claim, False))
    undated = of(matching.UNDATED)
    if undated:
        return Outcome(UNVERIFIABLE, "statement_only", pick(undated, claim, False))
    other_unit = of(matching.OTHER_UNIT)
    if other_unit:
        return Outcome(UNVERIFIABLE, "unit_mismatch", pick(other_unit, claim, False))
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
    return {side: pick(refs, claim, stock_window) for side, refs in sides.items()}


def pick(refs: list[Reference], claim: dict[str, Any], stock_window: bool) -> Reference:
    """Return the primary reference: best tier, then national tables, then the claim's side.

    For a stock stated over a window (an undated "today", "at the time of writing"), the claim
    holds if it held on some date of the window, so among equals a supporting figure comes
    first, then the latest date. Within a tier, a figure released by the document's date comes
    first, then a preliminary release of unknown date, then the rest: the author could have
    read the first, and probably the second.
    """
    as_of = as_of_day(claim.get("doc_date"))

    def key(ref: Reference) -> tuple:
        side = (
            0
            if ref.perspective == claim["reporter"]
            else (2 if ref.perspective == s.UNATTRIBUTED else 1)
        )
        end = ref.end or dt.date.min
        return (
            s.TIER_RANK.get(ref.tier, len(s.TIER_RANK)),
            _timing(ref, as_of),
            source_rank(ref.row[s.SOURCE]),
            side,
            0 if (stock_window and ref.supports) else 1,
            -end.toordinal(),
            str(ref.row[s.RECORD_ID]),
            str(ref.row[s.FIGURE_ID]),
        )

    return sorted(refs, key=key)[0]


#: How a figure's release relates to the document's date, best first: released by then; a
#: preliminary release of unknown date (the first figure published, soon after the period);
#: anything else (released later, or at an unknown date).
RELEASED_BEFORE, PRELIMINARY_UNDATED, RELEASED_OTHERWISE = 0, 1, 2


def _timing(ref: Reference, as_of: dt.date | None) -> int:
    """Return how early ``ref`` was released relative to ``as_of`` (lower is earlier)."""
    if as_of is None or ref.row[s.SOURCE] == STATEMENTS:
        return RELEASED_OTHERWISE
    released = matching.vintage_date(ref)
    if released is not None and released <= as_of:
        return RELEASED_BEFORE
    if released is None and ref.row.get(s.RELEASE) == "preliminary":
        return PRELIMINARY_UNDATED
    return RELEASED_OTHERWISE
