"""The example programme agrees with the KS status of 28 August 2007 and is reproducible."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from kommunedata import rules
from kommunedata import queries
from kommunedata.sources import example

STATUS_DATE = date(2007, 8, 28)


@pytest.fixture(scope="module")
def programme(db):
    return queries.programme(db)


@pytest.fixture(scope="module")
def pool(db):
    municipalities = db.query(
        "SELECT code, name, county_code, valid_from, valid_to, lon, lat FROM municipality"
    )
    start, end = pd.Timestamp("2006-01-01"), pd.Timestamp("2010-12-31")
    return municipalities[(municipalities["valid_from"] <= start)
                          & (municipalities["valid_to"].isna() | (municipalities["valid_to"] > end))]


def test_status_on_28_august_2007_matches_ks(programme):
    assert rules.status_on(programme, STATUS_DATE) == rules.StatusCounts(
        municipalities_decided=128, municipalities_pending=40, networks_established=20, networks_establishing=14
    )


def test_established_networks_per_theme_match_ks(programme, db):
    status = rules.theme_status_on(programme, queries.themes(db), STATUS_DATE).set_index("theme_id")
    assert status["networks_established"].to_dict() == {
        "klima_energi": 10, "areal": 10, "folkehelse": 16, "internasjonalt": 2, "produksjon_forbruk": 6, "kulturarv": 9,
    }


def test_every_established_network_has_two_themes_and_four_to_seven_members(programme):
    table = rules.network_table_on(programme, STATUS_DATE)
    assert len(table) == 34
    established = table[table["status"] == rules.ESTABLISHED]
    assert established["theme_ids"].map(len).min() >= 2
    assert table["members"].between(4, 7).all()
    assert table["members"].sum() == 168


def test_each_municipality_in_one_network(programme):
    members = rules.active_members(programme, STATUS_DATE)
    assert members["municipality_code"].is_unique


def test_programme_grows_as_the_sources_say(programme):
    assert rules.status_on(programme, date(2008, 1, 1)).municipalities_decided == 150
    end = rules.status_on(programme, date(2010, 12, 31))
    assert end.networks_established == 40 and end.networks_establishing == 0
    assert end.municipalities_decided + end.municipalities_pending > 200
    table = rules.network_table_on(programme, date(2010, 12, 31))
    assert table["members"].between(4, 7).all()
    # "most of them on climate and energy"
    assert table["theme_ids"].map(lambda ids: "klima_energi" in ids).sum() > len(table) / 2


def _km(a, b):
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2)) * 111.32
    return math.hypot(dx, (a.lat - b.lat) * 110.57)


def test_networks_are_neighbours_mostly_in_one_county(programme):
    for network_id, group in programme.memberships.groupby("network_id"):
        assert group["county_code"].value_counts().iloc[0] / len(group) >= 0.75, network_id
        points = list(group.itertuples())
        widest = max(_km(a, b) for a in points for b in points)
        assert widest < 250, (network_id, widest)


# The 40 regions the example networks are named after (Norwegian regional councils and districts).
REGION_NAMES = {
    "Dalane", "Fjellregionen", "Glåmdalen", "Hallingdal", "Hardanger", "Hedmarken", "Helgeland", "Indre Østfold",
    "Innherred", "Jæren", "Kongsbergregionen", "Lillehammer-regionen", "Lindesnesregionen", "Lister",
    "Midt-Buskerud", "Midt-Finnmark", "Midt-Gudbrandsdal", "Midt-Telemark", "Nedre Glomma", "Nord-Troms",
    "Nord-Vestfold", "Nord-Østerdal", "Nordfjord", "Nordmøre", "Orkdalsregionen", "Romsdal", "Ryfylke", "Salten",
    "Setesdal", "Sunnhordland", "Sør-Troms", "Sør-Vestfold", "Søre Sunnmøre", "Valdres", "Vest-Finnmark",
    "Vesterålen", "Vestkysten", "Øst-Finnmark", "Østre Agder", "Øvre Romerike",
}


def test_networks_are_named_after_their_region(programme):
    assert set(programme.networks["name"]) == REGION_NAMES
    assert programme.networks["is_example"].all()
    members = programme.memberships.groupby("network_id")["municipality_name"].agg(set)
    # Regions as they are: Hallingdal's six municipalities, and Lister's (Audnedal and Lyngdal merged in 2020).
    assert members["hallingdal"] == {"Flå", "Gol", "Hemsedal", "Hol", "Nes (Buskerud)", "Ål"}
    assert members["lister"] == {"Audnedal", "Farsund", "Flekkefjord", "Hægebostad", "Kvinesdal", "Lyngdal"}
    assert {"Bodø", "Fauske", "Saltdal"} <= members["salten"]


def test_generator_is_reproducible(pool):
    first, second = example.generate_programme(pool), example.generate_programme(pool)
    for a, b in [(first.networks, second.networks), (first.network_themes, second.network_themes),
                 (first.memberships, second.memberships)]:
        pd.testing.assert_frame_equal(a, b)
    other = example.generate_programme(pool, seed=1)
    assert not first.memberships[["network_id", "municipality_code"]].equals(other.memberships[["network_id", "municipality_code"]])


def test_example_indicators_are_reproducible_and_plausible(db):
    basis = db.query(
        """SELECT m.code, m.lat, p.population FROM municipality m
           JOIN population_weight p ON p.code = m.code AND p.year = 2005 WHERE m.valid_to IS NULL"""
    )
    first = example.generate_indicator_values(basis)
    pd.testing.assert_frame_equal(first, example.generate_indicator_values(basis))
    assert first.groupby("indicator_id")["municipality_code"].nunique().eq(357).all()
    assert set(first["year"]) == set(range(2005, 2025))
    emissions = first[first["indicator_id"] == "klimagass_per_innbygger"].groupby("year")["value"].median()
    assert 3 < emissions[2005] < 12 and emissions[2024] < emissions[2005]  # falling, as national figures did
    recycling = first[first["indicator_id"] == "materialgjenvinning"]["value"]
    assert recycling.between(0, 100).all()


def test_built_example_indicators_cover_every_municipality_every_year(db):
    coverage = db.query(
        """SELECT v.indicator_id, v.year, count(DISTINCT v.municipality_code) AS codes
           FROM indicator_value v JOIN indicator i USING (indicator_id) WHERE i.is_example GROUP BY ALL"""
    )
    assert coverage["indicator_id"].nunique() == 9  # omdisponert_dyrka_jord is real (data/importfiler)
    assert coverage["codes"].eq(357).all()  # incl. Vindafjord (1160) and Aure (1576), newer than 2005
    assert len(coverage) == 9 * 20
