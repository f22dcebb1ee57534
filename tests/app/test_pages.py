"""Every page in the navigation, in AppTest: it runs, shows real values and labels example data."""

from __future__ import annotations

from datetime import date

import pytest

import pandas as pd

from kommunedata import queries
from kommunedata.config import DATA_DIR
from tests.app.conftest import PAGES, chart_data, metrics, open_app, open_page, url


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_without_exception(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_selections_survive_switching_pages():
    at = open_app(dato="2008-01-01", tema="klima_energi")
    at.switch_page(PAGES["kart"]).run()
    assert at.date_input(key="_w_dato").value == date(2008, 1, 1)
    assert at.multiselect(key="_w_tema").value == ["klima_energi"]
    assert {k: url(at)[k] for k in ("dato", "tema")} == {"dato": "2008-01-01", "tema": "klima_energi"}
    assert url(at)["farge"] == "nettverk"  # the map's own choice
    at.switch_page(PAGES["om_dataene"]).run()
    assert url(at) == {}
    at.switch_page(PAGES["temastatus"]).run()
    assert url(at) == {"dato": "2008-01-01", "tema": "klima_energi"}
    assert metrics(at)["Kommuner med vedtak"] == metrics(open_app(dato="2008-01-01", tema="klima_energi"))["Kommuner med vedtak"]


def test_about_page_names_sources_and_marks_example_indicators(db):
    at = open_page("om_dataene")
    sources, catalogue = at.dataframe[0].value, at.dataframe[1].value
    assert "Statistisk sentralbyrå (SSB)" in set(sources["Utgiver"])
    assert "NLOD" in set(sources["Lisens"])
    expected_examples = int(queries.indicators(db)["is_example"].sum())
    assert (catalogue["Type"] == "Eksempeldata").sum() == expected_examples == 10
    assert (catalogue["Type"] == "Reelle data").sum() == 12  # 8 from SSB and FHI, 4 from data/importfiler
