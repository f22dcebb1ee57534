"""What a browser test does, in a user's words: open a page, wait until it is drawn, look at it.

Assertions on what the page shows use Playwright's `expect`, which retries until the page agrees or
the timeout passes, never a fixed sleep.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.settle import APP_IDLE, in_page

OWN = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
# what the page has drawn: every element, and the metrics' values, which are drawn last
DRAWN = '[data-testid="stElementContainer"], [data-testid="stMetricValue"]'


def wait_for_app(page) -> None:
    """Wait until the script has run, nothing of an earlier run is stale and the page has stopped changing.

    The script state turns «notRunning» when the run's last message arrives, before the browser has drawn
    all of it (Temastatus's metrics, for one, are drawn later), and a run may be followed at once by another
    (the app normalises the URL): so the settled condition also waits until the number of drawn elements
    has not changed for 300 ms, with the script idle and nothing stale at that moment.
    """
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")  # what the page fetches over HTTP: scripts, the map's layer files
    page.evaluate("window.__drawn = null")
    page.wait_for_function(SETTLED, polling=50, timeout=60_000)


SETTLED = in_page("", f"""
  const count = document.querySelectorAll({json.dumps(DRAWN)}).length;
  const seen = window.__drawn || (window.__drawn = {{count: -1, since: 0}});
  if (count !== seen.count) {{ seen.count = count; seen.since = performance.now(); }}
  return settled({{drawn: null, quiet: 300, last: seen.since}});
""")


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
