"""Periods of trade claims, in English and Russian, resolved against the publication date.

"in 2022", «за 2022 год» → the year; "the first nine months of 2023", "January–September 2023",
«январь–ноябрь 2022», «в январе-ноябре 2022 г», "H1 2023" → January to the last month; "last
year", «в прошлом году», "over the past year" → the year before the publication; "by 2030" → the
target year. A month without a year takes the publication's year (said in ``reason``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

#: Month stems, English and Russian (any case), 1–12.
MONTHS: tuple[tuple[str, int], ...] = tuple(
    (stem, number)
    for number, stems in enumerate(
        [
            ("jan", "январ"),
            ("feb", "феврал"),
            ("mar", "март"),
            ("apr", "апрел"),
            ("may", "ма[йяе]"),
            ("jun", "июн"),
            ("jul", "июл"),
            ("aug", "август"),
            ("sep", "сентябр"),
            ("oct", "октябр"),
            ("nov", "ноябр"),
            ("dec", "декабр"),
        ],
        start=1,
    )
    for stem in stems
)
#: Counts of months in words.
COUNT_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_MONTH = "|".join(stem for stem, _ in MONTHS)
_MONTH_WORD = rf"(?:{_MONTH})[a-zа-я]*\.?"
_DASH = r"\s*(?:-|–|—|to|through|по)\s*"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_COUNT = r"(?P<count>\d{1,2}|" + "|".join(COUNT_WORDS) + ")"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("first_months", rf"first {_COUNT} months(?: of)?(?: (?:the )?year)?,? ?{_YEAR}?"),
        ("as_of", rf"(?:as of|as at|на (?:начало|конец)?) ?(?P<m1>{_MONTH_WORD}),? {_YEAR}"),
        ("months_span", rf"(?P<m1>{_MONTH_WORD}){_DASH}(?P<m2>{_MONTH_WORD}),? ?(?:of )?{_YEAR}?"),
        ("years_span", rf"(?:from |between |с )?(?P<y1>(?:19|20)\d\d)(?:{_DASH}|\s*and\s*){_YEAR}"),
        ("half", rf"(?:\bH1\b|first half(?: of)?|первое полугодие|первом полугодии) ?{_YEAR}?"),
        ("target_year", rf"(?:\bby |\bк ){_YEAR}"),
        ("year", rf"(?:\bin |\bfor |\bза |\bв |\bof ){_YEAR}(?: ?(?:году|год|г\.?))?"),
        (
            "last_year",
            r"last year|past year|previous year|в прошлом году|прошлого года|за прошлый год",
        ),
        ("today", r"\btoday\b|\bcurrently\b|\bnowadays\b|сегодня|в настоящее время"),
        ("bare_year", rf"\b{_YEAR}\b"),
    )
)


@dataclass(frozen=True)
class Period:
    """A resolved period: first and last day, how it was read, and why a part was assumed."""

    start: dt.date
    end: dt.date
    note: str
    reason: str = ""
    target: bool = False


def month_number(word: str) -> int:
    """Return the month (1–12) a word names, by its stem."""
    for stem, number in MONTHS:
        if re.match(stem, word, re.IGNORECASE):
            return number
    raise ValueError(f"not a month: {word!r}")


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def find_period(sentence: str, published: dt.date) -> Period | None:
    """Return the period a sentence states, resolved against ``published`` (None if none).

    Parameters
    ----------
    sentence : str
        One sentence of the article.
    published : datetime.date
        The publication date (its last day when only a month or a year is known).

    Returns
    -------
    Period or None
        The first pattern of :data:`PATTERNS` that matches, in that order.

    Examples
    --------
    >>> find_period("in January-November 2022 trade grew", dt.date(2023, 1, 31)).end
    datetime.date(2022, 11, 30)
    >>> find_period("Last year exports rose", dt.date(2024, 2, 29)).start
    datetime.date(2023, 1, 1)
    """
    for name, pattern in PATTERNS:
        match = pattern.search(sentence)
        if match is None:
            continue
        text = match.group(0).strip()
        year_text = match.groupdict().get("year")
        year = int(year_text) if year_text else published.year
        reason = (
            ""
            if year_text or name == "last_year"
            else (f"no year beside {text!r}; taken from the publication date ({published.year})")
        )
        if name == "first_months":
            count = match["count"].lower()
            months = int(count) if count.isdigit() else COUNT_WORDS[count]
            if not 1 <= months <= 12:
                continue
            return Period(*_months(year, 1, months), f"{text!r}", reason)
        if name == "months_span":
            first, last = month_number(match["m1"]), month_number(match["m2"])
            if first > last:
                continue
            return Period(*_months(year, first, last), f"{text!r}", reason)
        if name == "as_of":
            month = month_number(match["m1"])
            return Period(*_months(year, month, month), f"{text!r}: a stock at that month", reason)
        if name == "years_span":
            first = int(match["y1"])
            if first >= year:
                continue
            return Period(dt.date(first, 1, 1), dt.date(year, 12, 31), f"{text!r}", reason)
        if name == "half":
            return Period(*_months(year, 1, 6), f"{text!r}", reason)
        if name == "target_year":
            return Period(*_months(year, 1, 12), f"{text!r}: the target year", target=True)
        if name in ("last_year", "today"):
            previous = published.year - 1
            return Period(
                *_months(previous, 1, 12),
                f"{text!r} in an article of {published.isoformat()}: {previous}",
                reason=f"{text!r} resolved against the publication date",
            )
        return Period(*_months(year, 1, 12), f"{text!r}: the calendar year", reason)
    return None
