"""Importing an indicator (kommunedata.importer): its metadata, what it may replace, and a crash
that leaves the old file."""

from __future__ import annotations

import pytest

from kommunedata.__main__ import main
from kommunedata.db import Database
from tests.unit.conftest import NEW, STATBANK_LONG, run


def test_real_figures_replace_an_example_indicator(tmp_path, target):
    content = STATBANK_LONG.replace("Bebygd areal (km²)", "Verdi")
    path = tmp_path / "utslipp.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["import", str(path), "--indicator", "klimagass_per_innbygger", "--db", str(target),
                 "--source", "Miljødirektoratet"]) == 0
    row = Database(target).query("SELECT is_example, source, unit FROM indicator WHERE indicator_id = 'klimagass_per_innbygger'")
    assert row.iloc[0].tolist() == [False, "Miljødirektoratet", "tonn CO₂-ekv. per innbygger"]  # unit kept
    counted = Database(target).query("SELECT count(*) AS n FROM indicator_value WHERE indicator_id = 'klimagass_per_innbygger'")
    assert counted["n"].iloc[0] == 5  # the generated values are gone


@pytest.mark.parametrize("flags, message", [
    ([], "ny indikator: oppgi --name, --unit, --theme, --polarity, --aggregation, --source"),
    ([*NEW[:4], "--theme", "vaer", *NEW[6:]], "Ukjent tema «vaer»"),
])
def test_a_new_indicator_needs_its_metadata(tmp_path, target, capsys, flags, message):
    before = target.read_bytes()
    assert run(tmp_path, target, "a.csv", STATBANK_LONG, *flags) == 1
    assert message in capsys.readouterr().err
    assert target.read_bytes() == before


def test_a_crash_while_writing_leaves_the_old_file(tmp_path, target, monkeypatch):
    from kommunedata import importer, store

    def crash(con, row, values, source):
        con.execute("DELETE FROM indicator_value")  # half way through, in the copy
        raise RuntimeError("strømmen gikk")

    monkeypatch.setattr(store, "write_indicator", crash)
    before = target.read_bytes()
    path = tmp_path / "a.csv"
    path.write_text(STATBANK_LONG, encoding="utf-8")
    with pytest.raises(RuntimeError):
        importer.import_file(path, importer.Meta("testareal", "Bebygd areal", "km²", "areal", "neutral", "sum",
                                                 "SSB"), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "livskraft.duckdb", "livskraft.duckdb.lock"]


def test_ids_stay_in_the_import_folder_and_example_indicators_need_a_source(tmp_path, target, capsys):
    for indicator, message in [("../utenfor", "Ugyldig indikator-id"), ("klimagass_per_innbygger", "oppgi --source")]:
        path = tmp_path / "a.csv"
        path.write_text(STATBANK_LONG, encoding="utf-8")
        assert main(["import", str(path), "--indicator", indicator, "--db", str(target)]) == 1
        assert message in capsys.readouterr().err
    assert not (tmp_path.parent / "utenfor.import.json").exists()


def test_a_per_inhabitant_version_cannot_be_imported_on_its_own(tmp_path, target, capsys):
    content = '"kommunenummer";"år";"verdi"\n"4003";"2024";"2"\n'
    (tmp_path / "a.csv").write_text(content, encoding="utf-8")
    before = target.read_bytes()
    assert main(["import", str(tmp_path / "a.csv"), "--indicator", "klimagassutslipp_miljodir_per_innbygger",
                 "--db", str(target)]) == 1
    assert ("regnes ut fra importen av «klimagassutslipp_miljodir» (per innbygger): importer "
            "«klimagassutslipp_miljodir» på nytt i stedet") in capsys.readouterr().err
    assert target.read_bytes() == before
    # nor may a new import's per-inhabitant version take another import's indicator
    assert run(tmp_path, target, "a.csv", content, *NEW, "--per-inhabitant", "bebygd_areal") == 1
    assert "«bebygd_areal» finnes allerede" in capsys.readouterr().err
    # an example indicator gives way, as it does to a direct import
    assert run(tmp_path, target, "a.csv", content, *NEW, "--per-inhabitant", "klimagass_per_innbygger") == 0
    row = Database(target).query("SELECT is_example FROM indicator WHERE indicator_id = 'klimagass_per_innbygger'")
    assert not row["is_example"].iloc[0]
