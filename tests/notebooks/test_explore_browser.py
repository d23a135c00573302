"""The explore notebook in JupyterLab in Chromium: change the partner; chart and table follow."""

from __future__ import annotations

import pytest

from .chromium import (
    ARTIFACTS,
    CHROMIUM,
    DESKTOP,
    KERNEL_IDLE_MS,
    jupyterlab,
    launch_chromium,
    run_all_cells,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOK = "explore.ipynb"
#: The first ipympl chart's drawing surface, read as a data URL to see it change.
CHART_PIXELS = """() => {
    const canvas = document.querySelector('.jupyter-matplotlib-canvas-div canvas');
    return canvas ? canvas.toDataURL() : null;
}"""
CHANGED = f"""(before) => {{
    const now = ({CHART_PIXELS})();
    return now !== null && now !== before;
}}"""

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's /usr/bin/chromium is not installed (install it with `make browser`)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api")


def test_changing_the_partner_redraws_the_chart_and_the_table(project_copy, tmp_path):
    with (
        jupyterlab(project_copy, tmp_path, NOTEBOOK) as url,
        launch_chromium(playwright_api) as browser,
    ):
        page = browser.new_page(viewport=DESKTOP)
        page.goto(url)
        run_all_cells(page)
        partner = page.locator(".widget-dropdown", has_text="Partner").locator("select")
        partner.wait_for(timeout=KERNEL_IDLE_MS)
        page.wait_for_function(f"() => ({CHART_PIXELS})() !== null", timeout=KERNEL_IDLE_MS)
        outputs = page.locator(".jp-OutputArea-output")
        page.get_by_text("China took").first.wait_for(timeout=KERNEL_IDLE_MS)
        before = page.evaluate(CHART_PIXELS)

        partner.select_option("RUS")
        page.get_by_text("Russia took").first.wait_for(timeout=KERNEL_IDLE_MS)
        year = page.locator(".widget-dropdown", has_text="Year").locator("select")
        assert year.input_value() == "2020"  # the year chosen is kept when the pair has it
        page.wait_for_function(CHANGED, arg=before, timeout=KERNEL_IDLE_MS)

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-explore.png"), full_page=True)
        texts = "\n".join(outputs.all_inner_texts())
        assert "Traceback" not in texts
        assert "China took" not in texts  # the table and sentences were redrawn, not appended
