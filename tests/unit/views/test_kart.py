"""Kart's view on a hand-made map of three municipalities: what each looks like and says in each colour
mode, the legend, the table, the year an indicator map shows, and the side panel with its download."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import mapping, rules, views
from kommunedata.indicators import Coverage, Indicator
from kommunedata.text import EXAMPLE_PROGRAMME_SOURCE, plain
from kommunedata.views.common import ProgrammeOrigin

D = pd.Timestamp
ON = date(2007, 8, 28)
THEME_NAMES = {"klima_energi": "Klima og energi", "folkehelse": "Folkehelse"}


def _programme() -> rules.Programme:
    """Alfa (established) has Gamleby and Nyby, which merged into Storby; Beta (being established) has
    Fjellby, pending, which today has a new number."""
    networks = pd.DataFrame({"network_id": ["a", "b"], "name": ["Alfa", "Beta"],
                             "created_on": [D("2006-03-01"), D("2007-01-01")],
                             "established_on": [D("2006-09-01"), pd.NaT], "is_example": True,
                             "county_code": ["01", "01"], "county_name": ["Østfold", "Østfold"]})
    themes = pd.DataFrame({"network_id": ["a", "b"], "theme_id": ["klima_energi", "folkehelse"],
                           "chosen_on": [D("2006-03-01"), D("2007-01-01")]})
    memberships = pd.DataFrame({
        "network_id": ["a", "a", "b"], "municipality_code": ["0101", "0102", "0103"],
        "municipality_name": ["Gamleby", "Nyby", "Fjellby"],
        "joined_on": [D("2006-03-01"), D("2006-04-01"), D("2007-01-01")],
        "decision_on": [D("2006-05-01"), D("2006-06-01"), pd.NaT], "left_on": pd.NaT,
    })
    return rules.Programme(networks, themes, memberships)


SUCCESSORS = pd.DataFrame({"successor_code": ["3101", "3101", "3103"]},
                          index=pd.Index(["0101", "0102", "0103"], name="code"))


def _square(code: str, name: str, west: float) -> dict:
    ring = [[west, 59.0], [west + 1, 59.0], [west + 1, 60.0], [west, 60.0], [west, 59.0]]
    return {"type": "Feature", "properties": {"code": code, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


SHAPES = {"type": "FeatureCollection",  # three squares side by side: Storby borders Fjellby, Fjellby Ødeby
          "features": [_square("3101", "Storby", 10.0), _square("3103", "Fjellby", 11.0), _square("3104", "Ødeby", 12.0)]}
GEOMETRY = mapping.geometry(SHAPES)
SHARE = Indicator("gjenvunnet", "Andel gjenvunnet", "prosent", "higher_better", "weighted_mean", 1, False, "Testkilde")


def _map(mode: str, theme_ids=(), successors=SUCCESSORS, **indicator) -> views.kart.MapView:
    return views.kart.map_view(_programme(), successors, SHAPES, GEOMETRY, THEME_NAMES, ON, list(theme_ids), mode,
                               **indicator)


def _fills(view: views.kart.MapView) -> dict[str, list[int]]:
    return {row["code"]: row["fill"] for row in view.polygons}


def test_the_networks_map_colours_each_network_and_says_who_took_part():
    view = _map("nettverk")
    alfa, beta = mapping.PALETTE[0], mapping.PALETTE[1]  # neighbouring networks: two colours
    assert _fills(view) == {"3101": [*alfa, mapping.DECIDED_ALPHA], "3103": [*beta, mapping.PENDING_ALPHA],
                            "3104": [*mapping.NOT_MEMBER, 255]}
    assert view.facts == {
        "3101": "Storby (3101)\nMedlem: Gamleby (0101), Nyby (0102)\nNettverk: Alfa\nTema: Klima og energi\n"
                "Status: vedtak fattet",
        "3103": "Fjellby (3103)\nMedlem: Fjellby (0103)\nNettverk: Beta\nTema: Folkehelse\nStatus: forbereder vedtak",
        "3104": "Ødeby (3104)",
    }
    assert [row["tooltip"] for row in view.polygons] == list(view.facts.values())
    assert view.legend == [([*alfa, 235], "Alfa"), ([*beta, 235], "Beta"),
                           ([*mapping.PALETTE[4], 120], "Lysere farge: forbereder vedtak"),
                           ([*mapping.NOT_MEMBER, 255], "Ikke med")]
    assert view.table.to_dict("records") == [
        {"Kommune (2024)": "Storby", "Kommunenummer": "3101", "Medlemmer (slik de var)": "Gamleby, Nyby",
         "Nettverk": "Alfa", "Status": "vedtak fattet", "Tema": "Klima og energi"},
        {"Kommune (2024)": "Fjellby", "Kommunenummer": "3103", "Medlemmer (slik de var)": "Fjellby",
         "Nettverk": "Beta", "Status": "forbereder vedtak", "Tema": "Folkehelse"},
    ]  # members only: Ødeby took no part
    assert (view.members_then, view.lit, view.national, view.focus) == (3, 2, None, None)
    # a degree apart is too close over the whole country: the network with most members keeps its name
    assert [label["name"] for label in view.labels] == ["Alfa"]
    assert view.note.startswith("Over hele landet står navnene der det er plass")
    assert view.summary == "28.08.2007: 3 kommuner (slik de var) tar del, i 2 av dagens kommuner og 2 nettverk."


def test_a_county_map_fits_the_county_and_names_its_networks_where_they_are():
    view = views.kart.map_view(_programme(), SUCCESSORS, SHAPES, GEOMETRY, THEME_NAMES, ON, [], "nettverk",
                               within={"3101", "3104"})
    assert [row["Kommune (2024)"] for row in view.table.to_dict("records")] == ["Storby"]  # Fjellby is outside
    assert {point[0] for point in view.focus} == {10.0, 11.0, 12.0, 13.0}  # Storby's and Ødeby's squares
    # each network's name at the middle of its members' centres (one member each here)
    assert [(label["name"], label["p"]) for label in view.labels] == [
        ("Alfa", list(GEOMETRY.centres["3101"])), ("Beta", list(GEOMETRY.centres["3103"]))]
    assert view.note is None


def test_a_municipality_holding_members_of_two_networks_is_drawn_as_several():
    merged = pd.DataFrame({"successor_code": ["3101", "3101", "3101"]}, index=SUCCESSORS.index)  # all in Storby
    view = _map("nettverk", successors=merged)
    assert _fills(view)["3101"] == [*mapping.SEVERAL, mapping.DECIDED_ALPHA]
    assert ([*mapping.SEVERAL, mapping.DECIDED_ALPHA], "Flere nettverk i én kommune i dag") in view.legend
    assert view.facts["3101"].splitlines()[2:] == ["Nettverk: Alfa, Beta", "Tema: Folkehelse, Klima og energi",
                                                   "Status: vedtak fattet, forbereder vedtak"]
    assert (view.members_then, view.lit) == (3, 1)


def test_the_themes_map_lights_the_members_of_networks_with_the_themes():
    view = _map("tema", ["klima_energi"])
    assert _fills(view) == {"3101": [*mapping.PALETTE[4], 235], "3103": [*mapping.NOT_MEMBER, 255],
                            "3104": [*mapping.NOT_MEMBER, 255]}
    assert view.legend == [([*mapping.PALETTE[4], 235], "Nettverket arbeider med Klima og energi"),
                           ([*mapping.NOT_MEMBER, 255], "Ikke med")]  # nobody pending among them
    assert view.table["Kommunenummer"].tolist() == ["3101"] and view.note is None
    assert view.summary == ("28.08.2007: 2 kommuner (slik de var) tar del i nettverk som arbeider med Klima og energi, "
                            "i 1 av dagens kommuner og 1 nettverk.")
    every = _map("tema")
    assert every.note.startswith("Velg ett eller flere tema") and every.lit == 2
    assert every.legend[0][1] == "Nettverket arbeider med alle tema"


def test_the_indicator_map_colours_by_value_and_shows_a_part_of_the_country_alone():
    values = pd.DataFrame({"municipality_code": ["3101", "3103", "3104"], "value": [10.0, 20.0, float("nan")]})
    view = _map("indikator", indicator=SHARE, values=values, national=None, coverage="tall for 2 av 3 kommuner")
    # no national figure: classes by quantiles of 10 and 20 (12, 14, 16, 18), light to dark
    assert _fills(view) == {"3101": [*mapping.SEQUENTIAL[0], 235], "3103": [*mapping.SEQUENTIAL[4], 235],
                            "3104": [*mapping.NO_VALUE, 160]}
    assert view.facts["3104"] == "Ødeby (3104)\nAndel gjenvunnet: ingen tall"
    assert view.facts["3101"].splitlines()[-1] == "Andel gjenvunnet: 10,0 prosent"
    assert [label for _colour, label in view.legend] == ["under 12,0", "12,0–14,0", "14,0–16,0", "16,0–18,0",
                                                         "18,0 og over", "Ingen tall"]
    column = view.table.set_index("Kommunenummer")["Andel gjenvunnet (prosent)"]
    assert column["3101"] == 10.0 and column["3103"] == 20.0 and pd.isna(column["3104"])  # every municipality
    assert view.note == ("Andel gjenvunnet: tall for 2 av 3 kommuner; de andre kommunene er grå (ingen tall), og det "
                         "er ikke regnet noe tall for hele landet.")
    assert sorted({tuple(point) for point in view.focus}) == [(10.0, 59.0), (10.0, 60.0), (11.0, 59.0), (11.0, 60.0),
                                                              (12.0, 59.0), (12.0, 60.0)]  # Storby and Fjellby
    assert view.summary == ("Andel gjenvunnet: 2 kommuner har tall; høyest i Fjellby (20,0 prosent), lavest i Storby "
                            "(10,0 prosent).")
    with_country = _map("indikator", indicator=SHARE, values=values, national=15.0, coverage="tall for 2 av 3 kommuner")
    assert with_country.national == 15.0 and with_country.focus is None and with_country.note.endswith("(ingen tall).")


def test_the_country_is_worked_out_only_where_enough_of_it_has_figures():
    values = pd.DataFrame({"municipality_code": ["3101", "3103", "3104"], "value": [10.0, 20.0, float("nan")]})
    population = pd.DataFrame({"municipality_code": ["3101", "3103", "3104"], "value": [100.0, 300.0, 50.0]})
    whole = Coverage(3, 3)
    assert views.kart.national_value(SHARE, whole, values, population, None) == pytest.approx(17.5)  # weighted
    assert views.kart.national_value(SHARE, whole, values, population, 15.0) == 15.0  # the publisher's own
    count = Indicator("avtaler", "Avtaler", "antall", "higher_better", "sum", 0, False, "Kilde")
    assert views.kart.national_value(count, whole, values, population, None) == pytest.approx(15.0)  # 30 over 2
    part = Coverage(2, 357, "Telemark")
    assert views.kart.national_value(SHARE, part, values, population, None) is None
    assert views.kart.national_value(SHARE, part, values, population, 15.0) == 15.0
    nothing = values.assign(value=float("nan"))
    assert views.kart.national_value(SHARE, whole, nothing, population, 15.0) is None


def test_an_indicator_map_shows_the_year_asked_for_where_there_are_figures():
    assert views.kart.indicator_year(2017, 2022, 2019) == views.kart.IndicatorYear(
        2019, [2022, 2021, 2020, 2019, 2018, 2017], 2022, None)
    assert views.kart.indicator_year(2017, 2022, 2017).year == 2017  # the ends are in
    assert views.kart.indicator_year(2017, 2022, 2022).note is None
    before = views.kart.indicator_year(2017, 2022, 2007)
    assert (before.year, before.note) == (2022, "Indikatoren har tall for 2017–2022: kartet viser 2022.")
    assert views.kart.indicator_year(2017, 2022, 2030).year == 2022
    unasked = views.kart.indicator_year(2017, 2022, None)
    assert (unasked.year, unasked.note, unasked.latest) == (2022, None, 2022)
    assert views.kart.indicator_year(2009, 2009, 2008) == views.kart.IndicatorYear(
        2009, [2009], 2009, "Indikatoren har tall for 2009–2009: kartet viser 2009.")


def test_the_side_panel_and_the_download_name_what_the_map_holds():
    alfa = pd.DataFrame({"joined_on": [D("2006-03-01")], "decision_on": [D("2006-05-01")],
                         "members": [["Gamleby", "Nyby"]], "network_name": ["Alfa"]},
                        index=pd.Index(["a"], name="network_id"))
    example = views.kart.page(_map("nettverk"), "3101", "nettverk", ON, None, None, alfa, ProgrammeOrigin(True))
    assert (example.code, plain(example.name), plain(example.trend_link)) == ("3101", "Storby", "Storby over tid")
    assert [(plain(label), network_id) for label, network_id in example.networks] == [("Nettverket Alfa", "a")]
    assert example.indicator is None and example.national is None and plain(example.note).startswith("Over hele landet")
    assert example.table.name == "livskraft-kart-nettverk-eksempeldata-2007-08-28"
    assert example.table.example and example.table.source == EXAMPLE_PROGRAMME_SOURCE
    assert example.table.title == "Kart: nettverk 28.08.2007"

    real = ProgrammeOrigin(False, "KS 2009")
    values = pd.DataFrame({"municipality_code": ["3101", "3103", "3104"], "value": [10.0, 20.0, float("nan")]})
    view = _map("indikator", indicator=SHARE, values=values, national=15.0)
    shown = views.kart.page(view, "3104", "indikator", ON, SHARE, 2009, alfa.iloc[0:0], real)
    assert plain(shown.indicator) == "**Andel gjenvunnet 2009** (prosent)"
    assert plain(shown.national) == "Hele landet: 15,0. Blått er bedre, rødt svakere."
    assert shown.networks == [] and shown.table.name == "livskraft-kart-indikator-gjenvunnet-2009-2007-08-28"
    assert not shown.table.example and shown.table.source == "Testkilde; nettverk og medlemskap: KS 2009"
    assert shown.table.decimals == 1 and shown.table.title == "Kart: Andel gjenvunnet 2009, 28.08.2007"
    generated = Indicator("gjenvunnet", "Andel gjenvunnet", "prosent", "neutral", "sum", 0, True, "Livskraft")
    tagged = views.kart.page(view, "3104", "indikator", ON, generated, 2009, alfa.iloc[0:0], real)
    assert tagged.table.example and tagged.table.name == "livskraft-kart-indikator-gjenvunnet-2009-eksempeldata-2007-08-28"
    assert plain(tagged.national) == "Hele landet, snitt per kommune: 15."  # neutral: no colour meaning


def test_an_indicator_map_opens_on_an_indicator_of_the_chosen_themes():
    catalogue = pd.DataFrame({
        "indicator_id": ["folkemengde", "utslipp_telemark", "utslipp", "energi", "areal_antall", "vaksine"],
        "theme_id": [None, "klima_energi", "klima_energi", "klima_energi", "areal", "folkehelse"],
        "polarity": ["neutral", "lower_better", "lower_better", "lower_better", "neutral", "higher_better"],
        "aggregation": ["sum", "weighted_mean", "weighted_mean", "weighted_mean", "sum", "weighted_mean"],
        "is_example": [False, False, True, True, False, False],
        "covered": [357, 17, 357, 357, 357, 300], "covered_county": [None, "Telemark", None, None, None, None],
        "municipalities_2024": 357,
    })
    default = views.kart.default_indicator
    # real before example, but the whole country before one county's real figures
    assert default(catalogue, ["klima_energi"]) == "utslipp"
    assert default(catalogue, ["folkehelse", "klima_energi"]) == "vaksine"  # 300 of 357 covers the country
    assert default(catalogue, ["areal"]) == "folkemengde"  # the theme's only indicator does not judge
    assert default(catalogue, []) == "folkemengde"
