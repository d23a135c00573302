"""One row of the ``verdicts`` table: the claim, the verdict, the references weighed, the text."""

from __future__ import annotations

import json
import math
from typing import Any

from tradeviz import schema as s
from tradeviz.checks import explain, vocab
from tradeviz.checks.matching import Reference
from tradeviz.checks.outcome import Outcome
from tradeviz.checks.severity import severity
from tradeviz.text.numbers import format_period


def verdict_record(claim: dict[str, Any], outcome: Outcome) -> dict[str, Any]:
    """Return the row of the ``verdicts`` table for one claim and the engine's outcome."""
    primary = outcome.primary
    revised = primary.revised if primary is not None else None
    tolerance = outcome.tolerance
    stated_quantity = explain.stated_quantity(claim)
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
        rule = explain.tolerance_text(tolerance, unit)
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
        "reference_period": format_period(primary.start, primary.end)
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
        "severity": severity(claim, outcome)[0],
        "reference_vintage": str(primary.row[s.VINTAGE]) if primary is not None else "",
        "reference_release": str(primary.row.get(s.RELEASE, "")) if primary is not None else "",
        "revised_value": revised.quantity if revised is not None else math.nan,
        "revised_vintage": str(revised.row[s.VINTAGE]) if revised is not None else "",
        "claim_status": claim.get("status") or vocab.CONFIRMED,
        "claim_kind": claim.get("kind") or vocab.FACT,
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
        "period": format_period(ref.start, ref.end),
        "vintage": str(row[s.VINTAGE]),
        "release": str(row.get(s.RELEASE, "")),
        "releases": ref.releases,
        "predates_document": ref.predates,
        "revised_value": ref.revised.quantity if ref.revised is not None else None,
        "revised_vintage": str(ref.revised.row[s.VINTAGE]) if ref.revised is not None else None,
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
