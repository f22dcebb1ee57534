"""A copied link opened in a fresh browser (no session, no history) reproduces the view on every page:
the same selections in the URL and the same numbers on the screen."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import metric_values, open_app, query, wait_for_app

VIEWS = {
    "temastatus": "/?dato=2008-06-01&tema=klima_energi&fylke=08",
    "nettverk": "/nettverk?nettverk=hallingdal&indikator=vaksine_mmr_2ar&aar=2010&basisaar=2008",
    "utvikling": "/utvikling?kommune=3301&indikator=folkemengde&sammenlign=0301&indeks=2010",
    "kart": "/kart?farge=indikator&indikator=bebygd_areal&aar=2019&kommune=4003",
}


def copied_link(page) -> str:
    page.get_by_role("button", name="Kopier lenke").click()
    code = page.locator('[data-testid="stCode"] code').first
    expect(code).to_contain_text("?")
    return code.inner_text().strip()


def what_it_shows(page) -> dict:
    """The numbers and sentences a reader takes from the view."""
    main = page.locator('[data-testid="stMain"]')
    texts = main.locator('[data-testid="stMarkdownContainer"] p').all_inner_texts()
    return {"metrics": metric_values(page), "texts": [t for t in texts if any(ch.isdigit() for ch in t)],
            "title": page.locator("h1").first.inner_text()}


def shows_in_time(page, expected: dict, seconds: float = 20) -> dict:
    """What the page shows once it shows `expected`, or when `seconds` have passed: a loaded machine may
    pause longer than the settled condition's quiet time between two parts of a drawing (as `expect`
    retries, for a comparison of the whole view)."""
    deadline = time.monotonic() + seconds
    while (shown := what_it_shows(page)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return shown


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_copied_link_reproduces_the_view(browser, page, server, name):
    open_app(page, server, VIEWS[name])
    before = what_it_shows(page)
    link = copied_link(page)
    assert link.startswith(server)
    fresh = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_app(other)
        opened, shown = query(other), query(page)
        assert {key: opened.get(key) for key in shown} == shown
        # and what the view's defaults stood for: the last year of each indicator, the default extra indicators
        assert set(opened) - set(shown) <= {"tom", "indikatorer"}
        assert ("tom" in opened) == (name != "temastatus")
        asked = dict(parse_qsl(urlparse(VIEWS[name]).query))
        assert {key: query(other).get(key) for key in asked} == asked  # every selection travels
        assert shows_in_time(other, before) == before
    finally:
        fresh.close()
