"""The notebooks' answers without a kernel: real figures in, sentences, tables and results out."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from tradeviz import schema as s
from tradeviz.notebook import claims as claim_answers
from tradeviz.notebook import growth, investment, mirror, profile, shares
from tradeviz.notebook import integrity as integrity_answers
from tradeviz.vocabulary import SOURCE_PREFERENCE

PERCENT = 100.0


def bns(figures, partner, flow, year, vintage):
    rows = figures.loc[
        (figures[s.SOURCE] == "bns_annual")
        & (figures[s.PARTNER] == partner)
        & (figures[s.FLOW] == flow)
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.PERIOD_START].dt.year == year)
        & (figures[s.VINTAGE] == vintage)
    ]
    assert len(rows) == 1
    return float(rows[s.VALUE_USD].iloc[0])


def latest_share(figures, partner, flow, year):
    """The share of ``year`` from the latest BNS vintage that states it (part ÷ world total)."""
    rows = figures.loc[
        (figures[s.SOURCE] == "bns_annual")
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.FLOW] == flow)
        & (figures[s.PERIOD_START].dt.year == year)
    ]
    vintage = rows[s.VINTAGE].max()
    return vintage, PERCENT * bns(figures, partner, flow, year, vintage) / bns(
        figures, "WLD", flow, year, vintage
    )


def test_shares_are_each_years_latest_as_the_chart_draws_them(figures):
    from tradeviz.charts import shares as shares_chart

    section = shares.partner_shares(figures, "KAZ", "CHN", 2021, "imports")
    imports = section.results["imports"]
    vintage, share = latest_share(figures, "CHN", "imports", 2021)
    assert imports["vintage"] == vintage
    assert imports["share_pct"] == pytest.approx(share)
    _, previous = latest_share(figures, "CHN", "imports", 2020)
    assert imports["previous_share_pct"] == pytest.approx(previous)
    # the chart of the same report draws the same two shares
    drawn = shares_chart.data(figures, partner="CHN", document=None).marks
    drawn = drawn[(drawn["source"] == "bns_annual") & (drawn["flow"] == "imports")]
    by_year = dict(zip(drawn["year"], drawn["share_pct"], strict=True))
    assert by_year[2021] == imports["share_pct"] and by_year[2020] == imports["previous_share_pct"]
    # the headline flow is told first; both flows are in the table
    assert section.sentences[0].startswith("China supplied")
    assert list(section.table.index) == ["imports", "exports"]
    assert set(section.data["figure_id"]) >= set(imports["figure_ids"])
    json.dumps(section.results)  # JSON-ready for tradeviz.results.record


def test_first_year_of_a_source_has_no_comparison(figures):
    # BNS tables start with 2018 (the 2019 workbook's previous-year sheet): no 2017 in them
    section = shares.partner_shares(figures, "KAZ", "CHN", 2018, "exports")
    assert section.results["exports"]["previous_share_pct"] is None
    assert "from" not in section.sentences[0]


def test_missing_monthly_figures_are_unverifiable_never_estimated(figures):
    section = growth.ytd_growth(figures, "KAZ", "CHN", 2021, 4)
    assert section.results["pair"] is None
    assert section.sentences[0].endswith("unverifiable.")
    # the quoted January-April figure is listed, marked as quoted
    assert [row["statement"] for row in section.results["stated"]] == [
        "saltybayev-2021m01-04-turnover"
    ]
    assert section.table.loc["saltybayev-2021m01-04-turnover", "stated growth (%)"] == 10.0


def test_annual_table_uses_one_source_per_year_and_cagr_within_one_source(figures):
    section = profile.annual_table(figures, "KAZ", "CHN", 2015, 2022)
    sources = {row["year"]: row["source"] for row in section.results["years"]}
    # Before the national tables start, the first UN Comtrade extract in the order of preference
    # (both give the same values for these years).
    comtrade_first = next(s for s in SOURCE_PREFERENCE if s in {"wits", "comtrade"})
    assert sources == {
        **dict.fromkeys(range(2015, 2018), comtrade_first),
        **dict.fromkeys(range(2018, 2023), "bns_annual"),
    }
    for row in section.results["years"]:
        assert row["turnover_usd"] == pytest.approx(
            row["exports_usd"] + row["imports_usd"], rel=1e-6
        )
        assert row["balance_usd"] == pytest.approx(row["exports_usd"] - row["imports_usd"])
    growth = section.results["cagr"]["exports"]
    assert growth["source"] in {comtrade_first, "bns_annual"}
    assert len(set(growth["sources"])) == 1
    # No endpoint is a total that falls far short of BNS's for the same year (the reporters'
    # Comtrade declarations of 2020-2022 lack whole HS chapters).
    for flow, found in section.results["cagr"].items():
        for figure_id in found["figure_ids"]:
            row = figures.loc[figures[s.FIGURE_ID] == figure_id].iloc[0]
            year = row[s.PERIOD_START].year
            if row[s.SOURCE] != "bns_annual" and year in range(2018, 2023):
                assert row[s.VALUE_USD] >= 0.9 * bns(
                    figures, "CHN", flow, year, latest_share(figures, "CHN", flow, year)[0]
                )


def test_mirror_comparison_names_both_denominators(figures):
    section = mirror.mirror_comparison(figures, "KAZ", "CHN", 2021, 2021)
    pair = next(p for p in section.results["pairs"] if p["flow"] == "imports")
    gap = pair["reporter_usd"] - pair["partner_usd"]
    assert pair["pct_of_reporter"] == pytest.approx(PERCENT * gap / pair["reporter_usd"])
    assert pair["pct_of_partner"] == pytest.approx(PERCENT * gap / pair["partner_usd"])
    sentence = next(text for text in section.sentences if "imports from China" in text)
    assert "of China's figure or" in sentence and "of Kazakhstan's." in sentence


def test_investment_figures_are_quoted_and_not_verifiable(figures):
    section = investment.investment_statements(figures, "CHN", "KAZ", 2022, 2023)
    assert section.results["official_tables"] == 0
    assert section.results["verifiable"] is False
    assert {r["measure"] for r in section.results["statements"]} <= {
        "fdi_gross_inflow",
        "fdi_cumulative",
    }
    periods = {r["statement"]: r["period"] for r in section.results["statements"]}
    assert "fdi-2022-gross-inflow-chn-aidarov" in periods
    assert "fdi-cum-2005-2017-altynorda" not in periods  # ends before the span


def test_claim_verdicts_count_every_claim_and_show_chosen_perspectives(figures):
    from tradeviz.checks import load_claims

    claims = load_claims("neo-2021-07-20")
    section, verdicts = claim_answers.claim_verdicts(
        figures, "neo-2021-07-20", ["KAZ"], claims=claims
    )
    assert sum(section.results["counts"].values()) == len(claims) == len(verdicts)
    assert [c for c in section.table.columns if c.endswith(" figure")] == ["KAZ figure"]
    inconsistent = [t for t in section.sentences if t.startswith("Inconsistent:")]
    assert len(inconsistent) == section.results["counts"]["inconsistent"]


def test_integrity_summary_counts_and_filters():
    integrity = pd.DataFrame(
        {
            "check_id": ["a", "b", "c", "d"],
            "check": ["share_vs_value", "share_vs_value", "wits_vs_bns_total", "wits_vs_bns_total"],
            "source": ["bns_annual", "bns_annual", "wits", "wits"],
            "vintage": ["v1", "v1", "v2", "v2"],
            "period_start": pd.to_datetime(["2020-01-01"] * 4),
            "flow": ["exports"] * 4,
            "partner": ["CHN"] * 4,
            "status": ["pass", "fail", "warn", "pass"],
            "message": ["ok", "share <b>off</b>", "WITS $1 vs BNS $2", "ok"],
        }
    )
    every = integrity_answers.integrity_summary(pd.DataFrame(), "all", integrity=integrity)
    assert every.results["counts"] == {"fail": 1, "warn": 1, "pass": 2}
    assert list(every.details["status"]) == ["fail", "warn"]  # worst first
    wits = integrity_answers.integrity_summary(pd.DataFrame(), "wits", integrity=integrity)
    assert wits.results["checks"] == 2
    assert [f["check_id"] for f in wits.results["findings"]] == ["c"]
    none = integrity_answers.integrity_summary(pd.DataFrame(), "bns_monthly", integrity=integrity)
    assert none.sentences == ("No integrity check concerns source bns_monthly.",)
    assert none.table is None and none.details is None


def test_section_results_have_no_nan(figures):
    section = growth.annual_growth(figures, "KAZ", "RUS", 2018)  # 2017 is not in BNS tables
    turnover = section.results["turnover"]
    assert turnover["growth_pct"] is None  # missing, not NaN and not estimated
    assert not any(isinstance(v, float) and math.isnan(v) for v in turnover.values())
    assert "rose" not in section.sentences[0] and "fell" not in section.sentences[0]
