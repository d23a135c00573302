"""Qualitative product claims ("supplies China mainly with gas and oil"): the figures, no number.

"Mainly" states no threshold, so the verdict is always ``unverifiable`` with detail
``qualitative``; the explanation lists what the product-level figures show for the claim's
period: the largest product lines, where the named products rank, their value and their share
of the national total (the stated total of the national table, never the sum of an extract's
lines), and whether the extract is flagged as an incomplete vintage.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks import fmt, matching, vocab
from tradeviz.checks.matching import Reference, as_date

if TYPE_CHECKING:
    import pandas as pd

    from tradeviz.checks.engine import Outcome

#: How many of the largest product lines the explanation lists.
LEADING_PRODUCTS_SHOWN = 5
PRODUCT_CLASSIFICATIONS = ("HS4",)


def evaluate_products(figures: pd.DataFrame, claim: dict[str, Any]) -> Outcome:
    """Return the (always unverifiable) outcome of a ``main_products`` claim with its figures."""
    from tradeviz.checks.engine import Outcome

    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    lines = figures[
        (figures[s.MEASURE] == "trade_value")
        & figures[s.CLASSIFICATION].isin(PRODUCT_CLASSIFICATIONS)
        & (figures[s.REPORTER] == claim["reporter"])
        & (figures[s.PARTNER] == claim["partner"])
        & (figures[s.FLOW] == claim["flow"])
    ]
    in_period = lines[
        (lines[s.PERIOD_START].map(as_date) == start) & (lines[s.PERIOD_END].map(as_date) == end)
    ]
    named = [code for code in str(claim["products"]).split(";") if code]
    period = fmt.format_period(start, end)
    sentences = [f"Stated: {claim['subject']} ({period}); named products: {', '.join(named)}."]
    if in_period.empty:
        detail = "period_mismatch" if not lines.empty else "no_data"
        sentences.append(
            "Unverifiable ("
            + detail
            + "): no product-level figures for the period"
            + (" (other years exist)." if not lines.empty else ".")
        )
        return Outcome(vocab.UNVERIFIABLE, detail, None, sentences=sentences)
    table = in_period.assign(quantity=in_period[s.VALUE] * in_period[s.SCALE]).sort_values(
        "quantity", ascending=False
    )
    codes = table[s.PRODUCT_CODE].tolist()
    leaders = "; ".join(
        f"{i}. HS {row[s.PRODUCT_CODE]} {fmt.format_quantity(row['quantity'], 'USD')}"
        for i, row in enumerate(table.head(LEADING_PRODUCTS_SHOWN).to_dict("records"), start=1)
    )
    source = table.iloc[0]
    sentences.append(
        f"Largest product lines ({source[s.SOURCE]}, {source[s.PERSPECTIVE]} side, "
        f"{len(table)} lines listed): {leaders}."
    )
    found = table[table[s.PRODUCT_CODE].isin(named)]
    missing = [code for code in named if code not in set(codes)]
    named_total = float(found["quantity"].sum())
    parts = [
        f"HS {row[s.PRODUCT_CODE]} rank {codes.index(row[s.PRODUCT_CODE]) + 1}"
        for row in found.to_dict("records")
    ]
    if missing:
        parts.append("not among the lines listed: " + ", ".join(f"HS {c}" for c in missing))
    sentences.append("Named products: " + "; ".join(parts) + ".")
    total = _national_total(figures, claim, start, end)
    evidence: list[Reference] = []
    if total is not None and found.empty:
        sentences.append(
            "None of the named products is among the lines listed, so their share of the national "
            f"total {fmt.format_quantity(total.quantity, 'USD')} cannot be read from this extract."
        )
    elif total is not None:
        share = 100 * named_total / total.quantity
        sentences.append(
            f"Together {fmt.format_quantity(named_total, 'USD')} = {share:.1f} % of the national "
            f"total {fmt.format_quantity(total.quantity, 'USD')} ({total.describe_source()})."
        )
    flagged = _incomplete(figures, claim, start, end)
    if flagged:
        sentences.append(
            "Caveat: this product-level extract is flagged incomplete_vintage for the year "
            f"({flagged}); its lines miss part of the trade, so ranks and sums are not totals."
        )
    sentences.append(
        "Unverifiable (qualitative): 'mainly' states no threshold to test; the figures above "
        "are for the reader to judge."
    )
    primary = Reference(
        row=source.to_dict(),
        relation=matching.MATCH,
        quantity=named_total if not found.empty else math.nan,
    )
    evidence.append(primary)
    return Outcome(
        vocab.UNVERIFIABLE, "qualitative", primary, sentences=sentences, evidence=evidence
    )


def _national_total(figures: pd.DataFrame, claim: dict[str, Any], start, end) -> Reference | None:
    totals = figures[
        (figures[s.MEASURE] == "trade_value")
        & (figures[s.CLASSIFICATION] == s.TOTAL_CODE)
        & (figures[s.SOURCE] == "bns_annual")
        & (figures[s.REPORTER] == claim["reporter"])
        & (figures[s.PARTNER] == claim["partner"])
        & (figures[s.FLOW] == claim["flow"])
        & (figures[s.PERIOD_START].map(as_date) == start)
        & (figures[s.PERIOD_END].map(as_date) == end)
    ]
    if totals.empty:
        return None
    row = totals.sort_values(s.VINTAGE).iloc[0].to_dict()
    quantity = float(row[s.VALUE]) * float(row[s.SCALE])
    return Reference(row=row, relation=matching.MATCH, quantity=quantity)


def _incomplete(figures: pd.DataFrame, claim: dict[str, Any], start, end) -> str:
    """Return a description of the incomplete-vintage flag for the claim's year, or ""."""
    from tradeviz.checks.integrity import incomplete_vintage_flags

    flags = incomplete_vintage_flags(figures)
    if flags.empty:
        return ""
    hit = flags[
        (flags["partner"] == claim["partner"])
        & (flags["flow"] == claim["flow"])
        & (flags["period_start"].map(as_date) == start)
        & (flags["period_end"].map(as_date) == end)
    ]
    if hit.empty:
        return ""
    coverage = float(hit["coverage"].iloc[0])
    return "" if math.isnan(coverage) else f"lines cover {100 * coverage:.0f} % of the BNS total"
