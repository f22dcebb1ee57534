"""Norwegian all the way: no English of Streamlit's own on any page, in a Norwegian or an English browser,
with every list and pop-up opened, and no invisible word joiner where a reader copies text; a name typed
and Enter adds that name; a date typed and Enter applies."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import open_app, query, screenshot, wait_for_app

# Every page as it opens, and with choices made (chosen items have their own buttons and labels)
PAGES = [
    "/", "/?tema=klima_energi,folkehelse&fylke=34",
    "/nettverk", "/nettverk?tema=folkehelse&nettverk=hallingdal",
    "/utvikling", "/utvikling?kommune=3324&indikator=vaksine_mmr_2ar&sammenlign=3326,0301",
    "/kart", "/kart?tema=klima_energi",
    "/om-dataene",
]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December"]  # not «May»: a word in Norwegian text too
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENGLISH = re.compile(r"\b(" + "|".join([
    "Select all", r"Select \d+ matches", "No results", "Choose date", "Clear all", "Clear dates?", r"Remove \S",
    "Selected values", "Choose options?", "You can only select", "Link to heading", *MONTHS, *WEEKDAYS,
]) + r")\b")
# The weekday row of a calendar: two-letter or one-letter English day names in a row
WEEK_ROW = re.compile(r"\b(Su Mo Tu|Mo Tu We|S M T W)\b")

SHOWN = """() => {
  const texts = [document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [aria-description]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'aria-description']) {
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
    }
  }
  return texts.join('\\n');
}"""


def english_in(page) -> list[str]:
    # What the app quotes in «…» is its own words about Streamlit's English («No results» on Om dataene's
    # list of known gaps); Streamlit never writes guillemets
    text = re.sub(r"«[^»]*»", "", page.evaluate(SHOWN))
    return sorted({m.group(0) for m in ENGLISH.finditer(text)} | {m.group(0) for m in WEEK_ROW.finditer(text)})


def open_every_popup(page) -> list[str]:
    """Open each list and each pop-up button on the page in turn (a list box, a calendar) and collect the
    English each one shows; Escape closes it again."""
    found: list[str] = []
    openers = page.locator('input[role="combobox"]:not([disabled]), button[aria-haspopup]:not([disabled])')
    for i in range(openers.count()):
        opener = openers.nth(i)
        if not opener.is_visible():
            continue
        opener.click()
        page.wait_for_timeout(150)  # the pop-up is drawn by the browser alone, with no rerun to wait for
        found += english_in(page)
        page.keyboard.press("Escape")
        page.wait_for_timeout(50)
    return found


@pytest.fixture(params=["nb-NO", "en-US"])
def any_browser(browser, request):
    """A Norwegian reader may well use a browser in English: the app's language is the app's own."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_english_of_streamlits_own_on_any_page(any_browser, server, path):
    page = any_browser
    open_app(page, server, path)
    text = page.evaluate("document.body.innerText")
    # A word joiner splits a pattern Streamlit's Markdown would turn into a link or an icon (text.md); one
    # before a space or a line's end splits nothing and is only copied along with the text («Tabell:⁠ …»)
    assert re.findall(r".{0,12}\u2060(?=\s|$)", text, flags=re.MULTILINE) == []
    found = english_in(page) + open_every_popup(page)
    assert sorted(set(found)) == []


def compare_box(page):
    # either kind of list (main had a multiselect here), so this test can show what it would have caught
    widgets = page.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]')
    return widgets.filter(has_text="Sammenlign med").locator("input")


def test_a_name_typed_and_enter_adds_that_one_municipality(page, server):
    """«Øyer» and Enter picked «Select all» of its fuzzy matches: three municipalities."""
    open_app(page, server, "/utvikling?kommune=3324&indikator=vaksine_mmr_2ar")
    compare_box(page).click()
    page.keyboard.type("Øyer")
    expect(page.get_by_role("option").first).to_be_visible()  # what the user sees before Enter
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("sammenlign="), timeout=30_000)
    wait_for_app(page)
    assert query(page)["sammenlign"] == "3440"
    chosen = page.get_by_role("button", name=re.compile("Øyer"))
    expect(chosen).to_have_count(1)
    compare_box(page).click()
    page.keyboard.type("Flå")
    expect(page.get_by_role("option", name=re.compile("Flå"))).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("sammenlign=3440(%2C|,)3320"), timeout=30_000)
    wait_for_app(page)
    assert query(page)["sammenlign"] == "3440,3320"  # the next name joins the list, the first stays
    screenshot(page, "utvikling-sammenlign-oyer")
    chosen.click()  # a click on a chosen name removes it
    page.wait_for_url(lambda url: "3440" not in url, timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("button", name=re.compile("Øyer"))).to_have_count(0)


def test_a_date_typed_and_enter_is_applied_at_once(page, server):
    """Applied with the focus still in the field: nothing else is clicked or tabbed to."""
    open_app(page, server, "/")
    field = page.locator('[data-testid="stSelectbox"]').filter(has_text="Dato").locator("input")
    field.click()
    page.keyboard.type("01.03.2009")
    expect(page.get_by_role("option", name="01.03.2009")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("dato=2009-03-01"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("Status 01.03.2009"))).to_be_visible()
    screenshot(page, "temastatus-dato-skrevet")
