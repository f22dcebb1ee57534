"""A dry run and a refused import never write, whether the database is up to date or stale (built from
other inputs than those in data/ now): the file's bytes are compared before and after. A real import on
a stale file writes the fresh build and the import together, and says so."""

from __future__ import annotations

import duckdb
import pytest

from kommunedata import build as build_module
from kommunedata.__main__ import main
from kommunedata.db import Database
from tests.unit.conftest import GOOD_HEADER, NEW, STATBANK_LONG, run, stored
from tests.unit.test_programme_import import _code_not_valid_on_joining, save

STALE = "built-from-older-sources"


def _stale(target) -> None:
    with duckdb.connect(str(target)) as con:
        con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [STALE])


def _fingerprint(target) -> str:
    return Database(target).query("SELECT value FROM build_info WHERE key = 'fingerprint'")["value"].iloc[0]


@pytest.mark.parametrize("stale", [False, True], ids=["fresh", "stale"])
@pytest.mark.parametrize("content, flags, code", [
    (STATBANK_LONG, ("--dry-run",), 0),
    (GOOD_HEADER + '"0301";"2017";"1,2,3"\n', (), 1),  # not a number
    ('"kommunenummer";"år";"verdi"\n"0301";"2024";"360,3"\n1103,2024,402\n', (), 1),  # a line that does not fit
], ids=["dry run", "refused value", "refused line"])
def test_a_dry_run_or_a_refused_import_leaves_the_bytes(tmp_path, target, capsys, stale, content, flags, code):
    if stale:
        _stale(target)
    before = target.read_bytes()
    assert run(tmp_path, target, "a.csv", content, *NEW, *flags) == code
    out, err = capsys.readouterr()
    assert target.read_bytes() == before
    assert not (tmp_path / "import").exists()
    if code == 0:
        assert "Prøvekjøring: ingenting er skrevet." in out
        assert ("Databasen var bygd fra eldre kildefiler" in out) == stale
    else:
        assert "Databasen er ikke endret." in err


def test_a_real_import_on_a_stale_file_rebuilds_it_with_the_import_and_says_so(tmp_path, target, capsys):
    _stale(target)
    assert run(tmp_path, target, "a.csv", STATBANK_LONG, *NEW) == 0
    out = capsys.readouterr().out
    assert "Databasen var bygd fra eldre kildefiler" in out and "databasen er bygd på nytt med importen" in out
    assert _fingerprint(target) == build_module.source_fingerprint()  # built from today's inputs, and the import
    assert stored(target)[("0301", 2017)] == 124.3


def test_a_dry_run_on_a_missing_file_writes_nothing(tmp_path, target, capsys, monkeypatch):
    missing = tmp_path / "ny" / "livskraft.duckdb"
    path = tmp_path / "a.csv"
    path.write_text(STATBANK_LONG, encoding="utf-8")
    assert main(["import", str(path), "--indicator", "testareal", "--db", str(missing), *NEW, "--dry-run"]) == 0
    assert "Databasen fantes ikke" in capsys.readouterr().out
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize("stale", [False, True], ids=["fresh", "stale"])
def test_a_programme_dry_run_or_refusal_leaves_the_bytes(tmp_path, target, capsys, stale):
    import io

    import openpyxl

    from kommunedata.importer import export_programme
    book = openpyxl.load_workbook(io.BytesIO(export_programme(target)))
    good = save(book, tmp_path, "good.xlsx")
    _code_not_valid_on_joining(book)
    bad = save(book, tmp_path, "bad.xlsx")
    if stale:
        _stale(target)
    before = target.read_bytes()
    assert main(["import-programme", str(good), "--db", str(target), "--dry-run"]) == 0
    assert ("Databasen var bygd fra eldre kildefiler" in capsys.readouterr().out) == stale
    assert main(["import-programme", str(bad), "--db", str(target)]) == 1
    assert "Databasen er ikke endret." in capsys.readouterr().err
    assert target.read_bytes() == before
    assert not (tmp_path / "import").exists()
