"""Importing real indicators: round trips for every format, and malformed files refused with the
database byte-identical."""

from __future__ import annotations

import json
import shutil

import pandas as pd
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
    path = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, path)
    monkeypatch.setenv("LIVSKRAFT_IMPORTS", str(tmp_path / "import"))
    _Fingerprint(path)
    return path


def _Fingerprint(path):  # noqa: N802
    """Give the copy the fingerprint of this test's inputs (an empty import folder), so nothing rebuilds."""
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [build_module.source_fingerprint()])


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


GOOD_HEADER = '"region";"år";"verdi"\n'
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


@pytest.mark.parametrize("flags, message", [
    ([], "ny indikator: oppgi --name, --unit, --theme, --polarity, --aggregation, --source"),
    ([*NEW[:4], "--theme", "vaer", *NEW[6:]], "Ukjent tema «vaer»"),
])
def test_a_new_indicator_needs_its_metadata(tmp_path, target, capsys, flags, message):
    before = target.read_bytes()
    assert run(tmp_path, target, "a.csv", STATBANK_LONG, *flags) == 1
    assert message in capsys.readouterr().err
    assert target.read_bytes() == before


def test_errors_name_lines_and_stop_at_ten_examples(tmp_path, target, capsys):
    rows = "".join(f'"9{i:03d}";"2017";"1"\n' for i in range(30))
    assert run(tmp_path, target, "a.csv", GOOD_HEADER + rows, *NEW) == 1
    err = capsys.readouterr().err
    assert "30 verdier har et kommunenummer" in err and "linje 2: 9000 i 2017" in err
    assert err.count("  – linje") == 9  # nine examples and what to do
    assert "oppgi den med --code-structure ÅR" in err


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


def test_ids_stay_in_the_import_folder_and_example_indicators_need_a_source(tmp_path, target, capsys):
    for indicator, message in [("../utenfor", "Ugyldig indikator-id"), ("klimagass_per_innbygger", "oppgi --source")]:
        path = tmp_path / "a.csv"
        path.write_text(STATBANK_LONG, encoding="utf-8")
        assert main(["import", str(path), "--indicator", indicator, "--db", str(target)]) == 1
        assert message in capsys.readouterr().err
    assert not (tmp_path.parent / "utenfor.import.json").exists()


def test_a_stored_import_that_no_longer_reads_stops_the_build_with_its_name(tmp_path, target):
    assert run(tmp_path, target, "a.csv", STATBANK_LONG, *NEW) == 0
    (tmp_path / "import" / "testareal.data.csv").write_text('"region";"år";"verdi"\n"0101";"2020";"1"\n')
    with pytest.raises(build_module.BuildError, match=r"(?s)testareal.import.json kan ikke tas inn.*0101 i 2020"):
        build_module.build(tmp_path / "rebuilt.duckdb", progress=lambda _msg: None)


# --- What real downloads need: names, one code structure for all years, plain CSV, zeros, summing ---

def report_of(capsys) -> str:
    return capsys.readouterr().out


def test_names_are_matched_like_a_person_would(tmp_path, target, capsys):
    content = ('"Kommune";"År";"Verdi"\n'
               '"  oslo ";"2017";"1"\n'  # case and spaces
               '"HERØY (Nordland)";"2017";"2"\n'  # county suffix, Norwegian letters
               '"Tråante";"2023";"3"\n'  # any part of a multi-language name («Trondheim - Tråante» in 2023)
               '"Guovdageaidnu-Kautokeino";"2017";"4"\n'  # spaces around the dash do not matter
               '"Kautokeino";"2018";"5"\n'
               '"Hele landet";"2017";"99"\n')  # the country: left out
    assert run(tmp_path, target, "navn.csv", content, *NEW) == 0
    assert stored(target) == {("0301", 2017): 1.0, ("1818", 2017): 2.0, ("5001", 2023): 3.0, ("2011", 2017): 4.0,
                              ("2011", 2018): 5.0}
    out = report_of(capsys)
    assert "5 ulike kommunenavn er gjort om til kommunenummer etter kommuneinndelingen for hvert år." in out


@pytest.mark.parametrize("content, message", [
    ('"Kommune";"År";"Verdi"\n"Oslo";"2017";"1"\n"Herøy";"2017";"2"\n',
     "linje 3: «Herøy» passer til flere kommuner i 2017 (1515, 1818)"),
    ('"Kommune";"År";"Verdi"\n"Gotham";"2017";"1"\n"Gotham";"2018";"1"\n',
     "linje 2: «Gotham» er ikke et kommunenavn i 2017"),
    ('"Kommune";"År";"Verdi"\n"Midt-Telemark";"2009";"1"\n',  # a 2020 name in 2009
     "linje 2: «Midt-Telemark» er ikke et kommunenavn i 2009"),
])
def test_unknown_and_ambiguous_names_are_refused_with_their_line(tmp_path, target, capsys, content, message):
    before = target.read_bytes()
    assert run(tmp_path, target, "navn.csv", content, *NEW) == 1
    err = capsys.readouterr().err
    assert message in err and "Databasen er ikke endret." in err
    assert target.read_bytes() == before


def test_one_code_structure_for_every_year(tmp_path, target, capsys):
    # 3301 Drammen and 4003 Skien are 2024 codes; the data are for 2017
    content = '"kommunenummer";"år";"verdi"\n"3301";"2017";"40,1"\n"4003";"2017";"51,5"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 1
    err = capsys.readouterr().err
    assert "2 verdier har et kommunenummer som ikke gjaldt det året" in err
    assert "alle kommunenumrene fantes i 2024" in err and "oppgi --code-structure 2024" in err
    assert run(tmp_path, target, "a.csv", content, *NEW, "--code-structure", "2024") == 0
    assert stored(target) == {("3301", 2017): 40.1, ("4003", 2017): 51.5}
    assert "Alle år er lest med kommunenumrene og -navnene fra 2024 (--code-structure 2024)." in report_of(capsys)
    # names are then read as 2024's: «Midt-Telemark» in 2009 is 4020
    names = '"Kommune";"År";"Verdi"\n"Midt-Telemark";"2009";"7"\n'
    assert run(tmp_path, target, "b.csv", names, *NEW, "--code-structure", "2024") == 0
    assert stored(target) == {("4020", 2009): 7.0}
    # a code that is not in the declared structure (0602 Drammen ended in 2020)
    assert run(tmp_path, target, "c.csv", '"kommunenummer";"år";"verdi"\n"0602";"2017";"1"\n', *NEW,
               "--code-structure", "2024") == 1
    assert "1 verdier har et kommunenummer som ikke fantes i kommuneinndelingen for 2024" in capsys.readouterr().err


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


def test_zero_as_missing_is_explicit_and_counted(tmp_path, target, capsys):
    content = '"kommunenummer";"2018";"2019"\n"0301";"0";"124,5"\n"0602";"0,00";"0"\n"1103";"51";"51,4"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target)[("0602", 2018)] == 0.0  # without the option a zero is a value
    capsys.readouterr()
    assert run(tmp_path, target, "a.csv", content, *NEW, "--zero-as-missing") == 0
    assert stored(target) == {("0301", 2019): 124.5, ("1103", 2018): 51.0, ("1103", 2019): 51.4}
    assert ("3 nuller er lest som manglende verdi (--zero-as-missing): 0301 (2018); 0602 (2018, 2019)."
            in report_of(capsys))


def test_rows_are_summed_only_when_asked(tmp_path, target, capsys):
    content = ('Kommune,År,Sektor,Utslippskilde,Utslipp\n'
               'Skien,2009,Veitrafikk,Personbiler  ,100.25\n'
               'Skien,2009,Veitrafikk,Personbiler  ,0.5\n'  # the same source again: another gas
               'Skien,2009,Jordbruk,Husdyr  ,10\n'
               'Bamble,2009,Veitrafikk,Personbiler  ,7\n')
    flags = [*NEW, "--code-structure", "2024", "--value-column", "Utslipp"]
    assert run(tmp_path, target, "u.csv", content, *flags) == 1
    err = capsys.readouterr().err
    assert "3 verdier har samme kommune og år" in err and "--sum-rows" in err and "linje 3: 4003 2009" in err
    assert run(tmp_path, target, "u.csv", content, *flags, "--sum-rows") == 0
    assert stored(target) == {("4003", 2009): 110.75, ("4012", 2009): 7.0}
    out = report_of(capsys)
    assert "Summert (--sum-rows): 4 rader ble til 2 verdier (1–3 rader per verdi, oftest 1)." in out
    assert "Ikke brukt: Sektor, Utslippskilde." in out


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


def test_a_county_suffix_must_fit_and_other_areas_are_left_out(tmp_path, target, capsys):
    # «Bø (Telemark)» in 2021 is not Bø in Nordland (1867), the only Bø then: refused, not guessed
    wrong = '"Kommune";"År";"Verdi"\n"Bø (Telemark)";"2021";"1"\n'
    assert run(tmp_path, target, "a.csv", wrong, *NEW) == 1
    err = capsys.readouterr().err
    assert "linje 2: «Bø (Telemark)»: Bø i 2021 (1867) ligger ikke i Telemark" in err
    assert "--code-structure" not in err  # the hint is for unknown names only
    content = ('"Kommune";"År";"Verdi"\n"Bø (Telemark)";"2017";"1"\n"Bø (Nordland)";"2017";"2"\n'
               '"Trøndelag - Trööndelage";"2021";"9"\n"Svalbard";"2021";"9"\n"Os (Hedmark)";"2017";"3"\n')
    assert run(tmp_path, target, "b.csv", content, *NEW) == 0
    assert stored(target) == {("0821", 2017): 1.0, ("1867", 2017): 2.0, ("0441", 2017): 3.0}
    assert "2 rader for landet, fylker eller andre områder er hoppet over." in capsys.readouterr().out


def test_a_code_column_wins_over_a_name_column(tmp_path, target):
    content = '"Kommune";"Kommunenummer";"År";"Verdi"\n"Herøy";"1818";"2017";"5"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target) == {("1818", 2017): 5.0}


def test_missing_parts_of_a_sum_are_reported(tmp_path, target, capsys):
    content = 'Kommune,År,Kilde,Utslipp\nSkien,2009,a,10\nSkien,2009,b,..\n'
    assert run(tmp_path, target, "u.csv", content, *NEW, "--code-structure", "2024", "--sum-rows") == 0
    out = capsys.readouterr().out
    assert "1 celle uten tall («..», «:», «.» eller tomme) er ikke tatt med; summene mangler de delene" in out
    assert "Summert (--sum-rows): 1 rad ble til 1 verdi (1 rader per verdi)." in out


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
