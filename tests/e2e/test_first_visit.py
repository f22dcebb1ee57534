"""A link to a page that is the first thing a fresh server is asked for still opens that page in the app.

Streamlit's legacy auto-discovery of a folder named `pages/` would run the page file alone on a fresh
server (no navigation, no shared state); the pages live in `app_pages/` for that reason.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.helpers import exceptions, expect_metrics, nav_link, open_app, query, screenshot


def test_deep_link_on_a_fresh_server_opens_the_page_inside_the_app(page, server):
    open_app(page, server, "/nettverk?nettverk=hallingdal&dato=2008-01-01")
    expect(page.locator("h1").first).to_have_text("Nettverk")
    expect(page.locator('[data-testid="stTopNavLink"]')).to_have_count(5)
    expect(nav_link(page, "Nettverk")).to_be_visible()
    expect_metrics(page, {"Fylke": "Buskerud", "Status": "Etablert"})  # Hallingdal's county
    expect(exceptions(page)).to_have_count(0)
    assert {k: query(page)[k] for k in ("nettverk", "dato")} == {"nettverk": "hallingdal", "dato": "2008-01-01"}
    screenshot(page, "first-visit-nettverk")
