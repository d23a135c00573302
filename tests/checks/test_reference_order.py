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
        & figures[schema.REPORTER].isin(["CHN", "KAZ"])
        & (figures[schema.FLOW] == "turnover")  # turnover is its own mirror flow
        & (figures[schema.MEASURE] == TRADE_VALUE)
        & (figures[schema.CLASSIFICATION] == schema.TOTAL_CODE)
    ]
    summed = found[found[schema.FIGURE_ID].str.contains(" + ", regex=False)]
    assert len(summed) > 0  # some table gives exports and imports but no turnover
    assert (summed[schema.FLOW] == "turnover").all()
    own = found.iloc[: len(found) - len(summed)]
    assert own[schema.FIGURE_ID].tolist() == plain[schema.FIGURE_ID].tolist()


def _pair_and_computed(figures, claim, found, *, without_stated_shares=False):
    """Both sides' totals of the claim's measure, any flow, with the rows computed for it."""
    pair = (
        figures[schema.PARTNER].isin([claim["partner"], claim["reporter"]])
        & (figures[schema.MEASURE] == claim["measure"])
        & (figures[schema.CLASSIFICATION] == schema.TOTAL_CODE)
    )
    if without_stated_shares:
        pair &= ~(
            (figures[schema.MEASURE] == "partner_share")
            & (figures[schema.REPORTER] == claim["reporter"])
            & (figures[schema.PARTNER] == claim["partner"])
            & (figures[schema.FLOW] == claim["flow"])
        )
    computed = found[~found[schema.FIGURE_ID].isin(figures[schema.FIGURE_ID])]
    return pd.concat([figures[pair], computed], ignore_index=True)


def test_the_references_of_computed_figures_are_those_of_both_sides_whole_record(figures):
    import datetime as dt

    from tradeviz.checks.derived import claim_figures

    year = {"period_start": dt.date(2021, 1, 1), "period_end": dt.date(2021, 12, 31)}
    claims = [
        {"measure": "growth_yoy", "flow": "exports", "reporter": "KAZ", "partner": "CHN"},
        {"measure": TRADE_VALUE, "flow": "turnover", "reporter": "KAZ", "partner": "CHN"},
        {"measure": "partner_share", "flow": "exports", "reporter": "KAZ", "partner": "CHN"},
        {
            "measure": "partner_share",
            "flow": "exports",
            "reporter": "KAZ",
            "partner": "CHN",
            "denominator": "turnover",
        },
    ]
    for claim in claims:
        claim = {**claim, **year, "products": None, "unit": "USD"}
        found = claim_figures(figures, claim)
        assert found is not figures  # something was computed for each
        whole = _pair_and_computed(
            figures, claim, found, without_stated_shares=bool(claim.get("denominator"))
        )
        narrowed = matching.gather_references(found, claim)
        assert narrowed  # the claim has references at all
        assert [(r.row[schema.FIGURE_ID], r.relation, r.role) for r in narrowed] == [
            (r.row[schema.FIGURE_ID], r.relation, r.role)
            for r in matching.gather_references(whole, claim)
        ]
