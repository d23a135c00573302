"""Claims of order: one partner ahead of or behind another, "overtook", and "record high".

- **Comparison** (``comparison``, ``other_partner``, ``relation``): in every table that states
  both partners for the claim's period and flow (:func:`tradeviz.query.compare.paired_totals`),
  ``ahead_of`` holds when the partner's value is larger, ``behind`` when smaller, ``overtook``
  when it is larger now and was smaller in the same span a year earlier in the same table. The
  explanation says since when the partner has been ahead, by whose figures.
- **Record** (``record``): the claim's period holds the highest value of the series the source
  publishes (the same span in every year; each period in the release current at the
  document's date) (:func:`tradeviz.query.compare.published_series`).

Each table gives a :class:`~tradeviz.checks.matching.Reference` whose ``supports`` says whether
the order holds; the engine weighs them by tier, release and perspective like any figure. A
wrong order is a gross error (:mod:`tradeviz.checks.severity`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import matching
from tradeviz.checks.dates import as_of_day
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.outcome import Outcome
from tradeviz.query.compare import paired_totals, published_series
from tradeviz.query.growth import year_earlier
from tradeviz.query.rows import kept_rows, records
from tradeviz.query.sources import source_rank
from tradeviz.text.numbers import format_period, format_quantity
from tradeviz.vocabulary import CONSISTENT, UNIT_USD, UNVERIFIABLE

if TYPE_CHECKING:
    import pandas as pd

#: Weighs a claim's evidence into an outcome (the engine's rule), or None without evidence.
Weigh = Callable[[dict[str, Any], list[Reference], Any], "Outcome | None"]

RELATION_WORDS = {"ahead_of": "ahead of", "behind": "behind", "overtook": "overtook"}


def _holds(relation: str, value: float, other: float, before: tuple[float, float] | None):
    if relation == "ahead_of":
        return value > other
    if relation == "behind":
        return value < other
    if before is None:
        return None  # "overtook" needs the same table's previous period
    return value > other and before[0] < before[1]


def evaluate_comparison(figures: pd.DataFrame, claim: dict[str, Any], weigh: Weigh) -> Outcome:
    """Return the outcome of a ``comparison`` claim (see the module's rules)."""
    other, relation = claim.get("other_partner") or "", claim.get("relation") or ""
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    pairs = paired_totals(figures, claim["reporter"], claim["partner"], other, claim["flow"])
    by_table = {
        (r[s.SOURCE], r[s.VINTAGE], as_date(r[s.PERIOD_START]), as_date(r[s.PERIOD_END])): r
        for r in records(pairs)
    }
    references = []
    for (source, vintage, first, last), row in by_table.items():
        earlier = by_table.get((source, vintage, *_year_before(first, last)))
        if earlier is None and first is not None:  # a year to date: the previous full year
            earlier = by_table.get(
                (source, vintage, dt.date(first.year - 1, 1, 1), dt.date(first.year - 1, 12, 31))
            )
        before = (earlier["value"], earlier["other_value"]) if earlier else None
        holds = _holds(relation, row["value"], row["other_value"], before)
        ref = Reference(
            row={**row, s.MEASURE: "comparison", s.UNIT: UNIT_USD, s.SCALE: 1.0},
            relation=matching.period_relation(start, end, first, last, stock=False),
            quantity=row["value"] - row["other_value"],
            supports=holds,
            detail="" if holds is None else ("exact" if holds else "beyond_tolerance"),
        )
        ref.notes.append(_pair_text(claim, row, earlier))
        if holds is None:
            ref.relation = matching.OTHER_MEASURE
        references.append(ref)
    references = matching.choose_vintages(references, _day(claim))
    evidence = [r for r in references if r.relation == matching.MATCH]
    outcome = weigh(claim, evidence, None) if evidence else None
    if outcome is None:
        periods = [r for r in references if r.relation == matching.OTHER_PERIOD]
        outcome = Outcome(UNVERIFIABLE, "period_mismatch" if periods else "no_data")
    outcome.hints = [r for r in references if r.relation != matching.MATCH]
    stated = f"{claim['partner']} {RELATION_WORDS.get(relation, relation)} {other}"
    outcome.sentences = [
        f"Stated: {stated} in {claim['reporter']}'s {claim['flow']} ({format_period(start, end)})."
    ]
    outcome.sentences += _evidence_sentences(outcome)
    outcome.sentences += _other_period_sentences(outcome, end)
    outcome.sentences.append(_since_when(pairs, claim, other))
    outcome.sentences.append(_conclusion(outcome, stated))
    return outcome


def evaluate_record(figures: pd.DataFrame, claim: dict[str, Any], weigh: Weigh) -> Outcome:
    """Return the outcome of a ``record`` claim (see the module's rules)."""
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    series = published_series(
        figures, claim["reporter"], claim["partner"], claim["flow"], start, end, _day(claim)
    )
    evidence = []
    for (source, perspective), rows in series.groupby([s.SOURCE, s.PERSPECTIVE], sort=False):
        this = rows[
            (rows[s.PERIOD_START].map(as_date) == start) & (rows[s.PERIOD_END].map(as_date) == end)
        ]
        if this.empty:
            continue
        row = this.iloc[0].to_dict()
        others = rows.drop(this.index)
        # A record is the highest up to its period: later periods did not exist yet.
        others = others[others[s.PERIOD_END].map(as_date) < end]
        highest = others["value_usd_pair"].max() if not others.empty else float("nan")
        holds = bool(others.empty or row["value_usd_pair"] > highest)
        ref = Reference(
            row={**row, s.MEASURE: "record", s.UNIT: UNIT_USD, s.SCALE: 1.0},
            relation=matching.MATCH,
            quantity=row["value_usd_pair"],
            supports=holds,
            detail="exact" if holds else "beyond_tolerance",
        )
        years = rows[rows[s.PERIOD_END].map(as_date) <= end][s.PERIOD_START].map(
            lambda d: as_date(d).year
        )
        if others.empty:
            ref.notes.append(f"{source} gives no other period of this span to compare with")
        else:
            top = others.loc[others["value_usd_pair"].idxmax()]
            ref.notes.append(
                f"{source} ({perspective} side) series {years.min()}–{years.max()}: the highest "
                f"other period is {_period_of(top)} "
                f"{format_quantity(float(top['value_usd_pair']), UNIT_USD)}"
            )
        evidence.append(ref)
    outcome = weigh(claim, evidence, None) if evidence else None
    if outcome is None:
        outcome = Outcome(UNVERIFIABLE, "period_mismatch" if not series.empty else "no_data")
    stated = f"{format_period(start, end)} is the highest in the series"
    outcome.sentences = [f"Stated: {stated} ({claim['subject']})."]
    outcome.sentences += _evidence_sentences(outcome)
    outcome.sentences.append(_conclusion(outcome, stated))
    return outcome


def _period_of(row: Any) -> str:
    return format_period(as_date(row[s.PERIOD_START]), as_date(row[s.PERIOD_END]))


def _year_before(first: dt.date | None, last: dt.date | None) -> tuple:
    if first is None or last is None:
        return (None, None)
    return (year_earlier(first), year_earlier(last))


def _day(claim: dict[str, Any]) -> dt.date | None:
    return as_of_day(claim.get("doc_date"))


def _pair_text(claim: dict[str, Any], row: dict, earlier: dict | None) -> str:
    text = (
        f"{row[s.SOURCE]} ({row[s.PERSPECTIVE]} side): {claim['partner']} "
        f"{format_quantity(row['value'], UNIT_USD)}, {claim['other_partner']} "
        f"{format_quantity(row['other_value'], UNIT_USD)}"
    )
    if earlier is not None:
        span = format_period(as_date(earlier[s.PERIOD_START]), as_date(earlier[s.PERIOD_END]))
        text += (
            f"; in {span} {format_quantity(earlier['value'], UNIT_USD)} and "
            f"{format_quantity(earlier['other_value'], UNIT_USD)}"
        )
    return text


def _evidence_sentences(outcome: Outcome) -> list[str]:
    sentences = []
    for ref in sorted(outcome.evidence, key=lambda r: r is not outcome.primary):
        lead = "Primary reference" if ref is outcome.primary else "Also"
        where = f"{ref.row[s.SOURCE]}, vintage {ref.row[s.VINTAGE]}"
        verdict = "holds" if ref.supports else "does not hold"
        notes = "; ".join(ref.notes)
        sentences.append(
            f"{lead}: {format_period(ref.start, ref.end)} ({where}): {notes} → {verdict}."
        )
    return sentences


#: How many other periods a comparison's explanation lists (the nearest first).
OTHER_PERIODS_SHOWN = 4


def _other_period_sentences(outcome: Outcome, end: dt.date | None) -> list[str]:
    """List the nearest other periods' comparisons (hints, never evidence)."""
    others = [h for h in outcome.hints if h.relation == matching.OTHER_PERIOD and h.end]
    if not others or end is None:
        return []
    nearest = sorted(others, key=lambda h: (abs((h.end - end).days), h.row[s.SOURCE]))
    listed = "; ".join(
        f"{format_period(h.start, h.end)}: {h.notes[0]} → "
        + (
            "holds"
            if h.supports
            else "does not hold"
            if h.supports is False
            else "no earlier period"
        )
        for h in nearest[:OTHER_PERIODS_SHOWN]
    )
    return [f"Other periods (not evidence for the claim's period): {listed}."]


def _since_when(pairs: pd.DataFrame, claim: dict[str, Any], other: str) -> str:
    """Say since which year the partner has been ahead, in the preferred table series."""
    annual = kept_rows(pairs, pairs[s.FREQ] == "A")
    if annual.empty:
        return f"No annual table states both {claim['partner']} and {other}."
    source = min(annual[s.SOURCE], key=source_rank)
    rows = kept_rows(annual, annual[s.SOURCE] == source).sort_values(s.VINTAGE)
    by_year = {as_date(r[s.PERIOD_START]).year: r for r in records(rows)}
    years = sorted(by_year)
    ahead = [y for y in years if by_year[y]["value"] > by_year[y]["other_value"]]
    if not ahead:
        return (
            f"By {source}'s figures ({years[0]}–{years[-1]}) {claim['partner']} was behind "
            f"{other} in every year."
        )
    run = [y for y in years if y >= ahead[0]]
    since = next((y for y in reversed(years) if y not in ahead), None)
    first = (since + 1) if since is not None else years[0]
    if first > years[-1]:
        first = ahead[-1]
    return (
        f"By {source}'s figures ({years[0]}–{years[-1]}), {claim['partner']} has been ahead of "
        f"{other} since {first}" + ("" if run == ahead else " (not in every year between)") + "."
    )


def _conclusion(outcome: Outcome, stated: str) -> str:
    if outcome.verdict == UNVERIFIABLE:
        return f"Unverifiable ({outcome.detail}): no table states both figures for the period."
    primary = outcome.primary
    who = f"the {primary.tier} figures of the {primary.perspective} side"
    if outcome.verdict == CONSISTENT:
        return f"Consistent: {who} bear out that {stated}."
    return f"Inconsistent: {who} do not bear out that {stated}."
