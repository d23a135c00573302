"""A claim's references: both sides' figures in the table's order, of its measures only."""

from __future__ import annotations

import pandas as pd

from tradeviz import schema
from tradeviz.checks import matching
from tradeviz.query.rows import records, where
from tradeviz.vocabulary import TRADE_VALUE


def test_both_sides_are_read_in_the_order_of_the_table(figures):
    direct = where(figures, reporter="KAZ", partner="CHN", measure=TRADE_VALUE, flow="exports")
    mirror = where(figures, reporter="CHN", partner="KAZ", measure=TRADE_VALUE, flow="imports")
    assert len(direct) and len(mirror)
    rows = matching._in_table_order(direct, mirror)
    positions = figures.index.get_indexer([*direct.index, *mirror.index])
    expected = records(figures.iloc[sorted(positions)])  # independent: by position in the table
    assert [row[schema.FIGURE_ID] for row in rows] == [r[schema.FIGURE_ID] for r in expected]


def test_a_row_found_on_both_sides_is_read_as_pandas_concatenates_it():
    frame = pd.DataFrame({"figure_id": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]})
    rows = matching._in_table_order(frame.iloc[[2, 0]], frame.iloc[[0]])
    assert [row["figure_id"] for row in rows] == ["a", "a", "c"]


def test_subject_measures_are_the_claims_own_then_related():
    assert matching.subject_measures(TRADE_VALUE) == (TRADE_VALUE,)
    assert matching.subject_measures("enterprises") == (
        "enterprises",
        *matching.RELATED_MEASURES["enterprises"],
    )


def test_computed_figures_come_with_the_pairs_totals_of_the_claims_measure(figures):
    import datetime as dt

    from tradeviz.checks.derived import claim_figures

    claim = {
        "measure": TRADE_VALUE,
        "flow": "turnover",
        "reporter": "KAZ",
        "partner": "CHN",
        "period_start": dt.date(2022, 1, 1),
        "period_end": dt.date(2022, 12, 31),
        "products": None,
    }
    found = claim_figures(figures, claim)
    plain = figures[
        figures[schema.PARTNER].isin(["CHN", "KAZ"])
        & (figures[schema.MEASURE] == TRADE_VALUE)
        & (figures[schema.CLASSIFICATION] == schema.TOTAL_CODE)
    ]
    summed = found[found[schema.FIGURE_ID].str.contains(" + ", regex=False)]
    assert len(summed) > 0  # some table gives exports and imports but no turnover
    assert (summed[schema.FLOW] == "turnover").all()
    own = found.iloc[: len(found) - len(summed)]
    assert own[schema.FIGURE_ID].tolist() == plain[schema.FIGURE_ID].tolist()
