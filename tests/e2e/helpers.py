"""What a browser test does, in a user's words: open a page, wait until it is drawn, look at it.

Assertions on what the page shows use Playwright's `expect`, which retries until the page agrees or
the timeout passes, never a fixed sleep.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STALE = '[data-testid="stElementContainer"][data-stale="true"]'
OWN = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")


def wait_for_app(page) -> None:
    """Wait until the script has run and no element of an earlier run is left stale.

    A run may be followed at once by another (the app normalises the URL), so idle is checked again after
    the stale elements of the first run are gone. And the script state turns «notRunning» when the run's
    last message arrives, before the browser has drawn all of it (Temastatus's metrics 0.2–0.4 s later,
    measured): so the page's elements must also have stopped changing.
    """
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"document.querySelectorAll('{STALE}').length === 0", timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.evaluate("window.__drawn = null")
    page.wait_for_function(SETTLED, polling=50, timeout=60_000)


# True once the number of drawn elements (and metrics, which come last) has not changed for 300 ms.
SETTLED = """() => {
  const count = document.querySelectorAll('[data-testid="stElementContainer"], [data-testid="stMetricValue"]').length;
  const seen = window.__drawn || (window.__drawn = {count: -1, since: 0});
  if (count !== seen.count) { seen.count = count; seen.since = performance.now(); return false; }
  return performance.now() - seen.since >= 300;
}"""


def open_app(page, base: str, path: str = "/") -> None:
    page.goto(base + path)
    wait_for_app(page)


def record_outside_requests(page) -> list[str]:
    """Every request the page makes to anywhere but the app itself (filled in as the page runs)."""
    outside: list[str] = []
    page.on("request", lambda request: request.url.startswith(OWN) or outside.append(request.url))
    return outside


def metric(page, label: str):
    """The value box of the metric with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return box.locator('[data-testid="stMetricValue"]')


def expect_metrics(page, expected: dict[str, str]) -> None:
    for label, value in expected.items():
        expect(metric(page, label)).to_have_text(value, timeout=30_000)


def metric_values(page) -> dict[str, str]:
    """Label → value of every metric shown, read from each metric's own box (never two lists zipped)."""
    pairs = page.locator('[data-testid="stMetric"]').evaluate_all(
        """boxes => boxes.map(box => [
            box.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
            box.querySelector('[data-testid="stMetricValue"]').innerText.trim(),
        ])"""
    )
    return dict(pairs)


def exceptions(page):
    return page.locator('[data-testid="stException"]')


def query(page) -> dict[str, str]:
    return dict(parse_qsl(urlparse(page.url).query))


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def nav_link(page, title: str):
    return page.locator('[data-testid="stTopNavLink"]').filter(has_text=title).first
