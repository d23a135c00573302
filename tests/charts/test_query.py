"""The query layer: one row filter, one source order, one vintage rule, one turnover rule, one rank.

Every expected value is recomputed here from the figure rows with plain pandas (or read from the
raw numbers of the fixture), never taken from the query layer itself.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pandas as pd
import pytest

from tradeviz import query, schema
from tradeviz.charts import registry
from tradeviz.vocabulary import SOURCE_PREFERENCE

THOUSAND = 1e3
SRC = Path(__file__).resolve().parents[2] / "src" / "tradeviz"
#: Names the source orders had before there was one.
SOURCE_ORDER_NAMES = {
    "TABLE_SOURCES",
    "SOURCE_PREFERENCE",
    "PROFILE_SOURCES",
    "LINE_SOURCES",
    "SERIES_SOURCES",
}


def test_where_is_the_mask_written_out(figures):
    got = query.where(
        figures, source="bns_annual", partner=("CHN", "RUS"), flow="exports", year=2020
    )
    oracle = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & figures[schema.PARTNER].isin(["CHN", "RUS"])
        & (figures[schema.FLOW] == "exports")
        & (figures[schema.PERIOD_START].dt.year == 2020)
    ]
    assert len(got) and list(got[schema.FIGURE_ID]) == list(oracle[schema.FIGURE_ID])
    window = query.where(
        figures,
        source="bns_monthly",
        within=(dt.date(2021, 1, 1), dt.date(2021, 4, 30)),
        exclude={schema.FLOW: ("turnover",)},
    )
    assert set(window[schema.FLOW]) == {"exports", "imports"}
    assert window[schema.PERIOD_START].min() >= pd.Timestamp(2021, 1, 1)
    assert window[schema.PERIOD_END].max() <= pd.Timestamp(2021, 4, 30)
    assert len(window) == 2 * 4  # two flows, January to April


def test_an_unknown_column_is_a_clear_error(figures):
    with pytest.raises(query.SelectionError, match="lacks column 'colour'"):
        query.where(figures, colour="red")


def test_one_source_order_in_the_code():
    found = []
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            for target in targets:
                if isinstance(target, ast.Name) and target.id in SOURCE_ORDER_NAMES:
                    found.append(f"{path.relative_to(SRC)}:{target.id}")
    assert found == ["vocabulary.py:SOURCE_PREFERENCE"]


def test_sources_rank_tables_first_quoted_figures_last():
    ranked = query.by_preference(["statements", "wits", "uz_stat", "bns_annual"])
    assert ranked == ["bns_annual", "wits", "uz_stat", "statements"]
    assert ranked[:2] == [s for s in SOURCE_PREFERENCE if s in ranked][:2]
    assert query.is_quoted("statements") and not query.is_quoted("wits")


def test_each_figure_comes_from_its_latest_vintage(figures):
    totals = query.trade_totals(figures, "KAZ", "CHN", flows=["exports"], source="bns_annual")
    rows = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.PARTNER] == "CHN")
        & (figures[schema.FLOW] == "exports")
        & (figures[schema.MEASURE] == "trade_value")
    ]
    newest = rows.sort_values(schema.VINTAGE).groupby(rows[schema.PERIOD_START].dt.year).last()
    assert dict(zip(totals["year"], totals[schema.VINTAGE], strict=True)) == dict(
        newest[schema.VINTAGE]
    )
    assert list(totals.sort_values("year")[schema.VALUE_USD]) == list(newest[schema.VALUE_USD])


def test_a_number_comes_from_the_latest_vintage_stating_all_its_figures(figures):
    # 2021 is stated by the 2021 and 2022 workbooks, 2020 by the 2020 and 2021 workbooks:
    # growth compares them in the one vintage that states both (the revised base)
    slots = [query.trade_slot("KAZ", "CHN", "exports", y) for y in (2020, 2021)]
    chosen = query.select(figures, slots, source="bns_annual", default_perspective="KAZ")
    both = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.PARTNER] == "CHN")
        & (figures[schema.FLOW] == "exports")
        & (figures[schema.MEASURE] == "trade_value")
    ]
    by_year = both.groupby(both[schema.PERIOD_START].dt.year)[schema.VINTAGE].apply(set)
    assert chosen.vintage == max(by_year[2020] & by_year[2021])


def test_the_vintage_current_on_a_date():
    vintages = ["2021-07-28", "2022-07-22", "2023-07-28"]
    assert query.as_of(vintages, dt.date(2022, 12, 31)) == "2022-07-22"
    assert query.as_of(vintages, dt.date(2021, 7, 20)) == "2021-07-28"  # none yet: the earliest
    assert query.as_of(vintages, None) == "2021-07-28"


def test_select_as_of_a_date_takes_the_release_current_then(figures):
    slot = query.trade_slot("KAZ", "CHN", "exports", 2020)
    chosen = query.select(
        figures, [slot], source="bns_annual", as_of=dt.date(2022, 12, 31), default_perspective="KAZ"
    )
    assert chosen.vintage == "2022-07-22"
    assert any("current on 2022-12-31" in note for note in chosen.notes)


def test_turnover_is_stated_where_the_table_states_it_else_summed(small_figures):
    totals = query.trade_totals(small_figures, "KAZ", "CHN", years=[1995, 2020])
    turnover = totals[totals[schema.FLOW] == "turnover"].set_index([schema.SOURCE, "year"])
    # wits/kaz_chn_1995_2020.csv states no turnover: 1995 is exports + imports of the file
    summed = turnover.loc[("wits", 1995)]
    assert summed[schema.VALUE_USD] == pytest.approx((283928.93 + 34665.88) * THOUSAND)
    assert summed[query.TURNOVER_BASIS] == "exports + imports"
    assert " + " in summed[schema.FIGURE_ID]
    # the 2020 BNS workbook states its turnover: that row, not a sum
    stated = turnover.loc[("bns_annual", 2020)]
    assert stated[schema.VALUE_USD] == 15798567.63427 * THOUSAND
    assert stated[query.TURNOVER_BASIS] == "stated"
    # quoted figures are never summed: two statements are not one table
    quoted = query.trade_totals(small_figures, "CHN", "KAZ", source="statements")
    assert set(quoted[query.TURNOVER_BASIS]) <= {"", "stated"}


def test_a_rank_counts_countries_only(figures):
    ranks = query.partner_ranks(figures, "KAZ", "exports")
    table = ranks[(ranks[schema.VINTAGE] == "2022-07-22") & (ranks["year"] == 2020)]
    rows = figures[
        (figures[schema.SOURCE] == "bns_annual")
        & (figures[schema.VINTAGE] == "2022-07-22")
        & (figures[schema.FLOW] == "exports")
        & (figures[schema.MEASURE] == "trade_value")
        & (figures[schema.PERIOD_START].dt.year == 2020)
    ]
    countries = rows[rows[schema.PARTNER_KIND] == "country"]
    china = float(countries.loc[countries[schema.PARTNER] == "CHN", schema.VALUE_USD].iloc[0])
    expected = 1 + int((countries[schema.VALUE_USD] > china).sum())
    assert int(table.loc[table["partner"] == "CHN", "rank"].iloc[0]) == expected
    assert set(table["partner"]) == set(countries[schema.PARTNER])  # no aggregate, no World
    assert (table["countries"] == len(countries)).all()
    world = float(rows.loc[rows[schema.PARTNER] == "WLD", schema.VALUE_USD].iloc[0])
    remainder = world - countries[schema.VALUE_USD].sum()
    assert table["remainder_usd"].iloc[0] == pytest.approx(remainder, abs=1.0)  # dollars


def test_quoted_figures_read_either_side(figures):
    quoted = query.quoted_figures(figures, "KAZ", "CHN")
    rows = figures[
        (figures[schema.SOURCE] == "statements")
        & (figures[schema.PRODUCT_CODE] == "TOTAL")
        & figures[schema.FLOW].isin(["exports", "imports", "turnover"])
        & figures[schema.MEASURE].isin(["trade_value"])
        & (
            ((figures[schema.REPORTER] == "KAZ") & (figures[schema.PARTNER] == "CHN"))
            | ((figures[schema.REPORTER] == "CHN") & (figures[schema.PARTNER] == "KAZ"))
        )
    ]
    assert set(rows[schema.FIGURE_ID]) <= set(quoted["figure_id"])
    assert set(quoted["reporter"]) == {"KAZ", "CHN"}


def test_the_registry_reads_each_charts_options_from_its_data_function():
    for spec in registry.list_charts():
        signature = inspect.signature(spec.data)
        declared = {
            name: parameter.default
            for name, parameter in signature.parameters.items()
            if parameter.kind is parameter.KEYWORD_ONLY and name not in registry.CHART_INPUTS
        }
        assert spec.defaults == declared, spec.name
        assert all(option.help for option in spec.options), spec.name
        assert set(spec.inputs) <= set(signature.parameters)


def test_chart_data_never_loads_the_checks_tables(figures, monkeypatch):
    from tradeviz.checks import outputs

    def refuse(*args, **kwargs):
        raise AssertionError("a chart read a table of the checks itself")

    monkeypatch.setattr(outputs, "load_table", refuse)
    for spec in registry.list_charts():
        try:
            spec.data(figures)
        except query.NoFigureError:
            assert "integrity" in spec.inputs  # without its table, the chart says so


def test_draw_selects_nothing(figures, monkeypatch, checks_inputs):
    from tradeviz.charts.style import new_figure
    from tradeviz.query import rows

    prepared = [
        (spec, spec.data(figures, **{k: checks_inputs.get(k) for k in spec.inputs}))
        for spec in registry.list_charts()
    ]

    def refuse(*args, **kwargs):
        raise AssertionError("a draw function selected figures")

    monkeypatch.setattr(rows, "run_test", refuse)
    for spec, data in prepared:
        _, ax = new_figure()
        spec.draw(ax, data)


def test_a_rank_is_not_certain_when_unlisted_countries_could_outrank(small_figures):
    from tradeviz import indicators

    # the fixture lists four countries of the 2020 BNS table: CHN, RUS, ITA, NLD (thousand USD)
    listed = 9420579.06064 + 5007142.5 + 6644417.79822 + 3148952.30769
    remainder = (47540772.7 - listed) * THOUSAND
    result = indicators.partner_rank(small_figures, "KAZ", 2020, "exports", partner="CHN")
    assert result.value == 1
    assert result.details["remainder_usd"] == pytest.approx(remainder)
    assert result.details["certain"] is False  # the unlisted countries add up to more than CHN
    assert any(note.startswith("not certain") for note in result.notes)
