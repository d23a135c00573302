"""Indicators on the figures built from the repository's data/raw (values read from the rows)."""

import pandas as pd
import pytest

from tradeviz import indicators, schema


def rows(figures, **criteria):
    mask = pd.Series(True, index=figures.index)
    year = criteria.pop("year", None)
    for column, value in criteria.items():
        mask &= figures[column] == value
    if year is not None:
        mask &= figures[schema.PERIOD_START].dt.year == year
    return figures[mask]


def bns(figures, partner, flow, year, vintage=None):
    found = rows(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner=partner,
        flow=flow,
        measure="trade_value",
        year=year,
    )
    found = found[found[schema.VINTAGE] == (vintage or found[schema.VINTAGE].max())]
    assert len(found) == 1
    return found.iloc[0]


def test_china_share_of_exports_2020_is_value_over_stated_world_total(figures):
    result = indicators.partner_share(figures, "KAZ", "CHN", 2020, "exports")
    china, world = bns(figures, "CHN", "exports", 2020), bns(figures, "WLD", "exports", 2020)
    assert result.value == pytest.approx(100 * china[schema.VALUE] / world[schema.VALUE])
    # BNS prints the same share to five decimals
    assert result.value == pytest.approx(result.details["stated_share"], abs=5e-5)
    # 2020 appears in the 2020 and 2021 workbooks: the latest vintage is used, and said so
    assert result.vintages == (china[schema.VINTAGE],)
    assert set(result.figure_ids) == {china[schema.FIGURE_ID], world[schema.FIGURE_ID]}


def test_china_rank_2020_over_countries_only(figures):
    for flow in ("exports", "imports"):
        result = indicators.partner_rank(figures, "KAZ", 2020, flow, partner="CHN")
        latest = result.params["vintage"]
        countries = rows(
            figures,
            source="bns_annual",
            reporter="KAZ",
            flow=flow,
            measure="trade_value",
            partner_kind="country",
            year=2020,
        )
        countries = countries[countries[schema.VINTAGE] == latest]
        expected = (
            int((countries[schema.VALUE] > bns(figures, "CHN", flow, 2020)[schema.VALUE]).sum()) + 1
        )
        assert result.value == expected
        assert set(result.table["partner"]) == set(countries[schema.PARTNER])
        assert not set(result.table["partner"]) & set(schema.AGGREGATE_CODES)


def test_turnover_2021_equals_the_stated_turnover(figures):
    result = indicators.turnover(figures, "KAZ", "CHN", 2021)
    stated = bns(figures, "CHN", "turnover", 2021)
    assert result.value == pytest.approx(stated[schema.VALUE_USD], rel=1e-9)


def test_yoy_growth_2022_on_the_revised_2021_base(figures):
    result = indicators.yoy_growth(figures, "KAZ", "CHN", 2022, "turnover")
    now = bns(figures, "CHN", "turnover", 2022)
    base = bns(figures, "CHN", "turnover", 2021, vintage=now[schema.VINTAGE])
    assert result.value == pytest.approx(100 * (now[schema.VALUE] / base[schema.VALUE] - 1))
    assert result.vintages == (now[schema.VINTAGE],)


def test_ytd_growth_jan_apr_2021_world_turnover(figures):
    result = indicators.ytd_growth(figures, "KAZ", "WLD", 2021, 4, "turnover")
    monthly = rows(figures, source="bns_monthly", partner="WLD", flow="turnover")
    start = monthly[schema.PERIOD_START]
    now = monthly[(start.dt.year == 2021) & (start.dt.month <= 4)][schema.VALUE].sum()
    before = monthly[(start.dt.year == 2020) & (start.dt.month <= 4)][schema.VALUE].sum()
    assert result.value == pytest.approx(100 * (now / before - 1))
    assert len(result.figure_ids) == 8


def test_no_bilateral_monthly_figures(figures):
    with pytest.raises(indicators.NoFigureError, match="KAZ turnover with CHN, 2021-01"):
        indicators.ytd_growth(figures, "KAZ", "CHN", 2021, 4, "turnover")


def test_cagr_1995_2020_from_wits(figures):
    result = indicators.cagr(figures, "KAZ", "CHN", 1995, 2020, "exports")
    wits = rows(
        figures,
        source="wits",
        partner="CHN",
        flow="exports",
        measure="trade_value",
        product_code="TOTAL",
    )
    first = wits[wits[schema.PERIOD_START].dt.year == 1995][schema.VALUE].iloc[0]
    last = wits[wits[schema.PERIOD_START].dt.year == 2020][schema.VALUE].iloc[0]
    assert result.value == pytest.approx(100 * ((last / first) ** (1 / 25) - 1))


def test_product_shares_2020_add_up_to_the_lines_sum(figures):
    result = indicators.product_shares(figures, "KAZ", "CHN", 2020, "exports")
    table = result.table
    assert table["share_pct"].sum() == pytest.approx(100)
    lines_sum = rows(
        figures,
        source="wits",
        partner="CHN",
        flow="exports",
        measure="product_lines_sum",
        classification="HS4",
        year=2020,
    )
    assert result.details["denominator_usd"] == pytest.approx(lines_sum[schema.VALUE_USD].iloc[0])
    top = rows(
        figures,
        source="wits",
        partner="CHN",
        flow="exports",
        measure="trade_value",
        classification="HS4",
        year=2020,
    ).sort_values(schema.VALUE, ascending=False)
    assert table["product_code"].iloc[0] == top[schema.PRODUCT_CODE].iloc[0]


def test_mirror_gap_2021_china_exports(figures):
    result = indicators.mirror_gap(
        figures, "CHN", "KAZ", 2021, "exports", reporter_source="statements"
    )
    china = rows(figures, source="statements", record_id="gacc-2021-exports").iloc[0]
    kaz = bns(figures, "CHN", "imports", 2021)
    x, m = china[schema.VALUE_USD], kaz[schema.VALUE_USD]
    assert result.value == pytest.approx(x - m)
    assert result.details["ratio"] == pytest.approx(m / x)
    # the guide's example: one gap, about 41 % of China's figure and 70 % of Kazakhstan's
    assert round(result.details["pct_of_exporter"]) == 41
    assert round(result.details["pct_of_importer"]) == 70


def test_hhi_of_partner_countries_2020(figures):
    result = indicators.hhi(figures, "KAZ", 2020, "exports")
    rows = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.REPORTER] == "KAZ")
        & (figures[schema.FLOW] == "exports")
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.FREQ] == "A")
        & (figures[schema.PERIOD_START].dt.year == 2020)
    ]
    rows = rows[rows[schema.VINTAGE] == rows[schema.VINTAGE].max()]
    world = rows.loc[rows[schema.PARTNER] == "WLD", schema.VALUE_USD].item()
    countries = rows.loc[rows[schema.PARTNER_KIND] == "country", schema.VALUE_USD]
    assert result.value == pytest.approx(((countries / world) ** 2).sum(), rel=1e-12)
    assert 0 < result.value < 1
