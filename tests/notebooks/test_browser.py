"""JupyterLab in a real headless Chromium: open a notebook, Run All, see a chart, no traceback.

The server runs on loopback with a random token and a temporary root holding a copy of the
notebook; its user settings, workspaces and runtime files live in temporary directories too, so
nothing is written into the user's Jupyter folders or the venv. Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright (Playwright's own browser download is not used).
A screenshot is kept under ``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import re

import pytest

from .chromium import (
    ARTIFACTS,
    CHROMIUM,
    DESKTOP,
    STDERR,
    jupyterlab,
    launch_chromium,
    run_all_cells,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NOTEBOOK = "trade_shares.ipynb"
ERROR_LINE = re.compile(r"^\w*(Error|Exception)\b", re.MULTILINE)

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's /usr/bin/chromium is not installed (install it with `make browser`)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture()
def lab(project_copy, tmp_path):
    """Start JupyterLab on a temporary root holding one notebook; stop it afterwards."""
    with jupyterlab(project_copy, tmp_path, NOTEBOOK) as url:
        yield url


@pytest.fixture()
def page():
    with launch_chromium(playwright_api) as browser:
        yield browser.new_page(viewport=DESKTOP)


def test_run_all_in_jupyterlab_shows_a_chart_and_no_error(lab, page):
    page.goto(lab)
    run_all_cells(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "jupyterlab-trade_shares.png"), full_page=True)

    texts = "\n".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    stderr = "\n".join(
        page.locator(f".jp-OutputArea-output[data-mime-type='{STDERR}']").all_inner_texts()
    )
    assert "Traceback" not in texts
    assert not ERROR_LINE.search(stderr), stderr
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() >= 1
    assert images.first.evaluate("img => img.naturalWidth") > 0
    # the generated sentence of interpretation is shown as text
    assert "of Kazakhstan's exports in 2020" in texts
