"""Dates stated at a precision (a year, a month or a day) and how two of them compare."""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

YEAR, MONTH, DAY = "year", "month", "day"


def parse_partial_date(text: str) -> tuple[dt.date, dt.date, str]:
    """Return the first day, the last day and the precision of a date stated as text.

    Parameters
    ----------
    text : str
        ``"1992"``, ``"1992-02"`` or ``"1992-02-03"``.

    Returns
    -------
    tuple of (datetime.date, datetime.date, str)
        First day covered, last day covered, and ``"year"``, ``"month"`` or ``"day"``.

    Raises
    ------
    ValueError
        If the text is not such a date.

    Examples
    --------
    >>> parse_partial_date("1992-02")
    (datetime.date(1992, 2, 1), datetime.date(1992, 2, 29), 'month')
    """
    match = PARTIAL_DATE.match(str(text).strip())
    if not match:
        raise ValueError(f"not a date YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    year = int(match.group(1))
    if match.group(2) is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR
    month = int(match.group(2))
    if match.group(3) is None:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), MONTH
    day = dt.date(year, month, int(match.group(3)))
    return day, day, DAY


def compare_dates(
    claim: tuple[dt.date, dt.date], reference: tuple[dt.date, dt.date]
) -> tuple[str, int]:
    """Compare a stated date with a reference date, each a (first day, last day) interval.

    Parameters
    ----------
    claim, reference : tuple of datetime.date
        The days each covers (a year, a month or one day).

    Returns
    -------
    tuple of (str, int)
        The detail — ``exact`` (same interval), ``within_rounding`` (the reference lies inside
        the claim's interval: the claim is the reference at a coarser precision),
        ``imprecise_reference`` (the reference is coarser and includes the claim's interval
        only in part or whole: it cannot confirm it) or ``beyond_tolerance`` (no day in
        common) — and the distance in days between the intervals (0 when they overlap).
    """
    c_start, c_end = claim
    r_start, r_end = reference
    if r_end < c_start:
        return "beyond_tolerance", (c_start - r_end).days
    if r_start > c_end:
        return "beyond_tolerance", (r_start - c_end).days
    if (r_start, r_end) == (c_start, c_end):
        return "exact", 0
    if c_start <= r_start and r_end <= c_end:
        return "within_rounding", 0
    return "imprecise_reference", 0


def as_of_day(published: object) -> dt.date | None:
    """Return the day a document counts as published for "as of" purposes, or None.

    A date given only as a month or a year counts as the last day of that period: a document
    of "2024-02" could have used every figure released by 29 February 2024.

    Examples
    --------
    >>> as_of_day("2024-02"), as_of_day("2024"), as_of_day("2023-01-20"), as_of_day("")
    (datetime.date(2024, 2, 29), datetime.date(2024, 12, 31), datetime.date(2023, 1, 20), None)
    """
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    text = str(published or "").strip()[:10]
    try:
        return parse_partial_date(text)[1]
    except ValueError:
        return None
