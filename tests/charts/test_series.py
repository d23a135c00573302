"""Every series a chart draws, each against the figures table recomputed here with pandas.

The figures are the repository's own, revised so that the choice of release shows: each
source's rows are given an *older* vintage whose values are halved, and the BNS annual tables a
*newer* vintage of one year whose exports, imports and turnover move by different factors. The
latest vintage of each figure must be drawn, every flow from its own rows (an imports line taken
from the exports series differs from the oracle, since the two flows never agree here). The
oracles select rows with boolean masks and ``groupby``; they do not call the query layer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tradeviz import schema
from tradeviz.charts import mirror, monthly, partners, shares, trade_lines
from tradeviz.vocabulary import INCOMPLETE_COVERAGE_MIN, RELEASE_ORDER

NO_FLAGS = pd.DataFrame()
#: A vintage that sorts before every real one (release dates and ``git-…`` snapshots).
OLDER_VINTAGE = "0000-01-01"
#: A release after every real one, for the year :data:`REVISED_YEAR` of the BNS annual tables.
NEWER_VINTAGE = "2099-12-31"
REVISED_YEAR = 2022
#: How the newer release moves each flow: different factors, so no flow can stand in for another.
REVISION = {"exports": 1.25, "imports": 0.8, "turnover": 1.1}
OLDER_FACTOR = 0.5
LEVEL_FLOWS = ("exports", "imports")
ANNUAL_LINE_SOURCES = ("bns_annual", "comtrade", "eri", "wits")
#: Kazakhstan's own national tables, against which other sources' totals are judged complete.
NATIONAL_TABLE = "bns_annual"
#: The columns naming one figure across its releases.
FIGURE_KEY = [
    schema.SOURCE,
    schema.REPORTER,
    schema.PARTNER,
    schema.FLOW,
    schema.MEASURE,
    schema.FREQ,
    schema.PERIOD_START,
    schema.CLASSIFICATION,
    schema.PRODUCT_CODE,
    schema.PERSPECTIVE,
    schema.RECORD_ID,
]


def _restamp(rows: pd.DataFrame, vintage: str, release: str | None = None) -> pd.DataFrame:
    rows = rows.copy()
    rows[schema.FIGURE_ID] = rows[schema.FIGURE_ID] + f"@{vintage}"
    rows[schema.VINTAGE] = vintage
    if release is not None:
        rows[schema.RELEASE] = release
    return rows


def _scale(rows: pd.DataFrame, factors: pd.Series) -> pd.DataFrame:
    rows = rows.copy()
    rows[schema.VALUE] = rows[schema.VALUE] * factors
    rows[schema.VALUE_USD] = rows[schema.VALUE_USD] * factors
    return rows


@pytest.fixture(scope="module")
def revised(figures) -> pd.DataFrame:
    """The real figures with an older release of every line source and a newer BNS release."""
    lines = figures[
        figures[schema.SOURCE].isin(ANNUAL_LINE_SOURCES + ("bns_monthly",))
        & (figures[schema.MEASURE] == "trade_value")
    ]
    one_per_figure = lines.drop_duplicates(FIGURE_KEY)
    older = _scale(_restamp(one_per_figure, OLDER_VINTAGE, "preliminary"), OLDER_FACTOR)
    year_rows = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.PERIOD_START].dt.year == REVISED_YEAR)
        & (figures[schema.FREQ] == "A")
    ]
    year_rows = year_rows[
        year_rows[schema.VINTAGE] == year_rows[schema.VINTAGE].max()
    ]  # one copy of the year
    newer = _scale(
        _restamp(year_rows, NEWER_VINTAGE), year_rows[schema.FLOW].map(REVISION).fillna(1.0)
    )
    table = pd.concat([figures, older, newer], ignore_index=True)
    assert table[schema.FIGURE_ID].is_unique
    return table


def annual_totals(figures, source, reporter, partner, flow, *, as_drawn=False):
    """Year -> value_usd of the latest vintage, recomputed with pandas (stated rows only).

    ``as_drawn``: as the trade lines draw a series: the latest *release* (a final figure before a
    preliminary one, then the latest vintage), and no total far short of the national table's.
    """
    rows = figures[
        (figures[schema.SOURCE] == source)
        & (figures[schema.REPORTER] == reporter)
        & (figures[schema.PARTNER] == partner)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.FREQ] == "A")
        & (figures[schema.PRODUCT_CODE] == "TOTAL")
        & (figures[schema.PERSPECTIVE] == reporter)
    ].copy()
    rows["year"] = rows[schema.PERIOD_START].dt.year
    rows["rank"] = rows[schema.RELEASE].astype(str).map(RELEASE_ORDER) if as_drawn else 0
    rows = rows.sort_values(["year", "rank", schema.VINTAGE])
    best = rows.groupby("year")[["rank", schema.VINTAGE]].transform("last")
    rows = rows[(rows["rank"] == best["rank"]) & (rows[schema.VINTAGE] == best[schema.VINTAGE])]
    assert not rows.duplicated("year").any(), f"{source} {flow}: one figure per year"
    series = rows.set_index("year")[[schema.VALUE_USD, schema.VINTAGE]].sort_index()
    if as_drawn and source != NATIONAL_TABLE and reporter == "KAZ":
        # a total far short of the national table's is incomplete and never drawn
        national = annual_totals(figures, NATIONAL_TABLE, reporter, partner, flow)[schema.VALUE_USD]
        ratio = series[schema.VALUE_USD] / national.reindex(series.index)
        series = series[~(ratio < INCOMPLETE_COVERAGE_MIN)]
    return series


def reporter_value(figures, source, flow, year):
    """Kazakhstan's figure with China: stated, or (turnover) exports + imports of one release."""
    stated = annual_totals(figures, source, "KAZ", "CHN", flow)
    if year in stated.index:
        return stated.loc[year, schema.VALUE_USD]
    assert flow == "turnover", f"{source} states no {flow} for {year}"
    parts = [annual_totals(figures, source, "KAZ", "CHN", f).loc[year] for f in LEVEL_FLOWS]
    assert parts[0][schema.VINTAGE] == parts[1][schema.VINTAGE]
    return parts[0][schema.VALUE_USD] + parts[1][schema.VALUE_USD]


def _series(marks, **equal):
    mask = np.ones(len(marks), dtype=bool)
    for column, value in equal.items():
        mask &= (marks[column] == value).to_numpy()
    return marks[mask].set_index("year").sort_index()


def test_the_revision_fixture_makes_releases_and_flows_differ(revised):
    chn = annual_totals(revised, "bns_annual", "KAZ", "CHN", "exports")
    assert chn.loc[REVISED_YEAR, schema.VINTAGE] == NEWER_VINTAGE
    for year in chn.index:
        older = revised[
            (revised[schema.SOURCE] == "bns_annual")
            & (revised[schema.PARTNER] == "CHN")
            & (revised[schema.FLOW] == "exports")
            & (revised[schema.PERIOD_START].dt.year == year)
            & (revised[schema.VINTAGE] == OLDER_VINTAGE)
        ]
        assert len(older) == 1
        assert older[schema.VALUE_USD].iloc[0] != chn.loc[year, schema.VALUE_USD]
    imports = annual_totals(revised, "bns_annual", "KAZ", "CHN", "imports")
    assert (chn[schema.VALUE_USD] != imports[schema.VALUE_USD]).all()


@pytest.fixture(scope="module")
def trade_marks(revised):
    return trade_lines.data(revised, flags=NO_FLAGS).marks


@pytest.mark.parametrize("flow", LEVEL_FLOWS)
@pytest.mark.parametrize("source", ANNUAL_LINE_SOURCES)
def test_trade_lines_draw_each_flow_from_its_latest_release(trade_marks, revised, source, flow):
    drawn = _series(trade_marks, kind="line", source=source, flow=flow)
    expected = annual_totals(revised, source, "KAZ", "CHN", flow, as_drawn=True)
    expected = expected[expected.index >= trade_lines.DEFAULT_START_YEAR]
    assert list(drawn.index) == list(expected.index)
    np.testing.assert_allclose(drawn[schema.VALUE_USD], expected[schema.VALUE_USD], rtol=1e-12)
    assert list(drawn[schema.VINTAGE]) == list(expected[schema.VINTAGE])
    assert (drawn["drawn_flow"] == flow).all()


@pytest.mark.parametrize("source", ANNUAL_LINE_SOURCES)
def test_trade_lines_turnover_is_stated_or_the_sum_of_the_same_release(
    trade_marks, revised, source
):
    drawn = _series(trade_marks, kind="line", source=source, flow="turnover")
    stated = annual_totals(revised, source, "KAZ", "CHN", "turnover", as_drawn=True)
    exports = annual_totals(revised, source, "KAZ", "CHN", "exports", as_drawn=True)
    imports = annual_totals(revised, source, "KAZ", "CHN", "imports", as_drawn=True)
    assert len(drawn)
    for year, row in drawn.iterrows():
        if year in stated.index:
            assert row[schema.VALUE_USD] == pytest.approx(stated.loc[year, schema.VALUE_USD])
        else:
            same_release = exports.loc[year, schema.VINTAGE] == imports.loc[year, schema.VINTAGE]
            assert same_release, f"{source} {year}: no single release states both flows"
            total = exports.loc[year, schema.VALUE_USD] + imports.loc[year, schema.VALUE_USD]
            assert row[schema.VALUE_USD] == pytest.approx(total, rel=1e-12)


def test_trade_lines_quoted_figures_sit_on_the_mirror_line(trade_marks, revised):
    quoted = trade_marks[trade_marks["kind"] == "quoted"]
    statements = revised[
        (revised[schema.SOURCE] == "statements")
        & (revised[schema.REPORTER] == "CHN")
        & (revised[schema.PARTNER] == "KAZ")
        & (revised[schema.MEASURE] == "trade_value")
        & (revised[schema.FREQ] == "A")
        & (revised[schema.PRODUCT_CODE] == "TOTAL")
        & (revised[schema.PERIOD_START].dt.year >= trade_lines.DEFAULT_START_YEAR)
    ]
    assert sorted(quoted[schema.FIGURE_ID]) == sorted(statements[schema.FIGURE_ID])
    mirror_of = {"exports": "imports", "imports": "exports", "turnover": "turnover"}
    assert list(quoted["drawn_flow"]) == [mirror_of[f] for f in quoted[schema.FLOW]]
    by_id = statements.set_index(schema.FIGURE_ID)[schema.VALUE_USD]
    np.testing.assert_allclose(quoted[schema.VALUE_USD], by_id[quoted[schema.FIGURE_ID]])


@pytest.mark.parametrize("flow", LEVEL_FLOWS)
def test_partner_shares_divide_by_the_world_total_of_the_same_release(revised, flow):
    marks = shares.data(revised, claims=pd.DataFrame()).marks
    for source in ("bns_annual", "eri"):
        drawn = _series(marks, kind="share", source=source, flow=flow)
        china = annual_totals(revised, source, "KAZ", "CHN", flow)
        world = annual_totals(revised, source, "KAZ", "WLD", flow)
        years = china.index.intersection(world.index)
        expected = 100 * china.loc[years, schema.VALUE_USD] / world.loc[years, schema.VALUE_USD]
        assert list(drawn.index) == list(years)
        np.testing.assert_allclose(drawn["share_pct"], expected, rtol=1e-12)


@pytest.mark.parametrize("flow", LEVEL_FLOWS)
def test_top_partners_rank_the_countries_of_the_latest_release(revised, flow):
    marks = partners.data(revised, year=REVISED_YEAR, flow=flow, top_n=10).marks
    rows = revised[
        (revised[schema.SOURCE] == "bns_annual")
        & (revised[schema.REPORTER] == "KAZ")
        & (revised[schema.FLOW] == flow)
        & (revised[schema.MEASURE] == "trade_value")
        & (revised[schema.FREQ] == "A")
        & (revised[schema.PERIOD_START].dt.year == REVISED_YEAR)
        & (revised[schema.VINTAGE] == NEWER_VINTAGE)
    ]
    world = rows.loc[rows[schema.PARTNER] == "WLD", schema.VALUE_USD].item()
    countries = rows[rows[schema.PARTNER_KIND] == "country"].sort_values(
        schema.VALUE_USD, ascending=False
    )
    top = countries.head(10)
    assert list(marks["partner"]) == list(top[schema.PARTNER])
    np.testing.assert_allclose(marks[schema.VALUE_USD], top[schema.VALUE_USD], rtol=1e-12)
    np.testing.assert_allclose(marks["share_pct"], 100 * top[schema.VALUE_USD] / world, rtol=1e-12)
    assert list(marks["rank"]) == list(range(1, 11))


def test_mirror_gap_compares_each_quote_with_the_latest_mirror_figure(revised):
    marks = mirror.data(revised).marks
    assert len(marks)
    mirror_of = {"exports": "imports", "imports": "exports", "turnover": "turnover"}
    statements = revised[revised[schema.SOURCE] == "statements"].set_index(schema.FIGURE_ID)
    for _, mark in marks.iterrows():
        quote = statements.loc[mark["figure_ids"].split(" / ")[0]]
        assert quote[schema.RECORD_ID] == mark["record_id"]
        year = int(mark["year"])
        assert quote[schema.PERIOD_START].year == year
        assert mark["partner_usd"] == pytest.approx(quote[schema.VALUE_USD])
        flow = mirror_of[quote[schema.FLOW]]
        own = reporter_value(revised, mark["reporter_source"], flow, year)
        assert mark["reporter_usd"] == pytest.approx(own)
        # exporter's record minus importer's; turnover: the partner's quote minus the reporter's
        sign = 1 if mark["exporter"] == "KAZ" else -1
        gap = sign * (own - quote[schema.VALUE_USD])
        assert mark["gap_usd"] == pytest.approx(gap)


def test_monthly_ytd_draws_both_years_months_from_the_latest_release(revised):
    chart = monthly.data(revised)
    year, months = 2021, 4
    rows = revised[
        (revised[schema.SOURCE] == "bns_monthly")
        & (revised[schema.PARTNER] == "WLD")
        & (revised[schema.FLOW] == "turnover")
        & (revised[schema.FREQ] == "M")
        & (revised[schema.PERIOD_START].dt.year.isin([year - 1, year]))
    ].copy()
    newest = rows.groupby(schema.PERIOD_START)[schema.VINTAGE].transform("max")
    rows = rows[rows[schema.VINTAGE] == newest].sort_values(schema.PERIOD_START)
    drawn = chart.marks.sort_values(schema.PERIOD_START)
    assert list(drawn[schema.PERIOD_START]) == list(rows[schema.PERIOD_START])
    np.testing.assert_allclose(drawn[schema.VALUE_USD], rows[schema.VALUE_USD], rtol=1e-12)
    assert OLDER_VINTAGE not in set(drawn[schema.VINTAGE])
    first = rows[rows[schema.PERIOD_START].dt.month <= months]
    now = first.loc[first[schema.PERIOD_START].dt.year == year, schema.VALUE_USD].sum()
    before = first.loc[first[schema.PERIOD_START].dt.year == year - 1, schema.VALUE_USD].sum()
    assert chart.context["current_usd"] == pytest.approx(now, rel=1e-12)
    assert chart.context["base_usd"] == pytest.approx(before, rel=1e-12)
    assert chart.context["growth_pct"] == pytest.approx(100 * (now / before - 1), rel=1e-12)
