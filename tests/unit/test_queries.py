"""Named questions: they answer with the right rows and treat every argument as a value, not SQL."""

from __future__ import annotations

from datetime import date

from kommunedata import queries


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
