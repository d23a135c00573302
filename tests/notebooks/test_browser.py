"""JupyterLab in a real headless Chromium: open a notebook, Run All, see a chart, no traceback.

The server runs on loopback with a random token and a temporary root holding a copy of the
notebook; its user settings, workspaces and runtime files live in temporary directories too, so
nothing is written into the user's Jupyter folders or the venv. Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright (Playwright's own browser download is not used).
A screenshot is kept under ``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NOTEBOOK = "trade_shares.ipynb"
#: Flags checked with Debian's Chromium and Playwright (notebook-runner guide §7).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
]
VIEWPORT = {"width": 1400, "height": 900}
#: Generous limits: two cores shared with other test runs.
SERVER_START_SECONDS = 120
KERNEL_IDLE_MS = 120_000
RUN_ALL_MS = 180_000
#: The "official Jupyter news?" toast would cover part of the screenshot.
NEWS_OFF = {"fetchNews": "false", "checkForUpdates": False}
IDLE_STATUS = "Python 3 (ipykernel) | Idle"
#: JupyterLab 4 renders errors and plain stderr alike with this MIME type: match the error name.
STDERR = "application/vnd.jupyter.stderr"
ERROR_LINE = re.compile(r"^\w*(Error|Exception)\b", re.MULTILINE)

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's /usr/bin/chromium is not installed (install it with `make browser`)",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"jupyter lab did not answer {url} within {SERVER_START_SECONDS} s")


@pytest.fixture()
def lab(project_copy, tmp_path):
    """Start JupyterLab on a temporary root holding one notebook; stop it afterwards."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(project_copy / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps(NEWS_OFF))
    port, token = _free_port(), secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "TRADEVIZ_ROOT": str(project_copy),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    log = (tmp_path / "lab.log").open("w")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", process)
        yield f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK}?token={token}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture()
def page():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser.new_page(viewport=VIEWPORT)
        finally:
            browser.close()


def test_run_all_in_jupyterlab_shows_a_chart_and_no_error(lab, page):
    page.goto(lab)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=KERNEL_IDLE_MS)
    page.get_by_text(IDLE_STATUS).wait_for(timeout=KERNEL_IDLE_MS)

    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Every code cell has run when none shows an empty "[ ]:" or busy "[*]:" prompt.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=RUN_ALL_MS,
    )
    page.get_by_text(IDLE_STATUS).wait_for(timeout=KERNEL_IDLE_MS)

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
