"""The new sources in the integrity checks: mirror pairs against BNS, tables against own totals."""

from __future__ import annotations

import pytest

from tradeviz.checks.cross_source import check_mirror_pairs
from tradeviz.query.annual import annual_sums

from .conftest import figure, make_figures


def latest_bns(figures, partner, flow, year):
    rows = figures[
        (figures["source"] == "bns_annual")
        & (figures["partner"] == partner)
        & (figures["flow"] == flow)
        & (figures["measure"] == "trade_value")
        & (figures["period_start"].dt.year == year)
    ]
    return float(rows.sort_values("vintage")["value_usd"].iloc[-1])


def russia_months(figures, flow, year):
    rows = figures[
        (figures["source"] == "rus_fts")
        & (figures["reporter"] == "RUS")
        & (figures["partner"] == "KAZ")
        & (figures["flow"] == flow)
        & (figures["period_start"].dt.year == year)
    ]
    return rows


@pytest.fixture(scope="module")
def real_mirror_pairs(real_results):
    """The mirror-pair rows of the real figures' integrity checks (the session's, read only)."""
    integrity = real_results.integrity
    return integrity[integrity["check"] == "mirror_pair"].to_dict("records")


def test_real_russia_summed_months_against_bns(figures, real_mirror_pairs):
    rows = {row["check_id"]: row for row in real_mirror_pairs}
    found = [r for r in rows.values() if r["partner"] == "RUS"]
    assert found
    for row in found:
        year = row["period_start"].year
        kaz_flow = row["flow"]
        russia_flow = {"exports": "imports", "imports": "exports"}[kaz_flow]
        months = russia_months(figures, russia_flow, year)
        assert months["period_start"].dt.month.nunique() == 12
        russia = sum(months["value"] * months["scale"])  # the twelve printed cells × their scale
        kazakhstan = latest_bns(figures, "RUS", kaz_flow, year)
        importer, exporter = (russia, kazakhstan) if kaz_flow == "exports" else (kazakhstan, russia)
        assert row["value"] == pytest.approx(importer)
        assert row["expected"] == pytest.approx(exporter)
        gap = exporter - importer
        assert f"{100 * gap / exporter:.1f} % of" in row["message"]
        assert f"{100 * gap / importer:.1f} % of" in row["message"]


def test_real_pairs_are_the_neighbours_never_china(figures, real_mirror_pairs):
    rows = real_mirror_pairs
    # counts what is present: another neighbour's table adds pairs, never China
    assert {row["partner"] for row in rows} >= {"UZB", "KGZ", "RUS"}
    assert "CHN" not in {row["partner"] for row in rows}
    assert {row["source"] for row in rows} >= {"uzstat", "kgnsc", "rus_fts"}
    assert not {row["source"] for row in rows} & {"comtrade", "wits", "statements"}
    uzbek = next(
        r
        for r in rows
        if r["partner"] == "UZB" and r["flow"] == "exports" and r["period_start"].year == 2021
    )
    uzstat = figures[
        (figures["source"] == "uzstat")
        & (figures["partner"] == "KAZ")
        & (figures["flow"] == "imports")
        & (figures["period_start"].dt.year == 2021)
    ]
    assert uzbek["value"] == pytest.approx(float(uzstat["value_usd"].iloc[0]))
    assert uzbek["expected"] == pytest.approx(latest_bns(figures, "UZB", "exports", 2021))


def test_only_full_years_are_summed():
    months = [
        figure(
            reporter="RUS",
            partner="KAZ",
            perspective="RUS",
            source="rus_fts",
            freq="M",
            scale=1e6,
            value=float(month),
            period_start=f"{year}-{month:02d}-01",
            period_end=f"{year}-{month:02d}-28",
            vintage="git-1",
        )
        for year in (2020, 2021)
        for month in range(1, 13)
        if (year, month) != (2021, 7)
    ]
    summed = annual_sums(make_figures(months))
    assert summed["period_start"].dt.year.tolist() == [2020]
    assert summed["value_usd"].iloc[0] == pytest.approx(sum(range(1, 13)) * 1e6)
    assert len(summed["figure_id"].iloc[0].split(" + ")) == 12


# --- the other tables against their own totals -------------------------------------------------
def test_real_other_tables_add_up_to_their_stated_totals(figures, real_results):
    from tradeviz.checks.source_totals import UNALLOCATED_CODES

    # the session's integrity checks of the real figures: every listed_vs_total row is one
    # ``check_other_tables`` wrote
    integrity = real_results.integrity
    rows = integrity[integrity["check"] == "listed_vs_total"].to_dict("records")
    assert {r["source"] for r in rows} >= {"eri", "kgnsc"}
    assert "uzstat" not in {r["source"] for r in rows}  # no world total to check against
    assert "rus_fts" not in {r["source"] for r in rows}  # no totals at all
    # each table's world row and the sum of its parts, by one grouping of the trade values
    # (not a selection per row)
    table_key = ["source", "vintage", "period_start", "period_end", "flow"]
    values = figures[figures["measure"] == "trade_value"]
    is_part = (values["partner_kind"] == "country") | values["partner"].isin(UNALLOCATED_CODES)
    parts = values[is_part].groupby(table_key)["value_usd"].sum()
    world = values[values["partner"] == "WLD"].groupby(table_key)["value_usd"].first()
    for row in rows:
        key = tuple(row[k] for k in table_key)
        assert row["value"] == pytest.approx(float(world.loc[key]))
        assert row["expected"] == pytest.approx(float(parts.loc[key]))
    # ERI's Jan-Apr 2023 export table prints «Остальные страны»: it adds up within rounding
    eri = [
        r
        for r in rows
        if r["source"] == "eri"
        and r["flow"] == "exports"
        and str(r["period_end"].date()) == "2023-04-30"
    ]
    assert eri and all(r["status"] == "pass" for r in eri)


def test_another_neighbours_table_is_checked_without_code_change(figures):
    """A table of a reporter the code never named (made-up figures) joins every check."""
    import pandas as pd

    from tradeviz.checks.source_totals import check_other_tables

    records = [
        figure(
            reporter="TJK",
            perspective="TJK",
            partner=partner,
            partner_kind=kind,
            flow=flow,
            value=value,
            source="tj_stat",
            source_org="TJ_STAT",
            vintage="2024-01-01",
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            locator=f"sheet T, row {row}",
        )
        for year in (2020, 2021)
        for flow in ("exports", "imports")
        for row, (partner, kind, value) in enumerate(
            [("WLD", "world", 1000.0), ("KAZ", "country", 600.0), ("CHN", "country", 400.0)]
        )
    ]
    # the real rows about Tajikistan (Kazakhstan's side of the pair) and the new table
    about_tajikistan = figures[(figures["partner"] == "TJK") | (figures["reporter"] == "TJK")]
    extended = pd.concat([about_tajikistan, make_figures(records)], ignore_index=True)
    own = [r for r in check_other_tables(extended) if r["source"] == "tj_stat"]
    assert len(own) == 4 and {r["status"] for r in own} == {"pass"}  # 600 + 400 = 1000
    pairs = [r for r in check_mirror_pairs(extended) if r["partner"] == "TJK"]
    assert {r["period_start"].year for r in pairs} == {2020, 2021} & {
        y for y in figures.loc[figures["partner"] == "TJK", "period_start"].dt.year
    }
    for row in pairs:  # Tajikistan's figure, in thousand USD as the synthetic table says
        assert row["value" if row["flow"] == "exports" else "expected"] == pytest.approx(600e3)
