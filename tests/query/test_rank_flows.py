"""A reporter's partner ranks read from one pass over its totals of every flow (real figures)."""

from __future__ import annotations

import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.query.memo import forgetting
from tradeviz.query.ranks import _flow_totals, partner_ranks
from tradeviz.query.trade import trade_totals
from tradeviz.vocabulary import ALL_VINTAGES, LEVEL_FLOWS

#: Kazakhstan, the reporter the real claims rank, runs in the fast subset; China and Uzbekistan
#: repeat the same comparison on other tables (each ~0.4 s on the full figures), so they run in
#: ``make test`` only, and the Kazakhstan parametrisation is their fast twin.
REPORTERS = (
    "KAZ",
    pytest.param("CHN", marks=pytest.mark.slow),
    pytest.param("UZB", marks=pytest.mark.slow),
)


@pytest.mark.parametrize("reporter", REPORTERS)
@pytest.mark.parametrize("flow", LEVEL_FLOWS)
def test_one_flow_is_kept_from_the_totals_of_every_flow(figures, reporter, flow):
    with forgetting():
        alone = trade_totals(figures, reporter, flows=[flow], vintage=ALL_VINTAGES)
        kept = _flow_totals(figures, reporter, flow)
    assert not alone.empty
    assert set(kept[schema.FLOW]) == {flow}
    pd.testing.assert_frame_equal(kept.reset_index(drop=True), alone.reset_index(drop=True))


@pytest.mark.parametrize("reporter", REPORTERS)
def test_ranks_of_each_flow_match_the_table_counted_by_hand(figures, reporter):
    table_key = [schema.SOURCE, schema.VINTAGE, schema.PERIOD_START, schema.PERIOD_END]
    for flow in LEVEL_FLOWS:
        ranks = partner_ranks(figures.copy(deep=False), reporter, flow)
        assert set(ranks[schema.FLOW]) <= {flow}
        for _, table in ranks.groupby(table_key, dropna=False):
            values = table["value_usd"].to_numpy(dtype=float)
            larger = (values[None, :] > values[:, None]).sum(axis=1)
            assert table["rank"].tolist() == (1 + larger).tolist()
            assert set(table["countries"]) == {len(table)}


def test_each_ranked_country_carries_the_columns_of_its_own_figure(figures):
    ranks = partner_ranks(figures.copy(deep=False), "KAZ", "exports")
    assert len(ranks)
    own = figures.set_index(schema.FIGURE_ID).loc[ranks[schema.FIGURE_ID]]  # looked up by id
    for column in (schema.LOCATOR, schema.SOURCE_ORG, schema.UNIT, schema.VALUE, schema.RELEASE):
        assert ranks[column].tolist() == own[column].tolist(), column
    assert ranks.index.tolist() == list(range(len(ranks)))
