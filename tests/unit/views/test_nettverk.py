"""Nettverk's view: the grid's figures against the DuckDB file, and comparisons that share what
members are compared with."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import indicators, queries, views
from kommunedata.db import Database


@pytest.fixture(scope="module")
def db(db_path):
    database = Database(db_path)
    yield database
    database.close()


def _members(db, network_id: str, on: date) -> pd.DataFrame:
    successors = queries.main_successors(db).set_index("code")
    names = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    members = views.common.members_by_network(queries.programme(db), on)[network_id]
    return views.common.members_to_compare(members, successors, names)


def test_the_grid_shows_the_stored_figures_and_the_members_plain_mean(db):
    """Dalane in 2008: each whole member's figure as stored in indicator_value; Forsand (since 2020 a
    part of Sandnes) only on a rate, with Sandnes's figure; the mean one municipality, one vote."""
    catalogue = queries.indicators(db)
    members = _members(db, "dalane", date(2009, 3, 1))
    population = indicators.indicator(catalogue, indicators.POPULATION_ID)[0]
    shown, left_out = views.nettverk.grid_indicators(population, views.common.indicators_for(catalogue, ["folkehelse"]))
    assert shown[0].indicator_id == "folkemengde" and left_out == 0
    series = {i.indicator_id: queries.indicator_series(db, i.indicator_id) for i in shown}
    overview = views.nettverk.network_overview(members, shown, left_out, series, 2008)
    grid = overview.grid.set_index(["indicator_id", "municipality_code"])
    stored = db.query("SELECT indicator_id, municipality_code, value FROM indicator_value WHERE year = 2008 "
                      "AND indicator_id IN ('folkemengde', 'vaksine_mmr_2ar')").set_index(["indicator_id", "municipality_code"])
    whole = ["1101", "1111", "1112", "1114"]  # Eigersund, Sokndal, Lund, Bjerkreim
    for indicator_id in ("folkemengde", "vaksine_mmr_2ar"):
        for code in whole:
            assert grid.loc[(indicator_id, code), "value"] == pytest.approx(stored.loc[(indicator_id, code), "value"])
    assert grid.loc[("folkemengde", "1144"), "value"] == 538  # Kvitsøy
    assert pd.isna(grid.loc[("folkemengde", "1129"), "value"])  # a count of a part: not Sandnes's
    sandnes = series["vaksine_mmr_2ar"].query("municipality_code == '1108' and year == 2008")["value"].item()
    assert grid.loc[("vaksine_mmr_2ar", "1129"), "value"] == pytest.approx(sandnes)
    assert pd.isna(grid.loc[("vaksine_mmr_2ar", "1144"), "value"])  # Kvitsøy: no published figure
    assert grid.loc[("folkemengde", "1101"), "mean"] == pytest.approx((13778 + 3242 + 3112 + 2539 + 538) / 5)
    shown_rates = [98.5, 92.7, sandnes, 91.0, 87.8]
    assert grid.loc[("vaksine_mmr_2ar", "1101"), "mean"] == pytest.approx(sum(shown_rates) / 5)
    assert grid.loc[("vaksine_mmr_2ar", "1114"), "position"] == "better"  # 98,5 against 93,0
    assert grid.loc[("vaksine_mmr_2ar", "1111"), "position"] == "worse"
    assert overview.years == {i.indicator_id: 2008 for i in shown}


def test_an_indicator_no_member_has_figures_for_is_named_not_a_row_of_dashes(db):
    """Lillehammer-regionen (Oppland) with Klima og energi: Miljødirektoratet's figures are Telemark's."""
    catalogue = queries.indicators(db)
    members = _members(db, "lillehammer-regionen", date(2007, 8, 28))
    shown, left_out = views.nettverk.grid_indicators(None, views.common.indicators_for(catalogue, ["klima_energi"]))
    series = {i.indicator_id: queries.indicator_series(db, i.indicator_id) for i in shown}
    overview = views.nettverk.network_overview(members, shown, left_out, series, None)
    assert "klimagassutslipp_miljodir" in {i.indicator_id for i in shown}
    assert "klimagassutslipp_miljodir" not in {i.indicator_id for i in overview.indicators}
    assert "Klimagassutslipp i alt (Miljødirektoratet)" in overview.without
    assert set(overview.grid["indicator_id"]) == {i.indicator_id for i in overview.indicators}
    assert overview.grid.groupby("indicator_id")["value"].count().min() > 0  # every row has a figure


def test_areas_are_shared_by_every_network_unchanged(db):
    """What members are compared with (compare.Areas) is made once per indicator and year and shared by
    every network's comparison: a comparison must not change it."""
    catalogue = queries.indicators(db)
    counties = queries.municipalities_on(db, date(2024, 1, 1)).set_index("code")[["county_code", "county_name"]]
    indicator, coverage = indicators.indicator(catalogue, "vaksine_mmr_2ar")
    values = queries.indicator_series(db, "vaksine_mmr_2ar")
    population = queries.indicator_series(db, indicators.POPULATION_ID)
    areas = views.nettverk.indicator_areas(indicator, coverage, values, population, counties,
                                           queries.national_reference(db, "vaksine_mmr_2ar", 2009), 2009)
    before = areas.values.copy(), areas.population.copy(), dict(areas.size_classes)
    means = {}
    for network_id in ["hallingdal", "dalane", "ryfylke"]:
        members = _members(db, network_id, date(2009, 3, 1))
        comparison = views.nettverk.network_comparison(members, 2009, 2007, values, areas)
        means[network_id] = comparison.table
    pd.testing.assert_frame_equal(areas.values, before[0])
    pd.testing.assert_series_equal(areas.population, before[1])
    assert areas.size_classes == before[2] and areas.country.key == "country"
    # the same comparison again, after the others: the same table
    again = views.nettverk.network_comparison(_members(db, "hallingdal", date(2009, 3, 1)), 2009, 2007, values, areas)
    pd.testing.assert_frame_equal(again.table, means["hallingdal"])
