"""Every notebook executed with papermill, with its defaults and another parameter set.

The tests assert on what the notebooks record (``results.json`` through
:func:`tradeviz.results.record`), recomputing each number from the ``figures`` fixture (the
table built from ``data/raw/``) rather than trusting a stored value. Bad parameters must stop the
notebook at its check cell with one line naming the parameter and the valid choices.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest
import yaml

from tradeviz import schema as s
from tradeviz.results import RUN_DIR_ENV, load_results

pytestmark = pytest.mark.slow

#: Seconds allowed per cell and for a kernel to start on a busy 2-core machine.
CELL_TIMEOUT = 300
START_TIMEOUT = 120
PERCENT = 100.0


@pytest.fixture()
def run(project_copy, tmp_path, monkeypatch):
    """Execute a notebook of the project copy in-process; return (results, executed notebook)."""
    monkeypatch.setenv("TRADEVIZ_ROOT", str(project_copy))
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def execute(name: str, **parameters):
        run_dir = tmp_path / f"{name}-{len(list(tmp_path.iterdir()))}"
        run_dir.mkdir()
        monkeypatch.setenv(RUN_DIR_ENV, str(run_dir))
        output = run_dir / "report.ipynb"
        pm.execute_notebook(
            str(project_copy / "notebooks" / f"{name}.ipynb"),
            str(output),
            parameters={"output_dir": str(run_dir / "figures"), **parameters},
            cwd=str(run_dir),
            kernel_name="python3",
            progress_bar=False,
            start_timeout=START_TIMEOUT,
            execution_timeout=CELL_TIMEOUT,
        )
        return load_results(run_dir), nbformat.read(output, as_version=4), run_dir

    return execute


# --- what the tests recompute from the figures table --------------------------------------------


def annual(figures, *, source, reporter, partner, flow, year, vintage=None, measure="trade_value"):
    rows = figures.loc[
        (figures[s.SOURCE] == source)
        & (figures[s.REPORTER] == reporter)
        & (figures[s.PARTNER] == partner)
        & (figures[s.FLOW] == flow)
        & (figures[s.MEASURE] == measure)
        & (figures[s.FREQ] == "A")
        & (figures[s.PRODUCT_CODE] == s.TOTAL_CODE)
        & (figures[s.PERSPECTIVE] == reporter)
        & (figures[s.PERIOD_START].dt.year == year)
    ]
    if vintage is None:
        vintage = rows[s.VINTAGE].max()
    rows = rows.loc[rows[s.VINTAGE] == vintage]
    assert len(rows) == 1, rows[s.FIGURE_ID].tolist()
    return rows.iloc[0]


def chart_files(run_dir: Path) -> set[str]:
    return {path.name for path in (run_dir / "figures").iterdir()}


def outputs_text(nb) -> str:
    return "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


# --- trade_shares ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "expected_rank_flow"),
    [({}, "exports"), ({"partner": "RUS", "year": 2021, "flow": "imports", "top_n": 5}, "imports")],
    ids=["defaults", "RUS-2021-imports"],
)
def test_trade_shares(run, figures, parameters, expected_rank_flow):
    results, nb, run_dir = run("trade_shares", **parameters)
    partner, year = parameters.get("partner", "CHN"), parameters.get("year", 2020)
    assert results["parameters"]["partner"] == partner
    for flow in ("exports", "imports"):
        share = results["shares"][flow]
        part = annual(
            figures,
            source="bns_annual",
            reporter="KAZ",
            partner=partner,
            flow=flow,
            year=year,
            vintage=share["vintage"],
        )
        world = annual(
            figures,
            source="bns_annual",
            reporter="KAZ",
            partner="WLD",
            flow=flow,
            year=year,
            vintage=share["vintage"],
        )
        assert share["share_pct"] == pytest.approx(PERCENT * part[s.VALUE] / world[s.VALUE])
        assert set(share["figure_ids"]) == {part[s.FIGURE_ID], world[s.FIGURE_ID]}
        # the share is the year's latest vintage, the year before its own latest (as the chart)
        latest = annual(
            figures, source="bns_annual", reporter="KAZ", partner=partner, flow=flow, year=year
        )
        assert share["vintage"] == latest[s.VINTAGE]
        previous = annual(
            figures, source="bns_annual", reporter="KAZ", partner=partner, flow=flow, year=year - 1
        )
        previous_world = annual(
            figures, source="bns_annual", reporter="KAZ", partner="WLD", flow=flow, year=year - 1
        )
        assert previous[s.VINTAGE] == previous_world[s.VINTAGE]
        assert share["previous_share_pct"] == pytest.approx(
            PERCENT * previous[s.VALUE] / previous_world[s.VALUE]
        )
    # the rank, recomputed: countries whose value is larger, in the latest vintage stating the year
    ranking = results["ranking"]
    rows = figures.loc[
        (figures[s.SOURCE] == "bns_annual")
        & (figures[s.REPORTER] == "KAZ")
        & (figures[s.PARTNER_KIND] == "country")
        & (figures[s.FLOW] == expected_rank_flow)
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.PERIOD_START].dt.year == year)
    ]
    rows = rows.loc[rows[s.VINTAGE] == rows[s.VINTAGE].max()]
    mine = rows.loc[rows[s.PARTNER] == partner, s.VALUE].iloc[0]
    assert ranking["rank"] == 1 + int((rows[s.VALUE] > mine).sum())
    assert len(ranking["top"]) == parameters.get("top_n", 10)
    assert chart_files(run_dir) == {
        "top_partners.png",
        "top_partners.html",
        "partner_shares.png",
        "partner_shares.html",
    }


def test_trade_shares_default_sentence_is_generated_from_the_numbers(run, figures):
    _, nb, _ = run("trade_shares")
    text = outputs_text(nb)
    # the sentence's numbers recomputed from the figures (latest vintage of each year)
    shares, vintages = {}, {}
    for year in (2019, 2020):
        part, world = (
            annual(
                figures, source="bns_annual", reporter="KAZ", partner=p, flow="exports", year=year
            )
            for p in ("CHN", "WLD")
        )
        assert part[s.VINTAGE] == world[s.VINTAGE]
        shares[year] = PERCENT * part[s.VALUE] / world[s.VALUE]
        vintages[year] = part[s.VINTAGE]
    assert shares[2020] > shares[2019]
    assert (
        f"China took {shares[2020]:.1f} % of Kazakhstan's exports in 2020 by Kazakhstan's "
        f"statistics (BNS, {vintages[2020]} vintage), up from {shares[2019]:.1f} % in 2019." in text
    )


# --- turnover_growth ------------------------------------------------------------------------------


def test_turnover_growth_defaults(run, figures):
    results, nb, run_dir = run("turnover_growth")
    turnover = results["annual"]["turnover"]
    vintage = turnover["vintages"][0]
    now = annual(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner="CHN",
        flow="turnover",
        year=2021,
        vintage=vintage,
    )
    before = annual(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner="CHN",
        flow="turnover",
        year=2020,
        vintage=vintage,
    )
    assert turnover["growth_pct"] == pytest.approx(PERCENT * (now[s.VALUE] / before[s.VALUE] - 1))
    assert turnover["value_usd"] == pytest.approx(now[s.VALUE_USD])
    # no monthly figures for the pair: unverifiable, never estimated
    assert results["ytd"]["pair"] is None
    # the world context, recomputed from the monthly rows (January-April of both years)
    monthly = figures.loc[
        (figures[s.SOURCE] == "bns_monthly")
        & (figures[s.PARTNER] == "WLD")
        & (figures[s.FLOW] == "turnover")
        & (figures[s.PERIOD_START].dt.month <= 4)
    ]
    by_year = monthly.groupby(monthly[s.PERIOD_START].dt.year)[s.VALUE_USD].sum()
    assert results["ytd"]["world"]["growth_pct"] == pytest.approx(
        PERCENT * (by_year[2021] / by_year[2020] - 1)
    )
    # what was said about January-April 2021 is listed, marked as quoted
    quoted = figures.loc[
        (figures[s.SOURCE] == "statements")
        & (figures[s.FREQ] == "YTD")
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.PARTNER] == "CHN")
        & (figures[s.PERIOD_END] == pd.Timestamp("2021-04-30"))
    ]
    assert [row["value_usd"] for row in results["ytd"]["stated"]] == quoted[s.VALUE_USD].tolist()
    assert "unverifiable" in outputs_text(nb)
    assert {"trade_over_time.png", "monthly_ytd.png"} <= chart_files(run_dir)


def test_turnover_growth_other_pair_and_year(run, figures):
    results, _, _ = run("turnover_growth", partner="ITA", year=2019, ytd_months=12)
    exports = results["annual"]["exports"]
    vintage = exports["vintages"][0]
    now = annual(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner="ITA",
        flow="exports",
        year=2019,
        vintage=vintage,
    )
    before = annual(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner="ITA",
        flow="exports",
        year=2018,
        vintage=vintage,
    )
    assert exports["growth_pct"] == pytest.approx(PERCENT * (now[s.VALUE] / before[s.VALUE] - 1))
    # monthly totals start in 2019: no base for January-December 2018
    assert results["ytd"]["world"] is None
    assert "2018" in results["ytd"]["world_reason"]


# --- investment_flows -----------------------------------------------------------------------------


def fdi_statements(figures, start_year, end_year):
    rows = figures.loc[
        (figures[s.SOURCE] == "statements")
        & figures[s.MEASURE].isin(["fdi_gross_inflow", "fdi_cumulative"])
        & (figures[s.REPORTER] == "KAZ")
        & (figures[s.PARTNER] == "CHN")
    ]
    first = rows[s.PERIOD_START].fillna(rows[s.PERIOD_END])
    last = rows[s.PERIOD_END].fillna(rows[s.PERIOD_START])
    keep = first.isna() | (
        (first <= pd.Timestamp(end_year, 12, 31)) & (last >= pd.Timestamp(start_year, 1, 1))
    )
    return rows.loc[keep]


@pytest.mark.parametrize("span", [(2005, 2025), (2022, 2023)], ids=["defaults", "2022-2023"])
def test_investment_flows(run, figures, span):
    start_year, end_year = span
    results, nb, run_dir = run("investment_flows", start_year=start_year, end_year=end_year)
    expected = fdi_statements(figures, start_year, end_year)
    recorded = results["investment"]["statements"]
    assert sorted(r["statement"] for r in recorded) == sorted(expected[s.RECORD_ID])
    assert {r["statement"]: r["value_usd"] for r in recorded} == dict(
        zip(expected[s.RECORD_ID], expected[s.VALUE_USD], strict=True)
    )
    # no official investment table is in the data: nothing can be verified
    assert results["investment"]["official_tables"] == 0
    assert results["investment"]["verifiable"] is False
    assert "none of them can be verified" in outputs_text(nb)
    assert "investment.png" in chart_files(run_dir)


# --- bilateral_profile ----------------------------------------------------------------------------


def test_bilateral_profile_defaults(run, figures):
    results, nb, run_dir = run("bilateral_profile")
    years = {row["year"]: row for row in results["levels"]["years"]}
    assert sorted(years) == list(range(1995, 2023))
    # the national tables where they state a year, UN Comtrade via WITS before
    assert {years[y]["source"] for y in range(2018, 2023)} == {"bns_annual"}
    assert {years[y]["source"] for y in range(1995, 2018)} == {"wits"}
    row2020 = annual(
        figures, source="bns_annual", reporter="KAZ", partner="CHN", flow="exports", year=2020
    )
    assert years[2020]["exports_usd"] == pytest.approx(row2020[s.VALUE_USD])
    assert years[2020]["vintage"] == row2020[s.VINTAGE]
    # compound growth within one source (WITS, 1995-2020)
    cagr = results["levels"]["cagr"]["exports"]
    first = annual(
        figures,
        source="wits",
        reporter="KAZ",
        partner="CHN",
        flow="exports",
        year=cagr["start_year"],
    )
    last = annual(
        figures, source="wits", reporter="KAZ", partner="CHN", flow="exports", year=cagr["end_year"]
    )
    n = cagr["end_year"] - cagr["start_year"]
    assert (cagr["source"], cagr["start_year"], cagr["end_year"]) == ("wits", 1995, 2020)
    assert cagr["cagr_pct"] == pytest.approx(
        PERCENT * ((last[s.VALUE] / first[s.VALUE]) ** (1 / n) - 1)
    )
    # the mirror of 2021 imports: China's exports as quoted against Kazakhstan's imports (BNS)
    pairs = {(p["year"], p["flow"]): p for p in results["mirror"]["pairs"]}
    pair = pairs[(2021, "imports")]
    quoted = figures.loc[
        (figures[s.SOURCE] == "statements")
        & (figures[s.REPORTER] == "CHN")
        & (figures[s.FLOW] == "exports")
        & (figures[s.MEASURE] == "trade_value")
        & (figures[s.PERIOD_START] == pd.Timestamp("2021-01-01"))
        & (figures[s.PRODUCT_CODE] == s.TOTAL_CODE)
    ]
    bns = annual(
        figures, source="bns_annual", reporter="KAZ", partner="CHN", flow="imports", year=2021
    )
    assert pair["partner_usd"] == pytest.approx(quoted[s.VALUE_USD].item())
    assert pair["reporter_usd"] == pytest.approx(bns[s.VALUE_USD])
    assert pair["pct_of_partner"] == pytest.approx(
        PERCENT * (bns[s.VALUE_USD] - quoted[s.VALUE_USD].item()) / quoted[s.VALUE_USD].item()
    )
    assert {"trade_over_time.png", "mirror_gap.png"} <= chart_files(run_dir)


def test_bilateral_profile_other_partner(run, figures):
    results, nb, _ = run("bilateral_profile", partner="RUS", start_year=2018, end_year=2022)
    years = results["levels"]["years"]
    assert [row["year"] for row in years] == [2018, 2019, 2020, 2021, 2022]
    row2021 = annual(
        figures, source="bns_annual", reporter="KAZ", partner="RUS", flow="imports", year=2021
    )
    assert years[3]["imports_usd"] == pytest.approx(row2021[s.VALUE_USD])
    # Russia's customs record the same trade by month: only full years are compared, each
    # against the sum of Russia's twelve months of the mirror flow (both flows for turnover)
    pairs = results["mirror"]["pairs"]
    assert pairs
    russia = figures[
        (figures[s.SOURCE] == "rus_fts")
        & (figures[s.REPORTER] == "RUS")
        & (figures[s.PARTNER] == "KAZ")
        & (figures[s.FREQ] == "M")
    ]
    months = russia.groupby([russia[s.PERIOD_START].dt.year, s.FLOW])[s.VALUE_USD].agg(
        ["sum", "count"]
    )
    mirror_flow = {"exports": ["imports"], "imports": ["exports"]}
    for pair in pairs:
        flows = mirror_flow.get(pair["flow"], ["exports", "imports"])
        assert all(months.loc[(pair["year"], flow), "count"] == 12 for flow in flows)
        expected = sum(months.loc[(pair["year"], flow), "sum"] for flow in flows)
        assert pair["partner_usd"] == pytest.approx(expected, rel=1e-9)


# --- bad parameters -------------------------------------------------------------------------------

BAD_PARAMETERS = [
    ("trade_shares", {"partner": "XXX"}, "parameter 'partner': not an ISO 3166 alpha-3"),
    ("trade_shares", {"year": 2030}, "parameter 'year': no annual data for KAZ–CHN exports"),
    ("trade_shares", {"year": "2020"}, "parameter 'year': expected a whole number (int)"),
    ("trade_shares", {"flow": "both"}, "parameter 'flow': not a flow"),
    ("turnover_growth", {"ytd_months": 13}, "parameter 'ytd_months': not a number of months"),
    ("investment_flows", {"investor": "USA"}, "parameter 'investor': no investment figures"),
    ("bilateral_profile", {"start_year": 2022, "end_year": 1995}, "parameter 'end_year': ends"),
    ("claims_check", {"document": "neo-2021"}, "parameter 'document': no claims on file"),
    ("claims_check", {"perspectives": ["KAZ", "ATA"]}, "parameter 'perspectives': no statistics"),
    ("source_integrity", {"source": "gacc"}, "parameter 'source': unknown source"),
]


@pytest.mark.parametrize(
    ("name", "parameters", "message"),
    BAD_PARAMETERS,
    ids=[f"{name}-{'-'.join(params)}" for name, params, _ in BAD_PARAMETERS],
)
def test_bad_parameter_stops_at_the_check_cell_with_one_line(run, name, parameters, message):
    with pytest.raises(pm.PapermillExecutionError) as error:
        run(name, **parameters)
    assert error.value.ename == "ParameterError"
    assert error.value.evalue.startswith(message)
    assert "valid choices" in error.value.evalue or "expected" in error.value.evalue
    assert len(error.value.traceback) == 1  # one line, no page of traceback
    assert "start(" in error.value.source  # stopped at the set-up cell, which checks them


# --- plain papermill CLI --------------------------------------------------------------------------


def test_plain_papermill_cli(project_copy, tmp_path):
    env = {**os.environ, "TRADEVIZ_ROOT": str(project_copy), "MPLBACKEND": "Agg"}
    env.pop(RUN_DIR_ENV, None)
    notebook = project_copy / "notebooks" / "trade_shares.ipynb"
    command = [sys.executable, "-m", "papermill", str(notebook), "out.ipynb"]
    done = subprocess.run(
        [*command, "-p", "partner", "RUS", "-p", "year", "2021"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=CELL_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    executed = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))
    assert "Russia took" in json.dumps(executed)
    assert (tmp_path / "figures" / "top_partners.png").exists()

    failed = subprocess.run(
        [*command, "-p", "partner", "RUSSIA"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=CELL_TIMEOUT,
    )
    assert failed.returncode == 1
    assert "ParameterError: parameter 'partner'" in failed.stderr
    assert "did you mean 'RUS'?" in failed.stderr


# --- claims_check ---------------------------------------------------------------------------------


def bns_share(figures, flow: str, year: int) -> float:
    part = annual(figures, source="bns_annual", reporter="KAZ", partner="CHN", flow=flow, year=year)
    world = annual(
        figures,
        source="bns_annual",
        reporter="KAZ",
        partner="WLD",
        flow=flow,
        year=year,
        vintage=part[s.VINTAGE],
    )
    return PERCENT * part[s.VALUE] / world[s.VALUE]


def test_claims_check_defaults(run, figures, project_root):
    results, nb, run_dir = run("claims_check")
    checked = results["claims"]
    claims_file = yaml.safe_load(
        (project_root / "data" / "raw" / "claims" / "neo-2021-07-20.yaml").read_text("utf-8")
    )
    assert checked["claims_total"] == len(claims_file["claims"])
    assert sum(checked["counts"].values()) == checked["claims_total"]
    # the article's "approximately 12 %" of exports and "about 17 %" of imports in 2020,
    # against BNS's partner value ÷ stated world total, with "about" = ± one unit
    for claim_id, flow, stated in [
        ("china-share-exports-2020", "exports", 12),
        ("china-share-imports-2020", "imports", 17),
    ]:
        share = bns_share(figures, flow, 2020)
        verdict = checked["claims"][claim_id]
        assert verdict["reference_value"] == pytest.approx(share, rel=1e-6)
        assert verdict["verdict"] == ("consistent" if abs(share - stated) <= 1 else "inconsistent")
    assert set(checked["perspectives"]) == {"KAZ", "CHN"}
    assert "claims.png" in chart_files(run_dir)


def test_claims_check_one_perspective(run):
    results, nb, _ = run("claims_check", perspectives=["KAZ"])
    assert set(results["claims"]["perspectives"]) == {"KAZ"}
    text = outputs_text(nb)
    assert "Kazakhstan's figures support" in text and "China's figures support" not in text


# --- source_integrity -----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["all", "wits"])
def test_source_integrity(run, figures, project_copy, source):
    results, nb, run_dir = run("source_integrity", source=source)
    # the chart of the same checks was written (PNG + self-contained HTML) and shown
    assert {p.name for p in (run_dir / "figures").iterdir()} >= {"integrity.png", "integrity.html"}
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    stored = pd.read_parquet(project_copy / "data" / "processed" / "integrity.parquet")
    if source != "all":
        stored = stored.loc[stored["source"] == source]
    recorded = results["integrity"]
    assert recorded["checks"] == len(stored)
    assert recorded["counts"] == {
        status: int((stored["status"] == status).sum()) for status in ("fail", "warn", "pass")
    }
    assert {f["check_id"] for f in recorded["findings"]} == set(
        stored.loc[stored["status"] != "pass", "check_id"]
    )
    # one cross-source finding recomputed from the figures: WITS against BNS, exports to
    # China in 2019, differ by more than the 2 % the check allows
    wits = annual(figures, source="wits", reporter="KAZ", partner="CHN", flow="exports", year=2019)
    bns = annual(
        figures, source="bns_annual", reporter="KAZ", partner="CHN", flow="exports", year=2019
    )
    gap = abs(wits[s.VALUE_USD] / bns[s.VALUE_USD] - 1)
    finding = stored.loc[
        (stored["check"] == "wits_vs_bns_total")
        & (stored["partner"] == "CHN")
        & (stored["flow"] == "exports")
        & (stored["period_start"] == pd.Timestamp("2019-01-01"))
        & stored["check_id"].str.endswith(":total")  # the national total, not the HS-4 lines
    ]
    assert finding["status"].item() == ("warn" if gap > 0.02 else "pass")
    assert (finding["check_id"].item() in {f["check_id"] for f in recorded["findings"]}) == (
        gap > 0.02
    )
