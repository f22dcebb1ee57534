"""What several pages' views share: the municipality list, the networks of a municipality, every
network's members on a date."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import queries, rules, views
from kommunedata.text import plain

DATES = [date(2006, 6, 1), date(2007, 8, 28), date(2009, 3, 1), date(2010, 12, 31)]


@pytest.fixture(scope="module")
def loaded(db_path):
    from kommunedata.db import Database
    db = Database(db_path)
    successors = queries.main_successors(db).set_index("code")
    names = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    yield queries.programme(db), successors, names
    db.close()


def test_the_municipality_list_holds_today_and_the_names_that_are_gone(loaded):
    _programme, successors, today = loaded
    options = views.common.municipality_options(successors, today)
    labels = list(options.values())
    assert list(options)[:len(today)] == sorted(today, key=today.get)  # today's first, by name
    assert labels[len(today):len(today) + 2] == ["Agdenes (1622) → Orkland", "Agdenes (5016) → Orkland"]
    assert options["4601"] == "Bergen (4601)" and options["1556"] == "Frei (1556) → Kristiansund"
    assert options["1850"] == "Tysfjord - Divtasvuodna (1850) → Narvik, Hábmer - Hamarøy"  # a split: every successor
    assert options["0821"] == "Bø (Telemark) (0821) → Midt-Telemark"
    # only a new number: the name finds today's municipality (the old code still works in a link)
    assert not {"1201", "0220", "2012", "5403"} & set(options)
    assert len(options) == 473 and len(labels) == len(set(labels))


def test_the_networks_of_a_municipality_today_include_those_of_the_municipalities_it_merged(loaded):
    programme, successors, _names = loaded
    by_code = views.common.member_networks_by_code(programme, successors)
    sandnes = views.common.member_networks(programme, by_code, "1108")  # Forsand joined Sandnes in 2020
    assert sandnes.index.tolist() == ["ryfylke", "dalane"]  # in order of joining
    assert sandnes["members"].tolist() == [["Sandnes"], ["Forsand"]]
    assert str(sandnes.loc["dalane", "joined_on"].date()) == "2009-07-16"
    stavanger = views.common.member_networks(programme, by_code, "1103")
    assert stavanger.loc["ryfylke", "members"] == ["Rennesøy", "Stavanger"]  # two members, one network
    oslo = views.common.member_networks(programme, by_code, "0301")
    assert oslo.empty and oslo.columns.tolist() == ["joined_on", "decision_on", "members", "network_name"]


def test_every_network_on_a_date_has_its_members_with_the_status_of_the_one_rule(loaded):
    """members_by_network: each network's memberships (ever), by name, each with rules.member_status
    on the date; every membership in exactly one network."""
    programme, _successors, _names = loaded
    statuses = set()
    for on in DATES:
        every = views.common.members_by_network(programme, on)
        assert set(every) == set(programme.networks["network_id"])
        assert sum(len(members) for members in every.values()) == len(programme.memberships)
        expected = programme.memberships.assign(status=rules.member_status(programme, programme.memberships, on))
        for network_id, members in every.items():
            own = expected[expected["network_id"] == network_id]
            assert members["municipality_name"].tolist() == sorted(own["municipality_name"], key=str)
            pd.testing.assert_series_equal(
                members.set_index("municipality_code")["status"].sort_index(),
                own.set_index("municipality_code")["status"].sort_index())
            statuses |= set(members["status"])
    assert statuses == {rules.DECIDED, rules.PENDING, rules.NOT_YET, rules.LEFT}  # every kind was checked
    taking_part = views.common.taking_part(views.common.members_by_network(programme, date(2007, 8, 28))["hallingdal"])
    assert set(taking_part["status"]) <= {rules.DECIDED, rules.PENDING} and len(taking_part) > 0
    hallingdal = views.common.network_headers(programme, date(2007, 8, 28))["hallingdal"]
    assert (hallingdal.name, hallingdal.status, hallingdal.county_name) == ("Hallingdal", "established", "Buskerud")


def test_a_default_indicator_always_has_figures_for_what_the_page_shows():
    labels = {"a": "Alfa", "b": "Beta", "c": "Gamma"}
    choose = views.common.indicator_choice
    shown = choose(["a", "b", "c"], {"b", "c"}, None, "c", labels, "medlemmene")
    assert (shown.indicator_id, shown.offered, shown.notice) == ("c", ["b", "c"], None)  # the page's first
    assert plain(shown.without) == "1 indikator uten tall for medlemmene er ikke å velge."  # offered apart, not chosen
    assert plain(shown.without_names) == "Uten tall for medlemmene: Alfa."
    assert choose(["a", "b", "c"], {"b", "c"}, "b", "c", labels, "Gol").indicator_id == "b"  # the one asked for
    carried = choose(["a", "b", "c"], {"b", "c"}, "a", "c", labels, "Gol")  # e.g. kept from another network
    assert carried.indicator_id == "c" and plain(carried.notice) == "Alfa har ingen tall for Gol. Viser Gamma i stedet."
    assert choose(["a", "b", "c"], {"b", "c"}, "a", "a", labels, "Gol").indicator_id == "b"  # a first without: the first with
    assert choose(["a", "b"], {"a", "b"}, "x", None, labels, "Gol") == views.common.IndicatorChoice("a", ["a", "b"])
    assert plain(choose(["a", "b", "c"], {"a"}, None, None, labels, "Gol").without) == (
        "2 indikatorer uten tall for Gol er ikke å velge.")
    nothing = choose(["a", "b"], set(), "a", "a", labels, "Gol")
    assert nothing.indicator_id is None and nothing.offered == [] and nothing.notice is None
