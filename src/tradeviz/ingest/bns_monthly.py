"""Adapter: BNS monthly totals with the world (``reporter, partner, month, *_thousand_usd``).

One CSV row = one month; it gives three figures: exports, imports and turnover, each a
``trade_value`` in thousand USD with ``freq="M"``. Empty cells are "not stated".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_code, resolve_partner
from tradeviz.errors import InputError
from tradeviz.ingest.csvtable import read_table
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import (
    FIRST_YEAR,
    LAST_YEAR,
    OFFICIAL_STATISTICS,
    month_end,
    tidy_frame,
)

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "bns_monthly"
SOURCE_ORG = "KZ_BNS"
MONTH = "month"
FLOW_COLUMNS = {
    "exports": "exports_thousand_usd",
    "imports": "imports_thousand_usd",
    "turnover": "turnover_thousand_usd",
}
COLUMNS = ("reporter", "partner", MONTH, *FLOW_COLUMNS.values())
SCALE_THOUSAND = 1e3
#: How a month is written: the ISO date of its first day.
MONTH_PATTERN = re.compile(r"\d{4}-\d{2}-01")


def read(origin: Origin) -> pd.DataFrame:
    """Read the BNS monthly totals CSV into tidy figures.

    Raises
    ------
    InputError
        For a malformed CSV, an unknown reporter or partner, a month that is not ``YYYY-MM-01``,
        or a non-numeric value.
    """
    import pandas as pd

    path = origin.path
    table = read_table(path, COLUMNS, numeric=tuple(FLOW_COLUMNS.values()))
    records: list[dict[str, Any]] = []
    for row_number, row in table.iterrows():
        reporter = _code(path, row_number, "reporter", row["reporter"])
        partner = _partner(path, row_number, row["partner"])
        month = _first_of_month(row[MONTH])
        if month is None:
            raise InputError(
                "not the first day of a month",
                file=path,
                row=row_number,
                field=MONTH,
                expected="a date YYYY-MM-01",
                found=row[MONTH],
            )
        for flow, column in FLOW_COLUMNS.items():
            value = row[column]
            if pd.isna(value):
                continue
            records.append(
                {
                    s.REPORTER: reporter,
                    s.PARTNER: partner.code,
                    s.PARTNER_KIND: partner.kind,
                    s.FLOW: flow,
                    s.MEASURE: "trade_value",
                    s.FREQ: "M",
                    s.PERIOD_START: month,
                    s.PERIOD_END: month_end(month.year, month.month),
                    s.PERIOD_LABEL: f"{month:%Y-%m}",
                    s.VALUE: value,
                    s.UNIT: "USD",
                    s.SCALE: SCALE_THOUSAND,
                    s.PERSPECTIVE: reporter,
                    s.SOURCE: SOURCE,
                    **origin.provenance(SOURCE_ORG),
                    s.SOURCE_TIER: OFFICIAL_STATISTICS,
                    s.LOCATOR: f"row {row_number}, column {column}",
                }
            )
    return tidy_frame(records)


def _code(path: Any, row: int, field: str, text: str) -> str:
    try:
        partner = resolve_code(text)
    except UnknownPartnerError:
        partner = None
    if partner is None or partner.kind != "country":
        raise InputError(
            "not an ISO 3166 alpha-3 country code",
            file=path,
            row=row,
            field=field,
            expected="an ISO3 code such as KAZ",
            found=text,
        )
    return partner.code


def _partner(path: Any, row: int, text: str) -> Any:
    try:
        return resolve_partner(text)
    except UnknownPartnerError:
        pass
    try:
        return resolve_code(text)
    except UnknownPartnerError:
        raise InputError(
            "unknown partner",
            file=path,
            row=row,
            field="partner",
            expected="World, WLD or an ISO3 code",
            found=text,
        ) from None


def _first_of_month(value: Any) -> dt.date | None:
    """Return the month a ``YYYY-MM-01`` cell names, or ``None`` for anything else.

    Strict on purpose: a month name ("February") or a year outside FIRST_YEAR..LAST_YEAR is a
    bad cell, not a date for pandas to complete with a guessed year.
    """
    text = str(value).strip()
    if not MONTH_PATTERN.fullmatch(text):
        return None
    try:
        month = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return month if FIRST_YEAR <= month.year <= LAST_YEAR else None
