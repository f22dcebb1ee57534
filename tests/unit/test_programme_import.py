"""Bringing the real programme: the workbook round-trips, malformed workbooks are refused with the
database byte-identical, and a rebuild keeps an imported programme."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timedelta

import duckdb
import openpyxl
import pytest

from kommunedata import build as build_module
from kommunedata import rules
from kommunedata import queries
from kommunedata.__main__ import main
from kommunedata.config import STATUS_DATE
from kommunedata.db import Database
from kommunedata.importer import export_programme, import_programme
from kommunedata.sources import programme_workbook
from kommunedata.sources.imported import ImportRefused
from kommunedata.themes import THEMES


@pytest.fixture
def workbook(target, tmp_path):
    """The example programme exported as the template, as an openpyxl workbook to edit."""
    return openpyxl.load_workbook(io.BytesIO(export_programme(target)))


def save(book, tmp_path, name: str = "programme.xlsx"):
    path = tmp_path / name
    book.save(path)
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def headline(path) -> tuple:
    db = Database(path)
    try:
        programme = queries.programme(db)
        counts = rules.status_on(programme, STATUS_DATE)
        per_theme = rules.theme_status_on(programme, queries.themes(db), STATUS_DATE)
        return (counts, per_theme[["theme_id", "networks_established", "networks_establishing", "municipalities"]]
                .to_dict("records"), bool(programme.networks["is_example"].any()))
    finally:
        db.close()


def test_the_example_programme_round_trips_with_the_same_figures(target, tmp_path):
    counts, per_theme, example = headline(target)
    assert (counts.municipalities_decided, counts.municipalities_pending, counts.networks_established,
            counts.networks_establishing) == (128, 40, 20, 14)
    assert example
    path = tmp_path / "programme.xlsx"
    assert main(["export-programme", str(path), "--db", str(target)]) == 0
    assert main(["import-programme", str(path), "--db", str(target), "--source", "KS, nettverksliste 2008"]) == 0

    after_counts, after_themes, after_example = headline(target)
    assert after_counts == counts and after_themes == per_theme
    assert not after_example  # the networks are no longer example data
    with duckdb.connect(str(target), read_only=True) as con:
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        sources = dict(con.execute("SELECT source_id, attribution FROM data_source").fetchall())
        example_indicators = con.execute("SELECT count(*) FROM indicator WHERE is_example").fetchone()[0]
    assert info["programme_source"] == "KS, nettverksliste 2008" and info["programme_file"] == "programme.xlsx"
    assert sources["programme_import"].startswith("Nettverk, temaer og medlemmer: KS, nettverksliste 2008 (importert ")
    assert "nettverk" not in sources["livskraft_eksempel"]  # the example source now covers indicators only
    assert example_indicators > 0  # indicators keep their own flags


def test_the_template_documents_every_column_and_the_themes(target):
    book = openpyxl.load_workbook(io.BytesIO(export_programme(target)))
    assert book.sheetnames == ["Les meg", "nettverk", "temaer", "medlemmer"]
    readme = "\n".join(str(c.value) for row in book["Les meg"].iter_rows() for c in row if c.value)
    for columns in programme_workbook.SHEETS.values():
        for column in columns:
            assert column.name in readme and column.help in readme
    assert all(theme["theme_id"] in readme and theme["name"] in readme for theme in THEMES)
    assert "Eksempelnettverkene" in readme
    members = book["medlemmer"]
    assert [c.value for c in members[1]] == [c.name for c in programme_workbook.SHEETS["medlemmer"]]
    first = [c.value for c in members[2]]
    assert isinstance(first[3], datetime) and len(first[1]) == 4 and first[2]  # a date, a code, its name


def test_a_rebuild_keeps_the_imported_programme(target, workbook, tmp_path):
    book = workbook
    book["nettverk"]["B2"] = "Et nytt navn"
    import_programme(save(book, tmp_path), target, "Testkilde")
    rebuilt = build_module.build(tmp_path / "rebuilt.duckdb", progress=lambda _m: None)
    with duckdb.connect(str(rebuilt), read_only=True) as con:
        names = {n for (n,) in con.execute("SELECT name FROM network WHERE NOT is_example").fetchall()}
        assert con.execute("SELECT count(*) FROM network WHERE is_example").fetchone()[0] == 0
        assert con.execute("SELECT value FROM build_info WHERE key = 'programme_source'").fetchone()[0] == "Testkilde"
    assert "Et nytt navn" in names and len(names) == 40
    assert not build_module.ensure_database(target)  # the import left the database up to date with its inputs


def test_a_dry_run_reports_new_changed_and_removed_and_writes_nothing(target, workbook, tmp_path):
    book = workbook
    book["nettverk"]["B2"] = "Omdøpt"  # one network changed
    members = book["medlemmer"]
    members.delete_rows(members.max_row)  # one membership removed
    before = digest(target)
    report = import_programme(save(book, tmp_path), target, dry_run=True)
    assert report.networks == (0, 1, 39, 0)
    assert report.memberships == (0, 0, 211, 1)
    assert report.replaces_example and not report.written
    assert report.notes[0].startswith("Advarsel: 39 av nettverkene er uendret fra eksempeldataene.")
    assert digest(target) == before and not (tmp_path / "import").exists()
    assert "Nettverk: nye 0 · endrede 1 · uendrede 39 · fjernes 0" in report.lines()


def _first_member(book) -> tuple[int, list]:
    sheet = book["medlemmer"]
    return 2, [c.value for c in sheet[2]]


def _code_not_valid_on_joining(book):
    book["medlemmer"]["B2"] = "3005"  # Drammen's code 2020–2023; every join date is 2006–2010


def _decision_before_joining(book):
    joined = book["medlemmer"]["D2"].value
    book["medlemmer"]["E2"] = joined - timedelta(days=1)


def _member_twice_at_once(book):
    sheet = book["medlemmer"]
    row = [c.value for c in sheet[2]]
    other = next(c.value for c in sheet["A"][1:] if c.value != row[0])
    sheet.append([other, row[1], row[2], row[3], None, None])


def _unknown_theme(book):
    book["temaer"]["B2"] = "idrett"


def _missing_sheet(book):
    del book["medlemmer"]


def _not_a_date(book):
    book["nettverk"]["C3"] = "i fjor"


def _established_before_created(book):
    created = book["nettverk"]["C2"].value
    book["nettverk"]["D2"] = created - timedelta(days=30)


def _left_before_joining(book):
    book["medlemmer"]["F2"] = book["medlemmer"]["D2"].value


def _unknown_network(book):
    book["medlemmer"]["A3"] = "finnes-ikke"


def _wrong_name(book):
    book["medlemmer"]["C2"] = "Oslo"


def _member_past_a_merger(book):
    """Frei (1556) joined in 2007 and was merged into Kristiansund on 1 January 2008."""
    book["medlemmer"]["B2"], book["medlemmer"]["C2"] = "1556", "Frei"
    book["medlemmer"]["D2"], book["medlemmer"]["E2"], book["medlemmer"]["F2"] = datetime(2007, 3, 1), None, None


def _empty_sheet(book):
    del book["temaer"]
    book.create_sheet("temaer")


MALFORMED = {
    "code not valid on its join date": (_code_not_valid_on_joining, "rad 2: kommunenummer 3005 fantes ikke"),
    "decision before joining": (_decision_before_joining, "rad 2: vedtak"),
    "a member twice at once": (_member_twice_at_once, "bare være med i ett nettverk om gangen"),
    "an unknown theme": (_unknown_theme, "Ark «temaer», rad 2: ukjent tema «idrett»"),
    "a missing sheet": (_missing_sheet, "Arket «medlemmer» mangler"),
    "not a date": (_not_a_date, "Ark «nettverk», rad 3: «i fjor» i «opprettet» er ikke en dato"),
    "established before created": (_established_before_created, "Ark «nettverk», rad 2: etablert"),
    "left on the day of joining": (_left_before_joining, "rad 2: utmeldt"),
    "an unknown network": (_unknown_network, "Ark «medlemmer», rad 3: ukjent nettverk_id «finnes-ikke»"),
    "a name that does not fit the code": (_wrong_name, "ikke «Oslo»"),
    "a member past its municipality's merger": (_member_past_a_merger, "kommunenummer 1556 (Frei) gjaldt til "
                                                "31.12.2007, da kommunen ble slått sammen: skriv «utmeldt» 01.01.2008"),
    "an empty sheet": (_empty_sheet, "Arket «temaer» er tomt"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_workbook_is_refused_and_changes_nothing(case, target, workbook, tmp_path, capsys):
    spoil, message = MALFORMED[case]
    spoil(workbook)
    path = save(workbook, tmp_path)
    before = digest(target)
    assert main(["import-programme", str(path), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Databasen er ikke endret." in err
    assert digest(target) == before
    assert not (tmp_path / "import").exists()


def test_every_error_is_listed_with_its_sheet_and_row(target, workbook, tmp_path):
    _unknown_theme(workbook)
    _decision_before_joining(workbook)
    _unknown_network(workbook)
    with pytest.raises(ImportRefused) as refused:
        import_programme(save(workbook, tmp_path), target, dry_run=True)
    assert refused.value.message.startswith("Arbeidsboken har 3 feil")
    assert [e.split(":")[0] for e in refused.value.examples] == [
        "Ark «temaer», rad 2", "Ark «medlemmer», rad 2", "Ark «medlemmer», rad 3"]


def test_what_people_type_in_a_workbook_is_read(target, tmp_path):
    """Codes without their leading zero (Excel drops it), dates as Norwegian or ISO text, theme names
    instead of ids, column names in any case, rows left empty."""
    book = openpyxl.Workbook()
    book.active.title = "nettverk"
    book["nettverk"].append(["Nettverk_ID", "Navn", "Opprettet", "Etablert"])
    book["nettverk"].append(["hallingdal", "Hallingdal", "01.03.2007", "2007-06-01"])
    book["nettverk"].append([None, None, None, None])
    themes = book.create_sheet("temaer")
    themes.append(["nettverk_id", "tema_id", "valgt"])
    themes.append(["hallingdal", "Folkehelse", None])
    themes.append(["hallingdal", "Klima og energi", date(2008, 1, 1)])
    members = book.create_sheet("medlemmer")
    members.append(["nettverk_id", "kommunenummer", "kommunenavn", "innmeldt", "vedtak", "utmeldt"])
    members.append(["hallingdal", 617, "Gol", datetime(2007, 3, 1), "20.06.2007", None])
    members.append(["hallingdal", "0616", None, "01.03.2007", None, None])
    report = import_programme(save(book, tmp_path), target, "Hallingdal-rådet")
    assert report.written and report.networks == (0, 1, 0, 39) and report.after.networks_established == 1
    db = Database(target)
    programme = queries.programme(db)
    db.close()
    assert set(programme.network_themes["theme_id"]) == {"folkehelse", "klima_energi"}
    assert str(programme.network_themes.set_index("theme_id").loc["folkehelse", "chosen_on"])[:10] == "2007-03-01"
    assert sorted(programme.memberships["municipality_code"]) == ["0616", "0617"]
    on = rules.status_on(programme, STATUS_DATE)
    assert (on.municipalities_decided, on.municipalities_pending) == (1, 1)


def test_a_file_that_is_not_a_workbook_is_refused(target, tmp_path, capsys):
    path = tmp_path / "programme.xlsx"
    path.write_text("nettverk_id;navn\n", encoding="utf-8")
    assert main(["import-programme", str(path), "--db", str(target)]) == 1
    assert "Klarte ikke å lese arbeidsboken" in capsys.readouterr().err


def test_a_changed_theme_date_is_a_changed_network(target, workbook, tmp_path):
    chosen = workbook["temaer"]["C2"].value
    workbook["temaer"]["C2"] = chosen + timedelta(days=10)
    report = import_programme(save(workbook, tmp_path), target, dry_run=True)
    assert report.networks == (0, 1, 39, 0)


def test_a_stored_programme_that_no_longer_reads_says_how_to_recover(target, workbook, tmp_path):
    import_programme(save(workbook, tmp_path), target, "Test")
    stored = tmp_path / "import" / programme_workbook.STORED_FILE
    stored.write_bytes(b"not a workbook")
    with pytest.raises(build_module.BuildError) as failed:
        build_module.build(tmp_path / "again.duckdb", progress=lambda _m: None)
    text = str(failed.value)
    assert "Flytt eller slett programme.xlsx og programme.json" in text and str(stored.parent) in text
    assert "Klarte ikke å lese arbeidsboken" in text
