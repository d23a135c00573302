"""Tolerance of a stated figure: derived from its printed precision, widened by its qualifier.

A number printed as ``12`` is read as 12 ± 0.5 (half a unit of its last printed digit); ``2.7``
thousand as 2.7 ± 0.05 thousand. The wording's qualifier then widens or shifts the interval that a
reference figure must fall in:

========== =============================================================================
qualifier  the reference must lie in
========== =============================================================================
exact      [stated − ½ unit, stated + ½ unit] (rounding only; no hedging word)
about      [stated − 1 unit, stated + 1 unit] ("about", "approximately", "some")
over       [stated, ∞) ("more than", "over", "exceeded"; a rounded "more than 14" cannot be
           told apart from 14 at the printed precision)
at_least   [stated, ∞)
nearly     [stated − 1 unit, stated] ("nearly", "almost", "close to", "почти")
just_over  (stated, stated + 1 unit] ("just over", "slightly more than", "немногим более")
under      (−∞, stated) ("under", "less than")
========== =============================================================================

"unit" is one unit of the last printed digit times the printed scale. A number given in words
("a quarter", "doubled", "one and a half times") has no printed digits: its unit is
:data:`WORDS_STEP_REL` of the number it means (a quarter = 25 % → unit 2.5 points, so "about a
quarter" is [22.5, 27.5] % and "a quarter" [23.75, 26.25] %).
 Arithmetic is done in
:class:`decimal.Decimal` from the printed text, so ``2.7`` thousand is exactly 2700.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from tradeviz.checks.vocab import CLAIM_SCALES

#: A stated value's rounding: half a unit of its last printed digit.
ROUNDING_FRACTION = Decimal("0.5")
#: "about": one unit of the last printed digit on either side.
ABOUT_UNITS = Decimal("1")
#: "nearly": up to one unit of the last printed digit below the stated value.
NEARLY_UNITS = Decimal("1")
#: "just over": up to one unit of the last printed digit above the stated value.
JUST_OVER_UNITS = Decimal("1")
#: A number given in words: its unit is this fraction of the number it means.
WORDS_STEP_REL = Decimal("0.1")
#: Relative slack for comparing binary floats with the decimal bounds (not a tolerance).
FLOAT_SLACK_REL = 1e-12

#: A number as printed and normalised: digits, an optional decimal point and decimals.
PRINTED_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

#: Qualifiers whose interval contains the stated value itself as an ordinary point.
_POINT_QUALIFIERS = frozenset({"exact", "about", "at_least"})

#: How each qualifier is read, in words, for explanations.
QUALIFIER_RULES: dict[str, str] = {
    "exact": "no hedging word: ± half a unit of the last printed digit",
    "about": "'about': ± one unit of the last printed digit",
    "over": "'more than': reference ≥ stated value",
    "at_least": "'at least': reference ≥ stated value",
    "nearly": "'nearly': stated − one unit of the last printed digit ≤ reference ≤ stated",
    "just_over": "'just over': stated < reference ≤ stated + one unit of the last printed digit",
    "under": "'under': reference < stated value",
}


def printed_step(value_text: str) -> Decimal:
    """Return one unit of the last printed digit of a normalised number (``"2.7"`` → 0.1).

    Parameters
    ----------
    value_text : str
        The number as printed, normalised (decimal point, no thousands separators).

    Returns
    -------
    decimal.Decimal
        ``10 ** -decimals``; 1 for an integer.

    Raises
    ------
    ValueError
        If ``value_text`` is not a plain decimal number.
    """
    text = str(value_text).strip()
    if not PRINTED_NUMBER.match(text):
        raise ValueError(f"not a printed decimal number: {value_text!r}")
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return Decimal(1).scaleb(-decimals)


def scale_factor(scale: str | float | int | None) -> Decimal:
    """Return the printed scale as a :class:`~decimal.Decimal` (``"1e3"`` → 1000; None → 1)."""
    if scale is None:
        return Decimal(1)
    if isinstance(scale, str):
        return Decimal(str(CLAIM_SCALES[scale.strip()]))
    return Decimal(repr(float(scale)))


@dataclass(frozen=True)
class Tolerance:
    """The interval a reference must fall in for a stated figure to hold.

    Attributes
    ----------
    qualifier : str
        One of :data:`QUALIFIER_RULES`.
    stated : float
        The stated quantity (value × scale).
    step : float
        One unit of the last printed digit, × scale.
    low, high : float
        Bounds of the interval (``-inf``/``inf`` when unbounded).
    low_closed, high_closed : bool
        Whether a reference equal to the bound is inside.
    """

    qualifier: str
    stated: float
    step: float
    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = True

    @property
    def rounding(self) -> float:
        """Half a unit of the last printed digit, × scale."""
        return float(ROUNDING_FRACTION) * self.step

    def contains(self, reference: float) -> bool:
        """Return whether ``reference`` lies in the interval (bounds as closed/open)."""
        slack = FLOAT_SLACK_REL * max(abs(reference), abs(self.stated), 1.0)
        above = reference > self.low - slack if self.low_closed else reference > self.low + slack
        below = reference < self.high + slack if self.high_closed else reference < self.high - slack
        return above and below

    def classify(self, reference: float) -> str:
        """Return the detail of a reference against this tolerance.

        Returns
        -------
        str
            ``exact`` (equal, for point qualifiers), ``within_rounding`` (inside and within half
            a unit of the last printed digit), ``within_tolerance`` (inside, further away, or
            exactly on the bound of a one-sided qualifier such as "more than"), or
            ``beyond_tolerance``.
        """
        if not self.contains(reference):
            return "beyond_tolerance"
        slack = FLOAT_SLACK_REL * max(abs(reference), abs(self.stated), 1.0)
        difference = abs(reference - self.stated)
        if difference <= slack:
            return "exact" if self.qualifier in _POINT_QUALIFIERS else "within_tolerance"
        if difference <= self.rounding + slack:
            return "within_rounding"
        return "within_tolerance"

    def interval_text(self, fmt=None) -> str:
        """Return the interval in words, e.g. ``[11, 13]`` or ``≥ 5000000000``."""
        fmt = fmt or _plain
        if math.isinf(self.low) and math.isinf(self.high):
            return "any value"
        if math.isinf(self.high):
            return ("≥ " if self.low_closed else "> ") + fmt(self.low)
        if math.isinf(self.low):
            return ("≤ " if self.high_closed else "< ") + fmt(self.high)
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{fmt(self.low)}, {fmt(self.high)}{right}"

    def describe(self, fmt=None) -> str:
        """Return the rule and the interval, e.g. ``'about': ± one unit … → [11, 13]``."""
        return f"{QUALIFIER_RULES[self.qualifier]} → {self.interval_text(fmt)}"


def tolerance_for(
    value_text: str,
    qualifier: str,
    scale: str | float | int | None = None,
    *,
    words: str | None = None,
) -> Tolerance:
    """Build the tolerance of a stated value from its printed text, qualifier and scale.

    Parameters
    ----------
    value_text : str
        The number as printed, normalised (``"12"``, ``"2.7"``).
    qualifier : str
        ``exact``, ``about``, ``over``, ``at_least``, ``nearly`` or ``under``.
    scale : str or float, optional
        The printed multiplier (``"1e3"``, ``1e9``); 1 when omitted.
    words : str, optional
        The number as the text words it ("a quarter", "doubled"); ``value_text`` then holds the
        number the words mean, and its unit is :data:`WORDS_STEP_REL` of it.

    Returns
    -------
    Tolerance
        The interval, in the unit × scale (e.g. US dollars for ``"5"`` with scale ``1e9``).

    Examples
    --------
    >>> t = tolerance_for("12", "about")
    >>> (t.low, t.high), t.classify(19.82)
    ((11.0, 13.0), 'beyond_tolerance')
    >>> tolerance_for("5", "over", "1e9").contains(5e9)
    True
    >>> tolerance_for("5", "just_over").contains(9)
    False
    >>> tolerance_for("25", "about", words="a quarter").interval_text()
    '[22.5, 27.5]'
    """
    if qualifier not in QUALIFIER_RULES:
        raise ValueError(f"unknown qualifier: {qualifier!r}")
    factor = scale_factor(scale)
    stated = Decimal(str(value_text).strip()) * factor
    step = printed_step(value_text) * factor
    if words:
        step = abs(stated) * WORDS_STEP_REL or step
    inf = Decimal("Infinity")
    low_closed = high_closed = True
    if qualifier == "exact":
        low, high = stated - ROUNDING_FRACTION * step, stated + ROUNDING_FRACTION * step
    elif qualifier == "about":
        low, high = stated - ABOUT_UNITS * step, stated + ABOUT_UNITS * step
    elif qualifier in ("over", "at_least"):
        low, high = stated, inf
    elif qualifier == "nearly":
        low, high = stated - NEARLY_UNITS * step, stated
    elif qualifier == "just_over":
        low, high, low_closed = stated, stated + JUST_OVER_UNITS * step, False
    else:  # under
        low, high, high_closed = -inf, stated, False
    return Tolerance(
        qualifier=qualifier,
        stated=float(stated),
        step=float(step),
        low=float(low),
        high=float(high),
        low_closed=low_closed,
        high_closed=high_closed,
    )


def _plain(value: float) -> str:
    return f"{value:,.10g}".replace(",", " ")
