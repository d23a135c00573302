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
    SHEET_ROW,
    SUM_TOLERANCE_REL,
    located,
    rounding_of,
    usd,
    usd_row,
)
from tradeviz.checks.table_totals import check_turnover
from tradeviz.query import where
from tradeviz.query.rows import records
from tradeviz.text.numbers import format_difference
from tradeviz.vocabulary import (
    BNS_ANNUAL,
    COUNTRY,
    EXPORTS,
    IMPORTS,
    PASS,
    TRADE_VALUE,
    TURNOVER,
    UNIT_USD,
    WARN,
)

if TYPE_CHECKING:
    import pandas as pd

#: Partner rows that hold trade not allocated to a country: part of what adds up to the total.
UNALLOCATED_CODES: tuple[str, ...] = ("REST", "UNSPECIFIED")
#: The columns these checks read (a narrow table keeps the row-by-row reads cheap).
CHECKED_COLUMNS: tuple[str, ...] = (
    s.SOURCE,
    s.VINTAGE,
    s.PERIOD_START,
    s.PERIOD_END,
    s.FREQ,
    s.REPORTER,
    s.PARTNER,
    s.PARTNER_KIND,
    s.FLOW,
    s.MEASURE,
    s.VALUE,
    s.SCALE,
    s.LOCATOR,
    s.SOURCE_FILE,
)
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
    money = money.loc[
        (money[s.SOURCE] != BNS_ANNUAL) & (money[s.PERSPECTIVE] == money[s.REPORTER]),
        list(CHECKED_COLUMNS),
    ]
    # sources that state a world total and list partner countries under it
    stating = set(where(money, partner=s.WORLD)[s.SOURCE]) & set(
        money.loc[money[s.PARTNER_KIND] == COUNTRY, s.SOURCE]
    )
    checked = where(money, source=tuple(stating))
    rows = check_listed_vs_total(checked)
    with_turnover = checked.groupby(TABLE_KEY + [s.REPORTER])[s.FLOW].transform(
        lambda flows: (flows == TURNOVER).any()
    )
    for _, table in checked[with_turnover.astype(bool)].groupby(
        TABLE_KEY + [s.REPORTER], sort=True
    ):
        both = _with_both_flows(table)
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


def check_listed_vs_total(money: pd.DataFrame) -> list[dict[str, Any]]:
    """Countries and unallocated rows of each table add up to its stated world total, per flow.

    Parameters
    ----------
    money : pandas.DataFrame
        Money totals of one or more tables (:data:`TABLE_KEY`), each reporter's own.

    Returns
    -------
    list of dict
        One ``listed_vs_total`` row per table, reporter and flow that states a world total.
    """
    key = [*TABLE_KEY, s.REPORTER, s.FLOW]
    is_part = (money[s.PARTNER_KIND] == COUNTRY) | money[s.PARTNER].isin(UNALLOCATED_CODES)
    parts = money.loc[is_part].assign(
        _rounding=[rounding_of([value]) for value in money.loc[is_part, s.VALUE]],
        _country=money.loc[is_part, s.PARTNER_KIND] == COUNTRY,
        _unallocated=money.loc[is_part, s.PARTNER].where(
            money.loc[is_part, s.PARTNER].isin(UNALLOCATED_CODES), ""
        ),
    )
    sums = parts.groupby(key, dropna=False).agg(
        summed=(s.VALUE, "sum"),
        rounding=("_rounding", "sum"),
        countries=("_country", "sum"),
        unallocated=("_unallocated", lambda codes: ", ".join(sorted(set(codes) - {""}))),
    )
    world = money[money[s.PARTNER] == s.WORLD].drop_duplicates(subset=key)
    merged = world.merge(sums.reset_index(), on=key, how="inner")
    rows = []
    for row in records(merged):
        scale, total, summed = float(row[s.SCALE]), float(row[s.VALUE]), float(row["summed"])
        tolerance = max(
            rounding_of([total]) + float(row["rounding"]), SUM_TOLERANCE_REL * abs(total)
        )
        ok = abs(total - summed) <= tolerance
        residual = total - summed
        listed = f"{int(row['countries'])} countries" + (
            f" and {row['unallocated']}" if row["unallocated"] else ""
        )
        sheet = SHEET_ROW.search(str(row[s.LOCATOR]))
        meta = {
            "source": str(row[s.SOURCE]),
            "vintage": str(row[s.VINTAGE]),
            "period_start": row[s.PERIOD_START],
            "period_end": row[s.PERIOD_END],
            "sheet": sheet["sheet"] if sheet else "",
            "file": str(row[s.SOURCE_FILE]),
        }
        message = (
            f"{listed} add up to {usd(summed * scale)}; stated total {usd(total * scale)} "
            f"({row[s.LOCATOR]}); residual {format_difference(residual * scale, UNIT_USD)}"
        )
        if not ok and total:
            message += f" ({100 * residual / total:.4f} % of the total), beyond rounding"
        rows.append(
            usd_row(
                "listed_vs_total",
                meta,
                flow=str(row[s.FLOW]),
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
