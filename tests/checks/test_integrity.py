"""Integrity rules: a passing and a failing case each on small tables, then the real data."""

import pytest

from tradeviz.checks import vocab
from tradeviz.checks.integrity import incomplete_vintage_flags, run_integrity_checks
from tradeviz.checks.integrity_rows import CROSS_SOURCE_TOLERANCE_REL
from tradeviz.vocabulary import INCOMPLETE_COVERAGE_MIN

from .conftest import figure, make_figures, statement


def table(rows, vintage="2021-07-28", year=2020):
    """A BNS-like sheet: (partner, kind, flow, value, share or None, excel row)."""
    records = []
    for partner, kind, flow, value, share, row in rows:
        common = dict(
            partner=partner,
            partner_kind=kind,
            flow=flow,
            vintage=vintage,
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            locator=f"sheet 12_{year}, row {row}",
        )
        records.append(figure(value=value, **common))
        if share is not None:
            records.append(
                figure(value=share, measure="partner_share", unit="percent", scale=1.0, **common)
            )
    return records


def checks(records, name):
    result = run_integrity_checks(make_figures(records))
    assert list(result.columns) == list(vocab.INTEGRITY_COLUMNS)
    return result[result["check"] == name].reset_index(drop=True)


def simple_sheet(world=100.5, chn=60.3, rus=40.2, chn_share=60.0, flow="exports"):
    # values printed with one decimal (±0.05 each), like the BNS tables' thousand-dollar figures
    return table(
        [
            ("WLD", "world", flow, world, 100, 6),
            ("CHN", "country", flow, chn, chn_share, 7),
            ("RUS", "country", flow, rus, 40.0, 8),
        ]
    )


def test_countries_add_up_to_the_stated_total():
    rows = checks(simple_sheet(), "countries_sum_vs_total")
    assert list(rows["status"]) == ["pass"]
    rows = checks(simple_sheet(world=101.5), "countries_sum_vs_total")
    assert list(rows["status"]) == ["warn"]
    assert "unallocated residual +$1 000" in rows["message"][0]
    assert rows["difference"][0] == pytest.approx(1000.0)
    assert rows["tolerance"][0] == pytest.approx(150.0)  # 3 × ½ × 0.1 thousand USD


def test_a_stated_share_is_value_over_the_stated_total():
    assert set(checks(simple_sheet(), "share_vs_value")["status"]) == {"pass"}
    rows = checks(simple_sheet(chn_share=61.5), "share_vs_value")
    failed = rows[rows["status"] == "fail"]
    assert list(failed["partner"]) == ["CHN"]
    assert failed["expected"].iloc[0] == pytest.approx(60.0)


def test_turnover_is_exports_plus_imports():
    records = table(
        [
            ("CHN", "country", "exports", 9.1, None, 7),
            ("CHN", "country", "imports", 6.2, None, 7),
            ("CHN", "country", "turnover", 15.3, None, 7),
            ("RUS", "country", "exports", 5.1, None, 8),
            ("RUS", "country", "imports", 13.2, None, 8),
            ("RUS", "country", "turnover", 19.3, None, 8),
            ("FRO", "country", "imports", 0.5, None, 9),
            ("FRO", "country", "turnover", 0.5, None, 9),
        ]
    )
    rows = checks(records, "turnover_vs_flows").set_index("partner")
    assert rows.loc["CHN", "status"] == "pass"
    assert rows.loc["RUS", "status"] == "fail"
    assert (
        rows.loc["FRO", "status"] == "pass" and "exports not stated" in rows.loc["FRO", "message"]
    )


def eu_sheet(include_gbr: bool, year: int):
    members = [
        "AUT",
        "BEL",
        "BGR",
        "CYP",
        "CZE",
        "DEU",
        "DNK",
        "ESP",
        "EST",
        "FIN",
        "FRA",
        "GRC",
        "HRV",
        "HUN",
        "IRL",
        "ITA",
        "LTU",
        "LUX",
        "LVA",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "SWE",
    ]
    rows = [("GBR", "country", "exports", 5.3, None, 40)]
    rows += [(code, "country", "exports", 1.1, None, 10 + i) for i, code in enumerate(members)]
    stated = round(1.1 * len(members) + (5.3 if include_gbr else 0.0), 1)
    rows.append(("EU", "aggregate", "exports", stated, None, 9))
    return table(rows, year=year)


def test_the_eu_row_is_checked_against_the_dated_member_list():
    rows = checks(eu_sheet(include_gbr=False, year=2021), "aggregate_vs_members")
    assert list(rows["status"]) == ["pass"]
    rows = checks(eu_sheet(include_gbr=True, year=2021), "aggregate_vs_members")
    assert list(rows["status"]) == ["warn"]
    assert "includes GBR" in rows["message"][0] and "2020-01-31" in rows["message"][0]
    rows = checks(eu_sheet(include_gbr=True, year=2019), "aggregate_vs_members")
    assert list(rows["status"]) == ["pass"]  # the UK was a member all of 2019


def test_an_aggregate_that_no_composition_explains_fails():
    records = table(
        [
            ("EAEU", "aggregate", "exports", 10.5, None, 8),
            ("RUS", "country", "exports", 5.1, None, 9),
            ("BLR", "country", "exports", 1.2, None, 10),
        ]
    )
    rows = checks(records, "aggregate_vs_members")
    assert list(rows["status"]) == ["fail"]
    rows = checks(records, "aggregate_vs_listed")
    assert list(rows["status"]) == ["fail"]


def test_an_aggregate_equals_the_countries_printed_under_it():
    records = table(
        [
            ("EAEU", "aggregate", "exports", 6.3, None, 8),
            ("RUS", "country", "exports", 5.1, None, 9),
            ("BLR", "country", "exports", 1.2, None, 10),
            ("NON_EAEU", "aggregate", "exports", 2.4, None, 11),
            ("UZB", "country", "exports", 2.4, None, 12),
        ]
    )
    rows = checks(records, "aggregate_vs_listed").set_index("partner")
    assert rows.loc["EAEU", "status"] == "pass" and rows.loc["NON_EAEU", "status"] == "pass"


def test_aggregates_split_into_stated_parts():
    parts = [
        ("CIS", "aggregate", "exports", 30.2, None, 7),
        ("OTHER", "aggregate", "exports", 70.3, None, 20),
    ]
    assert list(
        checks(table([("WLD", "world", "exports", 100.5, None, 6), *parts]), "aggregate_vs_parts")[
            "status"
        ]
    ) == ["pass"]
    assert list(
        checks(table([("WLD", "world", "exports", 99.5, None, 6), *parts]), "aggregate_vs_parts")[
            "status"
        ]
    ) == ["fail"]


def monthly(total_per_month, year=2020, flow="exports"):
    return [
        figure(
            source="bns_monthly",
            partner="WLD",
            partner_kind="world",
            flow=flow,
            freq="M",
            period_start=f"{year}-{m:02d}-01",
            period_end=f"{year}-{m:02d}-{28 if m == 2 else 30}",
            value=total_per_month,
            vintage="git-1",
            locator=f"row {m}",
        )
        for m in range(1, 13)
    ]


def test_twelve_months_add_up_to_the_annual_total():
    annual = table([("WLD", "world", "exports", 120.0, None, 6)])
    rows = checks(monthly(10.0) + annual, "monthly_vs_annual")
    assert list(rows["status"]) == ["pass"]
    rows = checks(monthly(10.5) + annual, "monthly_vs_annual")
    assert list(rows["status"]) == ["warn"]
    assert rows["difference"][0] == pytest.approx(-6000.0)


def test_a_revised_figure_between_vintages_is_reported():
    first = table([("CHN", "country", "exports", 9.42, None, 72)], vintage="2021-07-28")
    same = table([("CHN", "country", "exports", 9.42, None, 72)], vintage="2022-07-22")
    revised = table([("CHN", "country", "exports", 9.5, None, 72)], vintage="2022-07-22")
    assert list(checks(first + same, "vintage_revision")["status"]) == ["pass"]
    rows = checks(first + revised, "vintage_revision")
    assert list(rows["status"]) == ["warn"] and "revised from 9.42 to 9.5" in rows["message"][0]


def wits(
    measure,
    value,
    flow="imports",
    partner="CHN",
    classification="TOTAL",
    code="TOTAL",
    unit="USD",
    scale=1e3,
):
    return figure(
        source="wits",
        source_org="WITS",
        measure=measure,
        flow=flow,
        partner=partner,
        value=value,
        classification=classification,
        product_code=code,
        unit=unit,
        scale=scale,
        vintage="git-2",
        locator="row 1",
    )


def test_product_lines_far_short_of_the_national_total_are_flagged():
    national = table([("CHN", "country", "imports", 100.0, None, 72)])
    short = wits("product_lines_sum", 30.0, classification="HS4", code="LINES_SUM")
    full = wits("product_lines_sum", 99.0, classification="HS4", code="LINES_SUM")
    rows = checks(national + [short], "wits_vs_bns_total")
    assert list(rows["status"]) == ["warn"] and "incomplete_vintage" in rows["message"][0]
    flags = incomplete_vintage_flags(make_figures(national + [short]))
    assert list(flags.columns) == list(vocab.FLAG_COLUMNS)
    assert list(flags["flag"]) == ["incomplete_vintage"]
    assert flags["coverage"][0] == pytest.approx(0.3)
    assert incomplete_vintage_flags(make_figures(national + [full])).empty
    assert list(checks(national + [full], "wits_vs_bns_total")["status"]) == ["pass"]
    assert INCOMPLETE_COVERAGE_MIN == 0.9


def test_wits_totals_and_shares_against_bns():
    national = table([("CHN", "country", "imports", 100.0, 16.38, 72)])
    close = wits("trade_value", 100.0 * (1 + CROSS_SOURCE_TOLERANCE_REL / 2))
    far = wits("trade_value", 90.0)
    assert list(checks(national + [close], "wits_vs_bns_total")["status"]) == ["pass"]
    assert list(checks(national + [far], "wits_vs_bns_total")["status"]) == ["warn"]
    share_close = wits("partner_share", 16.38, unit="percent", scale=1.0)
    share_far = wits("partner_share", 16.9, unit="percent", scale=1.0)
    assert list(checks(national + [share_close], "wits_share_vs_bns_share")["status"]) == ["pass"]
    assert list(checks(national + [share_far], "wits_share_vs_bns_share")["status"]) == ["warn"]


def test_statements_against_tables_show_a_mirror_gap_never_a_fail():
    national = table(
        [
            ("CHN", "country", "turnover", 18.0e6, None, 72),
            ("CHN", "country", "imports", 8.2e6, None, 72),
        ],
        year=2021,
    )
    same_side = statement(
        "pm-2021",
        reporter="KAZ",
        partner="CHN",
        flow="turnover",
        value=18,
        scale=1e9,
        perspective="KAZ",
        period_start="2021-01-01",
        period_end="2021-12-31",
        source_tier="official_statement",
    )
    mirror = statement(
        "gacc-2021",
        reporter="CHN",
        partner="KAZ",
        flow="exports",
        value=13.98,
        scale=1e9,
        perspective="CHN",
        period_start="2021-01-01",
        period_end="2021-12-31",
    )
    rows = checks(national + [same_side, mirror], "statement_vs_table").set_index("flow")
    assert rows.loc["turnover", "status"] == "pass"
    assert rows.loc["exports", "status"] == "warn"
    assert "mirror gap" in rows.loc["exports", "message"]
    assert "% of the CHN figure" in rows.loc["exports", "message"]


# --- the real data ----------------------------------------------------------------------------
def test_real_bns_tables_hold_their_own_arithmetic(real_results):
    integrity = real_results.integrity
    own = integrity[
        integrity["check"].isin(
            [
                "countries_sum_vs_total",
                "share_vs_value",
                "turnover_vs_flows",
                "aggregate_vs_parts",
                "aggregate_vs_listed",
                "monthly_vs_annual",
            ]
        )
    ]
    assert len(own) > 1000
    assert set(own["status"]) == {"pass"}
    assert not (integrity["status"] == "fail").any()


def test_real_eu_rows_keep_the_united_kingdom_after_brexit(real_results):
    integrity = real_results.integrity
    eu = integrity[(integrity["check"] == "aggregate_vs_members") & (integrity["partner"] == "EU")]
    years = eu["period_start"].dt.year
    assert set(eu[years <= 2019]["status"]) == {"pass"}
    later = eu[years >= 2020]
    assert set(later["status"]) == {"warn"}
    assert later["message"].str.contains("includes GBR").all()


def test_real_cis_rows_include_turkmenistan_and_ukraine(real_results):
    integrity = real_results.integrity
    cis = integrity[
        (integrity["check"] == "aggregate_vs_members") & (integrity["partner"] == "CIS")
    ]
    assert set(cis["status"]) == {"warn"}
    assert cis["message"].str.contains("includes TKM, UKR").all()


def test_real_wits_hs4_sums_2020_to_2022_are_flagged_incomplete(real_results):
    flags = real_results.flags
    hs4 = flags[(flags["classification"] == "HS4") & (flags["partner"] == "CHN")]
    assert set(hs4["period_start"].dt.year) == {2020, 2021, 2022}
    assert (hs4["coverage"] < INCOMPLETE_COVERAGE_MIN).all()


def test_real_statements_against_tables(real_results):
    integrity = real_results.integrity.set_index("check_id")
    rows = integrity[integrity["check"] == "statement_vs_table"]
    smailov = rows[rows.index.str.contains("kz-2021-turnover-smailov:trade_value")]
    assert list(smailov["status"]) == ["pass"]
    gacc = rows[rows.index.str.contains("gacc-2021-")]
    assert len(gacc) >= 3 and set(gacc["status"]) == {"warn"}
    assert gacc["message"].str.contains("mirror gap").all()
