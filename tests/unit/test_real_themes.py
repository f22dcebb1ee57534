"""The real theme data the build ships (data/importfiler/): read back through the importer, equal to
the files, with the border corrections and per-inhabitant versions as documented."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kommunedata import queries
from kommunedata.config import DATA_DIR
from kommunedata.sources.imported import Options
from kommunedata.sources.imported.checks import load
from kommunedata.sources.imported.stored import apply_corrections

AREA, AREA_PER = "bebygd_areal", "bebygd_areal_per_innbygger"
EMISSIONS, EMISSIONS_PER = "klimagassutslipp_miljodir", "klimagassutslipp_miljodir_per_innbygger"


def values(db, indicator_id: str) -> pd.DataFrame:
    return db.query("SELECT municipality_code, year, value, is_estimate FROM indicator_value "
                    "WHERE indicator_id = $id", {"id": indicator_id})


def value(db, indicator_id: str, code: str, year: int) -> float | None:
    rows = db.query("SELECT value FROM indicator_value WHERE indicator_id = $id AND municipality_code = $code "
                    "AND year = $year", {"id": indicator_id, "code": code, "year": year})
    return float(rows["value"].iloc[0]) if len(rows) else None


def population(db, code: str, year: int) -> float:
    return value(db, "folkemengde", code, year)


def test_built_up_area_equals_the_file(db):
    assert value(db, AREA, "0301", 2022) == 124.87  # Oslo, written «301» in the file
    assert value(db, AREA, "0301", 2017) == 124.3
    area = values(db, AREA)
    assert (area["year"].min(), area["year"].max()) == (2017, 2022)
    assert area[area["year"] == 2022]["municipality_code"].nunique() == 355  # 357 less Ålesund and Haram


@pytest.mark.parametrize("code", ["1806", "1875", "5055", "5056", "5059"])
def test_zeros_for_municipalities_that_did_not_exist_are_missing(db, code):
    area = values(db, AREA)
    years = set(area[area["municipality_code"] == code]["year"])
    assert years == {2020, 2021, 2022}  # 0.00 in the file for 2017-2019


def test_border_changes_leave_out_or_mark_what_is_not_on_2024_borders(db):
    area = values(db, AREA).set_index(["municipality_code", "year"])
    # Ålesund 2020-2022 included Haram; Haram (0 in the file then) has its old borders before 2020
    assert [("1508", y) in area.index for y in range(2017, 2023)] == [True] * 3 + [False] * 3
    assert [("1580", y) in area.index for y in range(2017, 2023)] == [True] * 3 + [False] * 3
    # Hjuksebø moved from Midt-Telemark to Notodden in 2020 (not in the crosswalk)
    for code in ("4005", "4020"):
        assert [(code, y) in area.index for y in range(2017, 2023)] == [False] * 3 + [True] * 3
    # Liabygda moved from Stordal to Stranda in 2020: Stranda +14 %
    assert [("1525", y) in area.index for y in range(2017, 2023)] == [False] * 3 + [True] * 3
    # a small adjustment is kept but marked: Raufoss industrial park, Gjøvik → Vestre Toten 1.7.2020
    assert area.loc[("3443", 2020), "is_estimate"] and not area.loc[("3443", 2021), "is_estimate"]
    assert not area.loc[("0301", 2017), "is_estimate"]
    assert len(area) == 2066 and int(area["is_estimate"].sum()) == 59


def test_emissions_are_the_sum_of_every_row(db):
    assert value(db, EMISSIONS, "4003", 2009) == pytest.approx(165_081.66, abs=0.01)  # Skien, 101 rows
    assert value(db, EMISSIONS, "4003", 2024) == pytest.approx(118_118.63, abs=0.01)  # Skien, 98 rows
    emissions = values(db, EMISSIONS)
    assert emissions.groupby("year")["value"].sum()[2009] == pytest.approx(3_436_252.56, abs=0.01)
    assert emissions["municipality_code"].nunique() == 17 and emissions["municipality_code"].str.startswith("40").all()
    assert sorted(emissions["year"].unique()) == [2009, 2011, 2013, *range(2015, 2025)]


def test_per_inhabitant_divides_by_the_population_at_the_end_of_the_year(db):
    # population 1 January of the following year (SSB 07459 on 2024 borders)
    assert value(db, AREA_PER, "0301", 2022) == pytest.approx(124.87e6 / population(db, "0301", 2023))
    assert value(db, AREA_PER, "0301", 2022) == pytest.approx(124.87e6 / 709_037)
    assert value(db, EMISSIONS_PER, "4003", 2009) == pytest.approx(165_081.66 / 51_668)
    assert value(db, EMISSIONS_PER, "4003", 2024) == pytest.approx(118_118.63 / population(db, "4003", 2025))
    assert len(values(db, AREA_PER)) == len(values(db, AREA))


def test_catalogue_labels_sources_and_coverage(db):
    catalogue = queries.indicators(db).set_index("indicator_id")
    emissions = catalogue.loc[EMISSIONS]
    assert (emissions["covered"], emissions["covered_county"]) == (17, "Telemark")
    assert not emissions["is_example"] and emissions["unit"] == "tonn CO₂-ekvivalenter"
    climate = list(catalogue[catalogue["theme_id"] == "klima_energi"].index)
    assert set(climate[:4]) == {EMISSIONS, EMISSIONS_PER, "elforbruk", "elforbruk_per_innbygger"}  # real first
    assert catalogue.loc["klimagass_per_innbygger", "is_example"]  # the generated one stays, as an example
    assert catalogue.loc[AREA, "covered"] == 357 and "2 %" in catalogue.loc[AREA, "description"]
    sources = queries.data_sources(db).set_index("source_id")
    assert sources.loc["miljodir_klimagass", "licence"].startswith("NLOD 2.0")
    assert sources.loc["ssb_09594", "licence"] == "CC BY 4.0"


def test_the_build_reads_the_shipped_files_with_the_importers_code(db):
    """Every shipped record reads through checks.load (what `python -m kommunedata import` runs)."""
    municipalities = db.query("SELECT code, name, valid_from, valid_to, county_name FROM municipality")
    for record_file in sorted((DATA_DIR / "importfiler").glob("*.import.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        parsed = load(record_file.parent / record["file"], Options.from_json(record["options"]),
                      municipalities, (2005, 2026))
        assert parsed.notes  # what the import report would say
        stored = values(db, record["indicator"]["indicator_id"])
        kept = apply_corrections(parsed.values, record)
        assert len(kept) == len(stored)
