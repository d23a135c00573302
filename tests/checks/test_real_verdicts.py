"""The article's claims against the real reference data (values read from the built figures)."""

import json

import pytest

from tradeviz import schema as s

pytestmark = pytest.mark.usefixtures("real_results")


def figure_value(figures, **match):
    rows = figures
    for key, value in match.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, match
    return float(rows[s.VALUE].iloc[0]) * float(rows[s.SCALE].iloc[0])


def bns_2020(figures, measure, flow, partner="CHN", vintage="2021-07-28"):
    return figure_value(
        figures[figures[s.PERIOD_START].dt.year == 2020],
        **{
            s.SOURCE: "bns_annual",
            s.MEASURE: measure,
            s.FLOW: flow,
            s.PARTNER: partner,
            s.VINTAGE: vintage,
        },
    )


def test_every_claim_gets_a_verdict(real_results):
    assert len(real_results.verdicts) == len(real_results.claims)
    assert real_results.verdicts["explanation"].str.len().min() > 0


def test_exports_share_about_12_is_inconsistent_with_bns_2020(real_verdicts, figures):
    row = real_verdicts.loc["china-share-exports-2020"]
    assert (row.verdict, row.detail) == ("inconsistent", "beyond_tolerance")
    assert row.reference_source == "bns_annual" and row.reference_perspective == "KAZ"
    assert row.reference_value == bns_2020(figures, "partner_share", "exports")
    assert (row.tolerance_low, row.tolerance_high) == (11.0, 13.0)
    # WITS 2015–2017 shares are near 12 %: a period_mismatch hint, never the verdict
    assert "Period mismatch hint" in row.explanation
    for year in (2015, 2016, 2017):
        wits = figure_value(
            figures[figures[s.PERIOD_START].dt.year == year],
            **{s.SOURCE: "wits", s.MEASURE: "partner_share", s.FLOW: "exports", s.PARTNER: "CHN"},
        )
        assert 11.0 <= wits <= 13.0
        assert f"{year} {wits:g} %" in row.explanation


def test_imports_share_about_17_is_consistent_within_the_about_rule(real_verdicts, figures):
    row = real_verdicts.loc["china-share-imports-2020"]
    share = bns_2020(figures, "partner_share", "imports")
    assert 16.0 <= share < 16.5  # beyond rounding (±0.5), inside "about" (±1)
    assert (row.verdict, row.detail) == ("consistent", "within_tolerance")
    assert row.reference_value == share


def test_china_ranks_first_in_exports_and_second_in_imports_among_countries(real_verdicts, figures):
    exports = real_verdicts.loc["china-rank-exports-2020"]
    imports = real_verdicts.loc["china-rank-imports-2020"]
    assert (exports.verdict, exports.reference_value) == ("inconsistent", 1.0)
    assert (imports.verdict, imports.detail, imports.reference_value) == (
        "consistent",
        "exact",
        2.0,
    )
    # recompute from the table: countries only, aggregates excluded
    table = figures[
        (figures[s.SOURCE] == "bns_annual")
        & (figures[s.VINTAGE] == "2021-07-28")
        & (figures[s.PERIOD_START].dt.year == 2020)
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.FLOW] == "exports")
    ]
    countries = table[table[s.PARTNER_KIND] == "country"].sort_values(s.VALUE, ascending=False)
    assert countries[s.PARTNER].iloc[0] == "CHN"
    aggregates = table[table[s.PARTNER_KIND] == "aggregate"]
    assert aggregates[s.VALUE].max() > countries[s.VALUE].iloc[0]  # would outrank China if ranked


def test_january_april_turnover_matches_only_its_own_origin(real_verdicts):
    for claim_id in ("turnover-2021m01-04", "turnover-growth-2021m01-04"):
        row = real_verdicts.loc[claim_id]
        assert (row.verdict, row.detail) == ("unverifiable", "origin_only")
        hints = json.loads(row.hints)
        assert any(
            h["record_id"] == "saltybayev-2021m01-04-turnover" and h["relation"] == "origin"
            for h in hints
        )


def test_fdi_2005_2020_is_unverifiable_from_statements_of_other_windows(real_verdicts):
    row = real_verdicts.loc["fdi-cumulative-chn-2005-2020"]
    assert (row.verdict, row.detail) == ("unverifiable", "origin_only")
    hints = json.loads(row.hints)
    altyn = [h for h in hints if h["record_id"] == "fdi-cum-2005-2017-altynorda"]
    assert altyn and altyn[0]["relation"] == "other_period"


def test_containers_are_not_teu(real_verdicts):
    row = real_verdicts.loc["transit-containers-2020"]
    assert (row.verdict, row.detail) == ("unverifiable", "unit_mismatch")
    assert row.reference_unit == "TEU" and row.reference_value == 876e3


def test_population_18_9_million_is_consistent_with_the_bns_figures_cited(real_verdicts):
    row = real_verdicts.loc["population-kaz-2021"]
    assert (row.verdict, row.detail) == ("consistent", "within_rounding")
    assert row.reference_tier == "official_statement"
    assert row.reference_value == 18.94e6
    assert "18.98 million persons" in row.explanation  # the 1 June figure is said, not hidden


def test_students_more_than_14_thousand_meets_the_rule_only_at_its_boundary(real_verdicts):
    row = real_verdicts.loc["students-kaz-in-china-2021"]
    assert (row.verdict, row.detail) == ("unverifiable", "statement_only")
    assert row.reference_value == 14000 and row.deviation == 0
    assert "'more than': reference ≥ stated value" in row.tolerance
    assert "within_tolerance" in row.explanation


def test_registered_enterprises_are_not_the_operating_count_of_the_origin(real_verdicts):
    row = real_verdicts.loc["enterprises-registered-chn-2021-06"]
    assert row.verdict == "unverifiable"
    hints = json.loads(row.hints)
    origin = [h for h in hints if h["relation"] == "origin"]
    assert origin and origin[0]["measure"] == "enterprises_operating"
    assert origin[0]["supports"] is None  # another measure: shown, never compared


def test_the_first_coronavac_batch_is_dated_before_june_29_by_an_item_of_june_15(real_verdicts):
    row = real_verdicts.loc["coronavac-first-batch-date"]
    assert (row.verdict, row.detail) == ("inconsistent", "beyond_tolerance")
    assert "published 2021-06-15" in row.explanation


def test_events_without_a_reference_are_unverifiable(real_verdicts):
    for claim_id in (
        "fic-33rd-plenary-2021-06-11",
        "state-loan-agreement-1992-02",
        "unhrc-47th-session",
        "fdi-cumulative-kaz-in-chn",
    ):
        row = real_verdicts.loc[claim_id]
        assert (row.verdict, row.detail) == ("unverifiable", "no_data"), claim_id


def test_product_claims_are_qualitative_and_flag_the_incomplete_extract(real_verdicts):
    row = real_verdicts.loc["main-exports-to-china"]
    assert (row.verdict, row.detail) == ("unverifiable", "qualitative")
    assert "incomplete_vintage" in row.explanation
