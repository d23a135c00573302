"""Adapter: UN Comtrade tables of every reporter's declared trade with one partner (.xlsx).

One row per reporter and year, found by the header names ``refYear``, ``flowCode`` (``X``
exports, ``M`` imports), ``partnerDesc``, ``reporterDesc`` and ``partner_sum`` (the reporter's
declared total with the partner, **US dollars**, not thousands); ``cmdCode``, when present, must
be ``TOTAL``. ``partner_rank``/``partner_perc`` rank the reporters among themselves (a share of
the sum over reporters, not of the reporter's trade) and are not read.

Perspective = the **reporter** (these are not the partner's own figures). Comtrade vintages can
be incomplete: Kazakhstan's 2020–2022 rows fall far below its national totals (whole HS chapters
missing); they are read as published and must be checked against the stated totals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, tidy_frame, year_span

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "comtrade"
SOURCE_ORG = "UN_COMTRADE"
YEAR, FLOW, PARTNER, REPORTER, VALUE, CMD = (
    "refYear",
    "flowCode",
    "partnerDesc",
    "reporterDesc",
    "partner_sum",
    "cmdCode",
)
HEADER = (YEAR, FLOW, PARTNER, REPORTER, VALUE)
FLOW_CODES = {"X": "exports", "M": "imports"}
MIN_YEAR, MAX_YEAR = 1960, 2100


def matches(sheets: list[tuple[str, list[list[Any]]]]) -> bool:
    """Return whether a workbook has the reporters-with-a-partner header."""
    return any(_header(rows) is not None for _, rows in sheets)


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:20]):
        names = {str(cell).strip(): col for col, cell in enumerate(row) if isinstance(cell, str)}
        if set(HEADER) <= set(names):
            return index, names
    return None


def _year(cell: Any, path: Any, row: int) -> int:
    value = cells.number(cell, file=path, row=row, field=YEAR)
    if value is None or value != int(value) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InputError(
            "year does not parse",
            file=path,
            row=row,
            field=YEAR,
            expected="a four-digit year",
            found=cell,
        )
    return int(value)


def read(origin: Origin) -> pd.DataFrame:
    """Read a reporters-with-a-partner workbook into tidy figures (one per reporter and year).

    Raises
    ------
    InputError
        For a workbook without the header, a year that does not parse, a flow other than X or M,
        a commodity other than TOTAL, a non-numeric or negative value, or an unknown reporter or
        partner name.
    """
    path = origin.path
    records: list[dict[str, Any]] = []
    found = False
    for sheet, rows in cells.read_sheets(path):
        header = _header(rows)
        if header is None:
            continue
        found = True
        header_row, col = header
        for index in range(header_row + 1, len(rows)):
            row = rows[index]
            excel_row = index + 1
            if not any(str(c).strip() for c in row):
                continue
            year = _year(row[col[YEAR]], path, excel_row)
            flow = FLOW_CODES.get(str(row[col[FLOW]]).strip().upper())
            if flow is None:
                raise InputError(
                    "unknown flow code",
                    file=path,
                    row=excel_row,
                    field=FLOW,
                    expected="X or M",
                    found=row[col[FLOW]],
                )
            if CMD in col and str(row[col[CMD]]).strip().upper() != s.TOTAL_CODE:
                raise InputError(
                    "not a total",
                    file=path,
                    row=excel_row,
                    field=CMD,
                    expected="TOTAL",
                    found=row[col[CMD]],
                )
            reporter = cells.partner(
                str(row[col[REPORTER]]), file=path, row=excel_row, field=REPORTER, language="en"
            )
            partner = cells.partner(
                str(row[col[PARTNER]]), file=path, row=excel_row, field=PARTNER, language="en"
            )
            value = cells.number(row[col[VALUE]], file=path, row=excel_row, field=VALUE)
            if value is None:
                continue
            start, end = year_span(year)
            records.append(
                {
                    s.REPORTER: reporter.code,
                    s.PARTNER: partner.code,
                    s.PARTNER_KIND: partner.kind,
                    s.FLOW: flow,
                    s.MEASURE: "trade_value",
                    s.FREQ: "A",
                    s.PERIOD_START: start,
                    s.PERIOD_END: end,
                    s.PERIOD_LABEL: str(year),
                    s.VALUE: value,
                    s.UNIT: "USD",
                    s.SCALE: 1.0,
                    s.PERSPECTIVE: reporter.code,
                    s.SOURCE: SOURCE,
                    **origin.provenance(SOURCE_ORG),
                    s.SOURCE_TIER: OFFICIAL_STATISTICS,
                    s.LOCATOR: f"sheet {sheet}, row {excel_row}",
                    s.NOTE: f"reporter as printed: {row[col[REPORTER]]}",
                }
            )
    if not found:
        raise InputError(
            "workbook has no reporters-with-a-partner table",
            file=path,
            field="header",
            expected="a row with " + ", ".join(HEADER),
            found="none",
        )
    return tidy_frame(records)
