"""What the tests of importing share: a copy of the database to import into, and running an import
as the command line does."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from kommunedata import build as build_module
from kommunedata.__main__ import main
from kommunedata.db import Database

NEW = ["--name", "Bebygd areal", "--unit", "km²", "--theme", "areal", "--polarity", "neutral",
       "--aggregation", "sum", "--source", "SSB tabell 09594"]
# Oslo, Drammen as it was (0602 until 2020, 3005 2020-2023, 3301 from 2024) and Frei (1556, until 2008)
EXPECTED = {("0301", 2017): 124.3, ("0301", 2018): 125.0, ("0602", 2017): 40.1, ("0602", 2018): 0.0,
            ("1556", 2006): 12.5}


@pytest.fixture
def target(db_path, tmp_path, monkeypatch):
    """A copy of the built database to import into, with an import folder of its own (`tmp_path/import`)."""
    path = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, path)
    monkeypatch.setenv("LIVSKRAFT_IMPORTS", str(tmp_path / "import"))
    with duckdb.connect(str(path)) as con:  # the fingerprint of this test's inputs: nothing rebuilds
        con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [build_module.source_fingerprint()])
    return path


def run(tmp_path, target, name: str, content: bytes | str, *flags: str, encoding: str = "utf-8") -> int:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return main(["import", str(path), "--indicator", "testareal", "--db", str(target), *flags])


def stored(target) -> dict[tuple[str, int], float]:
    rows = Database(target).query("SELECT municipality_code, year, value FROM indicator_value "
                                  "WHERE indicator_id = 'testareal'")
    return {(r.municipality_code, int(r.year)): r.value for r in rows.itertuples()}


STATBANK_WIDE = ('"09594: Arealbruk og arealressurser, etter arealklasse (km²) (K)"\n'
                 '"region";"statistikkvariabel";"2017";"2018"\n'
                 '"0301 Oslo";"Bebygd areal (km²)";124,3;125,0\n'
                 '"K-0602 Drammen";"Bebygd areal (km²)";40,1;-\n'
                 '"0 Hele landet";"Bebygd areal (km²)";5335;5400\n'
                 '"1556 Frei";"Bebygd areal (km²)";..;:\n')
STATBANK_LONG = ('"region";"år";"Bebygd areal (km²)"\n"0301 Oslo";"2017";"124,3"\n"0301 Oslo";"2018";"125,0"\n'
                 '"0602 Drammen";"2017";"40,1"\n"0602 Drammen";"2018";"-"\n"1556 Frei";"2006";"12,5"\n')


def jsonstat(values, status=None, sparse=False, regions=("0301", "0602"), years=("2017", "2018")):
    document = {
        "version": "2.0", "class": "dataset", "id": ["Region", "ContentsCode", "Tid"], "size": [len(regions), 1, len(years)],
        "dimension": {
            "Region": {"category": {"index": {code: i for i, code in enumerate(regions)}}},
            "ContentsCode": {"category": {"index": {"Areal": 0}, "label": {"Areal": "Bebygd areal"}}},
            "Tid": {"category": {"index": list(years)}},
        },
        "value": {str(i): v for i, v in enumerate(values) if v is not None} if sparse else values,
    }
    if status is not None:
        document["status"] = status
    return json.dumps(document)


GOOD_HEADER = '"region";"år";"verdi"\n'


def report_of(capsys) -> str:
    return capsys.readouterr().out
