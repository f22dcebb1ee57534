"""The app in a real browser: every page draws, the theme chart is clickable, selections survive the menu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    exceptions, expect_metrics, metric_values, nav_link, open_app, query, record_outside_requests, screenshot,
    wait_for_app,
)

PAGES = {
    "temastatus": "/",
    "nettverk": "/nettverk?nettverk=valdres",
    "utvikling": "/utvikling?kommune=0301&indikator=folkemengde",
    "kart": "/kart",
    "om-dataene": "/om-dataene",
}
KS_HEADLINES = {
    "Kommuner med vedtak": "128",
    "Kommuner som forbereder vedtak": "40",
    "Nettverk etablert": "20",
    "Nettverk under etablering": "14",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_without_an_exception(page, server, name):
    open_app(page, server, PAGES[name])
    expect(page.locator("h1").first).to_be_visible()
    expect(exceptions(page)).to_have_count(0)
    screenshot(page, f"page-{name}")


def test_theme_status_shows_the_ks_figures_and_draws_the_theme_chart(page, server):
    open_app(page, server, "/")
    expect_metrics(page, KS_HEADLINES)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    bars = chart.locator('path[aria-roledescription="bar"]')
    expect(bars).to_have_count(6)
    expect(bars.nth(2)).to_have_attribute("aria-label", re.compile("Nettverk: 16; Tema: Folkehelse"))
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 200
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("Eksempeldata")
    screenshot(page, "temastatus")


def test_clicking_a_theme_bar_narrows_the_page(page, server):
    open_app(page, server, "/")
    bar = page.locator('[data-testid="stVegaLiteChart"]').first.locator('path[aria-label*="Tema: Folkehelse"]')
    bar.click()
    page.wait_for_url("**tema=folkehelse**", timeout=30_000)
    wait_for_app(page)
    expect_metrics(page, {"Nettverk etablert": "16"})
    assert query(page) == {"dato": "2007-08-28", "tema": "folkehelse"}
    expect(page.get_by_role("button", name="Folkehelse", exact=True)).to_be_visible()  # chosen
    screenshot(page, "temastatus-folkehelse")


def test_selection_survives_switching_pages_through_the_menu(page, server):
    open_app(page, server, "/?dato=2008-01-01&tema=klima_energi")
    expect_metrics(page, {"Kommuner med vedtak": "89", "Nettverk etablert": "18"})
    before = metric_values(page)
    nav_link(page, "Kart").click()
    page.wait_for_url("**/kart**")
    wait_for_app(page)
    assert {k: query(page)[k] for k in ("dato", "tema")} == {"dato": "2008-01-01", "tema": "klima_energi"}
    expect(page.get_by_role("combobox", name="Dato")).to_have_value("01.01.2008")
    nav_link(page, "Temastatus").click()
    page.wait_for_url(lambda url: "/kart" not in url)
    wait_for_app(page)
    assert query(page) == {"dato": "2008-01-01", "tema": "klima_energi"}
    expect_metrics(page, before)


def test_map_is_drawn_without_fetching_from_the_internet(page, server):
    outside = record_outside_requests(page)
    open_app(page, server, "/kart")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)  # a busy machine (the whole suite) draws slower
    assert canvas.bounding_box()["height"] > 500
    expect(page.get_by_text("168 kommuner (slik de var) tar del")).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert outside == []
    screenshot(page, "kart")


def test_norwegian_number_format_in_charts(page, server):
    open_app(page, server, "/utvikling?kommune=0301&indikator=folkemengde")
    axis_labels = page.locator('[data-testid="stVegaLiteChart"] text')
    expect(axis_labels.filter(has_text=re.compile("^700\u00a0000$"))).to_have_count(1)  # Oslo, thousands split


def test_network_table_downloads_as_labelled_csv_for_excel(page, server):
    open_app(page, server, "/?dato=2008-01-01")
    expect_metrics(page, {"Nettverk etablert": "29"})
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Last ned tabellen").click()
    download = download_info.value
    assert download.suggested_filename == "livskraft-nettverk-eksempeldata-2008-01-01.csv"
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 (æøå)
    lines = raw.decode("utf-8-sig").strip().split("\r\n")
    header = lines[0].split(";")
    assert header[:4] == ["Nettverk", "Status", "Tema", "Medlemmer"] and header[-1] == "Datagrunnlag"
    assert all(line.endswith(";Eksempeldata (generert av Livskraft, ikke reelle tall)") for line in lines[1:])
    assert sum(1 for line in lines[1:] if line.split(";")[1] == "Etablert") == 29
