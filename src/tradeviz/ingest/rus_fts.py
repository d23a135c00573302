"""Adapter: Russia's trade with its main partners by month (Federal Customs Service tables).

Sheets «Экспорт» («Экспорт Российской Федерации в основные страны») and «Импорт» («Импорт
Российской Федерации из основных стран»); a contents sheet is skipped. Found by content:

- the flow comes from the sheet's title;
- the unit line must state million US dollars (the published line reads «млн доллалов США», sic);
- the header row names the partners (one per column; look-alike Latin letters inside the
  Russian names, as in «Китaй», are read as Cyrillic);
- a row holding only a year starts that year's months; each month row («январь» …) gives one
  figure per partner (freq ``M``). A month before any year, or a year that does not parse, is an
  error naming the row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.bns_annual import MONTHS_RU
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, month_end, tidy_frame

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "rus_fts"
SOURCE_ORG = "RU_FTS"
REPORTER = "RUS"
FLOW_TITLES = {"экспорт российской федерации": "exports", "импорт российской федерации": "imports"}
MIN_PARTNERS = 3
HEAD_ROWS = 12
_YEAR = re.compile(r"^(?P<year>(19|20)\d{2})(\s*г\.?|\s*год)?$")


def matches(sheets: list[tuple[str, list[list[Any]]]]) -> bool:
    """Return whether a workbook looks like the FTS main-partners table."""
    return any(_flow(rows) is not None for _, rows in sheets)


def _flow(rows: list[list[Any]]) -> str | None:
    for row in rows[:HEAD_ROWS]:
        for cell in row[:2]:
            label = cells.text(cell)
            for title, flow in FLOW_TITLES.items():
                if label.startswith(title):
                    return flow
    return None


def _header(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows[:HEAD_ROWS]):
        if not str(row[0]).strip() and sum(bool(cells.text(c)) for c in row[1:]) >= MIN_PARTNERS:
            return index
    return None


def _year(cell: Any) -> int | None:
    if isinstance(cell, float | int) and not isinstance(cell, bool):
        return int(cell) if cell == int(cell) and 1900 <= cell <= 2100 else None
    match = _YEAR.match(str(cell).strip())
    return int(match["year"]) if match else None


def read(origin: Origin) -> pd.DataFrame:
    """Read the FTS main-partners workbook into monthly tidy figures.

    Raises
    ------
    InputError
        For a sheet without its partner header, a unit other than million US dollars, a month
        row before any year, a first-column cell that is neither a year nor a month, a
        non-numeric value or an unknown partner name.
    """
    path = origin.path
    records: list[dict[str, Any]] = []
    for sheet, rows in cells.read_sheets(path):
        flow = _flow(rows)
        if flow is None:
            continue  # the contents sheet
        header = _header(rows)
        if header is None:
            raise InputError(
                "partner header not found",
                file=path,
                row=f"sheet {sheet}",
                field="header",
                expected="a row of partner names under the title",
                found="none",
            )
        unit, scale = cells.require_unit(
            [c for r in rows[:header] for c in r[:2]],
            file=path,
            row=f"sheet {sheet}",
            expected="млн долларов США (million US dollars)",
        )
        partners = {
            col: (
                cells.partner(
                    name,
                    file=path,
                    row=f"sheet {sheet}, row {header + 1}",
                    field=f"column {col + 1}",
                ),
                " ".join(name.split()),
            )
            for col, name in enumerate(rows[header])
            if col > 0 and isinstance(name, str) and name.strip()
        }
        year = None
        for index in range(header + 1, len(rows)):
            row = rows[index]
            excel_row = index + 1
            where = f"sheet {sheet}, row {excel_row}"
            first = row[0]
            if not str(first).strip():
                continue
            month = MONTHS_RU.get(cells.text(first))
            if month is None:
                year = _year(first)
                if year is None:
                    raise InputError(
                        "year does not parse",
                        file=path,
                        row=where,
                        field="period",
                        expected="a year (2006) or a month name (январь)",
                        found=first,
                    )
                continue
            if year is None:
                raise InputError(
                    "month before any year",
                    file=path,
                    row=where,
                    field="period",
                    expected="a year row above the months",
                    found=first,
                )
            for col, (partner, printed) in partners.items():
                value = cells.number(
                    row[col] if col < len(row) else "", file=path, row=where, field=printed
                )
                if value is None:
                    continue
                records.append(
                    {
                        s.REPORTER: REPORTER,
                        s.PARTNER: partner.code,
                        s.PARTNER_KIND: partner.kind,
                        s.FLOW: flow,
                        s.MEASURE: "trade_value",
                        s.FREQ: "M",
                        s.PERIOD_START: month_end(year, month).replace(day=1),
                        s.PERIOD_END: month_end(year, month),
                        s.PERIOD_LABEL: f"{str(first).strip()} {year}",
                        s.VALUE: value,
                        s.UNIT: unit,
                        s.SCALE: scale,
                        s.PERSPECTIVE: REPORTER,
                        s.SOURCE: SOURCE,
                        **origin.provenance(SOURCE_ORG),
                        s.SOURCE_TIER: OFFICIAL_STATISTICS,
                        s.LOCATOR: f"{where}, column {col + 1}",
                        s.NOTE: f"partner as printed: {printed}",
                    }
                )
    if not records:
        raise InputError(
            "workbook has no FTS main-partners table",
            file=path,
            field="title",
            expected="a sheet titled Экспорт/Импорт Российской Федерации …",
            found="none",
        )
    return tidy_frame(records)
