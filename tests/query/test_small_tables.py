"""Row tests of a small table, answered from its cells: what pandas' comparisons give.

A table shorter than ``REMEMBERED_MIN_ROWS`` has its text tests answered from the cells as
Python strings, and every table its calendar tests from the dates' numpy values. The oracle
here is pandas itself: the comparison, ``isin`` and ``.dt`` accessor the paths stand in for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradeviz.query.rows import REMEMBERED_MIN_ROWS, run_test, where

TEXTS = ("CHN", "KAZ", "chn", "", " CHN", "Кыргызстан")
_text = st.one_of(st.sampled_from(TEXTS), st.none())
_date = st.one_of(
    st.dates(
        min_value=pd.Timestamp("1950-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
    st.none(),
)


def _frame(partners: list[str | None], dates: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner": pd.array(partners, dtype="str"),
            "period_start": pd.to_datetime(pd.Series(dates, dtype="object")),
        }
    )


def _pandas_answer(frame: pd.DataFrame, kind: str, column: str, wanted) -> list[bool]:
    values = frame[column]
    if kind == "==":
        return (values == wanted).fillna(False).tolist()
    if kind in ("in", "not in"):
        inside = values.isin(list(wanted))
        return (~inside if kind == "not in" else inside).fillna(False).tolist()
    part = values.dt.month if kind == "month" else values.dt.year
    if kind == "since":
        passed = part >= wanted
    elif kind == "until":
        passed = part <= wanted
    else:
        passed = part.isin(list(wanted)) if isinstance(wanted, tuple) else part == wanted
    return passed.fillna(False).tolist()


@given(
    rows=st.lists(st.tuples(_text, _date), min_size=0, max_size=12),
    wanted=st.sampled_from(TEXTS),
    several=st.lists(st.sampled_from(TEXTS), max_size=3),
    year=st.integers(1949, 2031),
    month=st.integers(1, 12),
)
def test_small_tables_are_tested_as_pandas_compares(rows, wanted, several, year, month):
    frame = _frame([r[0] for r in rows], [r[1] for r in rows])
    assert len(frame) < REMEMBERED_MIN_ROWS
    tests = [
        ("==", "partner", wanted),
        ("in", "partner", tuple(several)),
        ("not in", "partner", tuple(several)),
        ("year", "period_start", year),
        ("year", "period_start", (year, year + 1)),
        ("month", "period_start", month),
        ("since", "period_start", year),
        ("until", "period_start", year),
    ]
    for kind, column, value in tests:
        found = run_test(frame, (kind, column, value))
        assert found.dtype == bool
        assert found.tolist() == _pandas_answer(frame, kind, column, value), (kind, value)


@pytest.mark.parametrize(
    ("kind", "wanted"),
    [("==", 2020), ("in", ("CHN", None)), ("year", "2020"), ("year", (2020.0,)), ("month", True)],
)
def test_values_that_are_not_text_or_whole_numbers_are_compared_by_pandas(kind, wanted):
    frame = _frame(["CHN", None, "2020"], ["2020-03-01", None, "2021-01-01"])
    column = "period_start" if kind in ("year", "month") else "partner"
    found = run_test(frame, (kind, column, wanted))
    assert found.tolist() == _pandas_answer(frame, kind, column, wanted)


def test_a_small_selection_equals_a_boolean_filter():
    frame = _frame(["CHN", "KAZ", None, "CHN"], ["2020-01-01", "2020-06-01", "2021-01-01", None])
    plain = frame[
        (frame["partner"] == "CHN").fillna(False) & (frame["period_start"].dt.year == 2020)
    ]
    pd.testing.assert_frame_equal(where(frame, partner="CHN", year=2020), plain)
    assert np.array_equal(
        run_test(frame, ("not in", "partner", ("CHN",))), [False, True, True, False]
    )


def test_a_year_beyond_any_date_selects_nothing():
    frame = _frame(["CHN"], ["2020-03-01"])
    for wanted in (10**20, (2020, 10**20)):
        found = run_test(frame, ("year", "period_start", wanted))
        assert found.tolist() == _pandas_answer(frame, "year", "period_start", wanted)
