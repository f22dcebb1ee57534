"""«Importer data» behind its password, and an imported programme labelled as real data on every page."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from kommunedata import build as build_module
from kommunedata.importer import export_programme, import_programme
from kommunedata.ui import pages
from tests.app.conftest import APP, PAGES, open_app, open_page

IMPORTER = pages.file("importer")


def plain(markdown: str) -> str:
    """Escaped Markdown as it reads: no backslashes, no invisible word joiners."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def importer_page(at):
    at.switch_page(IMPORTER)
    return at.run()


def test_without_a_password_configured_the_page_is_not_in_the_menu(monkeypatch):
    monkeypatch.delenv("LIVSKRAFT_IMPORT_PASSWORD", raising=False)
    at = open_app()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(IMPORTER)


def _app_with_password(secret: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["import_password"] = secret
    return at.run()


def test_a_wrong_password_shows_nothing():
    at = importer_page(_app_with_password("hemmelig"))
    assert [t.label for t in at.text_input] == ["Importpassord"]
    at.text_input[0].input("gjetning")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Feil passord. Ingenting er vist eller endret."]
    assert not at.radio and not at.get("file_uploader") and not at.get("download_button")
    assert [t.label for t in at.text_input] == ["Importpassord"]
    assert "gjetning" not in str(dict(at.query_params))


def test_the_right_password_opens_the_import_forms(monkeypatch):
    monkeypatch.setenv("LIVSKRAFT_IMPORT_PASSWORD", "fra-miljoet")  # the environment works as well as secrets
    at = importer_page(open_app())
    at.text_input[0].input("fra-miljoet")
    at.button[0].click().run()
    assert not at.error and not at.exception
    assert at.radio[0].label == "Hva vil du importere?"
    assert {"Indikator-id *", "Navn", "Enhet", "Kilde"} <= {t.label for t in at.text_input}
    assert len(at.get("file_uploader")) == 1
    assert not dict(at.query_params)  # nothing of the import, let alone the password, in the URL
    at.radio[0].set_value("program").run()
    assert [t.label for t in at.text_input] == ["Hvor kommer programmet fra?"]
    assert [b.proto.label for b in at.get("download_button")] == ["Last ned malen (programmet slik det er nå)"]
    at.run()  # the session stays unlocked
    assert at.radio


@pytest.fixture
def imported_programme(db_path, tmp_path, monkeypatch):
    """A database whose programme came from a workbook (the example programme, renamed network)."""
    live = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, live)
    monkeypatch.setenv("LIVSKRAFT_IMPORTS", str(tmp_path / "import"))
    monkeypatch.setenv("LIVSKRAFT_DB", str(live))
    workbook = tmp_path / "nettverkene.xlsx"
    workbook.write_bytes(export_programme(live))
    import_programme(workbook, live, "KS, deltakerliste 2009")
    assert not build_module.ensure_database(live)
    return live


def test_an_imported_programme_is_not_called_example_data(imported_programme):
    at = open_app()
    assert not [i for i in at.info if "Nettverkene og medlemskapene er generert" in i.value]
    caption = [plain(c.value) for c in at.caption if "Nettverk og medlemskap:" in plain(c.value)]
    assert len(caption) == 1 and "KS, deltakerliste 2009" in caption[0] and "nettverkene.xlsx" in caption[0]
    assert {m.label: m.value for m in at.metric}["Kommuner med vedtak"] == "128"
    at.switch_page(PAGES["nettverk"]).run()
    assert not [i for i in at.info if "Nettverkene og medlemskapene er generert" in i.value]
    at.switch_page(PAGES["om_dataene"]).run()
    text = plain(" ".join(m.value for m in at.markdown))
    assert "Reelle data" in text and "KS, deltakerliste 2009" in text
    assert "Slik er eksempelnettverkene laget" not in text
    sources = at.dataframe[0].value.set_index("Kilde")
    assert sources.loc["Nettverk, temaer og medlemmer", "Type"] == "Reelle data"
    with duckdb.connect(str(imported_programme), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM network WHERE is_example").fetchone()[0] == 0


def test_the_example_programme_says_so_and_offers_the_template():
    at = open_page("om_dataene")
    text = " ".join(m.value for m in at.markdown)
    assert "ikke reelt" in text
    assert "Last ned programmet (Excel-mal)" in [b.proto.label for b in at.get("download_button")]


def test_presentation_mode_names_an_imported_programme(imported_programme):
    at = open_app(presentasjon="1")
    footer = [plain(c.value) for c in at.caption if "Lysbilde 1 av" in plain(c.value)]
    assert len(footer) == 1 and "KS, deltakerliste 2009" in footer[0] and "Eksempeldata" not in footer[0]


def test_a_refusal_names_the_fields_of_the_form_not_the_flags():
    from kommunedata.ui.importing import _as_fields

    assert _as_fields("«x» er en ny indikator: oppgi --name, --unit, --theme, --polarity, --aggregation, --source.") == (
        "«x» er en ny indikator: oppgi «Navn», «Enhet», «Tema», «Retning», «Slås sammen ved kommunesammenslåing», "
        "«Kilde».")
    assert _as_fields("bruk --per-inhabitant-unit og --per-inhabitant") == (
        "bruk «Enhet per innbygger» og «Også per innbygger, med id»")
