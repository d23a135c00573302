"""The period a BNS by-country sheet covers, from every place that states it.

A BNS table states its period more than once: in the title and period lines above the header
(«за январь-декабрь 2020 года», «за 2022 год», «январь-декабрь 2023 г.», «2023 год», "for
January-December 2023"), sometimes in the header rows, and in the sheet name (``12_2019``,
``2022``, ``2023_06``). :func:`sheet_period` reads each statement and refuses a sheet whose
statements disagree, naming each of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tradeviz.errors import InputError
from tradeviz.ingest.tidy import month_end

#: Month names as the Russian and the English editions print them → month number.
MONTHS_RU = {
    "январь": 1,
    "февраль": 2,
    "март": 3,
    "апрель": 4,
    "май": 5,
    "июнь": 6,
    "июль": 7,
    "август": 8,
    "сентябрь": 9,
    "октябрь": 10,
    "ноябрь": 11,
    "декабрь": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
#: A period as a title or a header states it: «за январь-декабрь 2020 года», «за 2022 год»,
#: «январь-декабрь 2023 г.», «2023 год», "January-December 2023", "for 2023".
_PERIOD = re.compile(
    r"(?:^|\b(?:за|for|in)\s+|\s)(?:(?P<first>[a-zа-я]+)\s*-\s*(?P<last>[a-zа-я]+)\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?:\s*(?:года|год|году|г\.?|year))?\s*$",
    re.IGNORECASE,
)
#: Sheet names that state a period: ``12_2019`` (month and year), ``2022``, ``2023_06``.
_SHEET_MONTH_YEAR = re.compile(r"^(?P<last>\d{1,2})[_.\-](?P<year>(?:19|20)\d{2})$")
_SHEET_YEAR_MONTH = re.compile(r"^(?P<year>(?:19|20)\d{2})[_.\-](?P<last>\d{1,2})$")
_SHEET_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})$")


@dataclass(frozen=True)
class PeriodStatement:
    """One place that states the sheet's period: the title, the header or the sheet name."""

    where: str
    year: int
    last_month: int | None  # None: the place gives the year only
    text: str


def _month(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    return MONTHS_RU.get(word) or MONTHS_EN.get(word)


def _cell_statements(rows: list[list[Any]]) -> list[PeriodStatement]:
    statements = []
    for row in rows:
        for cell in row:
            if not isinstance(cell, str):
                continue
            label = " ".join(cell.split())
            match = _PERIOD.search(label)
            if not match:
                continue
            first, last = _month(match["first"]), _month(match["last"])
            if match["first"] and (first != 1 or last is None):
                raise _period_error(
                    label, "a period from January to a month (январь-<месяц> / January-<month>)"
                )
            statements.append(PeriodStatement("title", int(match["year"]), last or 12, label))
    return statements


def _sheet_statement(sheet: str) -> PeriodStatement | None:
    name = sheet.strip()
    for pattern in (_SHEET_MONTH_YEAR, _SHEET_YEAR_MONTH):
        match = pattern.match(name)
        if match and 1 <= int(match["last"]) <= 12:
            return PeriodStatement("sheet name", int(match["year"]), int(match["last"]), name)
    match = _SHEET_YEAR.match(name)
    return PeriodStatement("sheet name", int(match["year"]), None, name) if match else None


class _PeriodError(Exception):
    def __init__(self, found: str, expected: str) -> None:
        super().__init__(found)
        self.found, self.expected = found, expected


def _period_error(found: str, expected: str) -> _PeriodError:
    return _PeriodError(found, expected)


def sheet_period(
    path: Path, sheet: str, rows: list[list[Any]]
) -> tuple[dt.date, dt.date, str, str]:
    """Take the period of a sheet from every place that states it and check that they agree.

    The title (and any period line between it and the header), the header rows and the sheet
    name each may state the period; a statement of the year only (sheet ``2022``, «за 2022
    год») agrees with any months of that year, and a title without months means the whole year.

    Parameters
    ----------
    path : pathlib.Path
        The workbook (named in errors).
    sheet : str
        The sheet's name.
    rows : list of list
        The rows that may state the period: those above the header, and the header rows.

    Returns
    -------
    tuple
        ``(period_start, period_end, freq, period_label)``: ``freq`` is ``"A"`` for
        January–December, ``"YTD"`` for January to an earlier month; the label is the first
        statement as printed.

    Raises
    ------
    InputError
        When no row states the year, a title states a period not starting in January, or the
        statements disagree.
    """
    where = f"sheet {sheet}"
    try:
        statements = _cell_statements(rows)
    except _PeriodError as error:
        raise InputError(
            "period in the title is not January to a month",
            file=path,
            row=where,
            field="title",
            expected=error.expected,
            found=error.found,
        ) from None
    if not statements:
        raise InputError(
            "title with the year not found above the table header",
            file=path,
            row=where,
            field="title",
            expected="за январь-декабрь ГГГГ года, за ГГГГ год or January-December YYYY",
            found="none",
        )
    named = _sheet_statement(sheet)
    everything = statements + ([named] if named is not None else [])
    years = {s_.year for s_ in everything}
    months = {s_.last_month for s_ in everything if s_.last_month is not None}
    if len(years) > 1 or len(months) > 1:
        described = "; ".join(f"{s_.where} «{s_.text}»" for s_ in everything)
        raise InputError(
            "the places that state the period disagree",
            file=path,
            row=where,
            field="period",
            expected="the same year and months in the title, the header and the sheet name",
            found=described,
        )
    # every title statement gives its last month (12 when it names the year only)
    year, last = years.pop(), months.pop()
    freq = "A" if last == 12 else "YTD"
    label = statements[0].text
    return dt.date(year, 1, 1), month_end(year, last), freq, label
