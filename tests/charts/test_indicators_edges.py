"""Edges of the level indicators: one flow's level, the share series and a computed denominator.

Every expected value is recomputed here from the cells the small tables hold (thousand USD × 1e3,
part ÷ whole × 100), never read back from the indicator.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tradeviz import indicators, schema
from tradeviz.indicators.flows import SERIES_COLUMNS, partner_share_series
from tradeviz.indicators.result import IndicatorError
from tradeviz.query import NoFigureError

from .conftest import _bns as _row
from .conftest import figure, make_figures

K = 1e3
OLD, NEW = "2020-08-13", "2021-07-28"


def test_the_level_of_each_flow_is_its_cell_in_dollars(small_figures):
    # bns_trade_by_country_2020.xls, sheet 12_2020, «Китай»: thousand USD
    for flow, cell in [
        ("exports", 9420579.06064),
        ("imports", 6377988.57363),
        ("turnover", 15798567.63427),
    ]:
        result = indicators.level(small_figures, "KAZ", "CHN", 2020, flow)
        assert result.name == "level"
        assert result.value == pytest.approx(cell * K, rel=1e-12)
        assert result.unit == "USD"
        assert result.formula == f"V = {flow}(KAZ, CHN, 2020)"
        assert result.params["flow"] == flow
        assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")
        assert result.params["year"] == 2020
        assert result.sources == ("bns_annual",)
        assert set(result.inputs[schema.FLOW]) == {flow}


def test_a_level_of_an_unknown_flow_names_the_allowed_ones(small_figures):
    with pytest.raises(IndicatorError) as raised:
        indicators.level(small_figures, "KAZ", "CHN", 2020, "balance")
    assert str(raised.value) == "flow must be one of exports, imports, turnover, found 'balance'"


def test_a_level_from_a_chosen_vintage_reads_that_workbook(small_figures):
    older = small_figures[small_figures[schema.VINTAGE] == OLD]
    rows = older[
        (older[schema.PARTNER] == "CHN")
        & (older[schema.FLOW] == "exports")
        & (older[schema.MEASURE] == "trade_value")
        & (pd.to_datetime(older[schema.PERIOD_START]).dt.year == 2019)
    ]
    assert len(rows) == 1
    expected = float(rows[schema.VALUE].iloc[0]) * float(rows[schema.SCALE].iloc[0])
    result = indicators.level(small_figures, "KAZ", "CHN", 2019, "exports", vintage=OLD)
    assert result.value == pytest.approx(expected)
    assert result.vintages == (OLD,)


def _share(year, value, vintage, flow="exports"):
    return _row(
        year, "CHN", flow, value, vintage, measure="partner_share", unit="percent", scale=1.0
    )


def test_the_share_series_takes_each_year_from_its_latest_release_and_prints_where_no_total():
    rows = [
        # 2019 stated in two releases that differ: the later one counts
        _row(2019, "CHN", "exports", 800.0, OLD),
        _row(2019, "WLD", "exports", 4000.0, OLD),
        _row(2019, "CHN", "exports", 900.0, NEW),
        _row(2019, "WLD", "exports", 3000.0, NEW),
        _share(2019, 99.0, NEW),  # printed beside the totals: the computed share wins
        # 2020: no world total, only the printed share
        _row(2020, "CHN", "exports", 700.0, NEW),
        _share(2020, 21.5, NEW),
        _row(
            2020, "WLD", "exports", 100.0, NEW, measure="partner_share", unit="percent", scale=1.0
        ),
        # 2021: a world total of zero gives no share; the printed one stands in
        _row(2021, "CHN", "exports", 10.0, NEW),
        _row(2021, "WLD", "exports", 0.0, NEW),
        _share(2021, 12.25, NEW),
        # other flows, partners and sources never enter
        _row(2019, "CHN", "imports", 1.0, NEW),
        _row(2019, "RUS", "exports", 5.0, NEW),
        _row(2019, "CHN", "exports", 1.0, NEW, source="wits"),
    ]
    table = make_figures(rows)
    series = partner_share_series(table, "KAZ", "CHN", source="bns_annual")
    assert tuple(series.columns) == SERIES_COLUMNS
    assert str(series["year"].dtype) == "int64"
    assert series.index.tolist() == [0, 1, 2]

    def figure_id(year, partner, vintage, measure="trade_value"):
        found = table[
            (pd.to_datetime(table[schema.PERIOD_START]).dt.year == year)
            & (table[schema.PARTNER] == partner)
            & (table[schema.VINTAGE] == vintage)
            & (table[schema.MEASURE] == measure)
            & (table[schema.SOURCE] == "bns_annual")
            & (table[schema.FLOW] == "exports")
        ][schema.FIGURE_ID]
        assert len(found) == 1
        return found.iloc[0]

    assert series["figure_ids"].tolist() == [
        f"{figure_id(2019, 'CHN', NEW)} / {figure_id(2019, 'WLD', NEW)}",
        figure_id(2020, "CHN", NEW, "partner_share"),
        figure_id(2021, "CHN", NEW, "partner_share"),
    ]
    assert list(series["year"]) == [2019, 2020, 2021]
    assert series["share_pct"].tolist() == pytest.approx([100 * 900 / 3000, 21.5, 12.25])
    assert series["computed"].tolist() == [True, False, False]
    assert series["vintage"].tolist() == [NEW, NEW, NEW]
    assert set(series["source"]) == {"bns_annual"} and set(series["perspective"]) == {"KAZ"}
    ids = series["figure_ids"].tolist()
    assert ids[0].count(" / ") == 1
    part_id, world_id = ids[0].split(" / ")
    assert f"-{NEW}-KAZ-CHN-exports-trade_value-" in part_id
    assert f"-{NEW}-KAZ-WLD-exports-trade_value-" in world_id
    assert "-partner_share-" in ids[1] and " / " not in ids[1]


def test_the_share_series_of_imports_and_another_perspective():
    rows = [
        _row(2018, "CHN", "imports", 250.0, OLD),
        _row(2018, "WLD", "imports", 1000.0, OLD),
        _row(2018, "CHN", "imports", 1.0, OLD, perspective="CHN"),
        _row(2018, "WLD", "imports", 2.0, OLD, perspective="CHN"),
    ]
    table = make_figures(rows)
    own = partner_share_series(table, "KAZ", "CHN", "imports", source="bns_annual")
    assert own["share_pct"].tolist() == pytest.approx([25.0])
    mirror = partner_share_series(
        table, "KAZ", "CHN", "imports", source="bns_annual", perspective="CHN"
    )
    assert mirror["share_pct"].tolist() == pytest.approx([50.0])
    assert mirror["perspective"].tolist() == ["CHN"]


def test_a_share_series_with_nothing_to_show_is_empty_with_its_columns():
    table = make_figures([_row(2019, "RUS", "exports", 1.0, NEW)])
    empty = partner_share_series(table, "KAZ", "CHN", source="bns_annual")
    assert empty.empty and tuple(empty.columns) == SERIES_COLUMNS
    with pytest.raises(IndicatorError, match="found 'balance'"):
        partner_share_series(table, "KAZ", "CHN", "balance", source="bns_annual")


def _listed(count, china=300.0, others=100.0):
    partners = ["CHN"] + [f"P{n:02d}" for n in range(count - 1)]
    return [
        _row(2022, p, "exports", china if p == "CHN" else others, NEW, source="other_table")
        for p in partners
    ]


def test_without_a_world_total_the_share_is_over_the_listed_partners():
    table = make_figures(_listed(12))
    result = indicators.partner_share(table, "KAZ", "CHN", 2022, "exports")
    total = 300.0 + 11 * 100.0
    assert result.value == pytest.approx(100 * 300.0 / total)
    assert result.name == "partner_share" and result.unit == "percent"
    assert result.details["part_usd"] == pytest.approx(300.0 * K)
    assert result.details["world_usd"] == pytest.approx(total * K)
    assert result.details["computed"] is True
    assert result.details["denominator_kind"] == "computed"
    assert result.details["listed_partners"] == 12
    assert "the sum of the 12 partner countries listed by" in result.details["denominator"]
    assert result.formula == (
        "S = 100 · exports(KAZ, CHN) / Σ exports(KAZ, each of the 12 listed partner "
        "countries) — computed denominator"
    )
    assert result.notes[-1] == f"denominator: {result.details['denominator']}, never a stated total"
    assert result.params["year"] == 2022 and result.params["flow"] == "exports"


def test_listed_partners_summing_to_zero_give_no_share():
    table = make_figures(_listed(10, china=0.0, others=0.0))
    with pytest.raises(IndicatorError, match="the listed partners of KAZ exports 2022 sum to zero"):
        indicators.partner_share(table, "KAZ", "CHN", 2022, "exports")


def test_too_few_listed_partners_report_the_missing_world_total():
    table = make_figures(_listed(9))
    with pytest.raises(NoFigureError) as raised:
        indicators.partner_share(table, "KAZ", "CHN", 2022, "exports")
    assert "WLD" in str(raised.value) or "World" in str(raised.value)
    assert "partner countries" not in str(raised.value)


V = "git-1"


def _line(code, value, flow="exports", **extra):
    return figure(
        year=2020,
        partner="CHN",
        flow=flow,
        value=value,
        vintage=V,
        source="wits",
        product_code=code,
        product_label=f"label {code}",
        **{"classification": "HS4", **extra},
    )


def _lines(flow="exports", lines_sum=1200.0, stated=None):
    rows = [_line("2711", 500.0, flow), _line("2709", 300.0, flow), _line("2603", 300.0, flow)]
    if lines_sum is not None:
        rows.append(_line("TOTAL", lines_sum, flow, measure="product_lines_sum"))
    if stated is not None:
        rows.append(_line("TOTAL", stated, flow, classification="TOTAL"))
    return make_figures(rows)


def test_product_shares_over_the_lines_sum_with_the_rest_as_other():
    result = indicators.product_shares(_lines(), "KAZ", "CHN", 2020)  # exports by default
    table = result.table
    assert tuple(table.columns) == (
        "rank",
        "product_code",
        "product_label",
        "value_usd",
        "share_pct",
        "figure_id",
    )
    # largest first; equal values by code; "other" last with rank 0
    assert table["product_code"].tolist() == ["2711", "2603", "2709", "other"]
    assert table["rank"].tolist() == [1, 2, 3, 0]
    assert table["product_label"].tolist() == [
        "label 2711",
        "label 2603",
        "label 2709",
        "other products",
    ]
    assert table["value_usd"].tolist() == pytest.approx([500e3, 300e3, 300e3, 100e3])
    assert table["share_pct"].tolist() == pytest.approx(
        [100 * 500 / 1200, 100 * 300 / 1200, 100 * 300 / 1200, 100 * 100 / 1200]
    )
    assert table["figure_id"].iloc[-1] == ""
    assert "-2711-" in table["figure_id"].iloc[0]
    assert result.name == "product_shares" and result.unit == "percent"
    assert result.value == pytest.approx(100 * 1100 / 1200)
    assert result.details == pytest.approx({"denominator_usd": 1200e3, "other_usd": 100e3})
    assert result.formula == f"s_k = X_k / X, X = the sum of all HS4 lines in wits (vintage {V})"
    assert result.params["top_n"] is None and result.params["classification"] == "HS4"
    assert result.params["flow"] == "exports" and result.params["year"] == 2020
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")


def test_product_shares_keep_the_top_n_and_fold_the_rest_into_other():
    result = indicators.product_shares(_lines(), "KAZ", "CHN", 2020, "exports", top_n=1)
    assert result.table["product_code"].tolist() == ["2711", "other"]
    assert result.table["rank"].tolist() == [1, 0]
    assert result.details["other_usd"] == pytest.approx(700e3)
    assert result.value == pytest.approx(100 * 500 / 1200)
    assert result.params["top_n"] == 1


def test_product_shares_fall_back_to_the_stated_total_and_say_so():
    result = indicators.product_shares(
        _lines("imports", lines_sum=None, stated=2000.0), "KAZ", "CHN", 2020, "imports"
    )
    assert result.details["denominator_usd"] == pytest.approx(2000e3)
    assert result.table["share_pct"].iloc[0] == pytest.approx(25.0)
    assert result.formula == f"s_k = X_k / X, X = the stated total of wits (vintage {V})"


def test_products_adding_up_to_more_than_the_denominator_are_refused_by_name():
    with pytest.raises(IndicatorError) as raised:
        indicators.product_shares(_lines(lines_sum=1000.0), "KAZ", "CHN", 2020)
    assert str(raised.value) == (
        "products listed for KAZ exports to CHN by HS4 product, 2020 add up to more than the "
        "denominator (1100000 > 1000000 USD)"
    )
    with pytest.raises(IndicatorError, match="KAZ imports from CHN by HS4 product, 2020"):
        indicators.product_shares(_lines("imports", lines_sum=1.0), "KAZ", "CHN", 2020, "imports")


def test_product_shares_without_any_denominator_name_the_first_one_missing():
    with pytest.raises(NoFigureError, match="product_lines_sum"):
        indicators.product_shares(_lines(lines_sum=None), "KAZ", "CHN", 2020)
    with pytest.raises(IndicatorError, match="found 'turnover'"):
        indicators.product_shares(_lines(), "KAZ", "CHN", 2020, "turnover")


@pytest.mark.parametrize(
    "shares", [[0.5, 0.5], [0.7, 0.2, 0.1], [0.25] * 4, [0.9, 0.05, 0.03, 0.02]]
)
def test_hhi_and_its_two_normalisations(shares):
    from tradeviz.indicators.structure import hhi_from_shares

    n = len(shares)
    h = sum(x**2 for x in shares)
    result = hhi_from_shares(pd.Series(shares))
    assert result["n"] == n
    assert result["hhi"] == pytest.approx(h)
    assert result["hhi_10000"] == pytest.approx(10_000 * h)
    assert result["normalised"] == pytest.approx((h - 1 / n) / (1 - 1 / n))
    assert result["normalised_unctad"] == pytest.approx(
        (h**0.5 - (1 / n) ** 0.5) / (1 - (1 / n) ** 0.5)
    )


def test_hhi_of_one_share_is_fully_concentrated_and_of_none_undefined():
    from tradeviz.indicators.structure import hhi_from_shares

    assert hhi_from_shares([0.4]) == {
        "hhi": pytest.approx(0.16),
        "hhi_10000": pytest.approx(1600.0),
        "normalised": 1.0,
        "normalised_unctad": 1.0,
        "n": 1,
    }
    with pytest.raises(IndicatorError, match="^HHI of no shares is undefined$"):
        hhi_from_shares([])


def test_a_result_as_json_writes_missing_dates_as_null_and_odd_values_as_text():
    import numpy as np

    from tradeviz.indicators.result import _jsonable

    assert _jsonable(pd.NaT) is None
    assert _jsonable(pd.Timestamp("2021-07-20 13:00")) == "2021-07-20"
    assert _jsonable(float("nan")) is None
    assert _jsonable(np.float64(2.5)) == 2.5 and _jsonable(np.int64(3)) == 3
    assert _jsonable(np.array([1, 2])) == "[1 2]"  # .item() refuses: shown as text
    assert _jsonable((1, [np.int64(2)], {3: "x"})) == [1, [2], {"3": "x"}]
    assert _jsonable(object) == str(object)


def test_hhi_of_partner_countries_over_the_stated_world_total(small_figures):
    # bns_trade_by_country_2020.xls, sheet 12_2020, exports (thousand USD); EAEU is an aggregate
    world = 47540772.7
    countries = [9420579.06064, 5007142.5, 6644417.79822, 3148952.30769]
    shares = [x / world for x in countries]
    h = sum(x * x for x in shares)
    n = len(shares)
    result = indicators.hhi(small_figures, "KAZ", 2020, "exports")
    assert result.name == "hhi" and result.unit == "index"
    assert result.value == pytest.approx(h, rel=1e-9)
    assert result.details["n"] == n
    assert result.details["hhi_10000"] == pytest.approx(10_000 * h, rel=1e-9)
    assert result.details["normalised"] == pytest.approx((h - 1 / n) / (1 - 1 / n), rel=1e-9)
    assert result.formula == (
        "H = Σ s_k², s_k = partner country k ÷ stated world total (0–1, not normalised)"
    )
    assert "partner" not in result.params
    assert (result.params["reporter"], result.params["year"]) == ("KAZ", 2020)
    assert result.params["flow"] == "exports"
    assert result.notes[-1] == (
        "H on the 0–1 scale, not normalised; details give (H − 1/n)/(1 − 1/n) and UNCTAD's "
        "(√H − √(1/n))/(1 − √(1/n))"
    )
    assert result.sources == ("bns_annual",)
    assert len(result.figure_ids) == n + 1  # the countries and the world total


def test_hhi_needs_a_stated_world_total():
    with pytest.raises(IndicatorError) as raised:
        indicators.hhi(make_figures(_listed(12)), "KAZ", 2022, "exports")
    assert str(raised.value) == (
        "other_table states no world total of KAZ exports 2022: "
        "HHI needs shares of the stated total"
    )


def _oracle_hhi(figures, year, flow, vintage=None, perspective="KAZ", source="bns_annual"):
    """HHI recomputed from the fixture's cells: countries' values over the world row, one table."""
    rows = figures[
        (figures[schema.SOURCE] == source)
        & (figures[schema.FLOW] == flow)
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.PERSPECTIVE] == perspective)
        & (pd.to_datetime(figures[schema.PERIOD_START]).dt.year == year)
        & (figures[schema.FREQ] == "A")
    ]
    if vintage is None:
        vintage = max(rows[schema.VINTAGE])
    rows = rows[rows[schema.VINTAGE] == vintage]
    world = float(rows[rows[schema.PARTNER] == "WLD"][schema.VALUE].iloc[0])
    countries = rows[rows[schema.PARTNER_KIND] == "country"][schema.VALUE].astype(float)
    return sum((v / world) ** 2 for v in countries)


def test_hhi_passes_its_flow_source_perspective_and_vintage_on():
    rows = []
    for vintage, china in ((OLD, 300.0), (NEW, 500.0)):
        for flow, scale in (("exports", 1.0), ("imports", 2.0)):
            rows += [
                _row(2019, "WLD", flow, 1000.0 * scale, vintage),
                _row(2019, "CHN", flow, china * scale / (3 if flow == "imports" else 1), vintage),
                _row(2019, "RUS", flow, 200.0, vintage),
            ]
    rows += [
        _row(2019, "WLD", "exports", 100.0, NEW, perspective="CHN"),
        _row(2019, "RUS", "exports", 10.0, NEW, perspective="CHN"),
    ]
    table = make_figures(rows)
    default = indicators.hhi(table, "KAZ", 2019)  # exports, bns_annual, own side, latest
    assert default.value == pytest.approx(_oracle_hhi(table, 2019, "exports"))
    assert default.value == pytest.approx(0.5**2 + 0.2**2)
    assert default.params["flow"] == "exports"
    imports = indicators.hhi(table, "KAZ", 2019, "imports", source="bns_annual")
    assert imports.value == pytest.approx(_oracle_hhi(table, 2019, "imports"))
    older = indicators.hhi(table, "KAZ", 2019, "exports", source="bns_annual", vintage=OLD)
    assert older.value == pytest.approx(0.3**2 + 0.2**2)
    assert older.vintages == (OLD,)
    with pytest.raises(NoFigureError, match="in source 'wits'"):
        indicators.hhi(table, "KAZ", 2019, "exports", source="wits")
    mirror = indicators.hhi(table, "KAZ", 2019, "exports", source="bns_annual", perspective="CHN")
    assert mirror.value == pytest.approx(0.1**2)


# One pair in 2019 as four tables state it (thousand USD): each option picks its own cells.
CELLS = {
    ("bns_annual", "KAZ", OLD): {"exports": 100.0, "imports": 50.0},
    ("bns_annual", "KAZ", NEW): {"exports": 120.0, "imports": 60.0, "turnover": 185.0},
    ("wits", "KAZ", NEW): {"exports": 118.0, "imports": 57.0},
    ("bns_annual", "CHN", NEW): {"exports": 90.0, "imports": 72.0},
}
OPTIONS = {
    "latest": ({"source": "bns_annual"}, ("bns_annual", "KAZ", NEW)),
    "older": ({"source": "bns_annual", "vintage": OLD}, ("bns_annual", "KAZ", OLD)),
    "wits": ({"source": "wits"}, ("wits", "KAZ", NEW)),
    "mirror": ({"source": "bns_annual", "perspective": "CHN"}, ("bns_annual", "CHN", NEW)),
}


@pytest.fixture(scope="module")
def pair_tables():
    return make_figures(
        [
            _row(2019, "CHN", flow, value, vintage, source=source, perspective=who)
            for (source, who, vintage), cells in CELLS.items()
            for flow, value in cells.items()
        ]
    )


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_balance_reads_the_cells_its_options_name(pair_tables, option):
    given, key = OPTIONS[option]
    x, m = CELLS[key]["exports"] * K, CELLS[key]["imports"] * K
    result = indicators.balance(pair_tables, "KAZ", "CHN", 2019, **given)
    assert result.value == pytest.approx(x - m)
    assert result.name == "balance" and result.unit == "USD"
    assert result.formula == "B = X(KAZ→CHN) − M(KAZ←CHN)"
    assert result.details == pytest.approx({"exports_usd": x, "imports_usd": m})
    assert result.notes[-1] == "exports FOB, imports CIF: the balance leans negative"
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")
    assert result.params["year"] == 2019
    assert result.sources == (key[0],) and result.perspectives == (key[1],)
    assert result.vintages == (key[2],)
    assert sorted(result.inputs[schema.FLOW]) == ["exports", "imports"]


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_coverage_ratio_reads_the_cells_its_options_name(pair_tables, option):
    given, key = OPTIONS[option]
    x, m = CELLS[key]["exports"] * K, CELLS[key]["imports"] * K
    result = indicators.coverage_ratio(pair_tables, "KAZ", "CHN", 2019, **given)
    assert result.value == pytest.approx(100 * x / m)
    assert result.name == "coverage_ratio" and result.unit == "percent"
    assert result.details["exports_usd"] == pytest.approx(x)
    assert result.details["imports_usd"] == pytest.approx(m)
    assert result.params["year"] == 2019 and result.params["partner"] == "CHN"
    assert result.sources == (key[0],) and result.vintages == (key[2],)
    assert result.perspectives == (key[1],)


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_turnover_is_the_stated_cell_or_the_sum_of_the_same_table(pair_tables, option):
    given, key = OPTIONS[option]
    cells = CELLS[key]
    result = indicators.turnover(pair_tables, "KAZ", "CHN", 2019, **given)
    assert result.name == "turnover" and result.unit == "USD"
    assert result.sources == (key[0],) and result.vintages == (key[2],)
    assert result.perspectives == (key[1],)
    assert result.params["year"] == 2019 and result.params["reporter"] == "KAZ"
    if "turnover" in cells:
        assert result.value == pytest.approx(cells["turnover"] * K)
        assert result.details == {"turnover_basis": "stated"}
        assert result.formula == f"T(KAZ, CHN) as stated by {key[0]}"
        assert result.notes[-1] == f"the turnover {key[0]} states"
    else:
        x, m = cells["exports"] * K, cells["imports"] * K
        assert result.value == pytest.approx(x + m)
        assert result.details == pytest.approx(
            {"turnover_basis": "exports + imports", "exports_usd": x, "imports_usd": m}
        )
        assert result.formula == "T = X(KAZ→CHN) + M(KAZ←CHN)"
        assert result.notes[-1] == (
            f"{key[0]} states no turnover for 2019: T = exports + imports of the table"
        )


@pytest.mark.parametrize("option", sorted(OPTIONS))
@pytest.mark.parametrize("flow", ["exports", "imports"])
def test_a_level_reads_the_cell_its_options_name(pair_tables, option, flow):
    given, key = OPTIONS[option]
    result = indicators.level(pair_tables, "KAZ", "CHN", 2019, flow, **given)
    assert result.value == pytest.approx(CELLS[key][flow] * K)
    assert result.sources == (key[0],) and result.vintages == (key[2],)
    assert result.perspectives == (key[1],)


@pytest.mark.parametrize("option", sorted(OPTIONS))
def test_coverage_ratio_writes_its_formula_and_refuses_zero_imports(pair_tables, option):
    given, key = OPTIONS[option]
    result = indicators.coverage_ratio(pair_tables, "KAZ", "CHN", 2019, **given)
    assert result.formula == "CR = 100 · X(KAZ→CHN) / M(KAZ←CHN)"
    assert sorted(result.inputs[schema.FLOW]) == ["exports", "imports"]
    zero = make_figures(
        [_row(2019, "CHN", "exports", 5.0, NEW), _row(2019, "CHN", "imports", 0.0, NEW)]
    )
    with pytest.raises(IndicatorError, match="^KAZ imports from CHN in 2019 are zero: no ratio$"):
        indicators.coverage_ratio(zero, "KAZ", "CHN", 2019)
    one = make_figures(
        [_row(2019, "CHN", "exports", 5.0, NEW), _row(2019, "CHN", "imports", 1e-3, NEW)]
    )
    assert indicators.coverage_ratio(one, "KAZ", "CHN", 2019).value == pytest.approx(100 * 5 / 1e-3)


# Two years of one pair as three tables state them (thousand USD), for the growth rates.
GROWTH = {
    ("bns_annual", "KAZ", OLD): {2017: 80.0, 2018: 100.0},
    ("bns_annual", "KAZ", NEW): {2017: 81.0, 2018: 90.0, 2019: 135.0},
    ("bns_annual", "CHN", NEW): {2017: 50.0, 2018: 40.0, 2019: 50.0},
}
GROWTH_OPTIONS = {
    "latest": ({"source": "bns_annual"}, ("bns_annual", "KAZ", NEW)),
    "older": ({"source": "bns_annual", "vintage": OLD}, ("bns_annual", "KAZ", OLD)),
    "mirror": ({"source": "bns_annual", "perspective": "CHN"}, ("bns_annual", "CHN", NEW)),
}


@pytest.fixture(scope="module")
def growth_tables():
    rows = [
        _row(year, "CHN", flow, value * (2 if flow == "imports" else 1), vintage, perspective=who)
        for (source, who, vintage), cells in GROWTH.items()
        for year, value in cells.items()
        for flow in ("turnover", "exports", "imports")
    ]
    return make_figures(rows)


@pytest.mark.parametrize("option", sorted(GROWTH_OPTIONS))
def test_year_on_year_growth_reads_both_years_from_the_table_its_options_name(
    growth_tables, option
):
    given, key = GROWTH_OPTIONS[option]
    now, before = GROWTH[key][2018] * K, GROWTH[key][2017] * K
    result = indicators.yoy_growth(growth_tables, "KAZ", "CHN", 2018, **given)  # turnover
    assert result.value == pytest.approx(100 * (now / before - 1))
    assert result.name == "yoy_growth" and result.unit == "percent"
    assert result.formula == "g = V(2018) / V(2017) − 1"
    assert result.details == pytest.approx({"current_usd": now, "base_usd": before})
    assert result.params["flow"] == "turnover" and result.params["year"] == 2018
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")
    assert result.sources == (key[0],) and result.vintages == (key[2],)
    assert result.perspectives == (key[1],)
    assert len(result.figure_ids) == 2
    imports = indicators.yoy_growth(growth_tables, "KAZ", "CHN", 2018, "imports", **given)
    assert imports.value == pytest.approx(100 * (now / before - 1))
    assert imports.details["base_usd"] == pytest.approx(2 * before)


def test_growth_from_a_zero_base_is_undefined():
    zero = make_figures(
        [_row(2017, "CHN", "exports", 0.0, NEW), _row(2018, "CHN", "exports", 5.0, NEW)]
    )
    with pytest.raises(IndicatorError, match=r"^KAZ exports to CHN, 2017 is zero: growth"):
        indicators.yoy_growth(zero, "KAZ", "CHN", 2018, "exports")
    with pytest.raises(IndicatorError, match="found 'balance'"):
        indicators.yoy_growth(zero, "KAZ", "CHN", 2018, "balance")


@pytest.mark.parametrize("option", sorted(GROWTH_OPTIONS))
def test_cagr_between_two_years_of_one_table(growth_tables, option):
    given, key = GROWTH_OPTIONS[option]
    start, end = GROWTH[key][2017] * K, GROWTH[key][2018] * K
    result = indicators.cagr(growth_tables, "KAZ", "CHN", 2017, 2018, **given)
    assert result.value == pytest.approx(100 * (end / start - 1))
    assert result.name == "cagr" and result.unit == "percent"
    assert result.formula == "CAGR = (V(2018) / V(2017))^(1/1) − 1"
    assert result.details == pytest.approx({"start_usd": start, "end_usd": end, "years": 1})
    assert result.params["start_year"] == 2017 and result.params["end_year"] == 2018
    assert result.params["flow"] == "turnover" and result.params["partner"] == "CHN"
    assert result.sources == (key[0],) and result.vintages == (key[2],)
    assert result.perspectives == (key[1],)


def test_cagr_over_two_years_takes_the_square_root():
    rows = [_row(y, "CHN", "exports", v, NEW) for y, v in ((2017, 100.0), (2019, 144.0))]
    result = indicators.cagr(make_figures(rows), "KAZ", "CHN", 2017, 2019, "exports")
    assert result.value == pytest.approx(20.0)
    assert result.details["years"] == 2
    assert result.formula == "CAGR = (V(2019) / V(2017))^(1/2) − 1"


@pytest.mark.parametrize(("start", "end"), [(0.0, 5.0), (-1.0, 5.0), (5.0, -1.0)])
def test_cagr_needs_positive_endpoints(start, end):
    rows = [_row(2017, "CHN", "exports", start, NEW), _row(2018, "CHN", "exports", end, NEW)]
    with pytest.raises(IndicatorError, match="^CAGR needs positive endpoints, found "):
        indicators.cagr(make_figures(rows), "KAZ", "CHN", 2017, 2018, "exports")


def test_cagr_to_a_zero_end_is_minus_one_hundred():
    rows = [_row(2017, "CHN", "exports", 5.0, NEW), _row(2018, "CHN", "exports", 0.0, NEW)]
    assert indicators.cagr(make_figures(rows), "KAZ", "CHN", 2017, 2018, "exports").value == -100.0


@pytest.mark.parametrize(("months", "span"), [(1, "Jan"), (2, "Jan–Feb"), (12, "Jan–Dec")])
def test_year_to_date_growth_sums_the_same_months_of_both_years(months, span):
    from tradeviz.indicators.growth import month_span

    assert month_span(months) == span
    rows = []
    for year, base in ((2020, 10.0), (2021, 13.0)):
        for month in range(1, 13):
            rows.append(
                figure(
                    year=year,
                    month=month,
                    partner="WLD",
                    partner_kind="world",
                    flow="turnover",
                    value=base + month,
                    source="bns_monthly",
                    vintage="m1",
                )
            )
    now = sum(13.0 + m for m in range(1, months + 1)) * K
    before = sum(10.0 + m for m in range(1, months + 1)) * K
    result = indicators.ytd_growth(make_figures(rows), "KAZ", "WLD", 2021, months)
    assert result.value == pytest.approx(100 * (now / before - 1))
    assert result.name == "ytd_growth" and result.unit == "percent"
    assert result.formula == f"g = Σ {span} 2021 / Σ {span} 2020 − 1 (monthly figures)"
    assert result.details == {
        "current_usd": pytest.approx(now),
        "base_usd": pytest.approx(before),
        "span": span,
    }
    assert result.params["months"] == months and result.params["flow"] == "turnover"
    assert result.params["year"] == 2021 and result.params["partner"] == "WLD"
    assert len(result.figure_ids) == 2 * months


@pytest.mark.parametrize("months", [0, 13, -1])
def test_year_to_date_months_run_from_one_to_twelve(months):
    table = make_figures([_row(2019, "CHN", "exports", 1.0, NEW)])
    with pytest.raises(IndicatorError, match=f"months must be between 1 and 12, found {months}"):
        indicators.ytd_growth(table, "KAZ", "CHN", 2019, months)


def test_year_to_date_growth_from_zero_months_is_undefined():
    rows = [
        figure(year=y, month=1, partner="WLD", partner_kind="world", flow="exports", value=v)
        for y, v in ((2020, 0.0), (2021, 3.0))
    ]
    with pytest.raises(IndicatorError, match="^KAZ exports Jan 2020 sum to zero$"):
        indicators.ytd_growth(make_figures(rows), "KAZ", "WLD", 2021, 1, "exports")


def _side_row(reporter, partner, flow, value, **extra):
    kind = {"reporter": reporter, "partner": partner, "partner_kind": "country"}
    return figure(
        year=2021, flow=flow, value=value, vintage=NEW, perspective=reporter, **kind, **extra
    )


@pytest.mark.parametrize("flow", ["exports", "imports"])
def test_the_mirror_gap_is_exporter_minus_importer_with_each_percentage_named(flow):
    # KAZ records exports 100 and imports 30 with CHN; CHN records imports 120 and exports 33.
    rows = [
        _side_row("KAZ", "CHN", "exports", 100.0),
        _side_row("KAZ", "CHN", "imports", 30.0),
        _side_row("CHN", "KAZ", "imports", 120.0, source="china_customs", source_org="GACC"),
        _side_row("CHN", "KAZ", "exports", 33.0, source="china_customs", source_org="GACC"),
    ]
    result = indicators.mirror_gap(make_figures(rows), "KAZ", "CHN", 2021, flow)
    if flow == "exports":
        exporter, importer, x, m, mine, theirs = "KAZ", "CHN", 100.0, 120.0, 100.0, 120.0
    else:
        exporter, importer, x, m, mine, theirs = "CHN", "KAZ", 33.0, 30.0, 30.0, 33.0
    x, m, mine, theirs = x * K, m * K, mine * K, theirs * K
    assert result.name == "mirror_gap" and result.unit == "USD"
    assert result.value == pytest.approx(x - m)
    d = result.details
    assert (d["exporter"], d["importer"]) == (exporter, importer)
    assert d["exporter_usd"] == pytest.approx(x) and d["importer_usd"] == pytest.approx(m)
    assert d["reporter_usd"] == pytest.approx(mine) and d["partner_usd"] == pytest.approx(theirs)
    assert d["ratio"] == pytest.approx(m / x)
    assert d["pct_of_exporter"] == pytest.approx(100 * (x - m) / x)
    assert d["pct_of_importer"] == pytest.approx(100 * (x - m) / m)
    assert d["symmetric_pct"] == pytest.approx(200 * (m - x) / (m + x))
    import math

    assert d["log_ratio"] == pytest.approx(math.log(m / x))
    assert d["ratio_plausible"] is (0.9 <= m / x <= 1.25)
    assert d["denominators"] == {
        "pct_of_exporter": f"{exporter}'s own figure",
        "pct_of_importer": f"{importer}'s own figure",
    }
    assert "cif_fob_factor" not in d
    assert result.formula == (
        f"G = X({exporter}→{importer}, {exporter}'s record) − "
        f"M({importer}←{exporter}, {importer}'s record); MR = M / X"
    )
    assert result.params == {
        "reporter": "KAZ",
        "partner": "CHN",
        "year": 2021,
        "flow": flow,
        "reporter_source": "bns_annual",
        "partner_source": "china_customs",
        "reporter_vintage": NEW,
        "partner_vintage": NEW,
        "sides": "exporter vs importer",
    }
    assert len(result.inputs) == 2
    assert set(result.inputs[schema.PERSPECTIVE]) == {"KAZ", "CHN"}


def test_a_mirror_gap_with_a_cif_fob_factor_and_of_turnover():
    import math

    rows = [
        _side_row("KAZ", "CHN", "exports", 100.0),
        _side_row("CHN", "KAZ", "imports", 106.0),
        _side_row("KAZ", "CHN", "turnover", 150.0),
        _side_row("CHN", "KAZ", "turnover", 170.0),
    ]
    table = make_figures(rows)
    result = indicators.mirror_gap(table, "KAZ", "CHN", 2021, cif_fob_factor=1.06)
    assert result.details["cif_fob_factor"] == 1.06
    assert result.details["cif_adjusted_gap_usd"] == pytest.approx(100e3 - 106e3 / 1.06)
    assert result.details["log_ratio"] == pytest.approx(math.log(106 / (1.06 * 100)))
    assert result.details["ratio_plausible"] is True
    turnover = indicators.mirror_gap(table, "KAZ", "CHN", 2021, "turnover")
    assert turnover.value == pytest.approx(-20e3)
    assert (turnover.details["exporter"], turnover.details["importer"]) == (None, None)
    assert turnover.details["denominators"] == {"pct_of_exporter": None, "pct_of_importer": None}
    assert turnover.params["sides"] == "KAZ vs CHN"
    assert turnover.formula == "G = T(KAZ, as KAZ reports) − T(CHN, as CHN reports)"
    assert turnover.notes[-1] == (
        "turnover has no exporter: the gap is the reporter's figure minus the partner's"
    )


@pytest.mark.parametrize(("x", "m"), [(0.0, 5.0), (5.0, 0.0), (-1.0, 5.0)])
def test_mirror_figures_must_be_positive(x, m):
    rows = [_side_row("KAZ", "CHN", "exports", x), _side_row("CHN", "KAZ", "imports", m)]
    with pytest.raises(IndicatorError, match="^mirror figures must be positive, found "):
        indicators.mirror_gap(make_figures(rows), "KAZ", "CHN", 2021)


def test_a_side_stated_by_months_only_is_summed_over_its_year_and_said_so():
    rows = [_side_row("KAZ", "CHN", "exports", 100.0)]
    for month in range(1, 13):
        rows.append(
            figure(
                year=2021,
                month=month,
                reporter="RUS",
                partner="CHN",
                flow="imports",
                value=float(month),
                perspective="RUS",
                source="russia_customs",
                vintage="r1",
            )
        )
    rows.append(_side_row("CHN", "RUS", "exports", 80.0, source="china_customs"))
    result = indicators.mirror_gap(make_figures(rows), "RUS", "CHN", 2021, "imports")
    assert result.details["reporter_usd"] == pytest.approx(78 * K)  # 1 + 2 + … + 12
    assert result.value == pytest.approx((80 - 78) * K)
    assert (
        "RUS's imports 2021: the sum of the twelve monthly figures of russia_customs "
        "(its tables state no year)"
    ) in result.notes
    with pytest.raises(NoFigureError):
        indicators.mirror_gap(make_figures(rows), "KAZ", "RUS", 2021, "exports")


def test_a_quoted_side_is_named_as_a_statement_not_a_table():
    rows = [
        _side_row("KAZ", "CHN", "exports", 100.0),
        _side_row(
            "CHN",
            "KAZ",
            "imports",
            105.0,
            source="statements",
            source_tier="press",
            record_id="s1",
        ),
    ]
    table = make_figures(rows)
    result = indicators.mirror_gap(table, "KAZ", "CHN", 2021, partner_source="statements")
    assert "CHN's figure is a quoted statement (press), not a statistical table" in result.notes
    assert result.params["partner_source"] == "statements"


def test_partner_rank_over_countries_with_shares_of_the_world_total(small_figures):
    # sheet 12_2020, exports (thousand USD): CHN, ITA, RUS, NLD; EAEU is an aggregate
    world = 47540772.7
    cells = {"CHN": 9420579.06064, "ITA": 6644417.79822, "RUS": 5007142.5, "NLD": 3148952.30769}
    result = indicators.partner_rank(small_figures, "KAZ", 2020, partner="ITA")  # exports
    table = result.table
    assert table["partner"].tolist() == ["CHN", "ITA", "RUS", "NLD"]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    assert table["value_usd"].tolist() == pytest.approx([v * K for v in cells.values()])
    assert table["share_pct"].tolist() == pytest.approx([100 * v / world for v in cells.values()])
    assert result.value == 2.0
    assert result.name == "partner_rank" and result.unit == "rank"
    assert result.formula == "rank of the partner's value among partner countries (1 = largest)"
    assert result.details["countries"] == 4
    assert result.details["world_usd"] == pytest.approx(world * K)
    remaining = world - sum(cells.values()) - 0  # what the table does not list by country
    assert result.details["remainder_usd"] == pytest.approx(remaining * K, rel=1e-6)
    assert remaining > cells["ITA"]  # a country left out could outrank Italy
    assert result.details["certain"] is False
    assert result.params["partner"] == "ITA" and result.params["flow"] == "exports"
    assert result.params["year"] == 2020 and result.params["reporter"] == "KAZ"
    assert result.notes[-2] == (
        "countries only (partner_kind == 'country'); aggregates and the world row excluded"
    )
    assert result.notes[-1].startswith("not certain: countries missing from the table add up to")


def test_partner_rank_without_a_partner_or_a_world_total():
    table = make_figures(_listed(12, china=300.0, others=100.0))
    result = indicators.partner_rank(table, "KAZ", 2022)
    import math

    assert math.isnan(result.value)
    assert result.details == {
        "countries": 12,
        "world_usd": None,
        "certain": None,
        "remainder_usd": None,
    }
    assert result.table["share_pct"].isna().all()
    assert result.table["partner"].iloc[0] == "CHN"
    assert result.notes[-1] == "other_table states no world total: shares not computed"
    assert result.params["partner"] is None


def test_partner_rank_of_a_country_not_listed_names_the_table():
    table = make_figures(_listed(12))
    with pytest.raises(IndicatorError) as raised:
        indicators.partner_rank(table, "KAZ", 2022, "exports", "USA")
    assert str(raised.value) == (
        f"USA is not among KAZ's partner countries for exports in 2022 (other_table, vintage {NEW})"
    )


def test_an_uncertain_rank_says_what_the_unlisted_countries_could_hold():
    rows = [
        _row(2022, "WLD", "imports", 100.0, NEW),
        _row(2022, "RUS", "imports", 30.0, NEW),
        _row(2022, "CHN", "imports", 25.0, NEW),
    ]
    result = indicators.partner_rank(make_figures(rows), "KAZ", 2022, "imports", "CHN")
    assert result.value == 2.0
    assert result.details["certain"] is False
    assert result.details["remainder_usd"] == pytest.approx(45e3)
    # 100 − 30 − 25 = 45 thousand USD not listed: more than China's 25
    assert result.notes[-1] == (
        "not certain: countries missing from the table add up to $45 000, "
        "more than the partner's value"
    )
    rows[0] = _row(2022, "WLD", "imports", 60.0, NEW)  # 5 left out: neither can be outranked
    sure = indicators.partner_rank(
        make_figures(rows), "KAZ", 2022, "imports", "CHN", source="bns_annual", vintage=NEW
    )
    assert sure.value == 2.0 and sure.details["certain"] is True
    assert sure.details["remainder_usd"] == pytest.approx(5e3)
    assert not sure.notes[-1].startswith("not certain")


def test_the_listed_partners_share_reads_the_table_its_options_name():
    rows = [
        *_listed(10, china=300.0, others=100.0),  # other_table, NEW, KAZ's side
        *[
            _row(2022, p, "exports", v, OLD, source="other_table")
            for p, v in [("CHN", 100.0)] + [(f"P{n:02d}", 100.0) for n in range(9)]
        ],
        *[
            _row(2022, p, "exports", v, NEW, source="second_table")
            for p, v in [("CHN", 900.0)] + [(f"P{n:02d}", 10.0) for n in range(9)]
        ],
        *[
            _row(2022, p, "exports", v, NEW, source="other_table", perspective="CHN")
            for p, v in [("CHN", 50.0)] + [(f"P{n:02d}", 50.0) for n in range(9)]
        ],
    ]
    table = make_figures(rows)
    latest = indicators.partner_share(table, "KAZ", "CHN", 2022, source="other_table")
    assert latest.value == pytest.approx(100 * 300 / 1200)
    assert len(latest.inputs) == 10  # the ten countries summed, China among them
    older = indicators.partner_share(table, "KAZ", "CHN", 2022, source="other_table", vintage=OLD)
    assert older.value == pytest.approx(10.0)
    second = indicators.partner_share(table, "KAZ", "CHN", 2022, source="second_table")
    assert second.value == pytest.approx(100 * 900 / 990)
    mirror = indicators.partner_share(
        table, "KAZ", "CHN", 2022, source="other_table", perspective="CHN"
    )
    assert mirror.value == pytest.approx(10.0)


def test_the_share_a_table_prints_is_reported_beside_the_computed_one_only_from_that_table():
    rows = [
        _row(2022, "WLD", "exports", 1000.0, NEW),
        _row(2022, "CHN", "exports", 250.0, NEW),
        _share(2022, 24.9, NEW),
        _share(2022, 30.0, NEW) | {"source": "wits"},
        _share(2022, 40.0, OLD),
        _share(2022, 50.0, NEW) | {"perspective": "CHN"},
    ]
    result = indicators.partner_share(make_figures(rows), "KAZ", "CHN", 2022, source="bns_annual")
    assert result.value == pytest.approx(25.0)
    assert result.details["stated_share"] == 24.9
    assert result.details["computed"] is True
    assert result.details["denominator_kind"] == "stated"
    without = indicators.partner_share(
        make_figures(rows[:2] + rows[3:]), "KAZ", "CHN", 2022, source="bns_annual"
    )
    assert "stated_share" not in without.details


def test_products_that_add_up_to_the_denominator_leave_an_empty_other_row():
    result = indicators.product_shares(_lines(lines_sum=1100.0), "KAZ", "CHN", 2020)
    assert result.details["other_usd"] == 0.0
    assert result.table["product_code"].tolist()[-1] == "other"
    assert result.table.index.tolist() == [0, 1, 2, 3]
    half_dollar = indicators.product_shares(_lines(lines_sum=1100.0005), "KAZ", "CHN", 2020)
    assert half_dollar.details["other_usd"] == pytest.approx(0.5)


def test_product_shares_ignore_a_total_line_and_keep_blank_labels_blank():
    rows = [
        _line("2711", 500.0),
        _line("2709", 300.0) | {schema.PRODUCT_LABEL: None},
        _line("TOTAL", 800.0),  # a total row of the same classification is no product
        _line("TOTAL", 1000.0, measure="product_lines_sum"),
    ]
    result = indicators.product_shares(make_figures(rows), "KAZ", "CHN", 2020)
    assert result.table["product_code"].tolist() == ["2711", "2709", "other"]
    assert result.table["product_label"].tolist() == ["label 2711", "", "other products"]
    assert result.details["other_usd"] == pytest.approx(200e3)


def test_product_shares_read_the_release_and_source_asked_for():
    rows = [
        _line("2711", 500.0),
        _line("TOTAL", 1000.0, measure="product_lines_sum"),
        _line("2711", 100.0) | {schema.VINTAGE: "git-0"},
        _line("TOTAL", 400.0, measure="product_lines_sum") | {schema.VINTAGE: "git-0"},
    ]
    table = make_figures(rows)
    older = indicators.product_shares(table, "KAZ", "CHN", 2020, vintage="git-0")
    assert older.table["share_pct"].iloc[0] == pytest.approx(25.0)
    assert older.params["vintage"] == "git-0"
    with pytest.raises(NoFigureError):
        indicators.product_shares(table, "KAZ", "CHN", 2020, source="bns_annual")


def test_two_lines_for_one_product_are_refused():
    from tradeviz.query import SelectionError

    rows = [
        _line("2711", 500.0),
        _line("2711", 400.0) | {schema.RECORD_ID: "again"},
        _line("TOTAL", 1000.0, measure="product_lines_sum"),
    ]
    with pytest.raises(SelectionError, match="several figures for the same product_code"):
        indicators.product_shares(make_figures(rows), "KAZ", "CHN", 2020)


def test_a_partner_share_and_a_printed_share_follow_the_release_asked_for():
    rows = [
        _row(2019, "WLD", "exports", 1000.0, OLD),
        _row(2019, "CHN", "exports", 100.0, OLD),
        _row(2019, "WLD", "exports", 1000.0, NEW),
        _row(2019, "CHN", "exports", 300.0, NEW),
        _share(2020, 11.0, OLD),
        _share(2020, 22.0, NEW),
    ]
    table = make_figures(rows)
    assert indicators.partner_share(table, "KAZ", "CHN", 2019, vintage=OLD).value == 10.0
    assert indicators.partner_share(table, "KAZ", "CHN", 2019).value == 30.0
    assert indicators.partner_share(table, "KAZ", "CHN", 2020, vintage=OLD).value == 11.0
    printed = indicators.partner_share(table, "KAZ", "CHN", 2020)
    assert printed.value == 22.0 and printed.details["computed"] is False
    assert printed.notes[-1] == (
        "bns_annual states no world total for KAZ exports 2020: the share is the one the source "
        "prints"
    )


def test_product_shares_name_their_inputs_and_notes():
    result = indicators.product_shares(_lines(), "KAZ", "CHN", 2020)
    assert sorted(result.inputs[schema.PRODUCT_CODE]) == ["2603", "2709", "2711", "TOTAL"]
    assert result.notes == ()  # one source, one release: nothing to say
    lines = _lines()
    earlier = lines.assign(**{schema.VINTAGE: "git-0", schema.VALUE: lines[schema.VALUE] / 2})
    earlier[schema.FIGURE_ID] = earlier[schema.FIGURE_ID] + "-0"
    two = indicators.product_shares(pd.concat([earlier, lines]), "KAZ", "CHN", 2020)
    assert two.table["value_usd"].tolist()[0] == pytest.approx(500e3)
    assert two.notes == (
        f"vintage {V} of wits: the latest that states every figure used (vintage='latest')",
    )


def test_each_mirror_side_is_read_from_the_source_release_and_perspective_asked_for():
    rows = [
        _side_row("KAZ", "CHN", "exports", 100.0),
        figure(year=2021, value=90.0, vintage=OLD),
        # China's own record of Kazakhstan's exports is the mirror, never the reporter's side
        figure(year=2021, value=500.0, vintage=NEW, perspective="CHN"),
    ]

    def months(source, value, vintage, perspective="CHN"):
        return [
            figure(
                year=2021,
                month=month,
                reporter="CHN",
                partner="KAZ",
                flow="imports",
                value=value(month),
                perspective=perspective,
                source=source,
                vintage=vintage,
            )
            for month in range(1, 13)
        ]

    rows += months("china_customs", lambda month: float(month), NEW)  # 1 + … + 12 = 78
    rows += months("china_customs", lambda month: 2.0 * month, OLD)  # 156
    rows += months("other_customs", lambda month: 10.0, NEW)  # 120
    rows += months("china_customs", lambda month: 1000.0, NEW, perspective="KAZ")
    table = make_figures(rows)

    def sides(**options):
        result = indicators.mirror_gap(table, "KAZ", "CHN", 2021, **options)
        return result.details["reporter_usd"] / K, result.details["partner_usd"] / K

    assert sides(partner_source="china_customs") == pytest.approx((100.0, 78.0))
    assert sides(partner_source="other_customs") == pytest.approx((100.0, 120.0))
    assert sides(partner_source="china_customs", vintage=OLD) == pytest.approx((90.0, 156.0))


def test_each_year_of_the_share_series_pairs_figures_of_one_release():
    rows = [
        _row(2019, "CHN", "exports", 800.0, OLD),
        _row(2019, "WLD", "exports", 4000.0, OLD),
        # a revised partner figure without a revised world total: no share of that release
        _row(2019, "CHN", "exports", 900.0, NEW),
    ]
    series = partner_share_series(make_figures(rows), "KAZ", "CHN", source="bns_annual")
    assert series["share_pct"].tolist() == pytest.approx([100 * 800 / 4000])
    assert series["vintage"].tolist() == [OLD]


def test_the_share_series_of_a_partner_listed_after_the_world_row():
    # ZAF sorts after WLD: the world's own row must never be read as the partner's
    rows = [_row(2019, "WLD", "exports", 4000.0, NEW), _row(2019, "ZAF", "exports", 100.0, NEW)]
    series = partner_share_series(make_figures(rows), "KAZ", "ZAF", source="bns_annual")
    assert series["share_pct"].tolist() == pytest.approx([100 * 100 / 4000])


def test_a_level_names_the_source_and_release_it_chose():
    rows = [
        _row(2020, "CHN", "exports", 10.0, OLD),
        _row(2020, "CHN", "exports", 11.0, NEW),
        _row(2020, "CHN", "exports", 12.0, NEW, source="wits"),
    ]
    result = indicators.level(make_figures(rows), "KAZ", "CHN", 2020, "exports")
    assert result.value == pytest.approx(11.0 * K)
    assert any(note.startswith("source bns_annual chosen by default") for note in result.notes)
    assert f"vintage {NEW} of bns_annual: the latest that states every figure used " in " ".join(
        result.notes
    )


def test_growth_and_a_mirror_gap_of_less_than_a_dollar_are_still_computed():
    cents = {"unit": "USD", "scale": 1.0}
    rows = [_row(2017, "CHN", "exports", 0.5, NEW, **cents), _row(2018, "CHN", "exports", 2, NEW)]
    result = indicators.cagr(make_figures(rows), "KAZ", "CHN", 2017, 2018, "exports")
    assert result.value == pytest.approx(100 * (2000 / 0.5 - 1))
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")
    for x, m in [(0.5, 100.0), (100.0, 0.5)]:
        sides = [
            _side_row("KAZ", "CHN", "exports", x, scale=1.0),
            _side_row("CHN", "KAZ", "imports", m, scale=1.0),
        ]
        gap = indicators.mirror_gap(make_figures(sides), "KAZ", "CHN", 2021)
        assert gap.value == pytest.approx(x - m)
        assert gap.inputs.index.tolist() == [0, 1]


@pytest.mark.parametrize(("m", "plausible"), [(90.0, True), (125.0, True), (89.0, False)])
def test_a_mirror_ratio_on_either_bound_is_plausible(m, plausible):
    sides = [_side_row("KAZ", "CHN", "exports", 100.0), _side_row("CHN", "KAZ", "imports", m)]
    gap = indicators.mirror_gap(make_figures(sides), "KAZ", "CHN", 2021)
    assert gap.details["ratio"] == m / 100.0
    assert gap.details["ratio_plausible"] is plausible


def test_growth_reads_the_source_named_not_the_default_table():
    rows = [
        _row(2017, "CHN", "exports", 100.0, NEW),
        _row(2018, "CHN", "exports", 110.0, NEW),
        _row(2017, "CHN", "exports", 200.0, NEW, source="wits"),
        _row(2018, "CHN", "exports", 300.0, NEW, source="wits"),
    ]
    table = make_figures(rows)
    assert indicators.yoy_growth(table, "KAZ", "CHN", 2018, "exports").value == pytest.approx(
        100 * (110 / 100 - 1)
    )
    named = {"source": "wits"}
    yoy = indicators.yoy_growth(table, "KAZ", "CHN", 2018, "exports", **named)
    assert yoy.value == pytest.approx(100 * (300 / 200 - 1))
    cagr = indicators.cagr(table, "KAZ", "CHN", 2017, 2018, "exports", **named)
    assert cagr.value == pytest.approx(100 * (300 / 200 - 1))
    assert cagr.sources == yoy.sources == ("wits",)


def test_coverage_ratio_names_its_pair_and_the_release_it_chose():
    rows = [
        _row(2019, "CHN", "exports", 4.0, OLD),
        _row(2019, "CHN", "imports", 8.0, OLD),
        _row(2019, "CHN", "exports", 5.0, NEW),
        _row(2019, "CHN", "imports", 10.0, NEW),
    ]
    result = indicators.coverage_ratio(make_figures(rows), "KAZ", "CHN", 2019)
    assert result.value == pytest.approx(100 * 5 / 10)
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")
    assert result.params["year"] == 2019
    assert result.notes == (
        f"vintage {NEW} of bns_annual: the latest that states every figure used (vintage='latest')",
    )


def test_a_partner_share_result_names_every_field_computed_or_printed():
    rows = [
        _row(2022, "WLD", "exports", 800.0, OLD),
        _row(2022, "CHN", "exports", 100.0, OLD),
        _row(2022, "WLD", "exports", 1000.0, NEW),
        _row(2022, "CHN", "exports", 250.0, NEW),
    ]
    computed = indicators.partner_share(make_figures(rows), "KAZ", "CHN", 2022)
    assert (computed.name, computed.unit) == ("partner_share", "percent")
    assert computed.value == pytest.approx(100 * 250 / 1000)
    assert computed.formula == "S = 100 · exports(KAZ, CHN) / exports(KAZ, World stated total)"
    assert computed.details == {
        "part_usd": pytest.approx(250e3),
        "world_usd": pytest.approx(1000e3),
        "computed": True,
        "denominator_kind": "stated",
        "denominator": "stated world total of KAZ exports (BNS annual tables)",
    }
    given = {"reporter": "KAZ", "partner": "CHN", "year": 2022, "flow": "exports"}
    assert computed.params.items() >= given.items()
    assert computed.notes == (
        f"vintage {NEW} of bns_annual: the latest that states every figure used (vintage='latest')",
    )
    printed = indicators.partner_share(
        make_figures([_row(2022, "CHN", "exports", 250.0, NEW), _share(2022, 24.9, NEW)]),
        "KAZ",
        "CHN",
        2022,
    )
    assert (printed.name, printed.unit, printed.value) == ("partner_share", "percent", 24.9)
    assert printed.formula == "S as stated by bns_annual (no stated world total to divide by)"
    assert printed.details == {"stated_share": 24.9, "computed": False}
    assert printed.params.items() >= given.items()
    assert printed.notes[-1] == (
        "bns_annual states no world total for KAZ exports 2022: the share is the one the "
        "source prints"
    )
    one_dollar = [_row(2022, "WLD", "exports", 1.0, NEW, scale=1.0), rows[3]]
    assert indicators.partner_share(make_figures(one_dollar), "KAZ", "CHN", 2022).value == (
        pytest.approx(100 * 250e3 / 1.0)
    )
    zero = [_row(2022, "WLD", "exports", 0.0, NEW), rows[3]]
    with pytest.raises(IndicatorError) as raised:
        indicators.partner_share(make_figures(zero), "KAZ", "CHN", 2022)
    assert str(raised.value) == "stated world total of KAZ exports 2022 is zero"


def test_turnover_names_its_pair():
    rows = [_row(2019, "CHN", "exports", 5.0, NEW), _row(2019, "CHN", "imports", 3.0, NEW)]
    result = indicators.turnover(make_figures(rows), "KAZ", "CHN", 2019)
    assert result.value == pytest.approx((5 + 3) * K)
    assert (result.params["reporter"], result.params["partner"]) == ("KAZ", "CHN")


def test_year_to_date_growth_reads_the_source_release_and_side_asked_for():
    def months(base, **extra):
        return [
            figure(year=year, month=month, flow="exports", value=base * (year - 2019), **extra)
            for year in (2020, 2021)
            for month in (1, 2)
        ]

    rows = [
        *months(1.0, source="bns_monthly", vintage="m2"),  # 2020: 1 a month, 2021: 2
        *months(5.0, source="bns_monthly", vintage="m1"),  # an older release: 5 and 10
        *months(3.0, source="other_monthly", vintage="m2"),  # 3 and 6, doubling as well
        *months(1.0, source="bns_monthly", vintage="m2", perspective="CHN")[:2],  # 2020 only
    ]
    table = make_figures(rows)

    def ytd(**options):
        return indicators.ytd_growth(table, "KAZ", "CHN", 2021, 2, "exports", **options)

    default = ytd(source="bns_monthly")
    assert default.details["current_usd"] == pytest.approx(2 * 2 * K)  # two months of 2
    assert (default.params["reporter"], default.params["partner"]) == ("KAZ", "CHN")
    assert default.notes == (
        "vintage m2 of bns_monthly: the latest that states every figure used (vintage='latest')",
    )
    older = ytd(source="bns_monthly", vintage="m1")
    assert older.details["base_usd"] == pytest.approx(2 * 5 * K)
    other = ytd(source="other_monthly")
    assert other.details["base_usd"] == pytest.approx(2 * 3 * K)
    assert other.sources == ("other_monthly",)
    with pytest.raises(NoFigureError):
        ytd(source="bns_monthly", perspective="CHN")  # China's side states 2020 only


def test_a_reporter_listed_as_its_own_partner_is_not_ranked():
    rows = [
        _row(2022, "WLD", "imports", 100.0, NEW),
        _row(2022, "KAZ", "imports", 50.0, NEW),  # re-imports, printed as a partner row
        _row(2022, "CHN", "imports", 30.0, NEW),
        _row(2022, "RUS", "imports", 20.0, NEW),
    ]
    result = indicators.partner_rank(make_figures(rows), "KAZ", 2022, "imports", "CHN")
    assert result.value == 1.0
    assert result.table["partner"].tolist() == ["CHN", "RUS"]
