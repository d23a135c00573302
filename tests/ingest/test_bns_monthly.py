"""BNS monthly totals: real values, and months that add up to the latest annual workbook."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

MONTHLY_CSV = "data/raw/bns/bns_monthly_trade_totals_2019_2022.csv"
LATEST_VINTAGE = {2019: "2021-07-28", 2020: "2022-07-22", 2021: "2023-07-28", 2022: "2023-07-28"}
#: The 2019 and 2020 world totals are printed to 0.1 thousand USD; the 2019 months add up to
#: 0.078 above the printed exports total.
ROUNDING_THOUSAND_USD = 0.1


@pytest.fixture(scope="module")
def monthly(figures):
    return figures[figures.source == "bns_monthly"]


def test_first_month(monthly, project_root):
    january = monthly[(monthly.period_start == pd.Timestamp("2019-01-01"))].set_index("flow")
    with (project_root / MONTHLY_CSV).open(encoding="utf-8", newline="") as handle:
        raw = next(row for row in csv.DictReader(handle) if row["month"] == "2019-01-01")
    for flow in ("exports", "imports", "turnover"):
        assert january.loc[flow, "value"] == float(raw[f"{flow}_thousand_usd"])
    assert january.loc["exports", "period_end"] == pd.Timestamp("2019-01-31")
    assert set(january.freq) == {"M"} and set(january.partner) == {"WLD"}
    assert set(january.vintage) == {"git-793f9b92"}
    assert len(monthly) == 48 * 3


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022])
@pytest.mark.parametrize("flow", ["exports", "imports", "turnover"])
def test_twelve_months_add_up_to_the_latest_annual_total(figures, monthly, year, flow):
    months = monthly[(monthly.period_start.dt.year == year) & (monthly.flow == flow)]
    assert len(months) == 12
    annual = figures[
        (figures.source == "bns_annual")
        & (figures.partner == "WLD")
        & (figures.measure == "trade_value")
        & (figures.flow == flow)
        & (figures.vintage == LATEST_VINTAGE[year])
        & (figures.period_start.dt.year == year)
    ].value
    assert len(annual) == 1
    assert months.value.sum() == pytest.approx(annual.iloc[0], abs=ROUNDING_THOUSAND_USD)
