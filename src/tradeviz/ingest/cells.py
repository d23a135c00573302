"""Reading published tables cell by cell: workbooks, numbers as printed, units, partner names.

Shared by the adapters of spreadsheet and document sources, so that each decision is made in one
place: how a workbook is opened (python-calamine, every sheet, empty cells kept), what an empty
or «-» cell means (not stated), how a number printed with spaces and a decimal comma reads
(``"61 111"`` → 61111, ``"140,2"`` → 140.2, only where the adapter says the table prints them so),
which unit a unit line states, and how a partner name or code becomes a partner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradeviz.countries import (
    Partner,
    UnknownPartnerError,
    normalise_name,
    resolve_partner,
    table_to_extend,
)
from tradeviz.errors import InputError

#: Cells that mean "not stated" (no figure), never zero.
NOT_STATED = frozenset({"", "-", "–", "—", ".", "..", "...", "…", "x", "х"})
_SPACED_NUMBER = re.compile(r"^[-−]?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[-−]?\d+(?:[.,]\d+)?$")
_POINT_NUMBER = re.compile(r"^[-−]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")

#: Unit statements (normalised, look-alike letters fixed) → (unit, scale). Matched as regexes.
UNIT_PATTERNS: tuple[tuple[re.Pattern[str], str, float], ...] = (
    (re.compile(r"тыс\.?\s*долл\w*\s*сша"), "USD", 1e3),
    (re.compile(r"млн\.?\s*долл\w*\s*сша"), "USD", 1e6),
    (re.compile(r"млрд\.?\s*долл\w*\s*сша"), "USD", 1e9),
    (re.compile(r"(в\s+)?млн\.?\s*\$"), "USD", 1e6),
    (
        re.compile(r"thousand\s+us\s+dollars|thousands?\s+of\s+us\s+dollars|usd\s+thousand"),
        "USD",
        1e3,
    ),
    (re.compile(r"million\s+us\s+dollars|millions?\s+of\s+us\s+dollars|usd\s+million"), "USD", 1e6),
    (re.compile(r"миң\s+акш\s+доллар"), "USD", 1e3),
)
#: A unit line is short; longer cells are text, not unit statements.
MAX_UNIT_CHARS = 80
#: Words that mark a cell as a unit statement (so that an unknown unit is named, not ignored).
UNIT_WORDS = ("доллар", "долл", "тенге", "рубл", "евро", "юан", "dollar", "euro", "tenge", "$")


def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Return ``(sheet name, rows)`` for every sheet of a workbook (.xls, .xlsx, .ods).

    Raises
    ------
    InputError
        For an empty, truncated or unreadable workbook.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    if path.stat().st_size == 0:
        raise InputError(
            "workbook is empty", file=path, expected="an Excel workbook", found="0 bytes"
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return [
            (name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        ]
    except (CalamineError, OSError, ValueError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(
            "workbook cannot be read (truncated or not an Excel file)",
            file=path,
            expected="a complete Excel workbook (.xls/.xlsx)",
            found=detail,
        ) from None


def text(cell: Any) -> str:
    """Return a cell as normalised text (``""`` for numbers and empty cells)."""
    return normalise_name(cell) if isinstance(cell, str) else ""


def number(
    cell: Any,
    *,
    file: Path,
    row: str,
    field: str,
    printed: bool = False,
) -> float | None:
    """Return a cell's number, ``None`` when it is not stated (empty, «-», «…»).

    Parameters
    ----------
    cell : Any
        The cell as the reader gives it (float, int or text).
    file, row, field
        Where the cell is, for the error.
    printed : bool, default False
        The table prints numbers as text with space thousands separators and a decimal comma
        (``"61 111"``, ``"140,2"``): read them so. Otherwise only numeric cells (and plain
        numeric text with a decimal point) are numbers.

    Raises
    ------
    InputError
        For any other text.
    """
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise InputError(
            "not a number", file=file, row=row, field=field, expected="a number", found=cell
        )
    if isinstance(cell, int | float):
        return float(cell)
    stripped = str(cell).strip()
    if stripped in NOT_STATED:
        return None
    if printed and (_SPACED_NUMBER.match(stripped) or _PLAIN_NUMBER.match(stripped)):
        compact = re.sub(r"[ \u00a0\u202f]", "", stripped).replace(",", ".").replace("−", "-")
        return float(compact)
    if not printed and _POINT_NUMBER.match(stripped):
        return float(stripped.replace("−", "-"))
    raise InputError(
        "not a number",
        file=file,
        row=row,
        field=field,
        expected="a number, or an empty or «-» cell (not stated)"
        + ("; printed with space thousands and a decimal comma" if printed else ""),
        found=cell,
    )


def unit_of(cells: list[Any]) -> tuple[str, float] | None:
    """Return ``(unit, scale)`` of the first cell that states a known unit, else ``None``."""
    for cell in cells:
        label = text(cell)
        if len(label) > MAX_UNIT_CHARS:
            continue  # a paragraph, not a unit line
        for pattern, unit, scale in UNIT_PATTERNS:
            if label and pattern.search(label):
                return unit, scale
    return None


def unit_candidates(cells: list[Any]) -> list[Any]:
    """Return the cells that look like unit statements (to name an unknown unit)."""
    return [
        c
        for c in cells
        if text(c) and len(text(c)) <= MAX_UNIT_CHARS and any(w in text(c) for w in UNIT_WORDS)
    ]


def require_unit(
    cells: list[Any], *, file: Path, row: str, expected: str, allowed: tuple[str, ...] = ("USD",)
) -> tuple[str, float]:
    """Return the unit stated among ``cells``; every unit statement must state the same one.

    A table that states its unit in several languages (stat.kg) must say the same in each.

    Raises
    ------
    InputError
        ``unknown unit`` naming the first statement that is not the allowed unit (or that
        disagrees with another one), ``unit statement not found`` when there is none.
    """
    candidates = unit_candidates(cells)
    if not candidates:
        raise InputError(
            "unit statement not found",
            file=file,
            row=row,
            field="unit",
            expected=expected,
            found="none",
        )
    units = [unit_of([cell]) for cell in candidates]
    for cell, unit in zip(candidates, units, strict=True):
        if unit is None or unit[0] not in allowed or unit != units[0]:
            raise InputError(
                "unknown unit", file=file, row=row, field="unit", expected=expected, found=cell
            )
    return units[0]


def partner(
    name: str,
    *,
    file: Path,
    row: str,
    field: str,
    language: str = "ru",
    resolver: Callable[[str], Partner] = resolve_partner,
) -> Partner:
    """Resolve a printed partner name or code; an unknown one names the table to extend.

    Raises
    ------
    InputError
        ``unknown country or territory``, naming the table of :mod:`tradeviz.countries` that
        should list it.
    """
    try:
        return resolver(name)
    except UnknownPartnerError:
        raise InputError(
            "unknown country or territory",
            file=file,
            row=row,
            field=field,
            expected=f"a name or code known to pycountry or listed in {table_to_extend(language)}",
            found=name,
        ) from None
