"""Results remembered per table: their own per table, never stale, never kept past the table."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.query import mask, partner_ranks, where
from tradeviz.query.completeness import complete_rows, incomplete_totals
from tradeviz.query.memo import forgetting, per_table, remembered_tables
from tradeviz.vocabulary import ANNUAL, TRADE_VALUE, UNIT_USD


class Counted:
    """A derivation that counts its calls: the sum of a column, and of one partner's rows."""

    def __init__(self) -> None:
        self.calls = 0

        @per_table
        def total(frame: pd.DataFrame, column: str, partner: str | None = None) -> float:
            self.calls += 1
            rows = frame if partner is None else frame[frame["partner"] == partner]
            return float(rows[column].sum())

        self.total = total


def small_frame(values: list[float]) -> pd.DataFrame:
    days = ["2020-01-01", "2021-01-01", "2022-01-01"][: len(values)]
    return pd.DataFrame(
        {
            "partner": ["CHN", "RUS", "CHN"][: len(values)],
            "value": values,
            "period_start": pd.to_datetime(days),
        }
    )


def test_a_table_is_computed_once_per_argument():
    counted, frame = Counted(), small_frame([1.0, 2.0, 4.0])
    assert counted.total(frame, "value") == 7.0
    assert counted.total(frame, "value") == 7.0
    assert counted.total(frame, "value", partner="CHN") == 5.0
    assert counted.total(frame, "value", partner="CHN") == 5.0
    assert counted.calls == 2


def test_another_table_gets_its_own_result():
    counted = Counted()
    first, second = small_frame([1.0, 2.0, 4.0]), small_frame([10.0, 20.0, 40.0])
    assert counted.total(first, "value") == 7.0
    assert counted.total(second, "value") == 70.0
    assert counted.total(first.copy(), "value") == 7.0  # an equal table is another table
    assert counted.calls == 3


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda f: f.loc.__setitem__((0, "value"), 100.0), id="cell edited in place"),
        pytest.param(lambda f: f.iloc.__setitem__((2, 1), 100.0), id="cell edited by position"),
        pytest.param(lambda f: f.__setitem__("value", [100.0, 2.0, 4.0]), id="column replaced"),
        pytest.param(lambda f: f.loc.__setitem__((0, "partner"), "KAZ"), id="text edited"),
        pytest.param(lambda f: f.__setitem__("value", f["value"] + 1.0), id="column updated"),
        pytest.param(lambda f: f.insert(0, "note", ""), id="column added"),
    ],
)
def test_a_changed_table_is_not_served_a_stale_result(change):
    counted, frame = Counted(), small_frame([1.0, 2.0, 4.0])
    assert counted.total(frame, "value", partner="CHN") == 5.0
    change(frame)
    expected = sum(v for p, v in zip(frame["partner"], frame["value"], strict=True) if p == "CHN")
    assert counted.total(frame, "value", partner="CHN") == expected
    assert counted.calls == 2


def test_a_new_table_with_more_rows_is_computed_afresh():
    counted, frame = Counted(), small_frame([1.0, 2.0])
    assert counted.total(frame, "value") == 3.0
    longer = pd.concat([frame, small_frame([5.0])], ignore_index=True)
    assert counted.total(longer, "value") == 8.0


def test_nothing_is_kept_once_the_table_is_gone():
    class Result:
        pass

    @per_table
    def derive(frame: pd.DataFrame) -> Result:
        return Result()

    before = remembered_tables()
    frame = small_frame([1.0, 2.0, 4.0])
    result = weakref.ref(derive(frame))
    table = weakref.ref(frame)
    assert remembered_tables() >= 1
    assert result() is not None  # remembered while the table lives
    del frame
    gc.collect()
    assert table() is None  # the memo holds no strong reference to the table
    assert result() is None
    assert remembered_tables() <= before


def test_changing_a_returned_frame_leaves_the_remembered_one():
    @per_table
    def chinese(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["partner"] == "CHN"]

    frame = small_frame([1.0, 2.0, 4.0])
    got = chinese(frame)
    got.loc[got.index[0], "value"] = -1.0
    got["extra"] = 1
    again = chinese(frame)
    assert again["value"].tolist() == [1.0, 4.0]
    assert "extra" not in again.columns


def test_limit_drops_the_oldest_result():
    calls = []

    @per_table(limit=2)
    def shifted(frame: pd.DataFrame, by: float) -> float:
        calls.append(by)
        return float(frame["value"].sum()) + by

    frame = small_frame([1.0, 2.0, 4.0])
    assert [shifted(frame, by) for by in (1, 2, 3)] == [8.0, 9.0, 10.0]
    assert shifted(frame, 3) == 10.0 and shifted(frame, 1) == 8.0
    assert calls == [1, 2, 3, 1]  # 1 had been dropped, 3 was kept


def test_unhashable_arguments_and_forgetting_compute_each_time():
    counted, frame = Counted(), small_frame([1.0, 2.0, 4.0])

    @per_table
    def picked(frame: pd.DataFrame, partners) -> float:
        counted.calls += 1
        return float(frame.loc[frame["partner"].isin(partners), "value"].sum())

    assert picked(frame, ["RUS"]) == 2.0 and picked(frame, ["RUS"]) == 2.0
    assert counted.calls == 2
    with forgetting():
        assert counted.total(frame, "value") == 7.0 and counted.total(frame, "value") == 7.0
    assert counted.calls == 4


# --- on the real figures ----------------------------------------------------------------------
def test_selections_of_the_figures_equal_a_plain_filter(figures):
    criteria = {"reporter": "KAZ", "partner": "CHN", "measure": TRADE_VALUE, "freq": ANNUAL}
    plain = figures[
        (figures[schema.REPORTER] == "KAZ")
        & (figures[schema.PARTNER] == "CHN")
        & (figures[schema.MEASURE] == TRADE_VALUE)
        & (figures[schema.FREQ] == ANNUAL)
    ]
    assert len(plain) > 0
    for _ in range(2):  # computed, then remembered
        got = where(figures, **criteria)
        assert got[schema.FIGURE_ID].tolist() == plain[schema.FIGURE_ID].tolist()


def test_partner_ranks_remembered_equal_ranks_computed_afresh(figures):
    remembered = partner_ranks(figures, "KAZ", "exports")
    with forgetting():
        fresh = partner_ranks(figures, "KAZ", "exports")
    pd.testing.assert_frame_equal(remembered, fresh)
    # an independent reading: in each table, rank 1 is the largest country value
    for _, table in remembered.groupby(["source", "vintage", "period_start"]):
        top = table.loc[table["rank"] == 1, "value_usd"].iloc[0]
        assert top == table["value_usd"].max()


def test_incomplete_totals_of_a_selection_follow_the_row_rule(figures):
    criteria = dict(measure=TRADE_VALUE, unit=UNIT_USD, freq=ANNUAL, product_code=schema.TOTAL_CODE)
    rows = where(figures, **criteria)
    kept, reasons = complete_rows(figures, np.flatnonzero(mask(figures, **criteria)))
    flagged = incomplete_totals(rows, figures)  # the rule applied to these rows alone
    assert len(flagged) > 0  # the data hold incomplete WITS/Comtrade totals
    assert set(rows[schema.FIGURE_ID]) - set(kept[schema.FIGURE_ID]) == set(
        flagged[schema.FIGURE_ID]
    )
    assert reasons == flagged["reason"].tolist()


def test_a_table_whose_data_cannot_be_fingerprinted_is_computed_each_time():
    counted = Counted()
    frame = small_frame([1.0, 2.0, 4.0]).assign(partner=lambda f: f["partner"].astype("category"))
    assert counted.total(frame, "value", partner="CHN") == 5.0
    frame.loc[0, "partner"] = "RUS"  # an edit of the categories' codes
    assert counted.total(frame, "value", partner="CHN") == 4.0
    assert counted.calls == 2
