"""Every page offers its view as a link and its tables and charts as files."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_app, open_page


def downloads(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def copied_link(at) -> str:
    """«Kopier lenke» pressed: the link its dialog shows (made only on the click, not on every run)."""
    assert not at.code
    at.button(key="_share_link_asked").click().run()
    assert not at.exception
    links = [code.value for code in at.code]
    assert len(links) == 1
    return links[0]


@pytest.mark.parametrize("page, params, expected", [
    ("temastatus", {}, {"Last ned tabellen (CSV for Excel)": 1, "Excel (.xlsx)": 1, "SVG (for rapporter)": 4,
                        "PNG (for lysbilder)": 4}),
    ("nettverk", {"nettverk": "hallingdal"}, {"Last ned medlemslisten (CSV for Excel)": 1,
                                              "Last ned oversikten (CSV for Excel)": 1,
                                              "Last ned tabellen (CSV for Excel)": 1,
                                              "Last ned referansene (CSV for Excel)": 1, "Excel (.xlsx)": 4,
                                              "SVG (for rapporter)": 1, "PNG (for lysbilder)": 1}),
    ("utvikling", {"kommune": "0301", "indikator": "folkemengde", "indikatorer": "andel_80_pluss"},
     {"Last ned tallene (CSV for Excel)": 2, "Excel (.xlsx)": 2, "SVG (for rapporter)": 2, "PNG (for lysbilder)": 2}),
    ("kart", {"farge": "indikator", "indikator": "bebygd_areal"}, {"Last ned tabellen (CSV for Excel)": 1,
                                                                   "Excel (.xlsx)": 1}),
    ("om_dataene", {}, {"Last ned indikatorlisten (CSV for Excel)": 1, "Excel (.xlsx)": 1}),
])
def test_every_page_offers_its_downloads(page, params, expected):
    at = open_page(page, **params)
    assert not at.exception
    labels = downloads(at)
    assert {label: labels.count(label) for label in expected} == expected


@pytest.mark.parametrize("page, params", [
    ("temastatus", {"dato": "2008-06-01", "tema": "klima_energi", "fylke": "08"}),
    ("nettverk", {"nettverk": "hallingdal", "indikator": "vaksine_mmr_2ar", "aar": "2010", "basisaar": "2008"}),
    ("utvikling", {"kommune": "3301", "indikator": "folkemengde", "sammenlign": "0301", "indeks": "2010",
                   "glidende": "1"}),
    ("kart", {"farge": "indikator", "indikator": "bebygd_areal", "aar": "2019", "kommune": "4003"}),
])
def test_the_copied_link_holds_every_selection(page, params):
    at = open_page(page, **params)
    link = copied_link(at)
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    for name, value in params.items():
        assert query[name] == value.replace(",", ",")


def test_a_page_without_selections_links_to_itself():
    at = open_app()
    assert copied_link(at).endswith("?dato=2007-08-28")  # the default date is written too
    at.run()
    assert not at.code  # the dialog is not opened again by the next run


def test_the_link_follows_a_change_made_after_the_page_opened():
    at = open_page("nettverk", nettverk="hallingdal", indikator="vaksine_mmr_2ar")
    at.selectbox(key="_w_indikator").set_value("folkemengde").run()
    at.selectbox(key="_w_basisaar").set_value(2009).run()
    link = copied_link(at)
    assert "indikator=folkemengde" in link and "basisaar=2009" in link and "nettverk=hallingdal" in link


@pytest.mark.parametrize("page, params", [
    ("temastatus", {"dato": "2008-06-01", "tema": "klima_energi", "fylke": "08"}),
    ("nettverk", {"nettverk": "hallingdal", "indikator": "vaksine_mmr_2ar", "aar": "2010", "basisaar": "2008"}),
    ("utvikling", {"kommune": "3301", "indikator": "folkemengde", "indikatorer": "andel_80_pluss",
                   "sammenlign": "0301", "indeks": "2010", "glidende": "1"}),
    ("kart", {"farge": "indikator", "indikator": "bebygd_areal", "aar": "2019", "kommune": "4003"}),
])
def test_every_selection_survives_a_visit_to_another_page(page, params):
    from tests.app.conftest import PAGES, url

    at = open_page(page, **params)
    assert {name: url(at).get(name) for name in params} == params
    at.switch_page(PAGES["om_dataene"]).run()
    assert url(at) == {}  # a page without selections shows none
    at.switch_page(PAGES[page]).run()
    assert {name: url(at).get(name) for name in params} == params  # shared ones followed, local ones came back
