"""Edges of the tolerance rules: every qualifier's bounds, open or closed, and the words shown.

Each expected interval is recomputed here from the printed text with :class:`decimal.Decimal`
(stated ± units × 10^-decimals × scale), independently of the module's own arithmetic.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from tradeviz.checks.tolerance import (
    QUALIFIER_RULES,
    Tolerance,
    printed_step,
    scale_factor,
    tolerance_for,
)

INF = math.inf


def unit(text: str, scale: float = 1.0) -> float:
    """One unit of the last printed digit of ``text`` times ``scale``, by counting decimals."""
    decimals = len(text.partition(".")[2])
    return float(Decimal(1) / Decimal(10) ** decimals * Decimal(str(scale)))


# (qualifier, low in units from stated, high in units, low_closed, high_closed); None = unbounded
RULES = {
    "exact": (-0.5, 0.5, True, True),
    "about": (-1, 1, True, True),
    "over": (0, None, True, True),
    "at_least": (0, None, True, True),
    "nearly": (-1, 0, True, True),
    "just_over": (0, 1, False, True),
    "under": (None, 0, True, False),
}


@pytest.mark.parametrize("qualifier", sorted(RULES))
@pytest.mark.parametrize(("text", "scale"), [("12", None), ("2.7", "1e3"), ("0.05", 1e9)])
def test_each_qualifier_gives_its_documented_bounds(qualifier, text, scale):
    factor = 1.0 if scale is None else float(scale)
    stated = float(Decimal(text) * Decimal(str(factor)))
    step = unit(text, factor)
    low_units, high_units, low_closed, high_closed = RULES[qualifier]
    t = tolerance_for(text, qualifier, scale)
    assert t.qualifier == qualifier
    assert t.stated == pytest.approx(stated, rel=1e-15)
    assert t.step == pytest.approx(step, rel=1e-15)
    expected_low = -INF if low_units is None else stated + low_units * step
    expected_high = INF if high_units is None else stated + high_units * step
    assert t.low == pytest.approx(expected_low, rel=1e-15)
    assert t.high == pytest.approx(expected_high, rel=1e-15)
    assert (t.low_closed, t.high_closed) == (low_closed, high_closed)


@pytest.mark.parametrize("qualifier", sorted(RULES))
def test_a_reference_just_past_a_finite_bound_is_beyond_and_an_open_bound_excludes(qualifier):
    t = tolerance_for("40", qualifier)
    eps = 1e-6
    low_units, high_units, low_closed, high_closed = RULES[qualifier]
    if low_units is not None:
        low = 40 + low_units
        assert t.contains(low) is low_closed
        assert not t.contains(low - eps)
        assert t.contains(low + eps)
        assert t.classify(low - eps) == "beyond_tolerance"
    if high_units is not None:
        high = 40 + high_units
        assert t.contains(high) is high_closed
        assert not t.contains(high + eps)
        assert t.contains(high - eps)
        assert t.classify(high + eps) == "beyond_tolerance"


def test_float_noise_on_a_closed_bound_still_counts_as_inside():
    # 0.1 + 0.2 is 0.30000000000000004 in binary: within the comparison slack of the bound 0.3
    t = tolerance_for("0.2", "about")
    assert t.high == pytest.approx(0.3)
    assert t.contains(0.1 + 0.2)
    # the slack scales with the magnitude (1e-12 relative), so a billion-sized noise of 1e-4 is in
    big = tolerance_for("5", "exact", "1e9")
    assert big.contains(5.5e9 + 1e-4)
    assert not big.contains(5.5e9 + 1e-1)


def test_an_open_bound_is_outside_even_with_float_noise():
    t = tolerance_for("3", "just_over")
    assert not t.contains(3.0)
    assert not t.contains(3.0 + 1e-15)
    assert t.contains(3.0 + 1e-9)
    u = tolerance_for("3", "under")
    assert not u.contains(3.0 - 1e-15)
    assert u.contains(3.0 - 1e-9)
    assert u.contains(-1e12)


@pytest.mark.parametrize(
    ("qualifier", "detail"),
    [
        ("exact", "exact"),
        ("about", "exact"),
        ("at_least", "exact"),
        ("over", "within_tolerance"),
        ("nearly", "within_tolerance"),
    ],
)
def test_the_stated_value_itself_is_exact_only_for_point_qualifiers(qualifier, detail):
    assert tolerance_for("12", qualifier).classify(12.0) == detail


def test_within_rounding_ends_at_half_a_unit_and_within_tolerance_starts_after_it():
    t = tolerance_for("12", "about")  # [11, 13], rounding 0.5
    assert t.rounding == 0.5
    assert t.classify(12.5) == "within_rounding"
    assert t.classify(11.5) == "within_rounding"
    assert t.classify(12.5 + 1e-6) == "within_tolerance"
    assert t.classify(11.5 - 1e-6) == "within_tolerance"
    assert t.classify(12.0 + 1e-9) == "within_rounding"
    n = tolerance_for("12", "nearly")  # [11, 12]
    assert n.classify(11.6) == "within_rounding"
    assert n.classify(11.4) == "within_tolerance"
    assert n.classify(12.4) == "beyond_tolerance"


def test_a_value_given_in_words_has_a_tenth_of_itself_as_its_unit():
    t = tolerance_for("25", "about", words="a quarter")
    assert (t.low, t.high, t.step) == (22.5, 27.5, 2.5)
    e = tolerance_for("1.5", "exact", "1e9", words="one and a half billion")
    assert (e.low, e.high) == pytest.approx((1.425e9, 1.575e9))
    # a value of zero in words keeps the printed unit (a tenth of nothing is no tolerance)
    z = tolerance_for("0", "about", words="nothing")
    assert (z.low, z.high, z.step) == (-1.0, 1.0, 1.0)
    # without words the printed digits decide
    assert tolerance_for("25", "about").step == 1.0


def test_a_negative_stated_value_keeps_its_interval_around_it():
    t = tolerance_for("-3.5", "about")
    assert (t.low, t.high) == pytest.approx((-3.6, -3.4))
    assert t.classify(-3.5) == "exact"
    assert t.classify(-3.46) == "within_rounding"
    assert t.classify(-3.3) == "beyond_tolerance"
    w = tolerance_for("-20", "about", words="minus a fifth")
    assert (w.low, w.high) == (-22.0, -18.0)


def test_surrounding_blanks_are_ignored_in_the_printed_text_and_the_scale():
    assert printed_step(" 2.70 ") == Decimal("0.01")
    t = tolerance_for(" 2.70 ", "exact", " 1e6 ")
    assert (t.low, t.high) == pytest.approx((2.695e6, 2.705e6))


@pytest.mark.parametrize(
    ("scale", "factor"),
    [(None, 1), ("1", 1), ("1e3", 1000), ("1e6", 10**6), ("1e8", 10**8), ("1e9", 10**9)],
)
def test_each_printed_scale_multiplies_exactly(scale, factor):
    assert scale_factor(scale) == Decimal(factor)


def test_a_numeric_scale_is_taken_at_its_float_value():
    assert scale_factor(1000) == Decimal(1000)
    assert scale_factor(2.5) == Decimal("2.5")
    assert scale_factor(1e-3) == Decimal("0.001")


def test_an_unknown_printed_scale_is_refused():
    with pytest.raises(KeyError):
        scale_factor("1e4")


def test_an_unknown_qualifier_is_named_in_the_message():
    with pytest.raises(ValueError, match=r"unknown qualifier: 'roughly'"):
        tolerance_for("12", "roughly")


def test_text_that_is_not_a_number_is_quoted_in_the_message():
    with pytest.raises(ValueError, match=r"not a printed decimal number: '1,5'"):
        printed_step("1,5")
    with pytest.raises(ValueError):
        printed_step("12.")
    with pytest.raises(ValueError):
        printed_step("x12")
    with pytest.raises(ValueError):
        printed_step("12x")
    assert printed_step("-0.125") == Decimal("0.001")


@pytest.mark.parametrize(
    ("qualifier", "text"),
    [
        ("exact", "[11.5, 12.5]"),
        ("about", "[11, 13]"),
        ("over", "≥ 12"),
        ("at_least", "≥ 12"),
        ("nearly", "[11, 12]"),
        ("just_over", "(12, 13]"),
        ("under", "< 12"),
    ],
)
def test_the_interval_is_written_with_its_brackets(qualifier, text):
    t = tolerance_for("12", qualifier)
    assert t.interval_text() == text
    assert t.describe() == f"{QUALIFIER_RULES[qualifier]} → {text}"


def test_intervals_open_or_unbounded_on_either_side_are_written_as_such():
    assert Tolerance("over", 5, 1, -INF, INF).interval_text() == "any value"
    assert Tolerance("over", 5, 1, 5, INF, low_closed=False).interval_text() == "> 5"
    assert Tolerance("under", 5, 1, -INF, 5, high_closed=True).interval_text() == "≤ 5"
    assert Tolerance("about", 5, 1, 4, 6, False, False).interval_text() == "(4, 6)"
    assert Tolerance("about", 5, 1, 4, 6, True, False).interval_text() == "[4, 6)"


def test_large_bounds_are_written_with_spaces_between_thousands_and_ten_significant_digits():
    t = tolerance_for("5", "over", "1e9")
    assert t.interval_text() == "≥ 5 000 000 000"
    t = tolerance_for("2.7", "exact", "1e3")
    assert t.interval_text() == "[2 650, 2 750]"
    assert Tolerance("exact", 1, 1, 1 / 3, 12345678901.0).interval_text() == (
        "[0.3333333333, 1.23456789e+10]"
    )


def test_a_given_formatter_writes_every_bound():
    t = tolerance_for("12", "about")
    assert t.interval_text(lambda v: f"<{v:.1f}>") == "[<11.0>, <13.0>]"
    assert t.describe(lambda v: f"{v:.0f}%") == f"{QUALIFIER_RULES['about']} → [11%, 13%]"


def test_the_float_slack_scales_with_the_larger_of_reference_and_stated_never_below_one():
    # the slack is 1e-12 × max(|reference|, |stated|, 1): pinned on each side of a bound
    about = tolerance_for("100", "about")  # rounding 0.5
    assert about.classify(100.5 + 1.003e-10) == "within_rounding"  # slack from the reference
    assert about.classify(99.5 - 0.997e-10) == "within_rounding"  # slack from the stated value
    small = tolerance_for("0.2", "exact")  # rounding 0.05, slack 1e-12 (the floor of 1)
    assert small.classify(0.25 + 0.5e-12) == "within_rounding"
    assert small.classify(0.2 + 1.5e-12) == "within_rounding"  # not equal: beyond the slack
    assert small.classify(0.2 + 0.5e-12) == "exact"
    big = tolerance_for("5", "exact", "1e9")  # slack 5e-3 at this size
    assert big.classify(5e9 + 1e-3) == "exact"
    assert big.classify(5e9 + 1e-2) == "within_rounding"


def test_the_float_slack_of_a_bound_scales_the_same_way():
    about = tolerance_for("100", "about")  # [99, 101]
    assert about.contains(101 + 1.005e-10)  # 1e-12 × 101: the reference's size
    assert not about.contains(101 + 1.02e-10)
    assert about.contains(99 - 0.995e-10)  # 1e-12 × 100: the stated value's size
    assert not about.contains(99 - 1.005e-10)
    small = tolerance_for("0.2", "exact")  # [0.15, 0.25], slack 1e-12 (the floor of 1)
    assert small.contains(0.25 + 0.5e-12)
    assert not small.contains(0.25 + 1.5e-12)
    assert small.contains(0.15 - 0.5e-12)
    assert not small.contains(0.15 - 1.5e-12)
