"""Adapter: BNS «Основные показатели внешней торговли Республики Казахстан» by-country workbooks.

The table is found by its content, not by fixed positions, so that a new year's workbook (or the
English edition, «Main indicators of foreign trade …», "thousand US dollars") ingests with no code
change:

- a *table sheet* has a header row with the cells «Товарооборот», «Экспорт», «Импорт» (any
  case); sheets without one (covers, notes) are skipped;
- the unit cell above the header must read «тыс. долларов США» (any other unit is refused);
- the period comes from every place that states it: the title and period lines («за
  январь-декабрь 2020 года», «за 2022 год», «январь-декабрь 2023 г.», «2023 год», "for
  January-December 2023"), the header rows and the sheet name (``12_2019``, ``2022``); they must
  agree, or the sheet is refused naming each statement (:mod:`tradeviz.ingest.bns_period`);
- the row under the header says which columns are values («Всего») and which are shares
  («удельный вес …, %»);
- data start at the «Всего» row (the stated world total) and run to the end of the sheet.

Each country or aggregate row gives, per flow, a ``trade_value`` (thousand USD) and, where the
cell is filled, a ``partner_share`` (percent). Empty cells are "not stated": no row.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradeviz import schema as s
from tradeviz.countries import (
    UnknownPartnerError,
    normalise_name,
    resolve_partner,
    table_to_extend,
)
from tradeviz.errors import InputError
from tradeviz.ingest.bns_period import MONTHS_RU as MONTHS_RU  # re-exported
from tradeviz.ingest.bns_period import sheet_period
from tradeviz.ingest.cells import read_sheets
from tradeviz.ingest.cells import text as cell_text
from tradeviz.ingest.origin import Origin
from tradeviz.ingest.tidy import OFFICIAL_STATISTICS, tidy_frame

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "bns_annual"
SOURCE_ORG = "KZ_BNS"
REPORTER = "KAZ"
EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm", ".xlsb", ".ods")

#: Header cell text (normalised) → flow, in the Russian and the English editions.
FLOW_HEADERS: dict[str, str] = {
    "товарооборот": "turnover",
    "экспорт": "exports",
    "импорт": "imports",
    "turnover": "turnover",
    "trade turnover": "turnover",
    "exports": "exports",
    "export": "exports",
    "imports": "imports",
    "import": "imports",
}
FLOWS = ("turnover", "exports", "imports")
#: The only unit these tables print, and its scale.
KNOWN_UNITS: dict[str, tuple[str, float]] = {
    "тыс. долларов сша": ("USD", 1e3),
    "thousand us dollars": ("USD", 1e3),
    "thousands of us dollars": ("USD", 1e3),
}
#: Words that mark a cell as a unit statement (used to report an unknown unit).
UNIT_WORDS = ("доллар", "тенге", "рубл", "евро", "юан", "тыс.", "млн", "млрд", "dollar", "tenge")
VALUE_SUBHEADERS = ("всего", "total")
SHARE_SUBHEADERS = ("удельный вес", "share", "specific weight")
WORLD_ROW_PREFIXES = ("всего", "total")
#: Rows after the table that are notes, not partners.
NOTE_PREFIXES = ("примечание", "источник", "*", "¹", "1)", "note", "source")
PERCENT = "percent"

#: How many rows above the header the title and unit may be.
TITLE_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Layout:
    """Where the table of one sheet is.

    Attributes
    ----------
    header_row : int
        0-based index of the row holding «Товарооборот», «Экспорт», «Импорт».
    value_cols : dict
        Flow → 0-based column of its values.
    share_cols : dict
        Flow → 0-based column of its shares (absent when the sheet has none).
    scale : float
        Multiplier of the values (1e3 for thousand USD).
    period_start, period_end : datetime.date
        Period the sheet covers.
    freq : str
        ``"A"`` for January–December, ``"YTD"`` for January to an earlier month.
    period_label : str
        The title as printed, e.g. «за январь-декабрь 2020 года».
    first_row : int
        0-based index of the «Всего» row.
    """

    header_row: int
    value_cols: dict[str, int]
    share_cols: dict[str, int]
    scale: float
    period_start: dt.date
    period_end: dt.date
    freq: str
    period_label: str
    first_row: int


def looks_like(path: str | os.PathLike[str]) -> bool:
    """Return whether ``path`` is a spreadsheet this adapter may read (by extension)."""
    return Path(path).suffix.lower() in EXCEL_SUFFIXES


def read(origin: Origin) -> pd.DataFrame:
    """Read every year sheet of a BNS by-country workbook into tidy figures.

    Parameters
    ----------
    origin : Origin
        The workbook and its provenance.

    Returns
    -------
    pandas.DataFrame
        Tidy figures (see :mod:`tradeviz.schema`).

    Raises
    ------
    InputError
        For an empty, truncated or unreadable workbook, a workbook without a recognisable table,
        an unknown unit, a missing title year or «Всего» row, an unknown partner name, or a
        non-numeric value.
    """
    sheets = read_sheets(origin.path)
    records: list[dict[str, Any]] = []
    tables = 0
    for sheet_name, rows in sheets:
        header_row = _find_header(rows)
        if header_row is None:
            continue  # a cover or notes sheet
        tables += 1
        layout = _layout(origin.path, sheet_name, rows, header_row)
        records.extend(_sheet_records(origin, sheet_name, rows, layout))
    if tables == 0:
        raise InputError(
            "workbook has no recognisable BNS trade table",
            file=origin.path,
            field="header",
            expected="a row with the cells Товарооборот, Экспорт, Импорт",
            found=f"sheets {', '.join(name for name, _ in sheets) or '(none)'}",
        )
    return tidy_frame(records)


def _find_header(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows):
        found = {FLOW_HEADERS.get(cell_text(cell)) for cell in row}
        if set(FLOWS) <= found:
            return index
    return None


def _layout(path: Path, sheet: str, rows: list[list[Any]], header_row: int) -> Layout:
    where = f"sheet {sheet}"
    header = [cell_text(cell) for cell in rows[header_row]]
    sub = [cell_text(cell) for cell in rows[header_row + 1]] if header_row + 1 < len(rows) else []
    value_cols: dict[str, int] = {}
    share_cols: dict[str, int] = {}
    for col, cell in enumerate(header):
        flow = FLOW_HEADERS.get(cell)
        if flow is None:
            continue
        if col >= len(sub) or sub[col] not in VALUE_SUBHEADERS:
            raise InputError(
                "value column not found under the flow header",
                file=path,
                row=f"{where}, row {header_row + 2}",
                field=rows[header_row][col],
                expected="Всего",
                found=rows[header_row + 1][col] if col < len(sub) else "",
            )
        value_cols[flow] = col
        if col + 1 < len(sub) and sub[col + 1].startswith(SHARE_SUBHEADERS):
            share_cols[flow] = col + 1
    above = rows[max(0, header_row - TITLE_SEARCH_ROWS) : header_row]
    scale = _unit_scale(path, where, above, header_row)
    start, end, freq, label = sheet_period(path, sheet, above + rows[header_row : header_row + 2])
    first_row = next(
        (
            index
            for index in range(header_row + 1, len(rows))
            if cell_text(rows[index][0]).startswith(WORLD_ROW_PREFIXES)
        ),
        None,
    )
    if first_row is None:
        raise InputError(
            "table has no «Всего» (world total) row",
            file=path,
            row=where,
            field="Наименование",
            expected="a row named Всего under the header",
            found="none",
        )
    return Layout(header_row, value_cols, share_cols, scale, start, end, freq, label, first_row)


def _unit_scale(path: Path, where: str, above: list[list[Any]], header_row: int) -> float:
    candidates = []
    for offset, row in enumerate(above):
        for cell in row:
            text = cell_text(cell).strip("() ")
            if text in KNOWN_UNITS:
                return KNOWN_UNITS[text][1]
            if text and any(word in text for word in UNIT_WORDS):
                candidates.append((header_row - len(above) + offset + 1, cell))
    if candidates:
        row, cell = candidates[0]
        raise InputError(
            "unknown unit",
            file=path,
            row=f"{where}, row {row}",
            field="unit",
            expected="тыс. долларов США",
            found=cell,
        )
    raise InputError(
        "unit cell not found above the table header",
        file=path,
        row=where,
        field="unit",
        expected="a cell reading тыс. долларов США",
        found="none",
    )


def _number(path: Path, sheet: str, excel_row: int, column: str, cell: Any) -> float | None:
    if cell is None or (isinstance(cell, str) and cell.strip() == ""):
        return None
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        raise InputError(
            "not a number",
            file=path,
            row=f"sheet {sheet}, row {excel_row}",
            field=column,
            expected="a number or an empty cell",
            found=cell,
        )
    return float(cell)


def _is_note(name: str) -> bool:
    return name.startswith(NOTE_PREFIXES)


def _sheet_records(
    origin: Origin, sheet: str, rows: list[list[Any]], layout: Layout
) -> list[dict[str, Any]]:
    path = origin.path
    header = rows[layout.header_row]
    records = []
    common = {
        s.REPORTER: REPORTER,
        s.FREQ: layout.freq,
        s.PERIOD_START: layout.period_start,
        s.PERIOD_END: layout.period_end,
        s.PERIOD_LABEL: layout.period_label,
        s.PERSPECTIVE: REPORTER,
        s.SOURCE: SOURCE,
        **origin.provenance(SOURCE_ORG),
        s.SOURCE_TIER: OFFICIAL_STATISTICS,
    }
    for index in range(layout.first_row, len(rows)):
        row = rows[index]
        excel_row = index + 1
        name_cell = row[0] if row else ""
        name = name_cell.strip() if isinstance(name_cell, str) else str(name_cell or "")
        cells: dict[str, tuple[float | None, float | None]] = {}
        for flow, col in layout.value_cols.items():
            column_name = str(header[col])
            value = _number(path, sheet, excel_row, column_name, row[col] if col < len(row) else "")
            share = None
            share_col = layout.share_cols.get(flow)
            if share_col is not None and share_col < len(row):
                share = _number(path, sheet, excel_row, f"{column_name} %", row[share_col])
            cells[flow] = (value, share)
        has_numbers = any(v is not None or sh is not None for v, sh in cells.values())
        if not name:
            if has_numbers:
                raise InputError(
                    "row has figures but no partner name",
                    file=path,
                    row=f"sheet {sheet}, row {excel_row}",
                    field="Наименование",
                    expected="a country or aggregate name",
                    found="",
                )
            continue
        if not has_numbers and _is_note(normalise_name(name)):
            continue
        try:
            partner = resolve_partner(name)
        except UnknownPartnerError:
            raise InputError(
                "unknown country or aggregate name",
                file=path,
                row=f"sheet {sheet}, row {excel_row}",
                field="Наименование",
                expected="a name known to pycountry or listed in "
                + table_to_extend("en" if name.isascii() else "ru"),
                found=name,
            ) from None
        locator = f"sheet {sheet}, row {excel_row}"
        for flow, (value, share) in cells.items():
            base = {
                **common,
                s.PARTNER: partner.code,
                s.PARTNER_KIND: partner.kind,
                s.FLOW: flow,
                s.LOCATOR: locator,
                s.NOTE: f"partner as printed: {name}",
            }
            if value is not None:
                records.append(
                    {
                        **base,
                        s.MEASURE: "trade_value",
                        s.VALUE: value,
                        s.UNIT: "USD",
                        s.SCALE: layout.scale,
                    }
                )
            if share is not None:
                records.append(
                    {
                        **base,
                        s.MEASURE: "partner_share",
                        s.VALUE: share,
                        s.UNIT: PERCENT,
                        s.SCALE: 1.0,
                    }
                )
    return records
