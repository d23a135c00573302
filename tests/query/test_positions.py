"""Row tests read from codes and rows taken all Arrow columns at once: what pandas gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.query.positions import coded_test, column_arrays, take_rows
from tradeviz.query.rows import (
    REMEMBERED_MIN_ROWS,
    kept_rows,
    period_of,
    records,
    run_test,
    same_table,
    where,
)


def test_rows_taken_equal_plain_positional_rows(figures):
    rng = np.random.default_rng(7)
    for count in (0, 1, 37, 2500):
        positions = np.sort(rng.choice(len(figures), count, replace=False))
        pd.testing.assert_frame_equal(take_rows(figures, positions), figures.iloc[positions])
    backwards = np.arange(len(figures))[::-4000]  # any order, as asked
    pd.testing.assert_frame_equal(take_rows(figures, backwards), figures.iloc[backwards])


def test_rows_kept_from_a_frame_taken_once_equal_a_boolean_filter(figures):
    part = figures.iloc[::3]  # a frame of its own, as a selection gives
    for keep in (
        (part[schema.FLOW] == "exports").to_numpy(),
        np.zeros(len(part), dtype=bool),
        np.ones(len(part), dtype=bool),
    ):
        pd.testing.assert_frame_equal(kept_rows(part, keep), part[keep])
    positions = np.arange(len(part))[::-97]
    pd.testing.assert_frame_equal(take_rows(part, positions, remember=False), part.iloc[positions])


def test_rows_of_a_frame_with_a_labelled_index_keep_their_labels():
    frame = pd.DataFrame(
        {"partner": pd.array(["CHN", None, "RUS"], dtype="str"), "value": [1.0, 2.0, 4.0]},
        index=["a", "b", "c"],
    )
    taken = take_rows(frame, np.array([2, 1]))
    pd.testing.assert_frame_equal(taken, frame.iloc[[2, 1]])
    assert taken.index.tolist() == ["c", "b"]
    assert taken["partner"].isna().tolist() == [False, True]


def test_a_frame_pandas_must_take_is_taken_by_pandas():
    frame = pd.DataFrame([["CHN", "KAZ"]], columns=["partner", "partner"], dtype="str")
    pd.testing.assert_frame_equal(take_rows(frame, np.array([0])), frame.iloc[[0]])


@pytest.mark.parametrize(
    "test",
    [
        ("==", schema.REPORTER, "KAZ"),
        ("==", schema.PARTNER, "no such partner"),
        ("in", schema.FLOW, ("exports", "imports")),
        ("in", schema.PARTNER, ()),
        ("not in", schema.PERSPECTIVE, ("KAZ", "CHN")),
        ("==", schema.RECORD_ID, "growth-levels"),  # a column with missing values
        ("not in", schema.NOTE, ("",)),
    ],
)
def test_coded_tests_equal_comparing_the_column(figures, test):
    kind, column, wanted = test
    values = figures[column]
    if kind == "==":
        expected = (values == wanted).fillna(False)
    else:
        inside = values.isin(list(wanted))
        expected = ~inside if kind == "not in" else inside
    found = coded_test(figures, test)
    assert found is not None
    assert found.tolist() == expected.tolist()
    assert found.tolist() == run_test(figures, test).tolist()


def test_tests_that_are_not_of_text_values_are_left_to_pandas(figures):
    assert coded_test(figures, ("==", schema.VALUE, 1.0)) is None
    assert coded_test(figures, ("in", schema.PARTNER, ("CHN", None))) is None
    assert coded_test(figures, ("year", schema.PERIOD_START, 2020)) is None
    assert coded_test(figures, ("==", "no such column", "x")) is None


def test_selections_equal_boolean_filters_of_the_table(figures):
    selected = where(figures, reporter="KAZ", partner=("CHN", "WLD"), flow="exports", year=2020)
    plain = figures[
        (figures[schema.REPORTER] == "KAZ")
        & figures[schema.PARTNER].isin(["CHN", "WLD"])
        & (figures[schema.FLOW] == "exports")
        & (pd.to_datetime(figures[schema.PERIOD_START]).dt.year == 2020)
    ]
    assert len(plain) > 1
    pd.testing.assert_frame_equal(selected, plain)


def test_a_rows_period_and_table_read_from_its_cells(figures):
    row = records(figures.iloc[[0]])[0]
    start, end = period_of(row)
    assert start == figures[schema.PERIOD_START].iloc[0].date()
    assert end == figures[schema.PERIOD_END].iloc[0].date()
    assert period_of({schema.PERIOD_START: pd.NaT, schema.PERIOD_END: None}) == (None, None)
    assert same_table(row, dict(row))
    assert not same_table(row, {**row, schema.VINTAGE: f"{row[schema.VINTAGE]}-other"})
    missing = {**row, schema.VINTAGE: float("nan")}
    assert not same_table(missing, dict(missing))  # a missing cell equals nothing, as in pandas


def test_column_arrays_hold_each_columns_values_in_order(figures):
    part = figures.iloc[::5000]
    arrays = column_arrays(part)
    assert len(arrays) == len(part.columns)
    for name, array in zip(part.columns, arrays, strict=True):
        assert array.dtype == part[name].dtype
        assert list(array) == list(part[name].array)  # same cells, missing ones included


def test_a_small_frames_selection_equals_a_boolean_filter(figures):
    part = figures.iloc[:: len(figures) // 500 + 1]  # under the length whose selections are kept
    assert len(part) < REMEMBERED_MIN_ROWS
    reporter, flow = part[schema.REPORTER].iloc[0], part[schema.FLOW].iloc[0]
    chosen = where(part, flow=(flow, "imports"), reporter=reporter)
    expected = part[part[schema.FLOW].isin([flow, "imports"]) & (part[schema.REPORTER] == reporter)]
    assert len(expected)
    pd.testing.assert_frame_equal(chosen, expected)


def test_rows_taken_from_text_columns_of_several_chunks_equal_plain_positional_rows(figures):
    halves = pd.concat([figures.iloc[:300], figures.iloc[-300:]])  # Arrow columns of two chunks
    assert halves[schema.PARTNER].array.__arrow_array__().num_chunks == 2
    positions = np.array([599, 0, 300, 299, 17])
    pd.testing.assert_frame_equal(take_rows(halves, positions), halves.iloc[positions])


def test_rows_taken_from_one_chunk_with_or_without_an_offset_equal_plain_positional_rows():
    import pyarrow as pa

    names = pa.array(["KAZ", "CHN", None, "RUS", "UZB", "KGZ"])
    for column in (names, names.slice(2)):  # the slice's one chunk starts at an offset
        frame = pd.DataFrame(
            {
                "partner": pd.arrays.ArrowStringArray(pa.chunked_array([column])),
                "value": np.arange(len(column), dtype=float),
            }
        )
        assert frame["partner"].array.__arrow_array__().num_chunks == 1
        positions = np.array([len(column) - 1, 0, 1])
        taken = take_rows(frame, positions, remember=False)
        pd.testing.assert_frame_equal(taken, frame.iloc[positions])
        assert taken["partner"].tolist() == [column[at].as_py() or pd.NA for at in positions]
