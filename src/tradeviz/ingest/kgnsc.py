"""Adapter: National Statistical Committee of the Kyrgyz Republic, trade by country (stat.kg).

Tables 4.03.00.18 (exports) and 4.03.00.20 (imports): trilingual (Kyrgyz, Russian, English) name
columns, then one column per year; found by content:

- the flow comes from the title («…экспорта…» / «…импорта…», or the English title);
- the unit line must state thousand US dollars (in any of the three languages);
- the header row is the row whose cells after the names are years; a year may carry a footnote
  mark (``2023 1``), and a footnote that reads «Предварительные данные» / "preliminary data"
  makes that year's figures ``release = preliminary``;
- rows: «Всего» (the stated world total, ``WLD``), aggregates (ЕС, СНГ, ШОС, ЕАЭС, continents),
  countries, «Неопределенная страна» (``UNSPECIFIED``); names resolve from the Russian column,
  else the English one. «-» is "not stated".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_partner
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, tidy_frame, year_span

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "kgnsc"
SOURCE_ORG = "KG_NSC"
REPORTER = "KGZ"
NAME_COLUMNS = 3  # Kyrgyz, Russian, English
RUSSIAN, ENGLISH = 1, 2
FLOW_WORDS = {"экспорт": "exports", "export": "exports", "импорт": "imports", "import": "imports"}
PRELIMINARY_WORDS = ("предварительн", "preliminary", "рreliminary")
_YEAR = re.compile(r"^(?P<year>(19|20)\d{2})(\s*(?P<mark>\d|\*+))?$")
HEAD_ROWS = 10


def matches(sheets: list[tuple[str, list[list[Any]]]]) -> bool:
    """Return whether a workbook looks like a stat.kg trade-by-country table."""
    for _, rows in sheets:
        if _header(rows) is not None and any(
            len(r) > ENGLISH and cells.text(r[ENGLISH]) == "total" for r in rows[: HEAD_ROWS * 2]
        ):
            return True
    return False


def _year_of(cell: Any) -> tuple[int, str] | None:
    if isinstance(cell, float | int) and not isinstance(cell, bool) and cell == int(cell):
        return (int(cell), "") if 1900 <= cell <= 2100 else None
    match = _YEAR.match(str(cell).strip())
    return (int(match["year"]), match["mark"] or "") if match else None


def _header(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows[:HEAD_ROWS]):
        tail = [c for c in row[NAME_COLUMNS:] if str(c).strip()]
        if len(tail) >= 2 and all(_year_of(c) for c in tail):
            return index
    return None


def _flow(path: Any, sheet: str, head: list[list[Any]]) -> str:
    for row in head:
        for cell in row[:NAME_COLUMNS]:
            label = cells.text(cell)
            for word, flow in FLOW_WORDS.items():
                if word in label:
                    return flow
    raise InputError(
        "flow not found in the title",
        file=path,
        row=f"sheet {sheet}",
        field="title",
        expected="a title naming exports or imports (экспорт/импорт)",
        found=cells.text(head[0][RUSSIAN]) if head and len(head[0]) > RUSSIAN else "none",
    )


def _preliminary_marks(rows: list[list[Any]]) -> set[str]:
    marks = set()
    for row in rows:
        for cell in row[:NAME_COLUMNS]:
            label = cells.text(cell)
            match = re.match(r"^(\d|\*+)\s+(.*)$", label)
            if match and any(word in match[2] for word in PRELIMINARY_WORDS):
                marks.add(match[1])
    return marks


def _partner(path: Any, sheet: str, excel_row: int, row: list[Any]) -> tuple[Any, str]:
    russian, english = str(row[RUSSIAN]).strip(), str(row[ENGLISH]).strip()
    try:
        return resolve_partner(russian), russian
    except UnknownPartnerError:
        pass
    partner = cells.partner(
        english or russian,
        file=path,
        row=f"sheet {sheet}, row {excel_row}",
        field="name",
    )
    return partner, english


def read(origin: Origin) -> pd.DataFrame:
    """Read a stat.kg trade-by-country workbook into tidy figures.

    Raises
    ------
    InputError
        For a workbook without a year header, a unit other than thousand US dollars, a title
        that names no flow, a non-numeric value or an unknown partner name.
    """
    path = origin.path
    records: list[dict[str, Any]] = []
    tables = 0
    for sheet, rows in cells.read_sheets(path):
        header = _header(rows)
        if header is None:
            continue
        tables += 1
        head = rows[:header]
        flow = _flow(path, sheet, head)
        unit, scale = cells.require_unit(
            [c for r in head for c in r[:NAME_COLUMNS]],
            file=path,
            row=f"sheet {sheet}",
            expected="тыс. долларов США (thousand US dollars)",
        )
        preliminary = _preliminary_marks(rows[header + 1 :])
        years = {
            col: _year_of(cell)
            for col, cell in enumerate(rows[header])
            if col >= NAME_COLUMNS and str(cell).strip()
        }
        for index in range(header + 1, len(rows)):
            row = rows[index]
            excel_row = index + 1
            where = f"sheet {sheet}, row {excel_row}"
            values = {
                col: cells.number(row[col], file=path, row=where, field=str(rows[header][col]))
                for col in years
                if col < len(row)
            }
            if all(v is None for v in values.values()):
                continue  # blank, a block title or a footnote
            partner, printed = _partner(path, sheet, excel_row, row)
            for col, value in values.items():
                if value is None:
                    continue
                year, mark = years[col]
                start, end = year_span(year)
                records.append(
                    {
                        s.REPORTER: REPORTER,
                        s.PARTNER: partner.code,
                        s.PARTNER_KIND: partner.kind,
                        s.FLOW: flow,
                        s.MEASURE: "trade_value",
                        s.FREQ: "A",
                        s.PERIOD_START: start,
                        s.PERIOD_END: end,
                        s.PERIOD_LABEL: str(rows[header][col]).strip().removesuffix(".0"),
                        s.VALUE: value,
                        s.UNIT: unit,
                        s.SCALE: scale,
                        s.PERSPECTIVE: REPORTER,
                        s.SOURCE: SOURCE,
                        **origin.provenance(SOURCE_ORG),
                        s.SOURCE_TIER: OFFICIAL_STATISTICS,
                        s.RELEASE: "preliminary" if mark and mark in preliminary else "",
                        s.LOCATOR: f"{where}, column {col + 1}",
                        s.NOTE: f"partner as printed: {printed}",
                    }
                )
    if tables == 0:
        raise InputError(
            "workbook has no stat.kg table by country",
            file=path,
            field="header",
            expected="a row of years after the three name columns",
            found="none",
        )
    return tidy_frame(records)
