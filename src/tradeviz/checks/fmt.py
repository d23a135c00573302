"""Numbers in words for explanations: ``$5.00 bn``, ``19.82 %``, ``18.94 million persons``."""

from __future__ import annotations

import math

BILLION = 1e9
MILLION = 1e6
THOUSAND = 1e3
#: Significant digits shown for quantities in explanations (the full values are in the tables).
SHOWN_DIGITS = 4
#: Decimals shown for percentages and percentage points.
PERCENT_DECIMALS = 2

PERCENT = "percent"
USD = "USD"
RANK = "rank"


def _number(value: float, digits: int = SHOWN_DIGITS) -> str:
    """Return ``value`` with up to ``digits`` significant digits, thousands spaced, no 0 tail."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - magnitude, 0)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ")


def format_quantity(value: float | None, unit: str) -> str:
    """Return a quantity (value × scale already applied) with its unit, for a reader.

    Examples
    --------
    >>> format_quantity(5.2e9, "USD")
    '$5.2 bn'
    >>> format_quantity(19.81579, "percent")
    '19.82 %'
    >>> format_quantity(18940000.0, "persons")
    '18.94 million persons'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == PERCENT:
        return f"{_number(value)} %"
    if unit == RANK:
        return f"rank {int(round(value))}"
    if unit == "ordinal":
        return f"no. {int(round(value))}"
    magnitude = abs(value)
    if unit == USD:
        if magnitude >= BILLION:
            return f"${_number(value / BILLION)} bn"
        if magnitude >= MILLION:
            return f"${_number(value / MILLION)} m"
        return f"${_number(value)}"
    if magnitude >= MILLION:
        text = f"{_number(value / MILLION)} million"
    elif magnitude >= 10 * THOUSAND:
        text = f"{_number(value / THOUSAND)} thousand"
    else:
        text = _number(value, digits=max(SHOWN_DIGITS, len(str(int(magnitude)))))
    return f"{text} {unit}"


def format_difference(value: float | None, unit: str) -> str:
    """Return a signed difference: ``+7.82 pp``, ``-$0.40 bn``, ``+40 thousand persons``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    sign = "+" if value >= 0 else "−"
    if unit == PERCENT:
        return f"{sign}{abs(value):.{PERCENT_DECIMALS}f} pp"
    if unit == RANK:
        return f"{sign}{abs(int(round(value)))} place(s)"
    return sign + format_quantity(abs(value), unit)


def format_period(start, end) -> str:
    """Return a period in words: ``2020``, ``2021-01..2021-04``, ``2021-06-01``, ``undated``."""
    start_text = _day(start)
    end_text = _day(end)
    if not start_text and not end_text:
        return "undated"
    if start_text and end_text:
        if start_text == end_text:
            return start_text
        if start_text.endswith("-01-01") and end_text.endswith("-12-31"):
            first, last = start_text[:4], end_text[:4]
            return first if first == last else f"{first}–{last}"
        if start_text[8:] == "01" and _is_month_end(end):
            if start_text[:7] == end_text[:7]:
                return start_text[:7]
            return f"{start_text[:7]}..{end_text[:7]}"
        return f"{start_text}..{end_text}"
    return f"{start_text or '?'}..{end_text or '?'}"


def _day(value) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def _is_month_end(value) -> bool:
    import calendar

    return value.day == calendar.monthrange(value.year, value.month)[1]
