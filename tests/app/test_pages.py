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
    assert url(at) == {"dato": "2008-01-01", "tema": "klima_energi"}
    at.switch_page(PAGES["om_dataene"]).run()
    assert url(at) == {}
    at.switch_page(PAGES["temastatus"]).run()
    assert url(at) == {"dato": "2008-01-01", "tema": "klima_energi"}
    assert metrics(at)["Kommuner med vedtak"] == metrics(open_app(dato="2008-01-01", tema="klima_energi"))["Kommuner med vedtak"]


def test_trend_page_shows_the_harmonised_series():
    at = open_page("utvikling", kommune="3301", indikator="folkemengde")
    data = chart_data(at, 0).set_index("year")["value"]
    published = pd.read_csv(DATA_DIR / "indikatorer" / "folkemengde_2024grenser.csv", dtype={"kommunenummer": str})
    drammen = published[published["kommunenummer"] == "3301"].set_index("aar")["folkemengde"]
    assert data.to_dict() == drammen.to_dict()  # SSB's figures on 2024 borders, 2005-2026
    assert (data[2005], len(data)) == (85_111, 22)
    assert not at.warning  # real data: no example label
    assert not any("Hule punkter" in caption.value for caption in at.caption)  # no estimates for Drammen


def test_trend_page_marks_estimates_across_a_split():
    at = open_page("utvikling", kommune="1580", indikator="folkemengde")  # Haram, merged into Ålesund 2020-2023
    data = chart_data(at, 0).set_index("year")
    assert data.loc[data["is_estimate"]].index.tolist() == [2020, 2021, 2022, 2023]
    assert set(data.loc[data["is_estimate"], "note"]) == {"Anslag"}
    assert data.loc[2019, "value"] == 9_383
    assert any("Hule punkter er anslag" in caption.value for caption in at.caption)


def test_trend_page_follows_an_old_code_to_todays_municipality():
    at = open_page("utvikling", kommune="1556", indikator="folkemengde")  # Frei, merged into Kristiansund 2008
    assert any("Frei (1556) er i dag en del av Kristiansund (1505)" in info.value for info in at.info)
    assert url(at)["kommune"] == "1505"
    assert not at.exception


def test_trend_page_names_every_part_of_a_split_municipality():
    at = open_page("utvikling", kommune="1613", indikator="folkemengde")  # Snillfjord, split three ways 2020
    notice = next(info.value for info in at.info if "Snillfjord (1613)" in info.value)
    assert "fordelt på Heim (5055), Hitra (5056) og Orkland (5059)" in notice
    assert url(at)["kommune"] == "5055"
    old_haram = open_page("utvikling", kommune="1534", indikator="folkemengde")
    assert any("Haram har i dag kommunenummer 1580 (tidligere 1534)" in info.value for info in old_haram.info)
    old_alesund = open_page("utvikling", kommune="1504", indikator="folkemengde")  # merged with three others
    assert any("Ålesund (1504) er i dag en del av Ålesund (1508)" in info.value for info in old_alesund.info)


def test_trend_page_labels_example_indicators():
    at = open_page("utvikling", kommune="0301", indikator="klimagass_per_innbygger")
    assert any("Eksempeldata" in w.value for w in at.warning)
    assert set(chart_data(at, 0)["note"]) == {"Eksempeldata"}  # the tooltip of every point says so


def test_map_draws_member_points_offline(db):
    import json

    at = open_page("kart", dato="2007-08-28")
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "mapProvider" not in deck  # no basemap provider: nothing is fetched from the internet
    members = next(layer for layer in deck["layers"] if layer["id"] == "members")
    assert len(members["data"]) == 168
    assert any("Eksempeldata" in info.value for info in at.info)


def test_about_page_names_sources_and_marks_example_indicators(db):
    at = open_page("om_dataene")
    sources, catalogue = at.dataframe[0].value, at.dataframe[1].value
    assert "Statistisk sentralbyrå (SSB)" in set(sources["Utgiver"])
    assert "NLOD" in set(sources["Lisens"])
    expected_examples = int(queries.indicators(db)["is_example"].sum())
    assert (catalogue["Type"] == "Eksempeldata").sum() == expected_examples == 10
    assert (catalogue["Type"] == "Reelle data").sum() == 8
