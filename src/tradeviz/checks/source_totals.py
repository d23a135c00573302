"""Integrity checks of the other national tables against the totals they state themselves.

BNS's workbooks have their own full set of checks (:mod:`tradeviz.checks.table_totals`). The
other tables that state a world total are checked here on what they share with them:

- the partner rows (countries and the rows of trade not allocated to a country, such as ERI's
  «Остальные страны» or the NSC's unspecified partners) add up to the stated total
  (``listed_vs_total``; beyond the rounding of the printed numbers a warn that reports the
  residual, as for BNS);
- a stated turnover equals exports + imports (``turnover_vs_flows``), for the partners whose
  both flows the table states (ERI's tables list each flow's top partners).

A table without a world total (stat.uz) or without any total (Russia's FTS by month) has nothing
to check here: its shares have a computed denominator instead
(:mod:`tradeviz.query.denominators`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks.integrity_rows import (
    by_partner,
    compare_sum,
    located,
    table_meta,
    table_values,
    usd,
    usd_row,
)
from tradeviz.checks.table_totals import check_turnover
from tradeviz.query import where
from tradeviz.text.numbers import format_difference
from tradeviz.vocabulary import (
    BNS_ANNUAL,
    COUNTRY,
    EXPORTS,
    IMPORTS,
    LEVEL_FLOWS,
    PASS,
    TRADE_VALUE,
    UNIT_USD,
    WARN,
)

if TYPE_CHECKING:
    import pandas as pd

#: Partner rows that hold trade not allocated to a country: part of what adds up to the total.
UNALLOCATED_CODES: tuple[str, ...] = ("REST", "UNSPECIFIED")
#: What makes one printed table of a source: its vintage, period and frequency.
TABLE_KEY = [s.SOURCE, s.VINTAGE, s.PERIOD_START, s.PERIOD_END, s.FREQ]


def check_other_tables(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Run the checks of every non-BNS table that states a world total.

    Parameters
    ----------
    figures : pandas.DataFrame
        The tidy figures table.

    Returns
    -------
    list of dict
        Rows of the ``integrity`` table.
    """
    money = where(figures, measure=TRADE_VALUE, unit=UNIT_USD, product_code=s.TOTAL_CODE)
    money = money[(money[s.SOURCE] != BNS_ANNUAL) & (money[s.PERSPECTIVE] == money[s.REPORTER])]
    stating = set(where(money, partner=s.WORLD)[s.SOURCE])
    rows: list[dict[str, Any]] = []
    for _, table in where(money, source=tuple(stating)).groupby(TABLE_KEY, sort=True):
        for reporter in sorted(set(table[s.REPORTER])):
            own = where(table, reporter=reporter)
            rows += check_listed_vs_total(own)
            both = _with_both_flows(own)
            if not both.empty:
                rows += check_turnover(both)
    return rows


def _with_both_flows(table: pd.DataFrame) -> pd.DataFrame:
    """Keep the partners whose exports and imports the table both states.

    A top-N table lists different partners per flow, and its unallocated rows hold different
    partners per flow: neither can be checked against a turnover.
    """
    stated = table.groupby(s.PARTNER)[s.FLOW].agg(set)
    both = [p for p, flows in stated.items() if {EXPORTS, IMPORTS} <= flows]
    return table[table[s.PARTNER].isin(both) & ~table[s.PARTNER].isin(UNALLOCATED_CODES)]


def check_listed_vs_total(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Countries and unallocated rows of one table add up to its stated world total, per flow."""
    meta = table_meta(table)
    rows = []
    for flow in LEVEL_FLOWS:
        values = table_values(table, flow)
        world = by_partner(values).get(s.WORLD)
        parts = values[
            (values[s.PARTNER_KIND] == COUNTRY) | values[s.PARTNER].isin(UNALLOCATED_CODES)
        ]
        if world is None or parts.empty:
            continue
        scale = float(world[s.SCALE])
        total = float(world[s.VALUE])
        unallocated = sorted(set(parts[s.PARTNER]) & set(UNALLOCATED_CODES))
        summed, tolerance, ok = compare_sum(total, parts[s.VALUE].astype(float).tolist())
        residual = total - summed
        listed = f"{int((parts[s.PARTNER_KIND] == COUNTRY).sum())} countries" + (
            f" and {', '.join(unallocated)}" if unallocated else ""
        )
        message = (
            f"{listed} add up to {usd(summed * scale)}; stated total {usd(total * scale)} "
            f"({world[s.LOCATOR]}); residual {format_difference(residual * scale, UNIT_USD)}"
        )
        if not ok and total:
            message += f" ({100 * residual / total:.4f} % of the total), beyond rounding"
        rows.append(
            usd_row(
                "listed_vs_total",
                meta,
                flow=flow,
                partner=s.WORLD,
                status=PASS if ok else WARN,
                scale=scale,
                value=total,
                expected=summed,
                tolerance=tolerance,
                compared=f"{located(meta)}: stated total vs Σ {listed}",
                message=message,
            )
        )
    return rows
