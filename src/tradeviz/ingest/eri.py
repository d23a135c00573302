"""Adapter: Economic Research Institute (ERI) tables of Kazakhstan's trade by partner.

The institute republishes BNS figures, million US dollars, rounded: the top 15–16 partners,
«Остальные страны» (the partners not listed, ``REST``) and the total (``WLD``), as .xlsx tables
and as tables of its macroeconomic bulletin (.docx, read with python-docx). Both are found by
content: a header row whose second cell is the unit («в млн $») and a first data row naming the
flow («Товарооборот», «Экспорт», «Импорт»); in a bulletin, tables whose rows are products, not
partners, are skipped.

Columns are read from their labels, never from their position (the import tables list «2017 г.
2018 г. 2019 г. 2020 г. 2022 г.»: 2021 is absent, and each value belongs to its labelled year):

- «2018 г.» → ``trade_value`` of the year (freq ``A``);
- «янв-апр 2023» → ``trade_value`` January to that month (freq ``YTD``);
- «2022 к 2021 году. %», «янв-апрель 2023 к 2022, %» → ``growth_index`` of that period (the same
  period of the base year = 100), as printed;
- «СГТР 2017-2022. %» (a compound growth rate the institute computes) is not read.

Numbers are printed as text with space thousands separators and decimal commas («61 111»,
«140,2») or as numbers; a partner name broken over two rows («Соединенное» / «Королевство») is
joined. Which release a column is (the January–April 2023 tables carry the **preliminary** 2022
figures) is stated by the sidecar's ``release`` per year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import UnknownPartnerError, resolve_partner
from tradeviz.errors import InputError
from tradeviz.ingest import cells
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, month_end, tidy_frame

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "eri"
SOURCE_ORG = "KZ_ERI"
REPORTER = "KAZ"
DOCX_SUFFIX = ".docx"
FLOW_ROWS = {"товарооборот": "turnover", "экспорт": "exports", "импорт": "imports"}
NAME_COL, UNIT_COL = 1, 1
EXPECTED_UNIT = "в млн $ (million US dollars)"
MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_ANNUAL = re.compile(r"^(?P<year>(19|20)\d{2})(\s*(г|год)\.?)?$")
_YTD = re.compile(r"^(?P<first>[а-я]+)\.?\s*-\s*(?P<last>[а-я]+)\.?\s+(?P<year>(19|20)\d{2})$")
_GROWTH = re.compile(r"^(?P<period>.+?)\s+к\s+(?P<base>(19|20)\d{2})(\s*(году|г)\.?)?[.,]?\s*%$")
_CAGR = re.compile(r"^сгтр\b")
#: A table is a partner table when at least this share of its row names are partners.
PARTNER_TABLE_SHARE = 0.5


@dataclass(frozen=True)
class Column:
    """What one value column of a table holds."""

    measure: str
    freq: str
    start: dt.date
    end: dt.date
    label: str


def matches(sheets: list[tuple[str, list[list[Any]]]]) -> bool:
    """Return whether a workbook holds an ERI table by partner."""
    return any(_is_table(rows) for _, rows in sheets)


def _is_table(rows: list[list[Any]]) -> bool:
    return (
        len(rows) > 1
        and len(rows[0]) > UNIT_COL
        and bool(cells.unit_candidates([rows[0][UNIT_COL]]))
        and cells.text(rows[1][NAME_COL]) in FLOW_ROWS
    )


def _period(label: str) -> tuple[str, dt.date, dt.date] | None:
    text = cells.text(label)
    if match := _ANNUAL.match(text):
        year = int(match["year"])
        return "A", dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := _YTD.match(text):
        first, last = MONTHS.get(match["first"][:3]), MONTHS.get(match["last"][:3])
        if first == 1 and last is not None:
            year = int(match["year"])
            freq = "A" if last == 12 else "YTD"
            return freq, dt.date(year, 1, 1), month_end(year, last)
    return None


def _columns(path: Path, where: str, header: list[Any]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    for col in range(UNIT_COL + 1, len(header)):
        label = " ".join(str(header[col]).split())
        text = cells.text(label)
        if not text or _CAGR.match(text):
            continue
        growth = _GROWTH.match(text)
        period = _period(growth["period"] if growth else text)
        if period is None:
            raise InputError(
                "column header does not parse",
                file=path,
                row=f"{where}, row 1",
                field=f"column {col + 1}",
                expected="a year (2022 г.), a span (янв-апр 2023) or a growth (… к 2022, %)",
                found=label,
            )
        freq, start, end = period
        if growth and int(growth["base"]) != start.year - 1:
            raise InputError(
                "growth is not on the same period a year earlier",
                file=path,
                row=f"{where}, row 1",
                field=f"column {col + 1}",
                expected=f"… к {start.year - 1}",
                found=label,
            )
        measure = "growth_index" if growth else "trade_value"
        columns[col] = Column(measure, freq, start, end, label)
    return columns


def _entries(rows: list[list[Any]], first: int) -> list[tuple[int, str, list[Any]]]:
    """Rows with their names; a name row without figures continues the row above."""
    entries: list[tuple[int, str, list[Any]]] = []
    for index in range(first, len(rows)):
        row = rows[index]
        name = " ".join(str(row[NAME_COL]).split()) if len(row) > NAME_COL else ""
        has_values = any(str(c).strip() for c in row[NAME_COL + 1 :])
        if not name and not has_values:
            continue
        if not has_values and entries and not str(row[0]).strip():
            number, previous, values = entries[-1]
            entries[-1] = (number, f"{previous} {name}", values)
            continue
        entries.append((index + 1, name, row))
    return entries


def _resolves(name: str) -> bool:
    try:
        resolve_partner(name)
    except UnknownPartnerError:
        return False
    return True


def _table_records(
    origin: Origin, where: str, rows: list[list[Any]], *, skip_products: bool
) -> list[dict[str, Any]] | None:
    path = origin.path
    cells.require_unit(
        [rows[0][UNIT_COL]], file=path, row=f"{where}, row 1", expected=EXPECTED_UNIT
    )
    unit, scale = cells.unit_of([rows[0][UNIT_COL]]) or ("USD", 1e6)
    entries = _entries(rows, 1)
    names = [name for _, name, _ in entries[1:]]
    if skip_products and sum(map(_resolves, names)) < PARTNER_TABLE_SHARE * len(names):
        return None  # a table of products
    columns = _columns(path, where, rows[0])
    flow = FLOW_ROWS[cells.text(entries[0][1])]
    records = []
    for number, name, row in entries:
        locator = f"{where}, row {number}"
        partner = (
            resolve_partner("всего")
            if number == entries[0][0]
            else cells.partner(name, file=path, row=locator, field="partner")
        )
        for col, column in columns.items():
            value = cells.number(
                row[col] if col < len(row) else "",
                file=path,
                row=locator,
                field=column.label,
                printed=True,
            )
            if value is None:
                continue
            growth = column.measure == "growth_index"
            records.append(
                {
                    s.REPORTER: REPORTER,
                    s.PARTNER: partner.code,
                    s.PARTNER_KIND: partner.kind,
                    s.FLOW: flow,
                    s.MEASURE: column.measure,
                    s.FREQ: column.freq,
                    s.PERIOD_START: column.start,
                    s.PERIOD_END: column.end,
                    s.PERIOD_LABEL: column.label,
                    s.VALUE: value,
                    s.UNIT: "percent" if growth else unit,
                    s.SCALE: 1.0 if growth else scale,
                    s.PERSPECTIVE: REPORTER,
                    s.SOURCE: SOURCE,
                    **origin.provenance(SOURCE_ORG),
                    s.SOURCE_TIER: OFFICIAL_STATISTICS,
                    s.LOCATOR: f"{locator}, column {col + 1}",
                    s.NOTE: f"partner as printed: {name}",
                }
            )
    return records


def _wanted(first_row: list[str]) -> bool:
    """Return whether a bulletin table's first row carries the unit in its second cell."""
    return len(first_row) > UNIT_COL and bool(cells.unit_candidates([first_row[UNIT_COL]]))


def read(origin: Origin) -> pd.DataFrame:
    """Read an ERI table (.xlsx) or the partner tables of an ERI bulletin (.docx).

    Raises
    ------
    InputError
        For a file without a partner table, a unit other than million US dollars, a column
        header that does not parse, a non-numeric value or an unknown partner name.
    """
    path = origin.path
    records: list[dict[str, Any]] = []
    if path.suffix.lower() == DOCX_SUFFIX:
        from tradeviz.ingest.docx_tables import docx_tables

        tables = [(f"table {i + 1}", rows) for i, rows in enumerate(docx_tables(path, _wanted))]
        skip_products = True
    else:
        tables = [(f"sheet {name}", rows) for name, rows in cells.read_sheets(path)]
        skip_products = False
    found = 0
    for where, rows in tables:
        if not _is_table(rows):
            continue
        table = _table_records(origin, where, rows, skip_products=skip_products)
        if table is not None:
            found += 1
            records.extend(table)
    if found == 0:
        raise InputError(
            "no table of trade by partner found",
            file=path,
            field="table",
            expected=f"a table with the unit {EXPECTED_UNIT} and a row Товарооборот, Экспорт "
            "or Импорт followed by partners",
            found=f"{len(tables)} tables, none of them by partner",
        )
    return tidy_frame(records)
