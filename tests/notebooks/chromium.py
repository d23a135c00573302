"""The browser tests' harness: Debian's Chromium driven by Playwright, and JupyterLab to drive.

The JupyterLab server runs on loopback with a random token and a temporary root holding a copy
of one notebook; its user settings, workspaces and runtime files live in temporary directories
too, so nothing is written into the user's Jupyter folders or the venv. Chromium is Debian's
``/usr/bin/chromium`` (Playwright's own browser download is not used). Screenshots go to
``tests/artifacts/`` (ignored by git).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
#: Flags for Debian's Chromium as root in a container with no network: no sandbox, no GPU, and
#: none of the background connections a closed network refuses.
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
DESKTOP = {"width": 1400, "height": 900}
#: Generous limits: two cores shared with other test runs.
SERVER_START_SECONDS = 120
KERNEL_IDLE_MS = 120_000
RUN_ALL_MS = 180_000
#: The "official Jupyter news?" toast would cover part of the screenshot.
NEWS_OFF = {"fetchNews": "false", "checkForUpdates": False}
IDLE_STATUS = "Python 3 (ipykernel) | Idle"
#: JupyterLab 4 renders errors and plain stderr alike with this MIME type: match the error name.
STDERR = "application/vnd.jupyter.stderr"


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


@contextlib.contextmanager
def jupyterlab(project_copy: Path, tmp_path: Path, notebook: str) -> Iterator[str]:
    """Start JupyterLab on a temporary root holding ``notebook``; yield its URL; stop it."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(project_copy / "notebooks" / notebook, root / notebook)
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
        yield f"http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def launch_chromium(playwright_api: Any) -> Iterator[Any]:
    """Yield a headless Debian Chromium browser (Playwright), closed afterwards."""
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def run_all_cells(page: Any) -> None:
    """Open the notebook in ``page`` (already at its URL), Run All, wait until every cell ran."""
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
