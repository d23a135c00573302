import math

import pytest

from tradeviz.checks.dates import compare_dates, parse_partial_date
from tradeviz.checks.tolerance import printed_step, tolerance_for


@pytest.mark.parametrize(
    ("text", "step"),
    [("12", 1), ("2.7", 0.1), ("18.9", 0.1), ("1.40", 0.01), ("900", 1), ("0.05", 0.01)],
)
def test_printed_step_is_one_unit_of_the_last_printed_digit(text, step):
    assert float(printed_step(text)) == pytest.approx(step)


@pytest.mark.parametrize("text", ["1,5", "12%", "", "1e3", "five"])
def test_printed_step_refuses_text_that_is_not_a_printed_number(text):
    with pytest.raises(ValueError):
        printed_step(text)


def test_exact_is_half_a_unit_of_the_last_printed_digit():
    t = tolerance_for("12", "exact")
    assert (t.low, t.high) == (11.5, 12.5)
    assert t.classify(12.0) == "exact"
    assert t.classify(12.5) == "within_rounding"  # the bound itself
    assert t.classify(12.51) == "beyond_tolerance"


def test_scale_and_decimals_are_exact_in_decimal_arithmetic():
    t = tolerance_for("2.7", "exact", "1e3")
    assert (t.low, t.high) == (2650.0, 2750.0)
    t = tolerance_for("5", "exact", 1e9)
    assert (t.low, t.high) == (4.5e9, 5.5e9)


def test_about_is_one_unit_of_the_last_digit_and_its_boundary_is_inside():
    t = tolerance_for("17", "about")
    assert (t.low, t.high) == (16.0, 18.0)
    assert t.classify(16.0) == "within_tolerance"
    assert t.classify(18.0) == "within_tolerance"
    assert t.classify(16.67) == "within_rounding"
    assert t.classify(15.9999) == "beyond_tolerance"
    assert t.classify(18.0001) == "beyond_tolerance"


def test_about_twelve_percent_is_not_met_by_nineteen_point_eight():
    assert tolerance_for("12", "about").classify(19.8) == "beyond_tolerance"


def test_more_than_needs_at_least_the_stated_value_with_no_upper_bound():
    t = tolerance_for("5", "over", "1e9")
    assert t.contains(5e9) and t.contains(50e9)
    assert not t.contains(4.999e9)
    assert math.isinf(t.high)
    # the bound itself meets "more than" only as a boundary case, never "exact"
    assert t.classify(5e9) == "within_tolerance"
    assert t.classify(5.3e9) == "within_rounding"
    assert t.classify(6e9) == "within_tolerance"


def test_nearly_is_up_to_one_unit_below_and_never_above():
    t = tolerance_for("20", "nearly", "1e9")
    assert t.contains(19e9) and t.contains(20e9)
    assert not t.contains(20.001e9)
    assert not t.contains(18.99e9)


def test_under_is_strictly_below():
    t = tolerance_for("5", "under")
    assert not t.contains(5.0)
    assert t.contains(4.99)
    assert math.isinf(t.low)


def test_at_least_includes_the_value_as_exact():
    t = tolerance_for("14", "at_least", "1e3")
    assert t.classify(14000) == "exact"
    assert not t.contains(13999)


def test_unknown_qualifier_is_refused():
    with pytest.raises(ValueError):
        tolerance_for("1", "roughly")


def test_describe_states_the_rule_and_the_interval():
    assert tolerance_for("12", "about").describe() == (
        "'about': ± one unit of the last printed digit → [11, 13]"
    )


def test_partial_dates_cover_their_year_month_or_day():
    assert parse_partial_date("1992")[2] == "year"
    first, last, precision = parse_partial_date("1992-02")
    assert (first.isoformat(), last.isoformat(), precision) == ("1992-02-01", "1992-02-29", "month")
    with pytest.raises(ValueError):
        parse_partial_date("June 1992")


def test_dates_compare_by_interval():
    year = parse_partial_date("1992")[:2]
    day = parse_partial_date("1992-01-03")[:2]
    month = parse_partial_date("2021-06")[:2]
    assert compare_dates(year, day) == ("within_rounding", 0)
    assert compare_dates(day, day) == ("exact", 0)
    assert compare_dates(parse_partial_date("2021-06-29")[:2], month) == ("imprecise_reference", 0)
    assert compare_dates(parse_partial_date("1993")[:2], day) == ("beyond_tolerance", 364)
