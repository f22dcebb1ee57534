"""What a browser test does, in a user's words: open a page, wait until it is drawn, look at it."""

from __future__ import annotations

from tests.e2e.conftest import SCREENSHOTS

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_for_app(page, extra_ms: int = 300) -> None:
    """Wait until the script has run and the frontend is idle (never a fixed sleep alone)."""
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_timeout(extra_ms)  # charts and maps draw just after the run ends


def open_app(page, base: str, path: str = "/") -> None:
    page.goto(base + path)
    wait_for_app(page)


def metric_values(page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip([label.strip() for label in labels], [value.strip() for value in values]))


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
