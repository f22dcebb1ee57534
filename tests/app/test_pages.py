"""Every page in the navigation, in AppTest: it runs, shows real values and labels example data."""

from __future__ import annotations

from datetime import date

import pytest

import pandas as pd

from kommunedata import queries
from kommunedata.config import DATA_DIR
from tests.app.conftest import PAGES, chart_data, chosen, metrics, open_app, open_page, url


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_without_exception(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def _places(at) -> list[str]:
    """The page's top-level elements, by kind, in order; a notice and its empty place are one kind."""
    kinds = [f"{type(node).__name__}:{getattr(node, 'type', '')}" for node in at.main.children.values()]
    return ["notice" if kind in ("UnknownElement:empty", "Warning:warning", "Info:info") else kind for kind in kinds]


@pytest.mark.parametrize("page, name, first, second, differs", [
    # Lindesnesregionen has no network mean (too few values), Hallingdal has; Oslo was in no network, Bergen was
    ("nettverk", "nettverk", "hallingdal", "lindesnesregionen", "a reference not drawn"),
    ("utvikling", "kommune", "4601", "0301", "the note on being in no network"),
])
def test_elements_keep_their_places_between_views(page, name, first, second, differs):
    """A note only some views have stands in a place of its own, so choosing another network or
    municipality leaves every element after it in its place: the browser updates the charts and tables
    instead of building them anew (a caption that came and went shifted all of them)."""
    at = open_page(page, **{name: first}, dato="2007-08-28", indikator="vaksine_mmr_2ar", indikatorer="ingen")
    before = _places(at)
    captions = [c.value for c in at.caption]
    at.selectbox(key=f"_w_{name}").set_value(second).run()
    assert not at.exception
    assert _places(at) == before
    assert [c.value for c in at.caption] != captions, f"the two views differ in {differs}"


def test_selections_survive_switching_pages():
    at = open_app(dato="2008-01-01", tema="klima_energi")
    at.switch_page(PAGES["kart"]).run()
    assert at.selectbox(key="_w_dato").value == date(2008, 1, 1)
    assert chosen(at, "tema") == ["klima_energi"]
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
    assert (catalogue["Type"] == "Eksempeldata").sum() == expected_examples == 9  # farmland's example gave way
    assert (catalogue["Type"] == "Reelle data").sum() == 20  # 8 from SSB and FHI, 12 from data/importfiler
