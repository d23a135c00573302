import math

import pandas as pd
import pytest

from tradeviz import indicators, schema
from tradeviz.errors import TradevizError
from tradeviz.query import SelectionError

THOUSAND = 1e3


def test_turnover_balance_coverage_from_bns_2020(small_figures):
    x, m = 9420579.06064 * THOUSAND, 6377988.57363 * THOUSAND
    result = indicators.turnover(small_figures, "KAZ", "CHN", 2020)
    # the table states its turnover: that figure is the turnover, and it agrees with X + M
    assert result.value == 15798567.63427 * THOUSAND
    assert result.value == pytest.approx(x + m)
    assert result.details["turnover_basis"] == "stated"
    assert indicators.balance(small_figures, "KAZ", "CHN", 2020).value == pytest.approx(x - m)
    assert indicators.coverage_ratio(small_figures, "KAZ", "CHN", 2020).value == pytest.approx(
        100 * x / m
    )
    assert result.sources == ("bns_annual",)
    assert result.perspectives == ("KAZ",)
    assert len(result.figure_ids) == 1
    # 2020 is stated in the 2020 workbook only in this fixture: one vintage, and said so
    assert result.vintages == ("2021-07-28",)
    assert result.params["vintage"] == "2021-07-28"


def test_turnover_is_exports_plus_imports_where_the_table_states_none(small_figures):
    # wits/kaz_chn_1995_2020.csv states no turnover: 1995 exports 283928.93 + imports 34665.88
    result = indicators.turnover(small_figures, "KAZ", "CHN", 1995)
    assert result.value == pytest.approx((283928.93 + 34665.88) * THOUSAND)
    assert result.details["turnover_basis"] == "exports + imports"
    assert result.sources == ("wits",)
    assert len(result.figure_ids) == 2
    assert set(result.inputs[schema.FLOW]) == {"exports", "imports"}


def test_partner_share_uses_stated_world_total_and_matches_printed_share(small_figures):
    result = indicators.partner_share(small_figures, "KAZ", "CHN", 2020, "exports")
    assert result.value == pytest.approx(100 * 9420579.06064 / 47540772.7)
    assert result.value == pytest.approx(result.details["stated_share"], abs=1e-4)
    assert "World stated total" in result.formula
    assert set(result.inputs[schema.PARTNER]) == {"CHN", "WLD"}


def test_partner_share_falls_back_to_the_share_wits_prints(small_figures):
    result = indicators.partner_share(small_figures, "KAZ", "CHN", 1995, "exports")
    assert result.value == 5.43
    assert result.sources == ("wits",)
    assert result.details["computed"] is False
    assert any("prints" in note for note in result.notes)


def test_default_source_is_a_table_and_the_choice_is_noted(small_figures):
    result = indicators.partner_share(small_figures, "KAZ", "CHN", 2020, "exports")
    assert result.sources == ("bns_annual",)
    wits = indicators.partner_share(small_figures, "KAZ", "CHN", 2020, "exports", source="wits")
    assert wits.value == 19.18


def test_yoy_growth_uses_the_revised_base_of_the_latest_common_vintage(small_figures):
    result = indicators.yoy_growth(small_figures, "KAZ", "CHN", 2020, "exports")
    assert result.value == pytest.approx(100 * (9420579.06064 / 8003866.69343 - 1))
    assert result.vintages == ("2021-07-28",)
    assert any("latest that states every figure" in note for note in result.notes)


def test_vintages_are_not_mixed_unless_asked(small_figures):
    # 2018 is only in the 2019 workbook, 2021 only in the 2021 workbook
    with pytest.raises(SelectionError, match="no single vintage"):
        indicators.cagr(small_figures, "KAZ", "CHN", 2018, 2021, "exports")
    mixed = indicators.cagr(
        small_figures, "KAZ", "CHN", 2018, 2021, "exports", vintage="latest-each"
    )
    assert mixed.value == pytest.approx(100 * ((9772505.63304 / 6307476.4) ** (1 / 3) - 1))
    assert set(mixed.vintages) == {"2020-08-13", "2022-07-22"}
    assert any("mixed on request" in note for note in mixed.notes)


def test_named_vintage(small_figures):
    result = indicators.yoy_growth(
        small_figures, "KAZ", "CHN", 2019, "exports", vintage="2020-08-13"
    )
    assert result.value == pytest.approx(100 * (8003866.69343 / 6307476.4 - 1))
    with pytest.raises(SelectionError, match="does not state"):
        indicators.yoy_growth(small_figures, "KAZ", "CHN", 2020, "exports", vintage="1999")


def test_cagr_over_wits_1995_2020(small_figures):
    result = indicators.cagr(small_figures, "KAZ", "CHN", 1995, 2020, "exports")
    assert result.value == pytest.approx(100 * ((9004006.954 / 283928.93) ** (1 / 25) - 1))
    assert result.sources == ("wits",)
    with pytest.raises(SelectionError, match="after start_year"):
        indicators.cagr(small_figures, "KAZ", "CHN", 2020, 2020)


def test_ytd_growth_sums_the_same_months_of_both_years(small_figures):
    result = indicators.ytd_growth(small_figures, "KAZ", "WLD", 2021, 4, "turnover")
    now = sum([5452499.463199997, 6542080.998090012, 7755698.946860002, 8476020.10310996])
    before = sum([7111898.117219995, 7343320.027199974, 7597624.914359994, 7462061.56392001])
    assert result.value == pytest.approx(100 * (now / before - 1))
    assert result.details["span"] == "Jan–Apr"
    assert len(result.figure_ids) == 8
    with pytest.raises(SelectionError, match="2021-05"):
        indicators.ytd_growth(small_figures, "KAZ", "WLD", 2021, 5, "turnover")
    with pytest.raises(SelectionError, match="between 1 and 12"):
        indicators.ytd_growth(small_figures, "KAZ", "WLD", 2021, 13)


def test_partner_rank_counts_countries_only(small_figures):
    result = indicators.partner_rank(small_figures, "KAZ", 2020, "exports", partner="CHN")
    table = result.table
    assert "EAEU" not in set(table["partner"]) and "WLD" not in set(table["partner"])
    assert list(table["partner"]) == ["CHN", "ITA", "RUS", "NLD"]
    assert result.value == 1.0
    assert table.loc[0, "share_pct"] == pytest.approx(100 * 9420579.06064 / 47540772.7)
    imports = indicators.partner_rank(small_figures, "KAZ", 2020, "imports", partner="CHN")
    assert imports.value == 2.0  # Russia first
    with pytest.raises(SelectionError, match="not among"):
        indicators.partner_rank(small_figures, "KAZ", 2020, "exports", partner="USA")


def test_hhi_states_its_normalisation(small_figures):
    result = indicators.hhi(small_figures, "KAZ", 2020, "exports")
    shares = [v / 47540772.7 for v in (9420579.06064, 5007142.5, 6644417.79822, 3148952.30769)]
    assert result.value == pytest.approx(sum(s * s for s in shares))
    n = 4
    assert result.details["normalised"] == pytest.approx((result.value - 1 / n) / (1 - 1 / n))
    assert "not normalised" in result.formula
    assert indicators.hhi_from_shares([0.5, 0.5])["hhi"] == 0.5


def test_mirror_gap_names_denominators_and_sign(small_figures):
    result = indicators.mirror_gap(
        small_figures, "CHN", "KAZ", 2021, "exports", reporter_source="statements"
    )
    x, m = 13.98e9, 8228456.85318 * THOUSAND
    assert result.value == pytest.approx(x - m)  # exporter minus importer
    assert result.details["ratio"] == pytest.approx(m / x)
    assert result.details["pct_of_exporter"] == pytest.approx(100 * (x - m) / x)
    assert result.details["pct_of_importer"] == pytest.approx(100 * (x - m) / m)
    assert result.details["symmetric_pct"] == pytest.approx(200 * (m - x) / (m + x))
    assert result.details["denominators"]["pct_of_exporter"] == "CHN's own figure"
    assert set(result.perspectives) == {"CHN", "KAZ"}
    assert result.details["ratio_plausible"] is False
    assert any("quoted statement" in note for note in result.notes)
    # the same pair read from Kazakhstan's side gives the same gap
    other = indicators.mirror_gap(
        small_figures, "KAZ", "CHN", 2021, "imports", partner_source="statements"
    )
    assert other.value == pytest.approx(result.value)
    with_factor = indicators.mirror_gap(
        small_figures,
        "KAZ",
        "CHN",
        2021,
        "imports",
        partner_source="statements",
        cif_fob_factor=1.06,
    )
    assert with_factor.details["log_ratio"] == pytest.approx(math.log(m / (1.06 * x)))


def test_statements_are_used_only_when_named(small_figures):
    with pytest.raises(SelectionError, match="source='statements'"):
        indicators.mirror_gap(small_figures, "CHN", "KAZ", 2021, "exports")


def test_perspectives_are_never_mixed(small_figures):
    with pytest.raises(SelectionError, match="perspective"):
        indicators.turnover(small_figures, "KAZ", "CHN", 2021, perspective="CHN")
    with pytest.raises(SelectionError, match="perspective"):
        indicators.turnover(
            small_figures, "CHN", "KAZ", 2021, source="statements", perspective="KAZ"
        )


def test_units_are_never_mixed(small_figures):
    bad = small_figures.copy()
    mask = (
        (bad[schema.SOURCE] == "bns_annual")
        & (bad[schema.PARTNER] == "WLD")
        & (bad[schema.FLOW] == "exports")
        & (bad[schema.PERIOD_START].dt.year == 2020)
    )
    bad.loc[mask, schema.UNIT] = "KZT"
    with pytest.raises(SelectionError, match="units are never mixed"):
        indicators.partner_share(bad, "KAZ", "CHN", 2020, "exports", source="bns_annual")


def test_errors_are_tradeviz_errors_with_one_line(small_figures):
    with pytest.raises(TradevizError) as caught:
        indicators.turnover(small_figures, "KAZ", "ZZZ", 2020)
    assert "\n" not in str(caught.value)
    with pytest.raises(SelectionError, match="flow must be one of"):
        indicators.partner_share(small_figures, "KAZ", "CHN", 2020, "transit")
    with pytest.raises(SelectionError, match="lacks column"):
        indicators.turnover(pd.DataFrame({"value": [1.0]}), "KAZ", "CHN", 2020)


def test_ambiguous_statements_are_refused(small_figures):
    extra = small_figures.iloc[[-1]].copy()
    extra[schema.FIGURE_ID] = "another"
    extra[schema.RECORD_ID] = "gacc-2021-turnover-other"
    doubled = pd.concat([small_figures, extra], ignore_index=True)
    with pytest.raises(SelectionError, match="filter the figures"):
        indicators.mirror_gap(doubled, "CHN", "KAZ", 2021, "turnover", reporter_source="statements")


def test_to_dict_is_json_serialisable(small_figures):
    import json

    result = indicators.partner_rank(small_figures, "KAZ", 2020, "exports", partner="CHN")
    summary = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert summary["name"] == "partner_rank" == result.name
    assert summary["value"] == 1 and summary["unit"] == result.unit
    assert summary["formula"] == result.formula
    assert summary["figure_ids"] == list(result.figure_ids)
    assert summary["sources"] == ["bns_annual"] == list(result.sources)
    assert summary["perspectives"] == list(result.perspectives) == ["KAZ"]
    assert summary["vintages"] == list(result.vintages)
    assert set(summary["params"]) == set(result.params)
    assert summary["notes"] == list(result.notes)
    table = result.table
    assert [row["partner"] for row in summary["table"]] == list(table["partner"])
    assert [row["share_pct"] for row in summary["table"]] == pytest.approx(list(table["share_pct"]))


def test_to_dict_turns_numpy_dates_and_missing_values_into_json():
    import json

    import numpy as np

    from tradeviz.indicators.result import IndicatorResult

    inputs = pd.DataFrame(
        {
            schema.FIGURE_ID: ["a", "b", "a"],
            schema.SOURCE: ["s1", "s2", "s1"],
            schema.PERSPECTIVE: ["KAZ", "KAZ", "CHN"],
            schema.VINTAGE: ["v2", "v1", "v2"],
        }
    )
    result = IndicatorResult(
        name="x",
        value=np.float64("nan"),
        unit="percent",
        formula="f",
        inputs=inputs,
        params={"year": np.int64(2020), "when": pd.Timestamp("2021-07-20"), "gone": pd.NaT},
        details={"pair": ("KAZ", np.int32(3)), "nested": {1: [np.float64(0.5)]}, "obj": object},
        notes=["n"],
    )
    summary = result.to_dict()
    json.dumps(summary, allow_nan=False)
    assert summary["value"] is None
    assert summary["params"] == {"year": 2020, "when": "2021-07-20", "gone": None}
    assert type(summary["params"]["year"]) is int
    assert summary["details"]["pair"] == ["KAZ", 3]
    assert summary["details"]["nested"] == {"1": [0.5]}
    assert summary["details"]["obj"] == str(object)
    assert summary["figure_ids"] == ["a", "b", "a"]  # every input row, in order
    assert summary["sources"] == ["s1", "s2"]
    assert summary["perspectives"] == ["KAZ", "CHN"]
    assert summary["vintages"] == ["v2", "v1"]
    assert "table" not in summary


def test_year_must_be_a_calendar_year(small_figures):
    for bad in (None, "2020", 2020.5):
        with pytest.raises(SelectionError, match="calendar year"):
            indicators.partner_rank(small_figures, "KAZ", bad, "exports")
    with pytest.raises(SelectionError, match="calendar year"):
        indicators.turnover(small_figures, "KAZ", "CHN", None)
