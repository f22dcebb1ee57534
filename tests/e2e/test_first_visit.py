"""A link to a page that is the first thing a fresh server is asked for still opens that page in the app.

Streamlit's legacy auto-discovery of a folder named `pages/` would run the page file alone on a fresh
server (no navigation, no shared state); the pages live in `app_pages/` for that reason.
"""

from __future__ import annotations

from tests.e2e.helpers import exceptions, metric_values, nav_link, open_app, query, screenshot


def test_deep_link_on_a_fresh_server_opens_the_page_inside_the_app(page, server):
    open_app(page, server, "/nettverk?nettverk=hallingdal&dato=2008-01-01")
    assert exceptions(page) == 0
    assert page.locator('[data-testid="stTopNavLink"]').count() == 5
    assert nav_link(page, "Nettverk").is_visible()
    assert page.locator("h1").first.inner_text() == "Nettverk"
    assert query(page) == {"nettverk": "hallingdal", "dato": "2008-01-01"}
    assert metric_values(page)["Fylke"] == "Buskerud"  # Hallingdal's county
    assert metric_values(page)["Status"] == "Etablert"
    screenshot(page, "first-visit-nettverk")
