"""What a browser test does, in a user's words: open a page, wait until it is drawn, look at it."""

from __future__ import annotations

from tests.e2e.conftest import SCREENSHOTS

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STALE = '[data-testid="stElementContainer"][data-stale="true"]'


def wait_for_app(page, extra_ms: int = 300) -> None:
    """Wait until the script has run, no element of an earlier run is left stale, and the frontend is idle.

    A run may be followed at once by another (the app normalises the URL), so idle is checked again after
    the stale elements of the first run are gone.
    """
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"document.querySelectorAll('{STALE}').length === 0", timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_timeout(extra_ms)  # charts and maps draw just after the run ends


def open_app(page, base: str, path: str = "/") -> None:
    page.goto(base + path)
    wait_for_app(page)


def metric_values(page) -> dict[str, str]:
    """Label → value of every metric shown, read from each metric's own box (never two lists zipped)."""
    pairs = page.locator('[data-testid="stMetric"]').evaluate_all(
        """boxes => boxes.map(box => [
            box.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
            box.querySelector('[data-testid="stMetricValue"]').innerText.trim(),
        ])"""
    )
    return dict(pairs)


def exceptions(page) -> int:
    return page.locator('[data-testid="stException"]').count()


def query(page) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlparse

    return dict(parse_qsl(urlparse(page.url).query))


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def nav_link(page, title: str):
    return page.locator('[data-testid="stTopNavLink"]').filter(has_text=title).first
