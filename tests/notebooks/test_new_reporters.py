"""The neighbours' own tables in the notebooks: Uzbekistan's shares, Kyrgyzstan's profile."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tradeviz.notebook import domain, mirror, profile, shares
from tradeviz.parameters import ParameterError, check_parameters

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
#: The code stat.uz gives the row «Другие страны» (trade it does not allocate to a country).
UNALLOCATED_CODE = "0"
UZSTAT_FILES = {"exports": "1105", "imports": "1176"}


def uzstat_cells(flow: str, year: int) -> dict[str, float]:
    """Read stat.uz's table cell by cell: English partner name -> thousand USD (allocated rows)."""
    (path,) = (RAW / "uzstat").glob(f"uzstat_sdmx_{UZSTAT_FILES[flow]}_*.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["Klassifikator_en"]: float(row[str(year)])
        for row in rows
        if row["Code"].strip() != UNALLOCATED_CODE and row[str(year)].strip()
    }


@pytest.mark.parametrize("flow", ["exports", "imports"])
def test_uzbek_share_has_a_computed_denominator_said_everywhere(figures, flow):
    cells = uzstat_cells(flow, 2021)
    section = shares.partner_shares(figures, "UZB", "CHN", 2021, flow)
    result = section.results[flow]
    assert result["share_pct"] == pytest.approx(100 * cells["China"] / sum(cells.values()))
    assert result["denominator_kind"] == "computed"
    assert f"the sum of the {len(cells)} partner countries" in result["denominator"]
    assert "computed" in result["formula"] and "never a stated total" in " ".join(result["notes"])
    assert any("never a stated total" in sentence for sentence in section.sentences)
    column = "sum of listed partners, computed (USD m)"
    assert section.table.loc[flow, column] == pytest.approx(sum(cells.values()) / 1000)
    assert "world total (USD m)" not in section.table.columns


def test_kazakh_share_keeps_the_stated_world_total(figures):
    section = shares.partner_shares(figures, "KAZ", "CHN", 2021, "exports")
    assert section.results["exports"]["denominator_kind"] == "stated"
    assert "world total (USD m)" in section.table.columns


def test_parameters_accept_the_neighbours_from_the_data(figures):
    reporters = domain.trade_reporters(figures)
    assert {"KAZ", "UZB", "KGZ"} <= set(reporters)
    # a reporter known only by its declared trade with China lists one partner: refused
    assert "USA" not in reporters
    check_parameters(figures, reporter="UZB", partner="CHN", year=2021, flow="exports")
    check_parameters(figures, reporter="KGZ", partner="CHN", start_year=2010, end_year=2022)
    with pytest.raises(ParameterError, match="reporter"):
        check_parameters(figures, reporter="USA", partner="CHN", year=2021)


def test_kyrgyz_profile_from_its_own_tables(figures):
    section = profile.annual_table(figures, "KGZ", "CHN", 2015, 2022)
    years = section.results["years"]
    assert {row["source"] for row in years} == {"kgnsc"}
    kgnsc = figures[(figures["source"] == "kgnsc") & (figures["partner"] == "CHN")]
    for row in years:
        stated = kgnsc[kgnsc["period_start"].dt.year == row["year"]]
        latest = stated[stated["vintage"] == stated["vintage"].max()]
        for flow in ("exports", "imports"):
            value = latest.loc[latest["flow"] == flow, "value_usd"]
            assert row[f"{flow}_usd"] == pytest.approx(float(value.iloc[0]))


def test_mirror_with_russia_sums_its_months(figures):
    section = mirror.mirror_comparison(figures, "KAZ", "RUS", 2020, 2020)
    pair = next(p for p in section.results["pairs"] if p["flow"] == "exports")
    months = figures[
        (figures["source"] == "rus_fts")
        & (figures["partner"] == "KAZ")
        & (figures["flow"] == "imports")
        & (figures["period_start"].dt.year == 2020)
    ]
    assert len(months) == 12
    assert pair["partner_usd"] == pytest.approx(float((months["value"] * months["scale"]).sum()))
    gap = pair["reporter_usd"] - pair["partner_usd"]
    assert pair["pct_of_reporter"] == pytest.approx(100 * gap / pair["reporter_usd"])
    assert pair["pct_of_partner"] == pytest.approx(100 * gap / pair["partner_usd"])


def wiiw_cells(direction: str) -> dict[int, float]:
    """Read wiiw's table cell by cell: China's row of ``direction`` in EUR m, by year."""
    (path,) = (RAW / "wiiw").glob("*.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Partner"] == "China" and row["Direction"] == direction:
                if row["Unit"] == "EUR m":
                    return {int(k[1:]): float(v) for k, v in row.items() if k.startswith("_")}
    raise AssertionError(f"no China row of {direction}")


def test_net_fdi_stays_in_euros_and_is_not_gross(figures):
    from tradeviz.notebook import investment

    section = investment.investment_statements(figures, "CHN", "KAZ", 2005, 2021)
    net = section.results["net_fdi"]
    inflow, stock = wiiw_cells("FDI inflow"), wiiw_cells("FDI inward stock")
    assert net["unit"] == "EUR"
    assert [row["year"] for row in net["years"]] == list(range(2005, 2022))
    for row in net["years"]:
        assert row["net_inflow_eur"] == pytest.approx(inflow[row["year"]] * 1e6)
        assert row["stock_eur"] == pytest.approx(stock[row["year"]] * 1e6)
    assert any(v["net_inflow_eur"] < 0 for v in net["years"])  # net flows can be negative
    text = section.text
    assert "not the gross inflows officials quote" in text and "no exchange rate" in text
    # the quoted gross figures stay unverifiable: a net flow in euros cannot check them
    assert section.results["verifiable"] is False
