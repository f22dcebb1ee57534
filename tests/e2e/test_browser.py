"""The app in a real browser: every page draws, the theme chart is clickable, selections survive the menu."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import exceptions, metric_values, nav_link, open_app, query, screenshot, wait_for_app

PAGES = {
    "temastatus": "/",
    "nettverk": "/nettverk?nettverk=valdres",
    "utvikling": "/utvikling?kommune=0301&indikator=folkemengde",
    "kart": "/kart",
    "om-dataene": "/om-dataene",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_without_an_exception(page, server, name):
    open_app(page, server, PAGES[name])
    assert exceptions(page) == 0
    assert page.locator("h1").first.is_visible()
    screenshot(page, f"page-{name}")


def test_theme_status_shows_the_ks_figures_and_draws_the_theme_chart(page, server):
    open_app(page, server, "/")
    assert metric_values(page) == {
        "Kommuner med vedtak": "128",
        "Kommuner som forbereder vedtak": "40",
        "Nettverk etablert": "20",
        "Nettverk under etablering": "14",
    }
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    bars = chart.locator('path[aria-roledescription="bar"]')
    assert bars.count() == 6
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(6)]
    assert "Nettverk: 16; Tema: Folkehelse" in labels[2]
    box = chart.bounding_box()
    assert box["width"] > 400 and box["height"] > 200
    assert "Eksempeldata" in page.locator('[data-testid="stAlert"]').first.inner_text()
    screenshot(page, "temastatus")


def test_clicking_a_theme_bar_narrows_the_page(page, server):
    open_app(page, server, "/")
    bar = page.locator('[data-testid="stVegaLiteChart"]').first.locator('path[aria-label*="Tema: Folkehelse"]')
    bar.click()
    page.wait_for_url("**tema=folkehelse**", timeout=30_000)
    wait_for_app(page)
    assert metric_values(page)["Nettverk etablert"] == "16"
    assert query(page) == {"dato": "2007-08-28", "tema": "folkehelse"}
    assert "Folkehelse" in page.locator('[data-testid="stMultiSelect"]').inner_text()
    screenshot(page, "temastatus-folkehelse")


def test_selection_survives_switching_pages_through_the_menu(page, server):
    open_app(page, server, "/?dato=2008-01-01&tema=klima_energi")
    before = metric_values(page)
    assert before["Nettverk etablert"] != "20"
    nav_link(page, "Kart").click()
    page.wait_for_url("**/kart**")
    wait_for_app(page)
    assert query(page) == {"dato": "2008-01-01", "tema": "klima_energi"}
    assert page.locator('[data-testid="stDateInput"] input').first.input_value() in {"2008/01/01", "01.01.2008", "2008-01-01"}
    nav_link(page, "Temastatus").click()
    page.wait_for_url(lambda url: "/kart" not in url)
    wait_for_app(page)
    assert query(page) == {"dato": "2008-01-01", "tema": "klima_energi"}
    assert metric_values(page) == before


def test_map_is_drawn_without_fetching_from_the_internet(page, server):
    outside = []
    page.on("request", lambda request: request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            or outside.append(request.url))
    open_app(page, server, "/kart")
    page.wait_for_timeout(500)  # deck.gl draws after a debounce
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    assert canvas.bounding_box()["height"] > 500
    assert outside == []
    screenshot(page, "kart")


def test_norwegian_number_format_in_charts(page, server):
    open_app(page, server, "/utvikling?kommune=0301&indikator=folkemengde")
    texts = page.locator('[data-testid="stVegaLiteChart"] text').evaluate_all("els => els.map(e => e.textContent)")
    assert "700\u00a0000" in texts, texts  # the y axis: Oslo's population, thousands split by a space


def test_network_table_downloads_as_labelled_csv_for_excel(page, server):
    open_app(page, server, "/?dato=2008-01-01")
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
    shown = metric_values(page)
    established = sum(1 for line in lines[1:] if line.split(";")[1] == "Etablert")
    assert str(established) == shown["Nettverk etablert"]
