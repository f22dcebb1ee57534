"""The built file honours the data contract in docs/schema.md."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kommunedata import build as build_module
from kommunedata import files
from kommunedata.build import BuildError, build
from kommunedata.config import DATA_DIR
from kommunedata.themes import THEME_IDS


def scalar(db, sql, params=None):
    return db.query(sql, params).iloc[0, 0]


def valid_on(db, day):
    return scalar(
        db,
        "SELECT count(DISTINCT code) FROM municipality WHERE valid_on(valid_from, valid_to, $d)",
        {"d": day},
    )



def test_431_municipalities_in_2006_and_357_in_2024(db):
    assert valid_on(db, "2006-01-01") == 431
    assert valid_on(db, "2024-01-01") == 357
    assert scalar(db, "SELECT count(*) FROM municipality WHERE code = '9999'") == 0


def test_every_period_has_county_and_point(db):
    frame = db.query("SELECT * FROM municipality")
    assert frame[["county_code", "county_name", "lon", "lat"]].notna().all().all()
    assert frame["lon"].between(4, 32).all() and frame["lat"].between(57.5, 71.5).all()
    oslo = frame[frame["code"] == "0301"].iloc[0]
    assert (oslo["county_name"], oslo["name"]) == ("Oslo", "Oslo")
    halden_2020 = frame[frame["code"] == "3001"].iloc[0]
    assert halden_2020["county_name"] == "Viken"


def test_every_code_has_2024_successors_with_weights_summing_to_one(db):
    sums = db.query(
        """
        SELECT m.code, sum(s.weight) AS total, count(s.successor_code) AS n
        FROM (SELECT DISTINCT code FROM municipality) AS m
        LEFT JOIN municipality_successor AS s USING (code) GROUP BY m.code
        """
    )
    assert len(sums) == 844
    assert (sums["n"] >= 1).all()
    assert sums["total"].sub(1).abs().max() < 1e-9
    current = db.query("SELECT code FROM municipality WHERE valid_to IS NULL")["code"]
    mapped = db.query("SELECT code, successor_code FROM municipality_successor").set_index("code")
    assert (mapped.loc[current, "successor_code"].to_numpy() == current.to_numpy()).all()


# The shipped crosswalk splits the five Ålesund/Haram codes of 2019 50/50; Haram was re-established
# in 2024 with its old borders, so they map whole (kommunedata/sources/alesund_haram.py).
ALESUND_HARAM_2006 = {"1504": "1508", "1523": "1508", "1529": "1508", "1534": "1580", "1546": "1508"}


def test_successors_agree_with_the_2006_crosswalk(db):
    crosswalk = pd.read_csv(DATA_DIR / "klassifikasjon" / "kommuner_2006_til_2019_og_2024.csv", dtype=str)
    stored = db.query("SELECT code, successor_code, weight FROM municipality_successor")
    for row in crosswalk.itertuples():
        expected = dict(zip(row.kommunenummer_2024.split("|"), map(float, row.vekt_2024.split("|"))))
        if row.kommunenummer_2006 in ALESUND_HARAM_2006:
            assert expected == {"1508": 0.5, "1580": 0.5}  # what the file says: the reason for the exception
            expected = {ALESUND_HARAM_2006[row.kommunenummer_2006]: 1.0}
        actual = stored[stored["code"] == row.kommunenummer_2006].set_index("successor_code")["weight"].to_dict()
        assert actual == pytest.approx(expected), row.kommunenummer_2006


def test_haram_before_2024_is_old_haram_not_half_of_alesund(db):
    population = db.query(
        """SELECT municipality_code, year, value FROM indicator_value
           WHERE indicator_id = 'folkemengde' AND municipality_code IN ('1508', '1580')"""
    ).pivot(index="year", columns="municipality_code", values="value")
    assert population.loc[2019, "1580"] == 9_383  # SSB: Haram (1534) on 1 January 2019
    assert population.loc[2019].sum() == 65_630  # FHI's total for the two kept: national sums do not move
    assert population.loc[2006, "1580"] == pytest.approx(8_643, abs=5)
    assert population.loc[2024].tolist() == [58_509, 9_357]  # published on their own
    shares = population["1580"] / population.sum(axis=1)
    assert shares[2019] > shares[2021] > shares[2023] > shares[2024]  # merged years: between 2019 and 2024
    assert population.loc[2020:2023, "1580"].between(9_357, 9_420).all()
    ages = db.query(
        """SELECT municipality_code, year, indicator_id, value FROM indicator_value
           WHERE municipality_code IN ('1508', '1580') AND indicator_id IN ('andel_0_17', 'andel_67_pluss')"""
    )
    assert ages["value"].between(5, 40).all()
    growth = db.query(
        """SELECT year, is_estimate FROM indicator_value
           WHERE indicator_id = 'befolkningsvekst' AND municipality_code = '1580' ORDER BY year"""
    ).set_index("year")["is_estimate"]
    assert list(growth.index) == list(range(2006, 2027))  # no gap: the shares move smoothly
    assert growth[growth].index.tolist() == [2020, 2021, 2022, 2023, 2024]
    weights = db.query("SELECT successor_code, weight FROM municipality_successor WHERE code = '1507'")
    assert weights.set_index("successor_code")["weight"].to_dict() == pytest.approx({"1508": 0.857, "1580": 0.143}, abs=1e-3)


def test_age_groups_add_up_after_the_correction():
    from kommunedata.sources import population as source

    pop = source.read_population_2024()
    parts = pop["alder_0_17"] + pop["alder_18_66"] + pop["alder_67_pluss"]
    assert (parts == pop["folkemengde"]).all()
    assert (pop["alder_80_pluss"] <= pop["alder_67_pluss"]).all()


def test_six_themes_with_the_seed_names(db):
    themes = db.query("SELECT theme_id, name FROM theme ORDER BY sort_order")
    assert list(themes["theme_id"]) == THEME_IDS == [
        "klima_energi", "areal", "folkehelse", "internasjonalt", "produksjon_forbruk", "kulturarv"
    ]
    assert themes.set_index("theme_id").loc["areal", "name"] == "Viktige arealpolitiske hensyn"
    assert themes.set_index("theme_id").loc["folkehelse", "name"] == "Livskvalitet, friluftsliv og folkehelse"


def test_national_population_is_ssbs_published_figure(db):
    totals = db.query(
        "SELECT year, sum(value) AS total FROM indicator_value_2024 WHERE indicator_id = 'folkemengde' GROUP BY year"
    ).set_index("year")["total"]
    assert totals[2024] == 5_550_203
    assert totals[2006] == 4_640_229


def test_every_indicator_is_described_and_labelled(db):
    catalogue = db.query("SELECT * FROM indicator")
    assert catalogue[["name", "unit", "source", "description"]].map(bool).all().all()
    assert set(catalogue["polarity"]) <= {"higher_better", "lower_better", "neutral"}
    examples = catalogue[catalogue["is_example"]]
    real = catalogue[~catalogue["is_example"]]
    assert examples["source"].str.contains("Eksempeldata").all()
    assert examples["description"].str.contains("EKSEMPELDATA").all()
    assert not real["source"].str.contains("Eksempel").any()
    # Real data: population-based context indicators and vaccination (folkehelse).
    assert {"folkemengde", "befolkningsvekst", "andel_0_17", "andel_67_pluss", "andel_80_pluss"} <= set(real["indicator_id"])
    assert (real["theme_id"] == "folkehelse").sum() >= 3
    # Two example indicators for each theme without open data; the others keep what has none (areal's
    # converted farmland is real since #28, so its example gave way).
    per_theme = examples.groupby("theme_id").size()
    for theme_id in ["internasjonalt", "produksjon_forbruk"]:
        assert per_theme[theme_id] >= 2
    for theme_id in ["klima_energi", "areal", "kulturarv"]:
        assert per_theme[theme_id] >= 1 and (real["theme_id"] == theme_id).any()
    assert "omdisponert_dyrka_jord" in set(real["indicator_id"])


def test_vaccination_stored_as_published_with_period_end_year(db):
    oslo = db.query(
        "SELECT year, value FROM indicator_value WHERE indicator_id = 'vaksine_mmr_2ar' AND municipality_code = '0301'"
    ).set_index("year")["value"]
    raw = pd.read_csv(DATA_DIR / "indikatorer" / "vaksinasjonsdekning_2019struktur.csv", dtype={"kode": str})
    published = raw[(raw["kode"] == "0301") & (raw["alder"] == 2) & (raw["periode"] == "2006-2010")
                    & (raw["vaksine"] == "Meslinger, kusma og røde hunder (MMR)")]["andel_prosent"].iloc[0]
    assert oslo[2010] == published
    assert oslo.index.min() == 2006 and oslo.index.max() == 2018


def test_growth_leaves_out_apportioning_artefacts(db):
    growth = db.query("SELECT value FROM indicator_value WHERE indicator_id = 'befolkningsvekst'")["value"]
    assert growth.abs().max() < 30


@pytest.fixture
def writable_copy(db_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(db_path, path)
    con = duckdb.connect(str(path))
    yield con
    con.close()


def _add_indicator(con, indicator_id, aggregation, values: pd.DataFrame):
    con.execute(
        "INSERT INTO indicator VALUES (?, ?, NULL, 'x', 'neutral', ?, 'test', 'test', false, 0, 'test')",
        [indicator_id, indicator_id, aggregation],
    )
    con.register("incoming", values.assign(indicator_id=indicator_id))
    con.execute("INSERT INTO indicator_value BY NAME SELECT indicator_id, municipality_code, year, value FROM incoming")


def test_harmonising_original_codes_keeps_totals_and_matches_2024_borders(writable_copy):
    raw = pd.read_csv(DATA_DIR / "indikatorer" / "folkemengde_opprinnelige_koder.csv", dtype={"kommunenummer": str})
    values = raw.rename(columns={"kommunenummer": "municipality_code", "aar": "year", "folkemengde": "value"})
    _add_indicator(writable_copy, "test_pop", "sum", values[["municipality_code", "year", "value"]])
    harmonised = writable_copy.execute(
        "SELECT municipality_code, year, value FROM indicator_value_2024 WHERE indicator_id = 'test_pop'"
    ).df()
    totals = harmonised.groupby("year")["value"].sum()
    raw_totals = values.groupby("year")["value"].sum()
    assert totals.to_numpy() == pytest.approx(raw_totals.to_numpy(), rel=0, abs=1e-6)
    # Where nothing was apportioned by fixed weights, the result is SSB's figure on 2024 borders.
    borders = pd.read_csv(DATA_DIR / "indikatorer" / "folkemengde_2024grenser.csv", dtype={"kommunenummer": str})
    borders = borders[(borders["aar"] == 2010) & ~borders["usikker_omregning"]].set_index("kommunenummer")["folkemengde"]
    in_2010 = harmonised[harmonised["year"] == 2010].set_index("municipality_code")["value"]
    missing_parts = {"3907", "1505", "5053", "5503", "3905"}  # successors of the 9 unpublished 2006 codes
    compared = [code for code in borders.index if code not in missing_parts]
    assert len(compared) > 340
    assert (in_2010[compared] - borders[compared]).abs().max() < 1e-6


def test_weighted_mean_uses_population_of_each_part(writable_copy):
    # Moss (0104) and Rygge (0136) became Moss (3103); a share weighted by their 2010 populations.
    pop = dict(writable_copy.execute(
        "SELECT code, population FROM population_weight WHERE year = 2010 AND code IN ('0104', '0136')"
    ).fetchall())
    values = pd.DataFrame({"municipality_code": ["0104", "0136"], "year": [2010, 2010], "value": [10.0, 20.0]})
    _add_indicator(writable_copy, "test_share", "weighted_mean", values)
    result = writable_copy.execute(
        "SELECT value, n_parts FROM indicator_value_2024 WHERE indicator_id = 'test_share' AND municipality_code = '3103'"
    ).fetchone()
    expected = (10 * pop["0104"] + 20 * pop["0136"]) / (pop["0104"] + pop["0136"])
    assert result == (pytest.approx(expected), 2)
    assert 10 < expected < 20 and pop["0104"] > pop["0136"]


def test_failed_build_leaves_previous_file_untouched(tmp_path, monkeypatch, db_path):
    target = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, target)
    before = target.read_bytes()

    def broken(*_args, **_kwargs):
        raise RuntimeError("source file unreadable")

    monkeypatch.setattr(build_module.vaccination, "load_values", broken)
    with pytest.raises(RuntimeError, match="unreadable"):
        build(target, progress=lambda _msg: None)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["livskraft.duckdb"]


def test_contract_violation_fails_the_build_and_keeps_the_file(tmp_path, monkeypatch, db_path):
    target = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, target)
    before = target.read_bytes()
    original = build_module.vaccination.load_values
    monkeypatch.setattr(build_module.vaccination, "load_values", lambda: pd.concat([original(), original().head(1)]))
    with pytest.raises(BuildError, match="duplicate indicator values"):
        build(target, progress=lambda _msg: None)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["livskraft.duckdb"]


@pytest.mark.parametrize("drop, check", [
    ("population_weight", "weighted value without a population weight"),
    ("example_municipality", "example indicator not covering every 2024 municipality"),
])
def test_incomplete_sources_fail_the_build(tmp_path, monkeypatch, drop, check):
    original = build_module.collect_tables

    def incomplete(progress):
        tables = original(progress)
        if drop == "population_weight":
            tables["population_weight"] = tables["population_weight"].query("code != '0301'")
        else:
            values = tables["indicator_value"]
            tables["indicator_value"] = values[~((values["indicator_id"] == "klimagass_per_innbygger")
                                                 & (values["municipality_code"] == "1576"))]
        return tables

    monkeypatch.setattr(build_module, "collect_tables", incomplete)
    with pytest.raises(BuildError, match=check):
        build(tmp_path / "livskraft.duckdb", progress=lambda _msg: None)
    assert not (tmp_path / "livskraft.duckdb").exists()


def test_build_info_records_fingerprint(db):
    info = dict(db.query("SELECT key, value FROM build_info").itertuples(index=False, name=None))
    assert info["fingerprint"] == build_module.source_fingerprint()
    assert info["example_seed"] == "20070828"


# A build that stops for good once it has written its temporary file (just before the contract checks).
_PAUSED_BUILD = """
import sys, time
from pathlib import Path
from kommunedata import build as b, store
def paused(con):
    con.execute("CREATE TABLE pause_marker AS SELECT 1")  # an uncommitted write: DuckDB keeps a WAL
    print("paused", flush=True)
    time.sleep(600)
store.validate = paused
b.build(Path(sys.argv[1]), progress=lambda _msg: None)
"""


def test_killed_build_leaves_the_file_and_its_leftovers_are_cleaned(tmp_path, db_path):
    import signal
    import subprocess
    import sys

    target = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, target)
    before = target.read_bytes()
    process = subprocess.Popen([sys.executable, "-c", _PAUSED_BUILD, str(target)], stdout=subprocess.PIPE,
                               text=True, cwd=build_module.PACKAGE_DIR.parent)
    try:
        assert process.stdout.readline().strip() == "paused"
        temporaries = sorted(p.name for p in tmp_path.glob(".livskraft.duckdb.*"))
        assert temporaries == [f".livskraft.duckdb.{process.pid}.tmp", f".livskraft.duckdb.{process.pid}.tmp.wal"]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert target.read_bytes() == before  # the killed build changed nothing
    assert len(list(tmp_path.glob(".livskraft.duckdb.*"))) == 2  # what it left behind
    build(target, progress=lambda _msg: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["livskraft.duckdb"]


def test_a_killed_builds_spill_folder_is_removed_too(tmp_path):
    spill = tmp_path / ".livskraft.duckdb.999999999.tmp.tmp"  # no such process
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"spilled")
    (tmp_path / ".livskraft.duckdb.999999999.tmp").write_bytes(b"half a database")
    files.remove_abandoned_temporaries(tmp_path / "livskraft.duckdb")
    assert list(tmp_path.iterdir()) == []


def test_a_running_builds_temporaries_are_left_alone(tmp_path):
    import os

    mine = tmp_path / f".livskraft.duckdb.{os.getpid()}.tmp"
    mine.write_bytes(b"in progress")
    (tmp_path / f".livskraft.duckdb.{os.getpid()}.tmp.wal").write_bytes(b"wal")
    (tmp_path / ".livskraft.duckdb.notes.tmp").write_bytes(b"not a build's")
    files.remove_abandoned_temporaries(tmp_path / "livskraft.duckdb")
    assert len(list(tmp_path.iterdir())) == 3


def test_the_fingerprint_covers_the_build_inputs_and_not_the_app():
    inputs = {p.relative_to(build_module.PACKAGE_DIR.parent).as_posix() for p in build_module.build_inputs()}
    assert {"kommunedata/schema.sql", "kommunedata/build.py", "kommunedata/sources/example.py",
            "data/indikatorer/folkemengde_2024grenser.csv", "data/geo/kommuner_2024.geojson"} <= inputs
    assert not {p for p in inputs if p.startswith(("kommunedata/ui/", "app"))}
    assert not {"kommunedata/text.py", "kommunedata/charts.py", "kommunedata/views.py"} & inputs


def test_every_module_the_build_imports_is_a_build_input():
    import json
    import subprocess
    import sys

    code = "import json, sys, kommunedata.build; print(json.dumps([m.__file__ for m in list(sys.modules.values()) " \
           "if m.__name__.startswith('kommunedata') and getattr(m, '__file__', None)]))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                       cwd=build_module.PACKAGE_DIR.parent).stdout)
    modules = {Path(path).resolve() for path in loaded if not path.endswith("__init__.py")}
    assert modules and modules <= {p.resolve() for p in build_module.build_inputs()}


def test_ensure_database_builds_when_missing_or_out_of_date(tmp_path, db_path):
    from kommunedata.build import ensure_database

    target = tmp_path / "livskraft.duckdb"
    assert ensure_database(target) is True
    assert ensure_database(target) is False
    con = duckdb.connect(str(target))
    con.execute("UPDATE build_info SET value = 'old' WHERE key = 'fingerprint'")
    con.close()
    assert ensure_database(target) is True
    assert ensure_database(target) is False
