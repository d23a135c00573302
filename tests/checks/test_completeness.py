"""Incomplete totals: flagged against the national table, never used as totals, always said why."""

from __future__ import annotations

import openpyxl
import pytest

from tradeviz import query
from tradeviz.checks.integrity import incomplete_vintage_flags, run_integrity_checks
from tradeviz.indicators import cagr
from tradeviz.query.completeness import incomplete_totals, total_coverage
from tradeviz.vocabulary import INCOMPLETE_COVERAGE_MIN

from .conftest import PROJECT_ROOT, figure, make_figures

COMTRADE_DIR = PROJECT_ROOT / "data" / "raw" / "comtrade"
COMTRADE_FLOWS = {"M": "imports", "X": "exports"}


def comtrade_cells(reporter_name: str) -> dict[tuple[str, int], float]:
    """Read the reporters' Comtrade workbooks cell by cell: (flow, year) -> US dollars."""
    found = {}
    for path in sorted(COMTRADE_DIR.glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows))
        at = {name: header.index(name) for name in ("refYear", "flowCode", "reporterDesc")}
        value_at = header.index("partner_sum")
        for row in rows:
            if row[at["reporterDesc"]] == reporter_name:
                flow = COMTRADE_FLOWS[row[at["flowCode"]]]
                found[(flow, int(row[at["refYear"]]))] = float(row[value_at])
    return found


def latest_bns(figures, flow, year):
    rows = figures[
        (figures["source"] == "bns_annual")
        & (figures["partner"] == "CHN")
        & (figures["flow"] == flow)
        & (figures["measure"] == "trade_value")
        & (figures["period_start"].dt.year == year)
    ]
    return float(rows.sort_values("vintage")["value_usd"].iloc[-1])


# --- small tables -------------------------------------------------------------------------------
def two_sources(comtrade_value: float):
    """BNS states 100 (thousand USD) for 2019-2020; Comtrade states ``comtrade_value`` for 2020."""
    records = [
        figure(value=100.0, flow=flow, period_start=f"{year}-01-01", period_end=f"{year}-12-31")
        for flow in ("exports", "imports")
        for year in (2019, 2020)
    ]
    records += [
        figure(
            value=value,
            flow=flow,
            scale=1.0,
            source="comtrade",
            source_org="UN_COMTRADE",
            vintage="git-1",
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            locator=f"sheet Sheet1, row {year}",
        )
        for flow in ("exports", "imports")
        for year, value in ((2018, 90_000.0), (2019, 100_000.0), (2020, comtrade_value))
    ]
    return make_figures(records)


def test_a_total_far_short_of_the_national_one_is_flagged_and_one_close_is_not():
    short = incomplete_vintage_flags(two_sources(50_000.0))
    assert set(short["source"]) == {"comtrade"}
    assert set(short["period_start"].dt.year) == {2020}
    assert short["coverage"].tolist() == [0.5, 0.5]
    close = two_sources(0.95 * 100_000.0)
    assert incomplete_vintage_flags(close).empty
    integrity = run_integrity_checks(close)
    rows = integrity[integrity["check"] == "total_vs_national"]
    # 2019 equal (pass), 2020 5 % short: beyond the cross-source tolerance (warn), not flagged
    assert rows.set_index(rows["period_start"].dt.year)["status"].to_dict() == {
        2019: "pass",
        2020: "warn",
    }


def test_the_query_layer_skips_a_flagged_total_and_says_why():
    figures = two_sources(50_000.0)
    skipped: list[str] = []
    rows = query.trade_totals(figures, "KAZ", "CHN", source="comtrade", skipped=skipped)
    assert sorted(rows["year"].unique()) == [2018, 2019]  # 2018: no BNS table to compare with
    assert len(skipped) == 2 and all("50.0 % of bns_annual" in why for why in skipped)
    with pytest.raises(query.NoFigureError, match="incomplete_vintage, never used as a total"):
        cagr(figures, "KAZ", "CHN", 2018, 2020, "exports", source="comtrade")
    # a turnover summed from a flagged flow is no total either
    with pytest.raises(query.NoFigureError, match="skipped"):
        cagr(figures, "KAZ", "CHN", 2018, 2020, "turnover", source="comtrade")
    complete = cagr(figures, "KAZ", "CHN", 2018, 2019, "exports", source="comtrade")
    assert complete.value == pytest.approx(100 * (100_000 / 90_000 - 1))


def test_a_note_names_the_skipped_figure_only_when_it_would_have_been_used():
    figures = two_sources(50_000.0).query("source != 'bns_annual' or period_start.dt.year == 2020")
    # BNS states only 2020 here: the 2019-2020 growth can come from Comtrade alone, and
    # Comtrade's 2020 is flagged against BNS's -> no single source
    with pytest.raises(query.SelectionError, match="skipped: comtrade KAZ exports"):
        cagr(figures, "KAZ", "CHN", 2019, 2020, "exports")
    # a BNS-only selection mentions nothing skipped from a source ranked after it
    chosen = query.select(figures, [query.trade_slot("KAZ", "CHN", "exports", 2020)])
    assert chosen.source == "bns_annual"
    assert not any("skipped" in note for note in chosen.notes)


# --- the real data ------------------------------------------------------------------------------
def test_real_comtrade_kazakhstan_2020_to_2022_flagged_against_bns(figures):
    cells = comtrade_cells("Kazakhstan")
    flags = incomplete_vintage_flags(figures)
    comtrade = flags[(flags["source"] == "comtrade") & (flags["reporter"] == "KAZ")]
    flagged = {(row.flow, row.period_start.year): row.coverage for row in comtrade.itertuples()}
    assert set(flagged) == {(f, y) for f in ("exports", "imports") for y in (2020, 2021, 2022)}
    for (flow, year), coverage in flagged.items():
        assert coverage == pytest.approx(cells[(flow, year)] / latest_bns(figures, flow, year))
        assert coverage < INCOMPLETE_COVERAGE_MIN
    # 2018-2019: the declarations equal BNS's totals; never flagged
    for flow in ("exports", "imports"):
        for year in (2018, 2019):
            assert cells[(flow, year)] >= INCOMPLETE_COVERAGE_MIN * latest_bns(figures, flow, year)


def test_real_kazakhstan_china_totals_never_come_from_a_flagged_figure(figures):
    flagged = set(incomplete_totals(figures)["figure_id"])
    assert flagged  # the Comtrade declarations of 2020-2022 at least
    rows = query.trade_totals(figures, "KAZ", "CHN", vintage="all")
    used = {part for text in rows["figure_id"] for part in text.split(" + ")}
    assert not used & flagged
    # 2015-2022: no single source states both years once Comtrade's 2022 is skipped
    for flow in ("exports", "imports"):
        with pytest.raises(query.SelectionError, match=f"skipped: comtrade KAZ {flow} .CHN, 2022"):
            cagr(figures, "KAZ", "CHN", 2015, 2022, flow, vintage="latest-each")


def test_real_coverage_counts_every_comparable_total(figures):
    """Counts what is present: every non-national annual total of a reporter with a table."""
    coverage = total_coverage(figures)
    assert len(coverage) == coverage["figure_id"].nunique()
    assert (coverage["national_source"] != coverage["source"]).all()
    recomputed = coverage["value_usd"] / coverage["national_usd"]
    assert recomputed.tolist() == pytest.approx(coverage["coverage"].tolist())
