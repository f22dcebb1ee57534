"""WCAG 2.1 AA in a real browser: axe-core finds nothing serious on any page (as it opens and with a
selection made), Temastatus works with the keyboard alone, and every chart has a text alternative."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import expect_metrics, open_app, query, wait_for_app

PAGES = [
    "/", "/?tema=klima_energi&fylke=08",
    "/nettverk", "/nettverk?nettverk=midt-telemark&indikator=klimagassutslipp_miljodir",
    "/utvikling", "/utvikling?kommune=4003&indikator=bebygd_areal&sammenlign=0301&indeks=2018",
    "/kart", "/kart?farge=indikator&indikator=bebygd_areal&kommune=0301",
    "/om-dataene",
    "/presentasjon?presentasjon=1", "/presentasjon?presentasjon=1&lysbilder=nettverk:hallingdal,kart",
]
# Moderate or minor findings we accept, each with its reason (none today; serious and critical never).
ALLOWED: dict[str, str] = {}


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious(page, server, path):
    open_app(page, server, path)
    violations = Axe().run(page).response["violations"]
    found = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
             if v["impact"] in ("serious", "critical") or v["id"] not in ALLOWED]
    assert found == []


def test_temastatus_with_the_keyboard_alone(page, server):
    open_app(page, server, "/")
    expect_metrics(page, {"Nettverk etablert": "20"})
    themes = page.get_by_role("combobox", name="Tema", exact=True)
    for _ in range(40):  # Tab through the page until the theme list has the focus
        page.keyboard.press("Tab")
        if themes.evaluate("box => box === document.activeElement"):
            break
    else:
        pytest.fail("the theme list cannot be reached with Tab")
    outline = page.evaluate("""() => { const box = document.activeElement.closest('[data-baseweb="select"]')
        || document.activeElement; const s = getComputedStyle(box.firstElementChild || box);
        return s.outlineStyle + ' ' + s.borderColor + ' ' + s.boxShadow; }""")
    assert outline.strip()  # a visible focus style
    page.keyboard.type("Klima og")
    expect(page.get_by_role("option", name="Klima og energi")).to_be_visible()  # what the user sees before Enter
    page.keyboard.press("Enter")
    expect(page.get_by_role("option")).to_have_count(0)  # the list closes by itself: no Escape needed
    page.wait_for_url("**tema=klima_energi**", timeout=30_000)
    wait_for_app(page)
    expect_metrics(page, {"Nettverk etablert": "10", "Kommuner med vedtak": re.compile(r"\d+")})
    assert query(page)["tema"] == "klima_energi"


def test_every_chart_is_named_for_screen_readers(page, server):
    open_app(page, server, "/")
    charts = page.locator('[data-testid="stVegaLiteChart"][role="graphics-document"]')
    expect(charts).to_have_count(4)
    names = charts.evaluate_all("charts => charts.map(c => c.getAttribute('aria-label'))")
    assert names[0] == ("Etablerte nettverk per tema 28.08.2007: flest i Folkehelse (16 nettverk), færrest i "
                        "Internasjonalt (2 nettverk).")
    assert names[1].startswith("Kommuner per tema 28.08.2007: flest i Folkehelse (")
    assert names[2].startswith("Nettverk 2006–2010: 28.08.2007 var det 20 etablerte nettverk og 14 nettverk under "
                               "etablering.")
    assert len(names) == 4 and all(names)
    page.get_by_text("Tabell: tallene i diagrammene").click()  # and the same numbers as a table
    expect(page.locator('[data-testid="stExpander"] [data-testid="stDataFrame"]').first).to_be_visible()
    open_app(page, server, "/kart")  # the map: a sentence as its accessible name, and a table below
    expect(page.locator('[data-testid="stDeckGlJsonChart"]')).to_have_attribute(
        "aria-label", "28.08.2007: 168 kommuner (slik de var) tar del, i 145 av dagens kommuner og 34 nettverk.")


def test_the_link_dialog_with_the_keyboard(page, server):
    """«Kopier lenke» opens its dialog from the keyboard, axe finds nothing serious in it, Escape closes it."""
    open_app(page, server, "/nettverk?nettverk=hallingdal")
    page.get_by_role("button", name="Kopier lenke").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator('[data-testid="stCode"] code')).to_contain_text("nettverk=hallingdal")
    wait_for_app(page)
    violations = Axe().run(page).response["violations"]
    assert [(v["impact"], v["id"]) for v in violations if v["impact"] in ("serious", "critical")] == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_axe_finds_nothing_serious_in_the_slide_checklist(page, server):
    """«Velg lysbilder»: a box per slide and per group, each with its own name."""
    open_app(page, server, "/presentasjon?presentasjon=1&lysbilder=oversikt.nettverk-hallingdal")
    page.get_by_role("button", name="Velg lysbilder").click()
    wait_for_app(page)
    expect(page.get_by_role("checkbox", name="Alle nettverkene")).to_be_visible()
    violations = Axe().run(page).response["violations"]
    found = [(v["impact"], v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
             if v["impact"] in ("serious", "critical") or v["id"] not in ALLOWED]
    assert found == []
