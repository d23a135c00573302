"""How an integrity check reports: one row per check, and the tolerance of a stated total.

Tolerances: the rounding of the printed numbers (half a unit of each number's last printed
decimal, summed over the numbers added), never less than :data:`SUM_TOLERANCE_REL` of the total;
cross-source comparisons use :data:`CROSS_SOURCE_TOLERANCE_REL`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.checks.matching import as_date
from tradeviz.query import where
from tradeviz.query.memo import per_table
from tradeviz.query.rows import records
from tradeviz.text.numbers import format_period, format_quantity
from tradeviz.vocabulary import TRADE_VALUE, UNIT_USD

if TYPE_CHECKING:
    import pandas as pd

#: Floor of a sum's tolerance, relative to the total: absorbs parts truncated rather than rounded
#: and floating-point noise in parsed values; anything larger is a real difference.
SUM_TOLERANCE_REL = 1e-6
#: Two sources (WITS vs BNS) for the same year and flow agree if they differ by at most this share
#: of the national figure; beyond it the difference is reported (warn), never a fail.
CROSS_SOURCE_TOLERANCE_REL = 0.02
#: Decimals read from a float's shortest representation are capped here (binary noise).
MAX_PRINTED_DECIMALS = 9
#: Where a BNS figure was printed: ``sheet 12_2020, row 72``.
SHEET_ROW = re.compile(r"sheet (?P<sheet>[^,]+), row (?P<row>\d+)")


def printed_decimals(value: float) -> int:
    """Return how many decimals a number was printed with (from its shortest representation)."""
    value = float(value)
    if math.isnan(value) or value == int(value):
        return 0
    try:
        exponent = Decimal(repr(value)).as_tuple().exponent
    except InvalidOperation:
        return MAX_PRINTED_DECIMALS
    return min(-int(exponent), MAX_PRINTED_DECIMALS) if isinstance(exponent, int) else 0


def rounding_of(values: Iterable[float]) -> float:
    """Return the summed rounding (½ unit of the last printed decimal) of printed numbers."""
    return sum(0.5 * 10.0 ** -printed_decimals(v) for v in values)


def sum_tolerance(total: float, parts: Iterable[float]) -> float:
    """Return the tolerance of ``total`` = Σ ``parts``, in the numbers' own unit."""
    parts = list(parts)
    return max(rounding_of([total, *parts]), SUM_TOLERANCE_REL * abs(total))


def period_text(start: Any, end: Any) -> str:
    """Return a figure's period in words (``2020``, ``2021-01..2021-04``)."""
    return format_period(as_date(start), as_date(end))


def check_row(
    check: str,
    table: dict[str, Any],
    *,
    flow: str,
    partner: str,
    status: str,
    value: float,
    expected: float,
    tolerance: float,
    unit: str,
    compared: str,
    message: str,
    suffix: str = "",
) -> dict[str, Any]:
    """Return one row of the ``integrity`` table; its id joins the check, table and subject."""
    period = period_text(table["period_start"], table["period_end"])
    check_id = ":".join(
        part
        for part in (check, table["source"], table["vintage"], period, flow, partner, suffix)
        if part
    )
    return {
        "check_id": check_id,
        "check": check,
        "source": table["source"],
        "vintage": table["vintage"],
        "period_start": table["period_start"],
        "period_end": table["period_end"],
        "flow": flow,
        "partner": partner,
        "status": status,
        "value": value,
        "expected": expected,
        "difference": value - expected,
        "tolerance": tolerance,
        "unit": unit,
        "compared": compared,
        "message": message,
    }


def usd_row(
    check: str,
    table: dict[str, Any],
    *,
    scale: float,
    value: float,
    expected: float,
    tolerance: float,
    **fields: Any,
) -> dict[str, Any]:
    """Return :func:`check_row` for numbers in a table's printed unit: × ``scale``, in USD."""
    return check_row(
        check,
        table,
        value=value * scale,
        expected=expected * scale,
        tolerance=tolerance * scale,
        unit=UNIT_USD,
        **fields,
    )


def compare_sum(stated: float, parts: list[float]) -> tuple[float, float, bool]:
    """Return Σ ``parts``, the tolerance of ``stated`` = Σ ``parts``, and whether they agree."""
    summed = math.fsum(parts)
    tolerance = sum_tolerance(stated, parts)
    return summed, tolerance, abs(stated - summed) <= tolerance


def table_meta(table: pd.DataFrame) -> dict[str, Any]:
    """Return the fields of :func:`check_row` for a check about a whole table (and its sheet)."""
    first = table.iloc[0]
    sheet = SHEET_ROW.search(str(first[s.LOCATOR]))
    return {
        "source": str(first[s.SOURCE]),
        "vintage": str(first[s.VINTAGE]),
        "period_start": first[s.PERIOD_START],
        "period_end": first[s.PERIOD_END],
        "sheet": sheet["sheet"] if sheet else "",
        "file": str(first[s.SOURCE_FILE]),
    }


def meta_of(row: dict[str, Any]) -> dict[str, Any]:
    """Return the table fields of :func:`check_row` for a check about one figure row."""
    return {
        "source": str(row[s.SOURCE]),
        "vintage": str(row[s.VINTAGE]),
        "period_start": row[s.PERIOD_START],
        "period_end": row[s.PERIOD_END],
    }


def located(meta: dict[str, Any]) -> str:
    """Return where a table is: ``bns_annual vintage 2021-07-28, sheet 12_2020``."""
    sheet = f", sheet {meta['sheet']}" if meta["sheet"] else ""
    return f"{meta['source']} vintage {meta['vintage']}{sheet}"


def usd(value: float) -> str:
    """Return a dollar amount as checks write it (``$9.421 bn``)."""
    return format_quantity(value, UNIT_USD)


def table_values(table: pd.DataFrame, flow: str, measure: str = TRADE_VALUE) -> pd.DataFrame:
    """Return the figures of one flow and measure of a table."""
    return where(table, flow=flow, measure=measure)


def by_partner(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Return each partner's figure of a table (the first, in the table's order)."""
    first = frame.drop_duplicates(s.PARTNER)
    return dict(zip(first[s.PARTNER], records(first), strict=True))


@per_table
def partner_rows(table: pd.DataFrame, flow: str, measure: str = TRADE_VALUE) -> dict[str, Any]:
    """Return :func:`by_partner` of one flow and measure of a table (once per table; read only).

    The checks of one table each read its partners' figures of every flow.
    """
    return by_partner(table_values(table, flow, measure))
