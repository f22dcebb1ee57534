"""Farmland converted in eastern Norway, protected monuments and electricity use in Telemark (#28): what
the build holds equals the source files read another way than the importer reads them (regular
expressions over the pivot cache's XML, openpyxl instead of calamine, the csv module), and the
importer's report names each new way of reading."""

from __future__ import annotations

import csv
import re
import zipfile
from collections import defaultdict

import openpyxl
import pytest

from kommunedata import queries
from kommunedata.__main__ import main
from kommunedata.config import DATA_DIR
from kommunedata.indicators import coverage_of
from tests.unit.conftest import report_of

FILES = DATA_DIR / "importfiler"
FARMLAND = FILES / "statsforvalteren_omdisponert_jord_ostlandet_1965-2020.xlsx"
MONUMENTS = FILES / "riksantikvaren_askeladden_kulturminner_telemark_2022.xlsx"
ELECTRICITY = FILES / "ssb14490_elforbruk_telemark_2020-2025.csv"


def stored(db, indicator_id: str) -> dict[tuple[str, int], float]:
    rows = db.query("SELECT municipality_code, year, value FROM indicator_value WHERE indicator_id = $id",
                    {"id": indicator_id})
    return {(r.municipality_code, int(r.year)): float(r.value) for r in rows.itertuples()}


@pytest.fixture(scope="module")
def farmland_by_hand() -> dict[str, dict[tuple[str, int], float]]:
    """The first pivot cache summed per «dyrka» and «dyrkbar», from 2005, read with regular expressions:
    shared items of each field from the definition, records as <x v=…/> (an index) or a value. Not
    conversions: the farmland in the municipality («Jord», 2014) and 2019's subtotal of the purposes."""
    with zipfile.ZipFile(FARMLAND) as archive:
        definition = archive.read("xl/pivotCache/pivotCacheDefinition1.xml").decode()
        records = archive.read("xl/pivotCache/pivotCacheRecords1.xml").decode()
    fields = re.findall(r'<cacheField name="([^"]*)"[^>]*?(?<!/)>(.*?)</cacheField>', definition, re.S)
    names = [name for name, _body in fields]
    shared = [re.findall(r'<(?:s|n|m|b|d|e)(?: v="([^"]*)")?/>', re.search(r"<sharedItems[^>]*>(.*?)</sharedItems>",
                                                                            body, re.S).group(1))
              if "</sharedItems>" in body else [] for _name, body in fields]
    year_at, municipality_at, status_at, area_at, purpose_at = (
        names.index(n) for n in ("År", "Kommune", "Jordstatus", "Areal", "Fullstendig tekst"))
    sums = {"dyrka": defaultdict(float), "dyrkbar": defaultdict(float)}
    for record in re.findall(r"<r>(.*?)</r>", records, re.S):
        cells = re.findall(r'<(x|n|s|m)(?: v="([^"]*)")?/>', record)
        row = [shared[i][int(v)] if tag == "x" else v for i, (tag, v) in enumerate(cells)]
        if not row[year_at] or int(row[year_at]) < 2005 or row[status_at] not in sums or row[area_at] in ("", "."):
            continue
        if row[purpose_at] in ("Jord", "Omdisponert til andre formål enn landbruk"):
            continue
        code = row[municipality_at][:4]
        if code.isdigit():
            sums[row[status_at]][(code, int(row[year_at]))] += float(row[area_at])
    return sums


def test_farmland_sample_figures_hold(db):
    dyrka = stored(db, "omdisponert_dyrka_jord")
    assert dyrka[("0106", 2008)] == 751  # Fredrikstad, «dyrka» only
    assert dyrka[("0124", 2008)] == 167  # Askim
    assert stored(db, "omdisponert_dyrka_og_dyrkbar_jord")[("0106", 2008)] == 751 + 155


def test_farmland_leaves_out_the_farmland_area_and_the_subtotal(db):
    dyrka = stored(db, "omdisponert_dyrka_jord")
    # Fredrikstad 2019: housing 5.0 and roads 12.1; the row «Omdisponert til andre formål enn landbruk» 17.1
    # is their subtotal, not a third purpose
    assert dyrka[("0106", 2019)] == pytest.approx(17.1)
    # Vestby 2014: 1 daa converted; the cache also holds its farmland, 34 765 daa «dyrka», as purpose «Jord»
    assert dyrka[("0211", 2014)] == 1
    assert max(dyrka.values()) == 751


def test_farmland_sums_to_the_workbooks_own_pivot_table(db):
    """The sheet «pivot dyrka..» shows Vestfold og Telemark per year (its cells, not the cache): the old
    Vestfold and Telemark codes in the database add up to it, «dyrka» and «dyrka + dyrkbar»."""
    sheet = openpyxl.load_workbook(FARMLAND, read_only=True, data_only=True)["pivot dyrka.."]
    shown = {int(r[0]): (r[2], r[4]) for r in sheet.iter_rows(min_row=18, max_row=47, max_col=5, values_only=True)
             if isinstance(r[0], (int, float)) and 2005 <= r[0] <= 2019}
    assert len(shown) == 15 and shown[2008] == (409, 672)
    for column, indicator_id in ((0, "omdisponert_dyrka_jord"), (1, "omdisponert_dyrka_og_dyrkbar_jord")):
        per_year = defaultdict(float)
        for (code, year), value in stored(db, indicator_id).items():
            if code[:2] in ("07", "08"):
                per_year[year] += value
        assert {year: round(total, 2) for year, total in per_year.items()} == \
            {year: pytest.approx(cells[column]) for year, cells in shown.items()}


def test_farmland_equals_the_pivot_cache_read_by_hand(db, farmland_by_hand):
    dyrka, dyrkbar = farmland_by_hand["dyrka"], farmland_by_hand["dyrkbar"]
    assert stored(db, "omdisponert_dyrka_jord") == pytest.approx(dict(dyrka))
    both = {key: dyrka.get(key, 0) + dyrkbar.get(key, 0) for key in dyrka.keys() | dyrkbar.keys()}
    assert stored(db, "omdisponert_dyrka_og_dyrkbar_jord") == pytest.approx(both)


def test_farmland_has_no_figure_where_the_source_has_none(db):
    dyrka = stored(db, "omdisponert_dyrka_jord")
    # only «.» for Sandefjord and Larvik under their old codes in 2019: no figure, not 0
    assert ("0706", 2019) not in dyrka and ("0709", 2019) not in dyrka
    assert {year for _code, year in dyrka} == set(range(2005, 2020))
    # outside the eight old eastern counties: no figure, and no example value either
    assert not any(code[:2] not in {"01", "02", "03", "04", "05", "06", "07", "08"} for code, _year in dyrka)
    assert not db.query("SELECT count(*) AS n FROM indicator_value WHERE indicator_id = 'omdisponert_dyrka_jord' "
                        "AND municipality_code = '4601'")["n"].iloc[0]  # Bergen
    catalogue = queries.indicators(db).set_index("indicator_id")
    row = catalogue.loc["omdisponert_dyrka_jord"]
    assert not row["is_example"] and "KOSTRA" in row["source"]
    assert coverage_of(row.to_dict()).text() == "tall for 121 kommuner på Østlandet"
    # a zero is the source's own: 2019 lists every purpose, 0 where nothing was converted
    assert 0 in dyrka.values()


@pytest.fixture(scope="module")
def monuments_by_hand() -> dict[str, dict[str, int]]:
    """Monuments per municipality name and protection type, read with openpyxl (the importer uses
    calamine): the header on row 7, continuation rows given their locality's municipality."""
    sheet = openpyxl.load_workbook(MONUMENTS, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    header, body = list(rows[0]), rows[1:]
    municipality, locality, protection = (header.index(n) for n in ("Kommune (Lok)", "LokalitetID", "Vernetype"))
    of_locality = {str(r[locality]): r[municipality] for r in body if r[municipality]}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in body:
        if r[protection]:
            counts[r[protection]][r[municipality] or of_locality[str(r[locality])]] += 1
    return counts


def test_monuments_equal_the_register_read_by_hand(db, monuments_by_hand):
    codes = dict(db.query("SELECT name, code FROM municipality WHERE valid_to IS NULL AND county_name = 'Telemark'")
                 .itertuples(index=False))
    assert len(codes) == 17
    automatic = {(codes[name], 2022): n for name, n in monuments_by_hand["Automatisk fredet"].items()}
    assert stored(db, "kulturminner_automatisk_fredet") == automatic
    assert sum(automatic.values()) == 11_002  # as the data README counts them
    decided = {(code, 2022): monuments_by_hand["Vedtaksfredet"].get(name, 0)
               + monuments_by_hand["Forskriftsfredet"].get(name, 0) for name, code in codes.items()}
    assert stored(db, "kulturminner_vedtaksfredet") == decided
    assert decided[(codes["Drangedal"], 2022)] == 0  # in the register, none protected by decision
    assert sum(decided.values()) == 612 + 142


def test_monuments_per_1000_inhabitants_and_no_verdict(db):
    vinje = stored(db, "kulturminner_automatisk_fredet")[("4036", 2022)]
    population = stored(db, "folkemengde")[("4036", 2023)]
    assert stored(db, "kulturminner_automatisk_fredet_per_1000")[("4036", 2022)] == pytest.approx(vinje * 1000 / population)
    catalogue = queries.indicators(db).set_index("indicator_id")
    for indicator_id in ("kulturminner_automatisk_fredet", "kulturminner_vedtaksfredet",
                         "kulturminner_automatisk_fredet_per_1000", "kulturminner_vedtaksfredet_per_1000"):
        row = catalogue.loc[indicator_id]
        assert row["polarity"] == "neutral" and not row["is_example"] and row["theme_id"] == "kulturarv"
    assert coverage_of(catalogue.loc["kulturminner_automatisk_fredet"].to_dict()).text() == \
        "tall for 17 kommuner i Telemark"


def test_electricity_equals_the_csv_read_by_hand(db):
    codes = dict(db.query("SELECT name, code FROM municipality WHERE valid_to IS NULL AND county_name = 'Telemark'")
                 .itertuples(index=False))
    with ELECTRICITY.open(encoding="utf-8") as f:
        total = {(codes[r["Kommune"]], int(r["År"])): float(r["Verdi"]) for r in csv.DictReader(f)
                 if r["Forbrukergruppe"] == "I alt"}
    assert len(total) == 17 * 6 and total[("4012", 2020)] == 1551.2  # Bamble, industry
    assert stored(db, "elforbruk") == pytest.approx(total)
    population = stored(db, "folkemengde")
    per = {key: value * 1e6 / population[(key[0], key[1] + 1)] for key, value in total.items()}
    assert stored(db, "elforbruk_per_innbygger") == pytest.approx(per)


@pytest.mark.parametrize("name, flags, said", [
    (FARMLAND.name, ["--value-column", "Areal", "--pivot-cache", "1", "--keep", "Jordstatus=dyrka", "--from-year",
                     "2005", "--sum-rows"],
     ["Lest fra pivotbuffer nr. 1 (--pivot-cache): 12852 poster", "30761 tomme poster",
      "3351 rader fra før 2005 er utelatt", "Bare rader med Jordstatus «dyrka» (--keep): 5393 rader tatt med",
      "48 celler uten tall", "2 rader for landet, fylker eller andre områder er hoppet over"]),
    (MONUMENTS.name, ["--code-column", "Kommune (Lok)", "--fill-code-from", "LokalitetID", "--keep",
                      "Vernetype=Vedtaksfredet,Forskriftsfredet", "--year", "2022", "--count-rows",
                      "--code-structure", "2024"],
     ["overskriften i rad 7 under 4 tittellinjer", "5908 rader uten kommune har fått kommunen",
      "754 rader tatt med", "1 kommune i filen uten noen rad som passer, teller 0 (--count-rows): Drangedal",
      "Telt (--count-rows): 755 rader ble til 17 verdier"]),
    (ELECTRICITY.name, ["--keep", "Forbrukergruppe=I alt", "--code-structure", "2024"],
     ["Bare rader med Forbrukergruppe «I alt» (--keep): 102 rader tatt med, 612 utelatt",
      "17 ulike kommunenavn er gjort om til kommunenummer"]),
])
def test_the_import_report_names_each_way_of_reading(target, capsys, name, flags, said):
    assert main(["import", str(FILES / name), "--indicator", "testfil", "--db", str(target), "--name", "Test",
                 "--unit", "antall", "--theme", "areal", "--polarity", "neutral", "--aggregation", "sum",
                 "--source", "test", "--dry-run", *flags]) == 0
    report = report_of(capsys)
    for text in said:
        assert text in report


def test_without_the_filter_the_consumer_groups_are_refused_as_duplicates(target, capsys):
    """Every consumer group and «I alt» per municipality and year: without --keep, never summed silently."""
    assert main(["import", str(ELECTRICITY), "--indicator", "testfil", "--db", str(target), "--name", "Test",
                 "--unit", "GWh", "--theme", "klima_energi", "--polarity", "neutral", "--aggregation", "sum",
                 "--source", "test", "--code-structure", "2024", "--dry-run"]) == 1
    assert "samme kommune og år" in capsys.readouterr().err


def test_a_missing_pivot_cache_or_keep_value_is_refused_in_norwegian(target, capsys):
    common = ["--indicator", "testfil", "--db", str(target), "--name", "Test", "--unit", "dekar", "--theme", "areal",
              "--polarity", "neutral", "--aggregation", "sum", "--source", "test", "--dry-run"]
    assert main(["import", str(FARMLAND), *common, "--pivot-cache", "3"]) == 1
    assert "har ikke pivotbuffer nr. 3 (den har 2)" in capsys.readouterr().err
    assert main(["import", str(FARMLAND), *common, "--pivot-cache", "1", "--value-column", "Areal",
                 "--keep", "Jordstatus=dyrket"]) == 1
    assert "Ingen rader har Jordstatus «dyrket»" in capsys.readouterr().err
    assert main(["import", str(FARMLAND), *common, "--keep", "Jordstatus"]) == 1
    assert "er ikke KOLONNE=VERDI" in capsys.readouterr().err
