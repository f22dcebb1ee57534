"""Browser tests: a real Streamlit server on a free port, driven by Playwright in Debian's Chromium.

Without Chromium the tests are skipped, except in CI (CI=true), where a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "test-results" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        message = "Chromium not found (Debian package 'chromium'); .ci/run installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: browser tests must run in CI")
        pytest.skip(message)
    return CHROMIUM


# Root in a container needs no sandbox; the rest keep Chromium from calling out of this closed network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def browser_for(chromium_path: str):
    """Chromium launched for the browser tests, closed when the generator ends (a fixture's body)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    yield from browser_for(chromium_path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db_path: Path, **extra_env: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "LIVSKRAFT_DB": str(db_path), **extra_env}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"Streamlit did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def server(db_path, chromium_path):
    """A fresh server per test module (each module may need a server nobody has visited yet)."""
    process, base = start_server(db_path)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    tab = context.new_page()
    yield tab
    context.close()
