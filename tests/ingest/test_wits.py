"""WITS extracts: values, shares, HS codes as text, product-line sums kept out of totals."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def wits(figures):
    return figures[figures.source == "wits"]


def test_bilateral_values_and_shares(wits):
    rows = wits[
        (wits.period_start.dt.year == 1995)
        & (wits.flow == "exports")
        & (wits.classification == "TOTAL")
    ]
    by_measure = rows.set_index("measure")
    assert by_measure.loc["trade_value", "value"] == 283928.93
    assert by_measure.loc["trade_value", "value_usd"] == pytest.approx(283_928_930)
    assert by_measure.loc["partner_share", "value"] == 5.43
    assert set(rows.partner) == {"CHN"} and set(rows.perspective) == {"KAZ"}
    assert set(rows.source_tier) == {"official_statistics"} and set(rows.source_org) == {"WITS"}


def test_hs4_codes_keep_leading_zeros(wits):
    nuts = wits[(wits.product_code == "0802") & (wits.flow == "imports")]
    assert sorted(nuts.period_start.dt.year) == [2020, 2021]
    assert nuts.set_index(nuts.period_start.dt.year).value.to_dict() == {
        2020: 26955.699,
        2021: 48381.876,
    }
    assert set(wits[wits.classification == "HS4"].product_code.str.len()) <= {4, 9}


def test_product_line_sums_are_not_totals(wits):
    sums = wits[wits.measure == "product_lines_sum"]
    assert set(sums.product_code) == {"LINES_SUM"}
    assert set(sums.classification) == {"HS4", "HS_SECTION"}
    assert not (wits[wits.classification == "TOTAL"].measure == "product_lines_sum").any()
    chn_2020 = sums[
        (sums.partner == "CHN") & (sums.flow == "imports") & (sums.classification == "HS4")
    ]
    chn_2020 = chn_2020[chn_2020.period_start.dt.year == 2020].iloc[0]
    assert chn_2020.value == 1955285.7589999998
    assert chn_2020.note.startswith("sum of 559 HS-4 lines")


def test_sums_far_below_bns_totals_2020(figures, wits):
    sums = wits[
        (wits.measure == "product_lines_sum") & (wits.partner == "CHN") & (wits.flow == "imports")
    ]
    wits_2020 = sums[
        (sums.classification == "HS4") & (sums.period_start.dt.year == 2020)
    ].value.iloc[0]
    bns = figures[
        (figures.source == "bns_annual")
        & (figures.partner == "CHN")
        & (figures.flow == "imports")
        & (figures.measure == "trade_value")
        & (figures.vintage == "2021-07-28")
        & (figures.period_start.dt.year == 2020)
    ].value.iloc[0]
    assert wits_2020 < 0.5 * bns  # the caveat the README states


def test_sections(wits):
    machinery = wits[
        (wits.classification == "HS_SECTION")
        & (wits.product_code == "84-85")
        & (wits.partner == "CHN")
    ]
    assert set(machinery.product_label) == {"MachElec"}
    assert 2020 not in set(machinery.period_start.dt.year)  # not stated in the extract: no row


def test_world_partner(wits):
    world = wits[wits.partner == "WLD"]
    assert set(world.partner_kind) == {"world"}
