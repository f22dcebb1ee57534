"""Reading every format users import (kommunedata.sources.imported.readers): round trips, and
malformed files refused with the database byte-identical."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kommunedata import build as build_module
from kommunedata.__main__ import main
from kommunedata.db import Database
from tests.unit.conftest import (
    EXPECTED,
    GOOD_HEADER,
    NEW,
    STATBANK_LONG,
    STATBANK_WIDE,
    jsonstat,
    report_of,
    run,
    stored,
)


@pytest.mark.parametrize("content, encoding", [
    ("\ufeff" + STATBANK_WIDE, "utf-8"), (STATBANK_WIDE, "cp1252"), (STATBANK_LONG, "utf-8"), (STATBANK_LONG, "cp1252"),
])
def test_statbank_csv_round_trip(tmp_path, target, capsys, content, encoding):
    assert run(tmp_path, target, "09594.csv", content, *NEW, encoding=encoding) == 0
    wide = "statistikkvariabel" in content  # Frei has no values in the wide file (SSB symbols)
    expected = {k: v for k, v in EXPECTED.items() if k[0] != "1556"} if wide else EXPECTED
    assert stored(target) == expected
    out = capsys.readouterr().out
    assert "Skrevet til databasen." in out
    # The same file again: a dry run finds nothing to change, and a real run changes nothing.
    before = target.read_bytes()
    assert run(tmp_path, target, "09594.csv", content, "--dry-run", encoding=encoding) == 0
    assert f"Nye: 0 · endrede: 0 · uendrede: {len(expected)} · fjernes: 0" in capsys.readouterr().out
    assert target.read_bytes() == before
    assert run(tmp_path, target, "09594.csv", content, encoding=encoding) == 0
    assert stored(target) == expected


@pytest.mark.parametrize("sparse", [False, True])
def test_jsonstat_round_trip_with_status_symbols(tmp_path, target, sparse):
    content = jsonstat([124.3, 125.0, 40.1, None], status={"3": "-"}, sparse=sparse)
    assert run(tmp_path, target, "09594.json", content, *NEW) == 0
    assert stored(target) == {("0301", 2017): 124.3, ("0301", 2018): 125.0, ("0602", 2017): 40.1, ("0602", 2018): 0.0}


def test_excel_round_trip_and_a_rebuild_keeps_the_import(tmp_path, target):
    path = tmp_path / "areal.xlsx"
    pd.DataFrame({"Kommunenummer": ["0301", "0301", "0602", "1556"], "År": [2017, 2018, 2017, 2006],
                  "Verdi": [124.3, 125.0, 40.1, 12.5]}).to_excel(path, index=False)
    assert main(["import", str(path), "--indicator", "testareal", "--db", str(target), *NEW]) == 0
    expected = {("0301", 2017): 124.3, ("0301", 2018): 125.0, ("0602", 2017): 40.1, ("1556", 2006): 12.5}
    assert stored(target) == expected
    harmonised = Database(target).query("SELECT municipality_code, year, value FROM indicator_value_2024 "
                                        "WHERE indicator_id = 'testareal' AND municipality_code = '1505'")
    assert harmonised["value"].tolist() == [12.5]  # Frei counts in today's Kristiansund
    rebuilt = tmp_path / "rebuilt.duckdb"
    build_module.build(rebuilt, progress=lambda _msg: None)
    assert stored(rebuilt) == expected
    catalogue = Database(rebuilt).query("SELECT is_example, theme_id, source FROM indicator WHERE indicator_id = 'testareal'")
    assert catalogue.iloc[0].tolist() == [False, "areal", "SSB tabell 09594"]


MALFORMED = {
    "loddrett strek som skilletegn": ("a.csv", "region|år|verdi\n0301|2017|1,0\n", "Fant ingen kolonner"),
    "ukjent kommunenummer": ("a.csv", GOOD_HEADER + '"9998 Tull";"2017";"1,0"\n', "ikke gjaldt det året"),
    "kommunenummer utenfor sin tid": ("a.csv", GOOD_HEADER + '"3301 Drammen";"2017";"1,0"\n', "linje 2: 3301 i 2017"),
    "tekst som verdi": ("a.csv", GOOD_HEADER + '"0301 Oslo";"2017";"mye"\n', "«mye» er ikke et tall"),
    "dobbel kommune og år": ("a.csv", GOOD_HEADER + '"0301";"2017";"1"\n"0301";"2017";"2"\n', "samme kommune og år"),
    "mangler overskrift": ("a.csv", '"0301 Oslo";"12,3"\n"0602 Drammen";"4,5"\n', "årskolonne"),
    "tom fil": ("a.csv", "", "Filen er tom"),
    "bare overskrift": ("a.csv", GOOD_HEADER, "ingen rader med tall"),
    "enormt tall": ("a.csv", GOOD_HEADER + '"0301";"2017";"1e20"\n', "Urimelig store tall"),
    "NaN": ("a.csv", GOOD_HEADER + '"0301";"2017";"NaN"\n', "«NaN» er ikke et tall"),
    "uendelig": ("a.csv", GOOD_HEADER + '"0301";"2017";"inf"\n', "«inf» er ikke et tall"),
    "blandet tegnkoding": ("a.csv", GOOD_HEADER.encode() + '"0301 Oslo";"2017";"1"\n'.encode()
                           + '"1556 Frei";"2006";"2"\n'.encode() + "\"0301 Bærum\";\"2018\";\"3\"\n".encode("cp1252")
                           + '"0301 Skjåk";"2019";"4"\n'.encode(), "blander tegnkodinger"),
    "avkortet JSON": ("a.json", jsonstat([1.0, 2.0, 3.0, 4.0])[:80], "ikke gyldig JSON"),
    "CSV som .xlsx": ("a.xlsx", GOOD_HEADER + '"0301";"2017";"1"\n', "ikke en Excel-fil"),
    "CSV som .json": ("a.json", GOOD_HEADER + '"0301";"2017";"1"\n', "ikke JSON"),
    "JSON som ikke er JSON-stat": ("a.json", '{"a": 1}', "ikke JSON-stat 2"),
    "JSON-stat med feil size": ("a.json", jsonstat([1.0, 2.0, 3.0, 4.0]).replace('"size": [2, 1, 2]', '"size": [3, 1, 2]'),
                                "kategorier"),
    "JSON-stat med for få verdier": ("a.json", jsonstat([1.0, 2.0, 3.0]), "3 verdier, men dimensjonene gir 4"),
    "JSON-stat med to statistikkvariabler": ("a.json", jsonstat([1.0, 2.0, 3.0, 4.0]).replace(
        '"size": [2, 1, 2]', '"size": [2, 2, 1]').replace('"index": {"Areal": 0}', '"index": {"Areal": 0, "Andel": 1}')
        .replace('"index": ["2017", "2018"]', '"index": ["2017"]'), "velg én med --value-column"),
    "JSON-stat med kvartaler": ("a.json", jsonstat([1.0, 2.0, 3.0, 4.0], years=("2017K1", "2017K2")), "hele år"),
    "år i fremtiden": ("a.csv", GOOD_HEADER + '"0301";"2035";"1"\n', "ikke fremtidige år"),
    "år før dataene": ("a.csv", GOOD_HEADER + '"0301";"1999";"1"\n', "linje 2: 1999"),
    "år med desimal": ("a.csv", GOOD_HEADER + '"0301";"2017,5";"1"\n', "ikke et helt årstall"),
    "avkortet rad": ("a.csv", GOOD_HEADER + '"0301";"2017";"1"\n"0602";"2017"\n', "like mange felt"),
    "binærfil": ("a.csv", b"\x00\x01\x02;\x00\x00", "ikke en tekstfil"),
    "bare landet": ("a.csv", GOOD_HEADER + '"0 Hele landet";"2017";"5335"\n', "ingen tall for kommuner"),
    "uklar verdikolonne": ("a.csv", '"region";"år";"a";"b"\n"0301";"2017";"1";"2"\n', "--value-column"),
    "tall med to desimalskilletegn": ("a.csv", GOOD_HEADER + '"0301";"2017";"1,2,3"\n', "«1,2,3» er ikke et tall"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_is_refused_and_nothing_changes(tmp_path, target, capsys, case):
    name, content, message = MALFORMED[case]
    before = target.read_bytes()
    assert run(tmp_path, target, name, content, *NEW) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert err.startswith("Import avvist:") and "Traceback" not in err and "Databasen er ikke endret." in err
    assert target.read_bytes() == before
    assert not (tmp_path / "import").exists() or not any((tmp_path / "import").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporaries left


def test_numbers_without_their_leading_zero_are_read_and_reported(tmp_path, target, capsys):
    content = '"kommune";"2017"\n"301";"124,3"\n"K-602 Drammen";"40,1"\n"Kilde: SSB"\n'  # and a footnote
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target) == {("0301", 2017): 124.3, ("0602", 2017): 40.1}
    assert "2 kommunenummer uten ledende null er lest med fire sifre" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ('"region";"2017"\n"Gotham";"1"\n', "linje 2: «Gotham» er ikke et kommunenavn i 2017"),
    ('"region";"2019-2021";"2020-2022"\n"0301";"1";"2"\n', "gjelder flere år"),
])
def test_what_cannot_be_read_exactly_is_refused(tmp_path, target, capsys, content, message):
    before = target.read_bytes()
    assert run(tmp_path, target, "a.csv", content, *NEW) == 1
    assert message in capsys.readouterr().err
    assert target.read_bytes() == before


def test_jsonstat_roles_a_bom_and_broken_structures(tmp_path, target, capsys):
    kostra = json.loads(jsonstat([1.0, 2.0, 3.0, 4.0]))
    kostra["id"][0] = "KOKkommuneregion0000"
    kostra["dimension"]["KOKkommuneregion0000"] = kostra["dimension"].pop("Region")
    kostra["role"] = {"geo": ["KOKkommuneregion0000"], "time": ["Tid"]}
    assert run(tmp_path, target, "kostra.json", "\ufeff" + json.dumps(kostra), *NEW) == 0
    assert stored(target)[("0602", 2018)] == 4.0
    capsys.readouterr()
    assert run(tmp_path, target, "b.json", json.dumps({**kostra, "dimension": []}), *NEW) == 1
    assert "JSON-stat-filen er ødelagt" in capsys.readouterr().err
    odd_status = jsonstat([1.0, None, 3.0, 4.0], status={"1": {"symbol": ".."}})  # not a symbol: no value
    assert run(tmp_path, target, "c.json", odd_status, *NEW) == 0
    assert ("0301", 2018) not in stored(target)


def test_excel_with_a_title_row_and_an_info_sheet_first(tmp_path, target):
    path = tmp_path / "utslipp.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"Om filen": ["Kilde: SSB"]}).to_excel(writer, sheet_name="Info", index=False)
        table = pd.DataFrame([["Bebygd areal, km²", None, None], ["Kommunenummer", "År", "Verdi"],
                              ["0301", 2017, 124.3]])
        table.to_excel(writer, sheet_name="Data", index=False, header=False)
    assert main(["import", str(path), "--indicator", "testareal", "--db", str(target), *NEW]) == 0
    assert stored(target) == {("0301", 2017): 124.3}


def test_plain_csv_with_named_year_columns_and_a_column_to_ignore(tmp_path, target, capsys):
    content = ('"kommunenummer","areal_2017","areal_2018","endring_2017_2018"\n'
               '"301",124.3,124.52,0.219999999999999\n"4003",51.02,51.5,0.48\n')
    flags = [*NEW, "--code-structure", "2024"]
    assert run(tmp_path, target, "a.csv", content, *flags) == 1  # «endring_2017_2018» spans two years
    assert "eller utelat kolonnen med --ignore-columns" in capsys.readouterr().err
    assert run(tmp_path, target, "a.csv", content, *flags, "--year-columns", r"areal_(\d{4})",
               "--ignore-columns", "endring_2017_2018") == 0
    assert stored(target) == {("0301", 2017): 124.3, ("0301", 2018): 124.52, ("4003", 2017): 51.02,
                              ("4003", 2018): 51.5}
    out = report_of(capsys)
    assert "Utelatt etter valg: endring_2017_2018." in out and "(år som kolonner)" in out
    for extra, message in [(["--year-columns", r"aar_(\d{4})"], "Ingen kolonne passer til årsmønsteret"),
                           (["--year-columns", r"areal_(\d{4}"], "er ikke et gyldig regulært uttrykk"),
                           (["--ignore-columns", "finnes_ikke"], "Kolonner som skulle utelates finnes ikke")]:
        assert run(tmp_path, target, "a.csv", content, *flags, *extra) == 1
        assert message in capsys.readouterr().err


def test_a_code_column_wins_over_a_name_column(tmp_path, target):
    content = '"Kommune";"Kommunenummer";"År";"Verdi"\n"Herøy";"1818";"2017";"5"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target) == {("1818", 2017): 5.0}


# Files that must not lose a row: each is read whole, or refused naming the line that does not fit. A
# line is left out only by a named rule (readers.is_title above the table, readers.is_footnote under it).
NOT_TRIMMED = {
    "the wrong separator on the last line": ('"kommunenummer";"år";"verdi"\n"0301";"2024";"360,3"\n1103,2024,402\n',
                                            "linje 3: 1 felt, overskriften har 3"),
    "a lone code on the last line": ('"region";"2017"\n"0301";"124,3"\n0602\n', "linje 3: 1 felt"),
    "a lone number on the last line": ('"region";"2017"\n"0301";"124,3"\n-12,5\n', "linje 3: 1 felt"),
    "a county code on the last line": ('"region";"2017"\n"0301";"124,3"\nK-0602\n', "linje 3: 1 felt"),
    "a short row right under the header": ('"kommunenummer";"år";"verdi"\n"0301";"2024"\n"1103";"2024";"402"\n'
                                           '"4003";"2024";"51"\n', "linje 2: 2 felt, overskriften har 3"),
}


@pytest.mark.parametrize("case", list(NOT_TRIMMED))
def test_a_line_of_data_is_never_trimmed_away(tmp_path, target, capsys, case):
    content, message = NOT_TRIMMED[case]
    before = target.read_bytes()
    assert run(tmp_path, target, "a.csv", content, *NEW) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert target.read_bytes() == before


def test_what_ssb_writes_around_its_table_is_left_out_and_nothing_else(tmp_path, target, capsys):
    content = ('"09594: Arealbruk og arealressurser (K)"\n"region";"år";"verdi"\n"0301 Oslo";"2017";"124,3"\n'
               '"0806 Skien";"2017";"51,0"\n\n"Kilde: Statistisk sentralbyrå"\n"..: Mangler"\n"-: Null"\n')
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target) == {("0301", 2017): 124.3, ("0806", 2017): 51.0}


def test_the_rules_for_lines_around_a_table():
    from kommunedata.sources.imported.readers import is_footnote, is_title
    assert is_footnote(["Kilde: Statistisk sentralbyrå, tabell 09594"]) and is_footnote(["..: Mangler"])
    assert not any(is_footnote(row) for row in (["1103,2024,402"], ["0301"], ["K-0301 Oslo"], ["-1,5"],
                                                 ["Kilde", "SSB"]))
    assert is_title(["09594: Arealbruk"]) and is_title(["Bebygd areal", "", ""])
    assert not any(is_title(row) for row in (["region", "år"], ["0301", "124,3"], ["", ""]))


def test_an_excel_header_is_found_below_title_rows_only(tmp_path, target, capsys):
    path = tmp_path / "areal.xlsx"
    table = pd.DataFrame([["Kommunenummer", "År", "Verdi"], ["0301", 2017, "ukjent"], ["0602", 2017, 40.1],
                          ["4003", 2017, 51.0]])
    table.to_excel(path, index=False, header=False)
    before = target.read_bytes()
    assert main(["import", str(path), "--indicator", "testareal", "--db", str(target), *NEW]) == 1
    assert "«ukjent» er ikke et tall" in capsys.readouterr().err  # not read with a row of data as its header
    assert target.read_bytes() == before
