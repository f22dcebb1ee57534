"""Utvikling over tid in a real browser: the index changes the y axis, title and values."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import open_app, query, screenshot, wait_for_app


def test_the_index_changes_the_y_axis(page, server):
    open_app(page, server, "/utvikling?kommune=3301&indikator=folkemengde&indikatorer=ingen")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    texts = chart.locator("text")
    expect(texts.filter(has_text=re.compile("^personer$"))).to_have_count(1)
    expect(texts.filter(has_text=re.compile("^100\u00a0000$"))).to_have_count(1)  # Drammen: around 100 000
    page.get_by_label("Indeks").first.click()
    page.get_by_role("option", name="2010 = 100").click()
    page.wait_for_url(re.compile("indeks=2010"), timeout=30_000)
    wait_for_app(page)
    expect(texts.filter(has_text="Indeks (2010 = 100)")).to_have_count(1)
    expect(texts.filter(has_text=re.compile("^100$"))).to_have_count(1)  # round ticks: «100», not «100,0»
    expect(texts.filter(has_text=re.compile("^100\u00a0000$"))).to_have_count(0)
    assert query(page)["indeks"] == "2010"
    screenshot(page, "utvikling-indeks")
