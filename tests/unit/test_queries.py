"""Named questions: they answer with the right rows and treat every argument as a value, not SQL."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata import programme as rules
from kommunedata import queries, views


def test_main_successor_follows_mergers_and_splits(db):
    successors = queries.main_successors(db).set_index("code")
    assert successors.loc["1556", ["name", "successor_code"]].tolist() == ["Frei", "1505"]
    assert successors.loc["0301", "successor_code"] == "0301"
    assert successors.loc["1534", "successor_code"] == "1580"  # Haram 2006 -> Haram, re-established 2024
    assert successors.loc["1507", "successor_code"] == "1508"  # Ålesund 2020-2023 -> mostly today's Ålesund
    assert successors.loc["1850", "successor_code"] == "1806"  # Tysfjord 50/50: the lowest code
    assert successors.loc["1850", "successor_codes"].tolist() == ["1806", "1875"]
    renumbered = successors["renumbered"]
    assert renumbered[["1534", "3002", "3014"]].all()  # Haram again; Moss and Indre Østfold of 2020-2023
    assert not renumbered[["1504", "0104", "1805", "1556", "1507", "1613"]].any()  # mergers and splits
    assert len(successors) == 844



def test_the_municipality_list_holds_today_and_the_names_that_are_gone(db):
    successors = queries.main_successors(db).set_index("code")
    today = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    options = views.municipality_options(successors, today)
    labels = list(options.values())
    assert list(options)[:len(today)] == sorted(today, key=today.get)  # today's first, by name
    assert labels[len(today):len(today) + 2] == ["Agdenes (1622) → Orkland", "Agdenes (5016) → Orkland"]
    assert options["4601"] == "Bergen (4601)" and options["1556"] == "Frei (1556) → Kristiansund"
    assert options["1850"] == "Tysfjord - Divtasvuodna (1850) → Narvik, Hábmer - Hamarøy"  # a split: every successor
    assert options["0821"] == "Bø (Telemark) (0821) → Midt-Telemark"
    # only a new number: the name finds today's municipality (the old code still works in a link)
    assert not {"1201", "0220", "2012", "5403"} & set(options)
    assert len(options) == 473 and len(labels) == len(set(labels))


def test_member_networks_of_todays_municipalities_in_one_pass(db):
    programme, successors = queries.programme(db), queries.main_successors(db).set_index("code")
    by_code = views.member_networks_by_code(programme, successors)
    sandnes = views.member_networks(programme, successors, "1108", by_code)  # Forsand joined Sandnes in 2020
    assert sandnes.index.tolist() == ["ryfylke", "dalane"]  # in order of joining
    assert sandnes["members"].tolist() == [["Sandnes"], ["Forsand"]]
    assert str(sandnes.loc["dalane", "joined_on"].date()) == "2009-07-16"
    stavanger = views.member_networks(programme, successors, "1103")  # worked out without a cache: the same way
    assert stavanger.loc["ryfylke", "members"] == ["Rennesøy", "Stavanger"]  # two members, one network
    oslo = views.member_networks(programme, successors, "0301", by_code)
    assert oslo.empty and oslo.columns.tolist() == ["joined_on", "decision_on", "members", "network_name"]

DATES = [date(2006, 6, 1), date(2007, 8, 28), date(2009, 3, 1), date(2010, 12, 31)]


def test_every_network_on_a_date_in_one_pass(db):
    """The app keeps every network's members per date (views.members_by_network): the same rows, in the
    same order, as one network's own (rules.network_members)."""
    programme = queries.programme(db)
    successors = queries.main_successors(db).set_index("code")
    names = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    statuses = set()
    for on in DATES:
        every = views.members_by_network(programme, on)
        for network_id in programme.networks["network_id"]:
            own = rules.network_members(programme, network_id, on).sort_values("municipality_name", kind="stable")
            own = own.reset_index(drop=True)
            pd.testing.assert_frame_equal(every[network_id], own, check_exact=True)
            pd.testing.assert_frame_equal(views.members_to_compare(own, successors, names),
                                          views.comparison_members(programme, successors, names, network_id, on))
            statuses |= set(own["status"])
    assert statuses == {"decided", "pending", "not_yet", "left"}  # every kind of status was compared
    hallingdal = views.network_headers(programme, date(2007, 8, 28))["hallingdal"]
    assert (hallingdal.name, hallingdal.status, hallingdal.county_name) == ("Hallingdal", "established", "Buskerud")


def test_the_grid_from_the_cached_series_equals_the_one_query(db):
    """Nettverk's grid from every municipality's values kept per indicator (the app's cache) equals the
    grid read in one query for the members only."""
    programme, catalogue = queries.programme(db), queries.indicators(db)
    successors = queries.main_successors(db).set_index("code")
    names = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    kept: dict[str, pd.DataFrame] = {}
    every = lambda indicator_id: kept.setdefault(indicator_id, queries.indicator_series(db, indicator_id))  # noqa: E731
    themes = list(queries.themes(db)["theme_id"])
    grids = 0
    for network_id in programme.networks["network_id"][::4]:
        members = views.comparison_members(programme, successors, names, network_id, date(2009, 3, 1))
        for year in (None, 2008):
            of_themes = views.indicators_for(catalogue, themes)
            read = views.network_overview(db, catalogue, members, of_themes, year)
            cached = views.network_overview(db, catalogue, members, of_themes, year, every)
            pd.testing.assert_frame_equal(cached.grid, read.grid, check_exact=False, rtol=1e-12)
            assert cached.years == read.years and cached.grid["value"].notna().sum() > 0
            grids += 1
    assert grids >= 20


def test_areas_are_shared_by_every_network_unchanged(db):
    """What members are compared with (compare.Areas) is made once per indicator and year and shared by
    every network's comparison: a comparison must not change it."""
    programme, catalogue = queries.programme(db), queries.indicators(db)
    successors = queries.main_successors(db).set_index("code")
    today = queries.municipalities_on(db, date(2024, 1, 1)).set_index("code")
    counties = today[["county_code", "county_name"]]
    areas = views.indicator_areas(db, catalogue, counties, "vaksine_mmr_2ar", 2009)
    before = areas.values.copy(), areas.population.copy(), dict(areas.size_classes)
    for network_id in ["hallingdal", "dalane", "ryfylke"]:
        members = views.comparison_members(programme, successors, today["name"].to_dict(), network_id, date(2009, 3, 1))
        shared = views.network_comparison(db, catalogue, members, counties, "vaksine_mmr_2ar", 2009, 2007,
                                          areas_of=lambda _indicator, _year: areas)
        own = views.network_comparison(db, catalogue, members, counties, "vaksine_mmr_2ar", 2009, 2007)
        pd.testing.assert_frame_equal(shared.table, own.table)
        assert shared.references == own.references and shared.summary == own.summary
    pd.testing.assert_frame_equal(areas.values, before[0])
    pd.testing.assert_series_equal(areas.population, before[1])
    assert areas.size_classes == before[2] and areas.country.key == "country"


def test_indicator_series_filters_codes_and_years(db):
    series = queries.indicator_series(db, "folkemengde", ["0301", "3301"], (2010, 2012))
    assert sorted(series["municipality_code"].unique()) == ["0301", "3301"]
    assert sorted(series["year"].unique()) == [2010, 2011, 2012]
    assert set(series.loc[series["municipality_code"] == "0301", "municipality_name"]) == {"Oslo"}
    everyone = queries.indicator_series(db, "folkemengde", years=(2024, 2024))
    assert len(everyone) == 357 and everyone["value"].sum() == 5_550_203


def test_arguments_are_values_not_sql(db):
    assert queries.indicator_series(db, "folkemengde' OR '1'='1").empty
    assert queries.indicator_series(db, "folkemengde", ["0301' OR '1'='1"]).empty
    assert queries.municipalities_on(db, date(2007, 8, 28)).shape[0] == 431


def test_programme_networks_carry_their_main_county(db):
    programme = queries.programme(db)
    assert programme.networks["county_name"].notna().all()
    hallingdal = programme.networks.set_index("network_id").loc["hallingdal"]
    assert hallingdal["county_name"] == "Buskerud"
    members = programme.memberships
    assert members[["municipality_name", "county_name", "lon", "lat"]].notna().all().all()


def test_shapes_are_a_feature_collection(db):
    shapes = queries.shapes(db, 2024)
    assert shapes["type"] == "FeatureCollection" and len(shapes["features"]) == 357
    assert shapes["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
