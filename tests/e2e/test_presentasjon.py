"""Presentation mode in a real browser: no page menu or Streamlit header, the keys a clicker sends move
between slides and into the URL, and Escape returns to the matching normal page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.helpers import exceptions, expect_metrics, nav_link, open_app, query, screenshot, wait_for_app

DECK = "/presentasjon?presentasjon=1&lysbilder=oversikt,temaer,nettverk:hallingdal,kart"


HALLINGDAL = re.compile("^Nettverk:\u2060? Hallingdal( \\(\\d/\\d\\))?$")  # text.md() puts a word joiner after «:»


def title(page):
    return page.locator("h1").first


def test_no_page_menu_and_no_header(page, server):
    open_app(page, server, DECK)
    expect(title(page)).to_have_text("Oversikt")
    expect_metrics(page, {"Kommuner med vedtak": "128", "Nettverk etablert": "20"})
    expect(page.locator('[data-testid="stTopNavLink"]')).to_have_count(0)
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    expect(page.get_by_text("Side ned")).to_be_hidden()  # the clicker's keys are out of sight
    expect(page.get_by_text("1 / 4", exact=False)).to_be_visible()
    screenshot(page, "presentasjon-oversikt")


def test_arrow_keys_and_page_down_move_between_slides(page, server):
    open_app(page, server, DECK)
    expect(title(page)).to_have_text("Oversikt")
    page.keyboard.press("ArrowRight")
    expect(title(page)).to_have_text("Nettverk per tema")
    wait_for_app(page)
    assert query(page)["lysbilde"] == "2"
    page.keyboard.press("PageDown")
    expect(title(page)).to_have_text(HALLINGDAL)
    wait_for_app(page)
    assert query(page)["lysbilde"] == "3"
    page.keyboard.press("ArrowLeft")
    expect(title(page)).to_have_text("Nettverk per tema")
    page.keyboard.press("PageUp")
    expect(title(page)).to_have_text("Oversikt")
    expect(exceptions(page)).to_have_count(0)


def test_escape_returns_to_the_slides_view(page, server):
    open_app(page, server, DECK.replace("presentasjon=1", "presentasjon=1&lysbilde=3"))
    expect(title(page)).to_have_text(HALLINGDAL)
    screenshot(page, "presentasjon-nettverk")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/nettverk\?"), timeout=30_000)
    wait_for_app(page)
    expect(title(page)).to_have_text("Nettverk")
    assert query(page)["nettverk"] == "hallingdal" and "presentasjon" not in query(page)
    expect(nav_link(page, "Temastatus")).to_be_visible()  # the page menu is back


def test_the_presenter_button_opens_the_deck(page, server):
    open_app(page, server, "/")
    page.get_by_role("button", name="Presenter").click()
    page.wait_for_url(re.compile(r"/presentasjon\?"), timeout=30_000)
    wait_for_app(page)
    expect(title(page)).to_have_text("Oversikt")
    assert query(page)["presentasjon"] == "1" and query(page)["lysbilde"] == "1"


def test_a_lobby_screen_moves_on_by_itself(page, server):
    open_app(page, server, "/presentasjon?presentasjon=1&lysbilder=oversikt,temaer&intervall=5")
    expect(title(page)).to_have_text("Oversikt")
    expect(title(page)).to_have_text("Nettverk per tema", timeout=20_000)
    expect(title(page)).to_have_text("Oversikt", timeout=20_000)  # round and round


def test_choosing_slides_keeps_the_deck_and_the_keys_work_after(page, server):
    open_app(page, server, DECK)
    page.get_by_role("button", name="Velg lysbilder").click()
    wait_for_app(page)
    page.get_by_role("button", name="Ingen").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Ferdig")).to_be_disabled()  # none stays none
    for label in ("Oversikt", "Nettverk per tema", "Klima og energi", "Hallingdal"):
        page.locator('[data-testid="stCheckbox"]').filter(has_text=re.compile(f"^{label}$")).click()  # its label
        wait_for_app(page)
    page.keyboard.press("Escape")  # in the list: never the end of the presentation
    wait_for_app(page)
    assert query(page)["presentasjon"] == "1"
    page.get_by_role("button", name="Ferdig").click()
    wait_for_app(page)
    expect(title(page)).to_have_text("Oversikt")
    expect(page.get_by_text("1 / 4", exact=False)).to_be_visible()
    assert query(page)["lysbilder"] == "oversikt.temaer.tema-klima_energi.nettverk-hallingdal"
    assert len(page.url) < 200, page.url  # the issue: 1 500 characters
    page.keyboard.press("ArrowRight")
    expect(title(page)).to_have_text("Nettverk per tema")


def test_presenter_after_a_prepared_deck_starts_afresh(page, server):
    open_app(page, server, DECK.replace("presentasjon=1", "presentasjon=1&intervall=60"))
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/\?"), timeout=30_000)
    wait_for_app(page)
    page.get_by_role("button", name="Presenter").click()
    page.wait_for_url(re.compile(r"/presentasjon\?"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_text("1 / 43", exact=False)).to_be_visible()
    assert "lysbilder" not in query(page) and "intervall" not in query(page)


# What a projector shows without scrolling: every drawn element of the slide, and no scroll bar.
FITS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  let bottom = 0, right = 0;
  for (const el of main.querySelectorAll('[data-testid="stElementContainer"]')) {
    const box = el.getBoundingClientRect();
    if (box.height > 0) { bottom = Math.max(bottom, box.bottom); right = Math.max(right, box.right); }
  }
  return {bottom, right, height: innerHeight, width: innerWidth,
          scroll: main.scrollHeight - main.clientHeight, across: main.scrollWidth - main.clientWidth};
}"""


def _longest_networks(db_path) -> list[str]:
    """The network with the most themes (the longest grid) and the one with the most members and then
    themes (the narrowest columns, the most wrapped cells)."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.sql("""SELECT network_id, (SELECT count(*) FROM network_theme t WHERE t.network_id = n.network_id),
                                 (SELECT count(*) FROM membership m WHERE m.network_id = n.network_id)
                          FROM network n ORDER BY network_id""").fetchall()
    most_themes = max(rows, key=lambda r: (r[1], r[2]))[0]
    most_members = max(rows, key=lambda r: (r[2], r[1]))[0]
    return list(dict.fromkeys([most_themes, most_members]))


def _expect_the_whole_country(page) -> None:
    """The map drawn (many colours), and nothing drawn on its canvas's edges: no part of the country cut."""
    import io
    import time

    from PIL import Image

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible(timeout=30_000)
    deadline = time.monotonic() + 30
    while True:
        picture = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        if len(picture.getcolors(1_000_000)) > 20 or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert len(picture.getcolors(1_000_000)) > 20  # polygons in many colours, not a blank canvas
    width, height = picture.size
    inset = 3  # the picture is the element's box rounded out to whole pixels
    edges = {"top": [(x, inset) for x in range(width)], "bottom": [(x, height - 1 - inset) for x in range(width)],
             "left": [(inset, y) for y in range(height)], "right": [(width - 1 - inset, y) for y in range(height)]}
    background = picture.getpixel((inset, inset))
    for edge, pixels in edges.items():
        assert all(picture.getpixel(xy) == background for xy in pixels), f"the map touches its {edge} edge"


def test_every_kind_of_slide_fits_a_projector_whole(browser, server, db_path):
    """1024×768, every part of every kind of slide: the overview, the networks per theme, the theme with
    the most networks, the longest networks and the map. A clicker cannot scroll."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nb-NO")
    page = context.new_page()
    deck = ["oversikt", "temaer", "tema:folkehelse", *(f"nettverk:{n}" for n in _longest_networks(db_path)), "kart"]
    open_app(page, server, "/presentasjon?presentasjon=1&lysbilder=" + ",".join(deck))
    shown = []
    while True:
        expect(page.locator('[data-testid="stMetricValue"], [data-testid="stTable"], [data-testid="stVegaLiteChart"], '
                            '[data-testid="stDeckGlJsonChart"]').first).to_be_visible()
        raw = title(page).inner_text()
        heading = raw.replace("\u2060", "")
        if heading == "Kart":
            _expect_the_whole_country(page)
        measured = page.evaluate(FITS)
        shown.append(heading)
        screenshot(page, "lysbilde-1024-" + re.sub(r"\W+", "-", heading.lower()).strip("-"))
        assert measured["bottom"] <= measured["height"] and measured["scroll"] <= 0, (heading, measured)
        assert measured["right"] <= measured["width"] and measured["across"] <= 0, (heading, measured)
        if page.get_by_role("button", name="Neste").is_disabled():
            break
        page.keyboard.press("PageDown")
        expect(title(page)).not_to_have_text(raw, timeout=30_000)  # a busy machine draws slower
        wait_for_app(page)
    assert shown[0] == "Oversikt" and shown[-1] == "Kart"
    assert any(h.startswith("Tema: Folkehelse (2/") for h in shown)  # a long table goes on, not cut
    context.close()


def test_escape_returns_to_the_page_the_presenter_started_from(page, server):
    open_app(page, server, "/kart")
    page.get_by_role("button", name="Presenter").click()
    page.wait_for_url(re.compile(r"/presentasjon\?"), timeout=30_000)
    wait_for_app(page)
    expect(title(page)).to_have_text("Kart")  # Kart's own slide
    page.keyboard.press("ArrowLeft")  # the last network's slide
    expect(title(page)).to_have_text(re.compile("^Nettverk:"))
    wait_for_app(page)
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/kart\?"), timeout=30_000)  # not the network's page
    wait_for_app(page)
    expect(title(page)).to_have_text("Kart")
