"""«Importer data» in a real browser: the password, an uploaded CSV previewed and confirmed and then
shown on «Utvikling over tid», and the programme workbook round trip (download, upload, real data)."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import start_server
from tests.e2e.helpers import exceptions, nav_link, open_app, query, screenshot, wait_for_app

PASSWORD = "riktig-hest-batteri"


@pytest.fixture(scope="module")
def import_server(db_path, chromium_path, tmp_path_factory):
    """A server of its own, with importing switched on, over a copy of the database it may change."""
    folder = tmp_path_factory.mktemp("import_server")
    live = folder / "livskraft.duckdb"
    shutil.copy(db_path, live)
    process, base = start_server(live, LIVSKRAFT_IMPORTS=str(folder / "import"), LIVSKRAFT_IMPORT_PASSWORD=PASSWORD)
    yield base
    process.terminate()
    log = process.stdout.read().decode(errors="replace")
    assert PASSWORD not in log  # never in a log


def unlock(page, base: str) -> None:
    open_app(page, base, "/importer")
    page.get_by_label("Importpassord").fill(PASSWORD)
    page.get_by_role("button", name="Lås opp").click()
    expect(page.get_by_text("Hva vil du importere?")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert PASSWORD not in page.url


def shown(text: str) -> re.Pattern:
    """`text` as the page shows it: escaped Markdown keeps an invisible word joiner after a colon."""
    return re.compile(re.escape(text).replace(":", ":\u2060?"))


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_a_wrong_password_shows_nothing(page, import_server):
    open_app(page, import_server, "/importer")
    expect(nav_link(page, "Importer data")).to_be_visible()
    page.get_by_label("Importpassord").fill("gjetning")
    page.get_by_role("button", name="Lås opp").click()
    expect(page.get_by_text("Feil passord.")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_text("Hva vil du importere?")).to_have_count(0)
    expect(page.get_by_label("Importpassord")).to_have_value("")  # the form forgets what was typed
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    assert "gjetning" not in page.url and not query(page)


def test_an_uploaded_csv_is_previewed_confirmed_and_shown_over_time(page, import_server, tmp_path):
    csv = tmp_path / "jordbruksareal.csv"
    csv.write_text('"region";"år";"Jordbruksareal (dekar)"\n"3005 Drammen";"2020";"12 500"\n'
                   '"3005 Drammen";"2021";"12 300"\n"0301 Oslo";"2021";"8 100"\n', encoding="utf-8")
    unlock(page, import_server)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(csv))
    page.get_by_role("textbox", name="Indikator-id *").fill("jordbruksareal")
    page.get_by_role("textbox", name="Navn", exact=True).fill("Jordbruksareal")
    page.get_by_role("textbox", name="Enhet", exact=True).fill("dekar")
    page.get_by_role("textbox", name="Kilde", exact=True).fill("SSB tabell 11506")
    choose(page, "Tema", "Areal")
    choose(page, "Retning", "Nøytral")
    choose(page, "Slås sammen ved kommunesammenslåing", "Summeres (antall, areal, utslipp)")
    page.get_by_role("button", name="Forhåndsvis (prøvekjøring)").click()
    preview = page.locator('[data-testid="stAlert"]').filter(has_text="Prøvekjøring")
    expect(preview).to_contain_text("3 verdier for 2 kommuner, 2020–2021")
    expect(preview).to_contain_text(shown("Nye: 3 · endrede: 0 · uendrede: 0 · fjernes: 0"))
    screenshot(page, "importer-forhandsvisning")

    page.get_by_role("button", name=re.compile("Importer indikatoren «jordbruksareal»")).click()
    expect(page.get_by_text(shown("Skrevet til databasen."))).to_be_visible(timeout=30_000)
    wait_for_app(page)
    page.get_by_role("link", name=re.compile("i Utvikling over tid")).click()
    page.wait_for_url(re.compile("/utvikling"), timeout=30_000)
    wait_for_app(page)
    assert query(page)["indikator"] == "jordbruksareal" and query(page)["kommune"] == "3301"  # one with figures
    page.get_by_role("combobox", name="Kommune (skriv navn eller nummer, også gamle)").click()
    page.keyboard.type("Drammen")
    page.get_by_role("option", name="Drammen (3301)").click()
    page.wait_for_url(re.compile("kommune=3301"), timeout=30_000)
    wait_for_app(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart).to_have_attribute("aria-label", re.compile("Jordbruksareal"))
    expect(chart.locator("text").filter(has_text=re.compile("^12\u00a0[35]00$"))).not_to_have_count(0)
    expect(exceptions(page)).to_have_count(0)


def test_the_programme_workbook_goes_out_and_comes_back_as_real_data(page, import_server, tmp_path):
    unlock(page, import_server)
    page.get_by_text("Programmet (nettverk, temaer og medlemmer)").click()
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned malen (programmet slik det er nå)").click()
    workbook = tmp_path / "programmet.xlsx"
    download.value.save_as(workbook)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
    page.get_by_role("textbox", name="Hvor kommer programmet fra?").fill("KS, deltakerliste (test)")
    page.get_by_role("button", name="Forhåndsvis (prøvekjøring)").click()
    preview = page.locator('[data-testid="stAlert"]').filter(has_text="Prøvekjøring")
    expect(preview).to_contain_text(shown("Nettverk: nye 0 · endrede 0 · uendrede 40 · fjernes 0"))
    expect(preview).to_contain_text("kommuner med vedtak 128 → 128")
    page.get_by_role("button", name=re.compile("Importer programmet")).click()
    expect(page.get_by_text(shown("Skrevet til databasen."))).to_be_visible(timeout=30_000)

    open_app(page, import_server, "/")
    expect(page.get_by_text("Nettverkene og medlemskapene er generert")).to_have_count(0)  # no example notice
    expect(page.get_by_text(shown("Nettverk og medlemskap: KS, deltakerliste (test), importert"))).to_be_visible()
    open_app(page, import_server, "/om-dataene")
    expect(page.get_by_text(shown("Nettverk og medlemskap: KS, deltakerliste (test)"))).to_be_visible()
    expect(exceptions(page)).to_have_count(0)
