"""Rows as dicts read column by column: the values and types of ``to_dict("records")``."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.query.rows import records


def same_value(first: object, second: object) -> bool:
    """Equal and of one type (two NaNs, two NAs and two Nones count as equal)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, float) and math.isnan(first):
        return math.isnan(second)
    return first is second or bool(first == second)


def assert_same_records(frame: pd.DataFrame) -> None:
    expected = frame.to_dict("records")
    found = records(frame)
    assert len(found) == len(expected)
    for got, wanted in zip(found, expected, strict=True):
        assert list(got) == list(wanted)
        for column in wanted:
            assert same_value(got[column], wanted[column]), (column, got[column], wanted[column])


def kinds_of_row(figures: pd.DataFrame) -> pd.DataFrame:
    """One real row of each source, measure and pattern of missing cells, in table order."""
    missing = pd.util.hash_pandas_object(figures.isna(), index=False)
    kind = pd.DataFrame(
        {"source": figures["source"], "measure": figures["measure"], "missing": missing}
    )
    return figures[~kind.duplicated().to_numpy()]


def test_records_of_the_figures_table_equal_to_dict(figures: pd.DataFrame) -> None:
    # Real rows of every kind: text, floats and dates, some of them missing. (to_dict reads an
    # Arrow-backed table one row at a time: one row of each kind, not the whole table.)
    sample = kinds_of_row(figures)
    assert sample["source"].nunique() == figures["source"].nunique()
    assert_same_records(sample)
    missing = figures[figures[schema.VALUE_USD].isna() | figures[schema.PERIOD_START].isna()]
    assert len(missing)  # a missing value must read as to_dict reads it
    assert_same_records(missing)


def test_records_of_an_empty_part_is_an_empty_list(figures: pd.DataFrame) -> None:
    assert records(figures.iloc[0:0]) == []


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([np.int64(3), np.float64(2.5), None, "KAZ"], dtype=object),
        pd.Series([1, 2, 3, 4], dtype="int64"),
        pd.Series([1, None, 3, 4], dtype="Int64"),
        pd.Series([True, False, True, False]),
        pd.Series([1.0, np.nan, 2.0, 3.0]),
        pd.Series(["a", "b", "a", None], dtype="category"),
        pd.to_datetime(pd.Series(["2020-01-01", None, "2021-06-30", "2022-12-31"])),
    ],
)
def test_records_convert_each_kind_of_column_as_to_dict(column: pd.Series) -> None:
    # "flow" is a text column with a missing value.
    frame = pd.DataFrame({"kind": column, "flow": ["exports", "imports", None, "exports"]})
    assert_same_records(frame)
    # An object column's numpy scalars come back as Python scalars, as to_dict gives them.
    assert all(type(value) is not np.int64 for row in records(frame) for value in row.values())


@pytest.mark.parametrize("dtype", ["str", "string[pyarrow]"])
def test_records_read_arrow_text_as_the_columns_own_values(dtype: str) -> None:
    frame = pd.DataFrame({"partner": pd.array(["CHN", None, "KAZ"], dtype=dtype)})
    found = [row["partner"] for row in records(frame)]
    wanted = frame["partner"].tolist()  # NaN for "str", pd.NA for "string" where missing
    assert all(same_value(got, want) for got, want in zip(found, wanted, strict=True))
    assert found[1] is frame["partner"].dtype.na_value
    if dtype == "str":  # the figures table's text dtype
        assert_same_records(frame)
