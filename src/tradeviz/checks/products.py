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
from tradeviz.checks import matching
from tradeviz.checks.matching import Reference, as_date
from tradeviz.checks.outcome import Outcome
from tradeviz.query import as_of, by_preference, where
from tradeviz.query.rows import records
from tradeviz.query.sources import is_quoted_each
from tradeviz.text.numbers import format_period, format_quantity
from tradeviz.vocabulary import TRADE_VALUE, UNVERIFIABLE

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

#: How many of the largest product lines the explanation lists.
LEADING_PRODUCTS_SHOWN = 5
PRODUCT_CLASSIFICATIONS = ("HS4",)


def evaluate_products(figures: pd.DataFrame, claim: dict[str, Any]) -> Outcome:
    """Return the (always unverifiable) outcome of a ``main_products`` claim with its figures."""
    start, end = as_date(claim["period_start"]), as_date(claim["period_end"])
    subject = {
        s.MEASURE: TRADE_VALUE,
        s.REPORTER: claim["reporter"],
        s.PARTNER: claim["partner"],
        s.FLOW: claim["flow"],
    }
    lines = where(figures, classification=PRODUCT_CLASSIFICATIONS, **subject)
    in_period = _in_period(lines, start, end)
    named = [code for code in str(claim["products"]).split(";") if code]
    period = format_period(start, end)
    sentences = [f"Stated: {claim['subject']} ({period}); named products: {', '.join(named)}."]
    if in_period.empty:
        detail = "period_mismatch" if not lines.empty else "no_data"
        sentences.append(
            "Unverifiable ("
            + detail
            + "): no product-level figures for the period"
            + (" (other years exist)." if not lines.empty else ".")
        )
        return Outcome(UNVERIFIABLE, detail, None, sentences=sentences)
    table = in_period.assign(quantity=in_period[s.VALUE] * in_period[s.SCALE]).sort_values(
        "quantity", ascending=False
    )
    codes = table[s.PRODUCT_CODE].tolist()
    leaders = "; ".join(
        f"{i}. HS {row[s.PRODUCT_CODE]} {format_quantity(row['quantity'], 'USD')}"
        for i, row in enumerate(records(table.head(LEADING_PRODUCTS_SHOWN)), start=1)
    )
    source = table.iloc[0]
    sentences.append(
        f"Largest product lines ({source[s.SOURCE]}, {source[s.PERSPECTIVE]} side, "
        f"{len(table)} lines listed): {leaders}."
    )
    found = where(table, product_code=tuple(named))
    missing = [code for code in named if code not in set(codes)]
    named_total = float(found["quantity"].sum())
    parts = [
        f"HS {row[s.PRODUCT_CODE]} rank {codes.index(row[s.PRODUCT_CODE]) + 1}"
        for row in records(found)
    ]
    if missing:
        parts.append("not among the lines listed: " + ", ".join(f"HS {c}" for c in missing))
    sentences.append("Named products: " + "; ".join(parts) + ".")
    total = _national_total(figures, claim, subject, start, end)
    evidence: list[Reference] = []
    if total is not None and found.empty:
        sentences.append(
            "None of the named products is among the lines listed, so their share of the national "
            f"total {format_quantity(total.quantity, 'USD')} cannot be read from this extract."
        )
    elif total is not None:
        share = 100 * named_total / total.quantity
        sentences.append(
            f"Together {format_quantity(named_total, 'USD')} = {share:.1f} % of the national "
            f"total {format_quantity(total.quantity, 'USD')} ({total.describe_source()})."
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
    return Outcome(UNVERIFIABLE, "qualitative", primary, sentences=sentences, evidence=evidence)


def _in_period(rows: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """Return the rows about exactly the period ``start``–``end``."""
    import pandas as pd

    if start is None or end is None:
        return rows.iloc[0:0]
    return where(rows, period_start=pd.Timestamp(start), period_end=pd.Timestamp(end))


def _national_total(
    figures: pd.DataFrame,
    claim: dict[str, Any],
    subject: dict[str, str],
    start: dt.date | None,
    end: dt.date | None,
) -> Reference | None:
    """Return the stated total of the preferred table, in the vintage current at the claim."""
    totals = _in_period(where(figures, classification=s.TOTAL_CODE, **subject), start, end)
    totals = totals[~is_quoted_each(totals[s.SOURCE])]
    if totals.empty:
        return None
    totals = where(totals, source=by_preference(totals[s.SOURCE])[0])
    current = as_of(totals[s.VINTAGE], matching.as_date(claim.get("doc_date")))
    row = where(totals, vintage=current).iloc[0].to_dict()
    quantity = float(row[s.VALUE]) * float(row[s.SCALE])
    return Reference(row=row, relation=matching.MATCH, quantity=quantity)


def _incomplete(figures: pd.DataFrame, claim: dict[str, Any], start, end) -> str:
    """Return a description of the incomplete-vintage flag for the claim's year, or ""."""
    from tradeviz.checks.integrity import incomplete_vintage_flags

    flags = incomplete_vintage_flags(figures)
    if flags.empty:
        return ""
    hit = _in_period(where(flags, partner=claim["partner"], flow=claim["flow"]), start, end)
    if hit.empty:
        return ""
    coverage = float(hit["coverage"].iloc[0])
    return "" if math.isnan(coverage) else f"lines cover {100 * coverage:.0f} % of the BNS total"
