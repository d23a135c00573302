"""The published pages in headless Chromium: no sideways scroll on a phone or a desktop, no axe.

A small batch (the claims check, one trade-shares report, one source-integrity report) runs on a
copy of the project with ``tradeviz run``; the front page, the run log, a report and the claims
report are then opened at 390 px and 1400 px wide. Each must fit its width
(``document.documentElement.scrollWidth <= innerWidth``) and have no violation that axe-core
finds (axe-playwright-python injects it into the page). A screenshot of each page at each width is
kept in ``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import html
import os
import subprocess
import sys

import pytest

from .chromium import ARTIFACTS, CHROMIUM, launch_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(900)]

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")

#: Phone and desktop widths (CSS pixels).
WIDTHS = {"phone": 390, "desktop": 1400}
VIEWPORT_HEIGHT = 900
BATCH = """\
output_dir: reports
defaults: {cell_timeout: 300, run_timeout: 600}
reports:
  - notebook: notebooks/claims_check.ipynb
    output: "{name}/{document}"
    parameters: {document: neo-2021-07-20, perspectives: [KAZ, CHN]}
  - notebook: notebooks/trade_shares.ipynb
    output: "{name}/{reporter}-{partner}-{year}-{flow}"
    parameters: {reporter: KAZ, partner: CHN, year: 2020, flow: exports, top_n: 10}
  - notebook: notebooks/source_integrity.ipynb
    output: "{name}/{source}"
    parameters: {source: all}
"""
#: The pages checked: screenshot name -> path inside the reports folder.
PAGES = {
    "index": "index.html",
    "runs": "runs.html",
    "report": "trade_shares/KAZ-CHN-2020-exports/report.html",
    "claims": "claims_check/neo-2021-07-20/report.html",
}
BATCH_TIMEOUT = 900


@pytest.fixture(scope="module")
def reports(project_copy):
    """Run the small batch once; return the reports folder."""
    (project_copy / "pages.yaml").write_text(BATCH)
    env = {**os.environ, "TRADEVIZ_ROOT": str(project_copy), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-m", "tradeviz", "run", "pages.yaml", "--workers", "1"],
        cwd=project_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=BATCH_TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return project_copy / "reports"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's /usr/bin/chromium is not installed (install it with `make browser`)")
    with launch_chromium(playwright_api) as chromium:
        yield chromium


@pytest.mark.parametrize("width_name", sorted(WIDTHS))
@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_page_fits_the_screen_and_passes_axe(reports, browser, page_name, width_name):
    path = reports / PAGES[page_name]
    assert path.is_file(), sorted(p.name for p in reports.iterdir())
    page = browser.new_page(viewport={"width": WIDTHS[width_name], "height": VIEWPORT_HEIGHT})
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{page_name}-{width_name}.png"), full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{page_name} scrolls sideways at {widths[1]} px: {widths}"
        results = axe_api.Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.close()


def _share_from_figures(root, reporter, partner, year, flow):
    """China's share, recomputed from the built figures: the latest BNS table's two values."""
    import pandas as pd

    figures = pd.read_parquet(root / "data" / "processed" / "figures.parquet")
    rows = figures.loc[
        figures["source"].eq("bns_annual")
        & figures["measure"].eq("trade_value")
        & figures["reporter"].eq(reporter)
        & figures["flow"].eq(flow)
        & figures["classification"].eq("TOTAL")
        & figures["period_end"].dt.year.eq(year)
        & figures["freq"].eq("A")
    ]
    latest = rows.loc[rows["vintage"].eq(rows["vintage"].max())]
    value = latest.set_index("partner")["value_usd"]
    return 100 * value[partner] / value["WLD"]


def test_front_page_lists_the_findings_and_links_the_run_log(reports, project_copy):
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "What the documents claim" in page and "Kazakhstan and China" in page
    share = _share_from_figures(project_copy, "KAZ", "CHN", 2020, "exports")
    assert html.escape(f"China took {share:.1f} % of Kazakhstan's exports in 2020") in page
    assert 'href="runs.html"' in page
    assert "make build" not in page
