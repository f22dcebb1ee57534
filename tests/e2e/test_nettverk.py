"""Nettverk in a real browser: the grid and the chart are drawn, and a click on a member opens its trend."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import exceptions, open_app, query, screenshot, wait_for_app

HALLINGDAL_MMR = "/nettverk?nettverk=hallingdal&dato=2007-08-28&indikator=vaksine_mmr_2ar&aar=2010"


def test_grid_and_chart_are_drawn(page, server):
    open_app(page, server, HALLINGDAL_MMR)
    grid = page.locator('[data-testid="stDataFrame"]:visible').first  # the members' table is folded away
    expect(grid).to_be_visible()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    bars = chart.locator('path[aria-roledescription="bar"]')
    expect(bars).to_have_count(4)  # Flå has no published figure for 2010
    expect(chart.locator('path[aria-label*="Kommune: Gol"]')).to_have_attribute(
        "aria-label", re.compile(r"67,5.*Svakere enn snittet"))
    expect(page.get_by_text(re.compile("ligger best an i 2010"))).to_be_visible()
    screenshot(page, "nettverk-hallingdal")


def test_clicking_a_member_opens_its_trend(page, server):
    open_app(page, server, HALLINGDAL_MMR)
    page.locator('[data-testid="stVegaLiteChart"]').first.locator('path[aria-label*="Kommune: Gol"]').click()
    page.wait_for_url(re.compile(r"/utvikling\?"), timeout=30_000)
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Utvikling over tid")
    assert query(page)["kommune"] == "3324" and query(page)["indikator"] == "vaksine_mmr_2ar"  # Gol, 2024 number
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Gol har i dag kommunenummer 3324")).to_be_visible()


def test_a_members_link_opens_its_trend(page, server):
    open_app(page, server, HALLINGDAL_MMR)
    page.locator('[data-testid="stPageLink"]').filter(has_text="Ål").first.click()
    page.wait_for_url(re.compile(r"/utvikling\?"), timeout=30_000)
    wait_for_app(page)
    assert query(page)["kommune"] == "3328"


def test_another_indicator_in_depth_updates_the_url_and_the_link(page, server):
    """«Én indikator i dybden» runs again on its own (st.fragment), without the page around it: its choice
    must still reach the URL and «Kopier lenke», which lie outside it."""
    open_app(page, server, HALLINGDAL_MMR)
    page.get_by_role("combobox", name="Indikator", exact=True).click()
    page.keyboard.type("Folkemengde")
    page.get_by_role("option", name="Folkemengde", exact=True).click()
    page.wait_for_url(re.compile("indikator=folkemengde"), timeout=30_000)
    wait_for_app(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart).to_have_attribute("aria-label", re.compile(r"Snittet i nettverket er 3\s131 personer i 2010"))
    assert query(page)["nettverk"] == "hallingdal" and query(page)["aar"] == "2010"
    page.get_by_role("button", name="Kopier lenke").click()
    link = page.locator('[role="dialog"] [data-testid="stCode"] code').first
    expect(link).to_contain_text("indikator=folkemengde")
    expect(link).to_contain_text("nettverk=hallingdal")
    expect(exceptions(page)).to_have_count(0)
