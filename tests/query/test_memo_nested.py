"""A derivation built on others checks its table once; an edit between calls is still seen."""

from __future__ import annotations

import pandas as pd
import pytest

from tradeviz.query import memo
from tradeviz.query.memo import per_table


@pytest.fixture
def checked(monkeypatch) -> list[int]:
    """The ids of the tables fingerprinted, in order, while the test runs."""
    found: list[int] = []
    fingerprint = memo._fingerprint

    def counted(table):
        found.append(id(table))
        return fingerprint(table)

    monkeypatch.setattr(memo, "_fingerprint", counted)
    return found


def test_nested_derivations_fingerprint_their_table_once(checked):
    @per_table
    def total(frame: pd.DataFrame, column: str) -> float:
        return float(frame[column].sum())

    @per_table
    def both(frame: pd.DataFrame) -> float:
        return total(frame, "x") + total(frame, "y")

    frame = pd.DataFrame({"x": [1.0, 2.0], "y": [10.0, 20.0]})
    assert both(frame) == 33.0
    assert checked == [id(frame)]  # the inner calls trust the outer call's check
    other = pd.DataFrame({"x": [5.0], "y": [7.0]})

    @per_table
    def across(frame: pd.DataFrame) -> float:
        return total(frame, "x") + total(other, "x")  # another table is checked on its own

    checked.clear()
    assert across(frame) == 8.0
    assert checked == [id(frame), id(other)]


def test_an_edit_between_two_calls_is_still_seen():
    @per_table
    def total(frame: pd.DataFrame) -> float:
        return float(frame["x"].sum())

    @per_table
    def doubled(frame: pd.DataFrame) -> float:
        return 2 * total(frame)

    frame = pd.DataFrame({"x": [1.0, 2.0]})
    assert doubled(frame) == 6.0
    frame.loc[0, "x"] = 4.0
    assert doubled(frame) == 12.0 and total(frame) == 6.0


def test_a_table_declared_unchanged_is_fingerprinted_once_for_the_block(checked):
    @per_table
    def total(frame: pd.DataFrame, column: str) -> float:
        return float(frame[column].sum())

    frame = pd.DataFrame({"x": [1.0, 2.0], "y": [10.0, 20.0]})
    with memo.unchanged(frame):
        assert total(frame, "x") + total(frame, "y") + total(frame, "x") == 36.0
    assert checked == [id(frame)]  # once, on entry
    frame.loc[0, "x"] = 4.0  # after the block an edit is seen again
    assert total(frame, "x") == 6.0
    assert checked == [id(frame), id(frame)]
    with memo.forgetting(), memo.unchanged(frame):  # nothing remembered: computed each time
        assert total(frame, "x") == 6.0
    with memo.unchanged([1.0, 2.0]):  # not a table: nothing to trust
        assert total(frame, "y") == 30.0
