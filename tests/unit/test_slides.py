"""Presentation mode's rules: the deck built from the data, slide ids, headlines and where «Avslutt» leads."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote_plus

import pandas as pd
import pytest

from kommunedata import rules
from kommunedata import queries, slides, views
from kommunedata.config import STATUS_DATE
from kommunedata.themes import THEME_IDS
from tests.unit.test_programme import small_programme


def test_the_full_deck_on_the_ks_status_date(db):
    programme = queries.programme(db)
    deck = slides.full_deck(programme, list(THEME_IDS), STATUS_DATE, [])
    assert deck[:2] == ["oversikt", "temaer"] and deck[-1] == "kart"
    assert deck[2:8] == [f"tema:{t}" for t in THEME_IDS]
    assert len([s for s in deck if s.startswith("nettverk:")]) == 34  # 20 established + 14 being established
    narrowed = slides.full_deck(programme, list(THEME_IDS), STATUS_DATE, ["klima_energi"])
    assert [s for s in narrowed if s.startswith("tema:")] == ["tema:klima_energi"]
    networks = rules.network_table_on(programme, STATUS_DATE, ["klima_energi"])
    assert [s.split(":")[1] for s in narrowed if s.startswith("nettverk:")] == networks["network_id"].tolist()


def test_slide_ids_are_parsed_and_checked():
    assert slides.parse("nettverk:hallingdal") == slides.Slide("nettverk:hallingdal", "nettverk", "hallingdal")
    assert slides.parse("kart") == slides.Slide("kart", "kart")
    for bad in ["kart:x", "tema", "nettverk:", "forside", ""]:
        with pytest.raises(ValueError):
            slides.parse(bad)
    assert slides.is_valid("tema:areal", {"areal"}, set()) and not slides.is_valid("tema:areal", set(), set())


def test_leaving_returns_to_the_view_of_the_slide():
    assert slides.exit_view(slides.parse("nettverk:hallingdal")) == ("nettverk", {"nettverk": "hallingdal"})
    assert slides.exit_view(slides.parse("tema:areal")) == ("temastatus", {"tema": "areal"})
    assert slides.exit_view(slides.parse("kart")) == ("kart", {"farge": "nettverk"})
    assert slides.exit_view(slides.parse("oversikt")) == ("temastatus", {})


def test_headlines_from_the_ks_status(db):
    programme = queries.programme(db)
    counts = rules.status_on(programme, STATUS_DATE)
    assert slides.overview_headline(counts) == (
        "128 kommuner har vedtatt å være med og 40 forbereder vedtak; 20 nettverk er etablert og 14 er under "
        "etablering.")
    per_theme = rules.theme_status_on(programme, queries.themes(db), STATUS_DATE)
    assert slides.themes_headline(per_theme, 20, 14) == (
        "20 nettverk er etablert, og folkehelse er det vanligste temaet (16 nettverk).")
    climate = per_theme.set_index("theme_id").loc["klima_energi"]
    networks = rules.network_table_on(programme, STATUS_DATE, ["klima_energi"])
    headline = slides.theme_headline("Klima og energi", climate, networks)
    assert headline.startswith(f"Klima og energi: 10 etablerte nettverk og {climate['networks_establishing']} under "
                               f"etablering, med {climate['municipalities']} kommuner. Størst er ")


def test_headlines_for_ties_empty_programmes_and_networks():
    per_theme = pd.DataFrame({"short_name": ["Klima og energi", "Areal", "Kulturarv"],
                              "networks_established": [3, 3, 1]})
    assert slides.themes_headline(per_theme, 5, 0) == (
        "5 nettverk er etablert, og klima og energi og areal er de vanligste temaene (3 nettverk hver).")
    assert slides.themes_headline(per_theme, 0, 2) == "Ingen nettverk er etablert ennå; 2 er under etablering."
    programme = small_programme()
    named = programme.memberships.assign(municipality_name=programme.memberships["municipality_code"])
    programme = rules.Programme(programme.networks, programme.network_themes, named)
    members = views.common.members_by_network(programme, date(2006, 9, 1))["a"]
    sentence = slides.network_headline("Alfa", rules.ESTABLISHED, date(2006, 1, 1), date(2006, 6, 1), members,
                                       ["Klima og energi", "Kulturarv"])
    taking_part = int(members["status"].isin([rules.DECIDED, rules.PENDING]).sum())
    decided = int((members["status"] == rules.DECIDED).sum())
    assert sentence == (f"Alfa er etablert (01.06.2006): {taking_part} kommuner er med, {decided} med vedtak, og "
                        "nettverket arbeider med klima og energi og kulturarv.")
    assert slides.network_headline("Alfa", None, date(2008, 1, 1), None, members.iloc[0:0], []) == (
        "Alfa har ikke startet på denne datoen (starter 01.01.2008).")
    assert slides.map_headline(168, 145, 34, STATUS_DATE) == (
        "168 kommuner tar del 28.08.2007, i 145 av dagens kommuner og 34 nettverk.")
    assert slides.map_headline(0, 0, 0, date(2006, 1, 1)) == "Ingen kommuner tar del 01.01.2006."


FULL = ["oversikt", "temaer", "tema:klima_energi", "tema:areal", "nettverk:hallingdal", "nettverk:midt-buskerud",
        "nettverk:nord-troms", "kart"]


@pytest.mark.parametrize("deck, text", [
    (["oversikt", "kart"], "oversikt.kart"),
    (["oversikt", "temaer", "tema:klima_energi", "tema:areal", "kart"], "oversikt.temaer.tema-alle.kart"),
    (["nettverk:hallingdal", "nettverk:nord-troms"], "nettverk-alle.-nettverk-midt-buskerud"),
    (["tema:areal", "nettverk:hallingdal"], "tema-areal.nettverk-hallingdal"),
    (["kart", "oversikt", "kart"], "kart.oversikt.kart"),  # its own order: as it is
    (["nettverk:salten"], "nettverk-salten"),  # not in today's full deck (another date)
])
def test_a_chosen_deck_is_a_short_link_that_reads_back(deck, text):
    tokens = slides.link_tokens(deck, FULL)
    assert slides.link_text(tokens) == text
    assert slides.expand(slides.read_link(text), FULL) == deck
    assert slides.link_tokens(FULL, FULL) is None  # the full deck needs no link


def test_the_deck_of_four_slides_from_the_issue_is_short_and_the_full_deck_minus_one_too(db):
    programme = queries.programme(db)
    full = slides.full_deck(programme, list(THEME_IDS), STATUS_DATE, [])
    four = ["oversikt", "tema:klima_energi", "nettverk:hallingdal", "kart"]
    assert slides.link_text(slides.link_tokens(four, full)) == "oversikt.tema-klima_energi.nettverk-hallingdal.kart"
    most = [s for s in full if s != "nettverk:lillehammer-regionen"]
    assert slides.link_text(slides.link_tokens(most, full)) == (
        "oversikt.temaer.tema-alle.nettverk-alle.-nettverk-lillehammer-regionen.kart")
    for deck in (four, most, full[::2], full[1:-1]):  # any deck reads back, shorter than the older comma list
        text = slides.link_text(slides.link_tokens(deck, full))
        assert slides.expand(slides.read_link(text), full) == deck
        assert len(text) < len(quote_plus(",".join(deck)))


def test_an_id_a_short_link_cannot_hold_falls_back_to_the_comma_list():
    assert slides.link_text(["tema:alle", "kart"]) == "tema:alle,kart"  # «alle» would read as the group
    assert slides.link_text(["nettverk:a.b"]) == "nettverk:a.b"
    assert slides.read_link("tema:alle,kart") == ["tema:alle", "kart"]


def test_the_chooser_groups_every_kind_of_slide():
    assert [slides.group_of(s) for s in FULL] == ["oversikt", "oversikt", "temaer", "temaer", "nettverk", "nettverk",
                                                   "nettverk", "kart"]


@pytest.mark.parametrize("sizes, per_part, first, parts", [
    ([], 12, None, [0]),
    ([1] * 12, 12, None, [12]),
    ([1] * 13, 12, None, [7, 6]),  # as even as they go, not 12 and 1
    ([1] * 25, 12, None, [9, 9, 7]),
    ([2] * 7, 10, 4, [2, 5]),  # the first part shares its screen
    ([20, 1], 15, 10, [1, 1]),  # a row taller than a part gets one of its own
])
def test_a_long_table_is_split_over_parts_that_each_fit(sizes, per_part, first, parts):
    split = slides.split(sizes, per_part, first)
    assert [len(r) for r in split] == parts
    assert [i for r in split for i in r] == list(range(len(sizes)))  # every row once, in order
    budgets = [first or per_part] + [per_part] * (len(split) - 1)
    assert all(sum(sizes[i] for i in r) <= budget or len(r) == 1 for r, budget in zip(split, budgets))
    assert slides.part_title("Tema: Areal", 2, 3) == "Tema: Areal (2/3)" and slides.part_title("Kart", 1, 1) == "Kart"
