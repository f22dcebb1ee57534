"""Stored imports (kommunedata.sources.imported.stored): the build replays them, with their
per-inhabitant versions, and a user's import replaces a shipped one."""

from __future__ import annotations

import pytest

from kommunedata import build as build_module
from kommunedata.__main__ import main
from kommunedata.db import Database
from tests.unit.conftest import NEW, STATBANK_LONG, report_of, run


def test_a_stored_import_that_no_longer_reads_stops_the_build_with_its_name(tmp_path, target):
    assert run(tmp_path, target, "a.csv", STATBANK_LONG, *NEW) == 0
    (tmp_path / "import" / "testareal.data.csv").write_text('"region";"år";"verdi"\n"0101";"2020";"1"\n')
    with pytest.raises(build_module.BuildError, match=r"(?s)testareal.import.json kan ikke tas inn.*0101 i 2020"):
        build_module.build(tmp_path / "rebuilt.duckdb", progress=lambda _msg: None)


def test_per_inhabitant_divides_by_the_population_at_the_end_of_the_year(tmp_path, target, capsys):
    content = '"kommunenummer";"2017";"2022"\n"0301";"124,3";"124,87"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW, "--per-inhabitant", "testareal_per_innbygger",
               "--per-inhabitant-unit", "m² per innbygger", "--per-inhabitant-factor", "1000000") == 0
    rows = Database(target).query("SELECT i.name, i.unit, i.aggregation, v.year, v.value FROM indicator_value v "
                                  "JOIN indicator i USING (indicator_id) WHERE indicator_id = 'testareal_per_innbygger'")
    # Oslo 1 January 2018: 673 469; 1 January 2023: 709 037 (SSB 07459)
    assert rows["value"].tolist() == pytest.approx([124.3e6 / 673469, 124.87e6 / 709037])
    assert set(rows["name"]) == {"Bebygd areal per innbygger"} and set(rows["unit"]) == {"m² per innbygger"}
    assert set(rows["aggregation"]) == {"weighted_mean"}
    assert "folketallet 1. januar året etter" in report_of(capsys)
    # a rebuild replays the file with the same options and the per-inhabitant version
    rebuilt = build_module.build(tmp_path / "rebuilt.duckdb", progress=lambda _msg: None)
    again = Database(rebuilt).query("SELECT value FROM indicator_value WHERE indicator_id = 'testareal_per_innbygger' "
                                    "ORDER BY year")
    assert again["value"].tolist() == pytest.approx(rows["value"].tolist())
    # an existing indicator of another source is not overwritten
    assert run(tmp_path, target, "a.csv", content, *NEW, "--per-inhabitant", "folkemengde") == 1
    assert "«folkemengde» finnes allerede" in capsys.readouterr().err


def test_importing_a_shipped_indicator_again_replaces_its_whole_record(tmp_path, target, capsys):
    """A user's import of a shipped indicator (here the emissions) replaces the shipped record with its
    per-inhabitant version, in the database and in every rebuild."""
    content = '"kommunenummer";"år";"verdi"\n"4003";"2024";"100"\n"4001";"2024";"200"\n'
    (tmp_path / "a.csv").write_text(content, encoding="utf-8")
    assert main(["import", str(tmp_path / "a.csv"), "--indicator", "bebygd_areal", "--db", str(target)]) == 0
    rows = Database(target).query("SELECT indicator_id, count(*) AS n FROM indicator_value "
                                  "WHERE indicator_id LIKE 'bebygd%' GROUP BY ALL ORDER BY ALL")
    assert rows.values.tolist() == [["bebygd_areal", 2]]  # the shipped per-inhabitant version went with it
    rebuilt = build_module.build(tmp_path / "rebuilt.duckdb", progress=lambda _msg: None)
    again = Database(rebuilt).query("SELECT indicator_id, count(*) AS n FROM indicator_value "
                                    "WHERE indicator_id LIKE 'bebygd%' GROUP BY ALL ORDER BY ALL")
    assert again.values.tolist() == [["bebygd_areal", 2]]
    assert "Se kilden" in Database(rebuilt).query("SELECT licence FROM data_source WHERE source_id = "
                                                  "'import_bebygd_areal'")["licence"].tolist()
    sources = Database(target).query("SELECT source_id FROM data_source")["source_id"].tolist()
    assert "ssb_09594" not in sources  # nothing cites the shipped source any more
    out = capsys.readouterr().out
    assert "Erstatter importen som følger med Livskraft (importfiler/bebygd_areal.import.json): dens" in out
    assert "Fjernes: «bebygd_areal_per_innbygger» (per innbygger fra forrige import)." in out
    description = Database(target).query("SELECT description FROM indicator WHERE indicator_id = 'bebygd_areal'")
    assert description["description"].iloc[0] == "Importert fra fil. Kilde: SSB tabell 09594."
    # importing a built-in indicator never takes its siblings along
    assert main(["import", str(tmp_path / "a.csv"), "--indicator", "vaksine_mmr_2ar", "--db", str(target)]) == 0
    kept = Database(target).query("SELECT count(*) AS n FROM indicator WHERE indicator_id LIKE 'vaksine%'")
    assert kept["n"].iloc[0] == 3
