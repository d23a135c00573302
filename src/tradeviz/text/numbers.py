"""Numbers as readers see them: money, percentages, quantities with units, periods.

Each kind of number has one formatter. Where two outputs really differ, a ``style`` names the
difference:

``"sentence"``  prose in notebooks and reports: ``USD 14.0 bn``, ``19.8 %``, ``-22.4 %``. Money
                is written without a dollar sign, so that no renderer mistakes a pair of
                amounts for TeX mathematics; the decimals are fixed and rounded half away from
                zero, as statistical offices print.
``"chart"``     labels, tooltips and data tables of charts: ``$9.4 bn``, ``$817 m``, ``−$1.2 bn``,
                ``19.8 %`` (a trailing ``.0`` of money dropped, a typographic minus).
``"precise"``   explanations of the checks, where a reader compares figures digit by digit:
                four significant digits, ``$9.421 bn``, ``19.82 %``, ``18.94 million persons``.
"""

from __future__ import annotations

import calendar
import math
from typing import Any

from tradeviz.vocabulary import (
    BILLION,
    MILLION,
    THOUSAND,
    UNIT_ORDINAL,
    UNIT_PERCENT,
    UNIT_RANK,
    UNIT_USD,
)

SENTENCE = "sentence"
CHART = "chart"
PRECISE = "precise"
STYLES = (SENTENCE, CHART, PRECISE)
#: Decimals printed for percentages and money in bn / m, unless a caller asks otherwise.
DEFAULT_DECIMALS = 1
#: Significant digits of the ``precise`` style (the full values are in the tables).
SHOWN_DIGITS = 4
#: Decimals of a difference of percentages, in percentage points.
POINT_DECIMALS = 2
#: Scales money is written in, largest first.
MONEY_SCALES: tuple[tuple[float, str], ...] = (
    (1e12, "tn"),
    (BILLION, "bn"),
    (MILLION, "m"),
    (THOUSAND, "k"),
)
#: The ``precise`` style writes billions and millions only.
PRECISE_MONEY_SCALES: tuple[tuple[float, str], ...] = ((BILLION, "bn"), (MILLION, "m"))
#: A chart writes $999.6 m as $1 bn: the scale is chosen on the value as it will be rounded.
CHART_SCALE_ROUNDING = 0.9995
#: Currency label of the ``sentence`` style (no "$": see the module docstring).
CURRENCY_LABEL = "USD"
MINUS = "\u2212"
MISSING = "n/a"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def round_half_away(value: float, decimals: int) -> float:
    """Round half away from zero, as statistical offices print, and never return ``-0.0``.

    Examples
    --------
    >>> round_half_away(0.25, 1), round_half_away(-2.5, 0)
    (0.3, -3.0)
    """
    factor = 10**decimals
    rounded = math.floor(abs(float(value)) * factor + 0.5) / factor
    return math.copysign(rounded, float(value)) + 0.0


def significant(value: float, digits: int = SHOWN_DIGITS) -> str:
    """Return ``value`` with up to ``digits`` significant digits, thousands spaced, no 0 tail.

    Examples
    --------
    >>> significant(9.420579), significant(1234567.0), significant(0.0)
    ('9.421', '1 234 567', '0')
    """
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - magnitude, 0)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ")


def _trimmed(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(
    value: float | None,
    *,
    style: str = SENTENCE,
    decimals: int = DEFAULT_DECIMALS,
    unit: float | None = None,
) -> str:
    """Write a US dollar amount with a scale word.

    Parameters
    ----------
    value : float
        The amount in US dollars (not thousands).
    style : {"sentence", "chart", "precise"}
        See the module docstring.
    decimals : int, default 1
        Decimals after scaling (``sentence`` and ``chart``; ``chart`` drops a trailing ``.0``
        and prints none at 100 or more).
    unit : float, optional
        ``chart`` only: force a scale (1e9 for an axis in billions).

    Returns
    -------
    str
        ``n/a`` for a missing value.

    Examples
    --------
    >>> format_money(13_980_000_000), format_money(-1.5e9), format_money(850_200_000)
    ('USD 14.0 bn', 'USD -1.5 bn', 'USD 850.2 m')
    >>> format_money(9.4e9, style="chart"), format_money(8.17e8, style="chart")
    ('$9.4 bn', '$817 m')
    >>> format_money(9.420579e9, style="precise")
    '$9.421 bn'
    """
    if _missing(value):
        return MISSING
    if style == SENTENCE:
        for threshold, suffix in MONEY_SCALES:
            if abs(value) >= threshold:
                return f"{CURRENCY_LABEL} {value / threshold:.{decimals}f} {suffix}"
        return f"{CURRENCY_LABEL} {value:.0f}"
    if style == PRECISE:
        for threshold, suffix in PRECISE_MONEY_SCALES:
            if abs(value) >= threshold:
                return f"${significant(value / threshold)} {suffix}"
        return f"${significant(value)}"
    if style != CHART:
        raise ValueError(f"unknown style {style!r}; one of {', '.join(STYLES)}")
    magnitude = abs(value)
    scale, suffix = 1.0, ""
    if unit is not None:
        scale, suffix = unit, dict(MONEY_SCALES).get(unit, "")
    else:
        for threshold, name in MONEY_SCALES:
            if magnitude >= threshold * CHART_SCALE_ROUNDING:
                scale, suffix = threshold, name
                break
    scaled = magnitude / scale
    text = _trimmed(scaled, decimals if scaled < 100 else 0)
    sign = MINUS if value < 0 and float(text) != 0 else ""
    return f"{sign}${text}{' ' + suffix if suffix else ''}"


def format_percent(
    value: float | None,
    decimals: int = DEFAULT_DECIMALS,
    *,
    signed: bool = False,
    style: str = SENTENCE,
) -> str:
    """Write a percentage (not a fraction): ``19.8 %``.

    Parameters
    ----------
    value : float
        Percent.
    decimals : int, default 1
        Decimals printed (``sentence`` and ``chart``).
    signed : bool, default False
        Print ``+`` before a positive value (growth; ``sentence`` and ``chart``).
    style : {"sentence", "chart", "precise"}
        See the module docstring.

    Examples
    --------
    >>> format_percent(19.834), format_percent(-22.4), format_percent(16, signed=True)
    ('19.8 %', '-22.4 %', '+16.0 %')
    >>> format_percent(-22.4, style="chart"), format_percent(19.81579, style="precise")
    ('−22.4 %', '19.82 %')
    """
    if _missing(value):
        return MISSING
    if style == SENTENCE:
        rounded = round_half_away(value, decimals)
        text = f"{rounded:.{decimals}f} %"
        return f"+{text}" if signed and rounded > 0 else text
    if style == PRECISE:
        return f"{significant(value)} %"
    if style != CHART:
        raise ValueError(f"unknown style {style!r}; one of {', '.join(STYLES)}")
    text = f"{abs(value):.{decimals}f}"
    sign = MINUS if value < 0 and float(text) != 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{text} %"


def format_quantity(value: float | None, unit: str, *, style: str = PRECISE) -> str:
    """Return a quantity (value × scale already applied) with its unit.

    Parameters
    ----------
    value : float
        The quantity.
    unit : str
        Its unit (``USD``, ``percent``, ``rank``, ``ordinal``, or a count such as ``persons``).
    style : {"precise", "sentence"}
        ``precise`` (checks): four significant digits; ``sentence`` (notebook tables): money
        and percentages as prose writes them, counts in full.

    Examples
    --------
    >>> format_quantity(5.2e9, "USD"), format_quantity(19.81579, "percent")
    ('$5.2 bn', '19.82 %')
    >>> format_quantity(18940000.0, "persons"), format_quantity(2.0, "rank")
    ('18.94 million persons', 'rank 2')
    >>> format_quantity(5e9, "USD", style="sentence"), format_quantity(1234.0, "persons", style="sentence")
    ('USD 5.0 bn', '1,234 persons')
    """  # noqa: E501
    if _missing(value):
        return MISSING
    if unit == UNIT_RANK:
        return f"rank {int(round(value))}"
    if unit in (UNIT_PERCENT, UNIT_USD):
        format_unit = format_percent if unit == UNIT_PERCENT else format_money
        return format_unit(value, style=style)
    if unit == UNIT_ORDINAL:
        return f"no. {int(round(value))}"
    if style == SENTENCE:
        return f"{value:,.0f} {unit}".strip()
    magnitude = abs(value)
    if magnitude >= MILLION:
        text = f"{significant(value / MILLION)} million"
    elif magnitude >= 10 * THOUSAND:
        text = f"{significant(value / THOUSAND)} thousand"
    else:
        text = significant(value, digits=max(SHOWN_DIGITS, len(str(int(magnitude)))))
    return f"{text} {unit}"


def format_difference(value: float | None, unit: str) -> str:
    """Return a signed difference: ``+7.82 pp``, ``−$0.4 bn``, ``+40 thousand persons``."""
    if _missing(value):
        return MISSING
    sign = "+" if value >= 0 else MINUS
    if unit == UNIT_PERCENT:
        return f"{sign}{abs(value):.{POINT_DECIMALS}f} pp"
    if unit == UNIT_RANK:
        return f"{sign}{abs(int(round(value)))} place(s)"
    return sign + format_quantity(abs(value), unit)


def format_period(start: Any, end: Any) -> str:
    """Return a period in words: ``2020``, ``2021-01..2021-04``, ``2021-06-01``, ``undated``.

    Examples
    --------
    >>> import datetime as dt
    >>> format_period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    '2020'
    >>> format_period(dt.date(2021, 1, 1), dt.date(2021, 4, 30))
    '2021-01..2021-04'
    """
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


def _day(value: Any) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def _is_month_end(value: Any) -> bool:
    return value.day == calendar.monthrange(value.year, value.month)[1]
