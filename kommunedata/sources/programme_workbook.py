"""The programme as a workbook: networks, their themes and their members, read, checked and written.

Coordinators know their real networks; this is how they bring them. `write` makes the template (the
current programme filled in, with a «Les meg» sheet that explains every column), `read` takes a
filled-in workbook back, and `check` holds it against the municipal structure and the programme's
rules, collecting every error with its sheet and row before refusing the whole file. The build replays
a stored workbook (`stored`) with the same code, so a rebuild keeps an imported programme.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from kommunedata.config import PROGRAMME_END, PROGRAMME_START, import_dir
from kommunedata.rules import Programme
from kommunedata.sources.klass import valid_on
from kommunedata.sources.imported import ImportRefused, count_text
from kommunedata.sources.imported.names import name_key, name_keys
from kommunedata.sources.imported.stored import SHIPPED_DIR
from kommunedata.themes import THEMES

# The stored workbook and its record (not `*.import.json`: those are indicator imports).
STORED_FILE, STORED_RECORD = "programme.xlsx", "programme.json"
SOURCE_ID = "programme_import"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
LONGEST_NAME = 120
FIRST_DATE, LAST_DATE = date(1990, 1, 1), date(2100, 1, 1)


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


# Sheet → its columns, in order: the template, the reader and the «Les meg» sheet all read this.
SHEETS: dict[str, list[Column]] = {
    "nettverk": [
        Column("nettverk_id", True, "Nettverkets id: små bokstaver a–z, sifre, - og _ (f.eks. «hallingdal»). "
                                    "Brukes i lenker og i de to andre arkene."),
        Column("navn", True, "Nettverkets navn slik det skal vises (f.eks. «Hallingdal»)."),
        Column("opprettet", True, "Datoen nettverket ble startet (under etablering fra denne dagen)."),
        Column("etablert", False, "Datoen nettverket ble formelt etablert; tom hvis det aldri ble det. "
                                  "Ikke før «opprettet»."),
    ],
    "temaer": [
        Column("nettverk_id", True, "Et nettverk fra arket «nettverk»."),
        Column("tema_id", True, "Et av de seks temaene: id-en eller navnet (se listen under)."),
        Column("valgt", False, "Datoen nettverket begynte å arbeide med temaet; tom: datoen nettverket ble "
                               "opprettet. Ikke før «opprettet»."),
    ],
    "medlemmer": [
        Column("nettverk_id", True, "Et nettverk fra arket «nettverk»."),
        Column("kommunenummer", True, "Kommunenummeret slik det var på innmeldingsdatoen (f.eks. 0617 for "
                                      "Gol i 2007), med eller uten ledende null."),
        Column("kommunenavn", False, "Valgfritt, til kontroll: må passe med kommunenummeret på innmeldingsdatoen."),
        Column("innmeldt", True, "Datoen kommunen ble med i nettverket."),
        Column("vedtak", False, "Datoen kommunestyret vedtok å delta; tom: forbereder vedtak. "
                                "Ikke før «innmeldt»."),
        Column("utmeldt", False, "Datoen kommunen gikk ut; tom: fortsatt med. Etter «innmeldt»."),
    ],
}
RULES = [
    "Hele arbeidsboken tas inn, eller ingenting: ved en eneste feil endres ingenting, og feilene listes med ark og rad.",
    "Datoer skrives som Excel-datoer, som 28.08.2007 eller som 2007-08-28.",
    "En kommune kan ikke være med i to nettverk samtidig, og hvert nettverk-kommune-par står bare én gang.",
    "Etter importen regnes nettverkene og medlemskapene som reelle data; indikatorene beholder sin egen merking.",
    "Arkene «nettverk», «temaer» og «medlemmer» må finnes; andre ark (som dette) leses ikke.",
]


@dataclass
class Workbook:
    """The three sheets as read: text cells stripped, dates as `date`, each row with its Excel `row`."""
    networks: pd.DataFrame
    themes: pd.DataFrame
    members: pd.DataFrame


@dataclass
class Checked:
    programme: Programme
    notes: list[str] = field(default_factory=list)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read(raw: bytes) -> Workbook:
    """The three sheets; raises ImportRefused for a file that is not a workbook, a missing sheet or a
    missing column."""
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
        raise ImportRefused(f"Klarte ikke å lese arbeidsboken ({type(error).__name__}): bruk malen fra "
                            "«Last ned programmet» eller `python -m kommunedata export-programme`.") from None
    by_name = {name.strip().casefold(): frame for name, frame in sheets.items()}
    problems, frames = [], {}
    for sheet, columns in SHEETS.items():
        frame = by_name.get(sheet)
        if frame is None:
            problems.append(f"Arket «{sheet}» mangler (arkene i filen: {', '.join(f'«{n}»' for n in sheets)}).")
            continue
        frame = frame.map(_cell).dropna(how="all")
        if frame.empty:
            problems.append(f"Arket «{sheet}» er tomt: overskriftsraden ({', '.join(c.name for c in columns)}) mangler.")
            continue
        top = frame.index[0]
        header = [name_key(h).replace(" ", "_") if h is not None else "" for h in frame.loc[top]]
        missing = [c.name for c in columns if c.required and c.name not in header]
        if missing:
            problems.append(f"Ark «{sheet}», rad {top + 1}: mangler kolonnen "
                            f"{', '.join(f'«{m}»' for m in missing)} i overskriftsraden.")
            continue
        body = frame.loc[frame.index > top]
        table = pd.DataFrame({c.name: (body.iloc[:, header.index(c.name)] if c.name in header else None)
                              for c in columns}, index=body.index)
        table = table.astype(object).where(table.notna(), None)  # an empty cell is None, never NaN
        frames[sheet] = table.assign(row=body.index + 1).reset_index(drop=True)
    if problems:
        raise ImportRefused("Arbeidsboken følger ikke malen.", problems)
    return Workbook(frames["nettverk"], frames["temaer"], frames["medlemmer"])


def _date(value: object) -> date | None:
    """A cell as a date, or None for an empty cell; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(text)


def _code(value: object) -> str | None:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text.zfill(4) if re.fullmatch(r"\d{3,4}", text) else None


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def _span(first: date, end: date | None) -> str:
    """«01.01.2020–» or «01.01.1964–31.12.2019» (a validity period, its end exclusive)."""
    return f"{_day(first)}–" + ("" if pd.isna(end) else _day(end - timedelta(days=1)))


def check(book: Workbook, municipalities: pd.DataFrame) -> Checked:
    """The programme in the workbook, or ImportRefused listing every error (sheet and row).
    `municipalities`: code, name, valid_from, valid_to (the municipality table)."""
    errors: list[str] = []
    notes: list[str] = []

    def where(sheet: str, row: int) -> str:
        return f"Ark «{sheet}», rad {row}"

    def dated(sheet: str, row: int, column: str, value: object, required: bool) -> date | None:
        try:
            day = _date(value)
        except ValueError:
            errors.append(f"{where(sheet, row)}: «{value}» i «{column}» er ikke en dato (skriv f.eks. 28.08.2007).")
            return None
        if day is None and required:
            errors.append(f"{where(sheet, row)}: «{column}» mangler.")
        elif day is not None and not FIRST_DATE <= day < LAST_DATE:
            errors.append(f"{where(sheet, row)}: {_day(day)} i «{column}» er utenfor {FIRST_DATE.year}–{LAST_DATE.year}.")
            return None
        return day

    networks: dict[str, dict] = {}
    names: dict[str, int] = {}
    for r in book.networks.itertuples():
        network_id = str(r.nettverk_id or "")
        if not ID_PATTERN.fullmatch(network_id):
            errors.append(f"{where('nettverk', r.row)}: ugyldig nettverk_id «{network_id}» (små bokstaver a–z, "
                          "sifre, - og _).")
            continue
        if network_id in networks:
            errors.append(f"{where('nettverk', r.row)}: «{network_id}» står også på rad {networks[network_id]['row']}.")
            continue
        name = str(r.navn or "")
        if not name or len(name) > LONGEST_NAME:
            errors.append(f"{where('nettverk', r.row)}: navnet mangler eller er lengre enn {LONGEST_NAME} tegn.")
        elif name_key(name) in names:
            errors.append(f"{where('nettverk', r.row)}: navnet «{name}» står også på rad {names[name_key(name)]}.")
        names.setdefault(name_key(name), r.row)
        created = dated("nettverk", r.row, "opprettet", r.opprettet, True)
        established = dated("nettverk", r.row, "etablert", r.etablert, False)
        if created and established and established < created:
            errors.append(f"{where('nettverk', r.row)}: etablert {_day(established)} er før opprettet {_day(created)}.")
        networks[network_id] = {"network_id": network_id, "name": name, "created_on": created,
                                "established_on": established, "row": r.row}
    if not networks and not errors:
        errors.append("Ark «nettverk»: ingen nettverk.")

    theme_ids = {}
    for theme in THEMES:
        for label in (theme["theme_id"], theme["name"], theme["short_name"]):
            theme_ids[name_key(label)] = theme["theme_id"]
    chosen: dict[tuple[str, str], int] = {}
    theme_rows = []
    for r in book.themes.itertuples():
        network = networks.get(str(r.nettverk_id or ""))
        if network is None:
            errors.append(f"{where('temaer', r.row)}: ukjent nettverk_id «{r.nettverk_id or ''}».")
            continue
        theme_id = theme_ids.get(name_key(r.tema_id or ""))
        if theme_id is None:
            errors.append(f"{where('temaer', r.row)}: ukjent tema «{r.tema_id or ''}» (gyldige: "
                          f"{', '.join(t['theme_id'] for t in THEMES)}).")
            continue
        key = (network["network_id"], theme_id)
        if key in chosen:
            errors.append(f"{where('temaer', r.row)}: temaet står også på rad {chosen[key]} for samme nettverk.")
            continue
        chosen[key] = r.row
        on = dated("temaer", r.row, "valgt", r.valgt, False) or network["created_on"]
        if on and network["created_on"] and on < network["created_on"]:
            errors.append(f"{where('temaer', r.row)}: valgt {_day(on)} er før nettverket ble opprettet "
                          f"{_day(network['created_on'])}.")
        theme_rows.append({"network_id": key[0], "theme_id": theme_id, "chosen_on": on})

    periods = municipalities.assign(valid_from=pd.to_datetime(municipalities["valid_from"]),
                                    valid_to=pd.to_datetime(municipalities["valid_to"]))
    by_code = {code: list(group.itertuples()) for code, group in periods.groupby("code")}
    member_rows, seen = [], {}
    for r in book.members.itertuples():
        network = networks.get(str(r.nettverk_id or ""))
        if network is None:
            errors.append(f"{where('medlemmer', r.row)}: ukjent nettverk_id «{r.nettverk_id or ''}».")
            continue
        code = _code(r.kommunenummer) if r.kommunenummer is not None else None
        if code is None:
            errors.append(f"{where('medlemmer', r.row)}: «{r.kommunenummer or ''}» er ikke et kommunenummer.")
            continue
        joined = dated("medlemmer", r.row, "innmeldt", r.innmeldt, True)
        decided = dated("medlemmer", r.row, "vedtak", r.vedtak, False)
        left = dated("medlemmer", r.row, "utmeldt", r.utmeldt, False)
        if (network["network_id"], code) in seen:
            errors.append(f"{where('medlemmer', r.row)}: {code} står også på rad {seen[network['network_id'], code]} "
                          "i samme nettverk.")
            continue
        seen[network["network_id"], code] = r.row
        if joined is None:
            continue
        period = next((p for p in by_code.get(code, []) if valid_on(p.valid_from, p.valid_to, pd.Timestamp(joined))),
                      None)
        if period is None:
            known = by_code.get(code)
            span = f" (gyldig {', '.join(_span(p.valid_from, p.valid_to) for p in known)})" if known else ""
            errors.append(f"{where('medlemmer', r.row)}: kommunenummer {code} fantes ikke {_day(joined)}{span}.")
            continue
        if r.kommunenavn and name_key(r.kommunenavn) not in name_keys(period.name):
            errors.append(f"{where('medlemmer', r.row)}: kommunenummer {code} er {period.name} {_day(joined)}, "
                          f"ikke «{r.kommunenavn}».")
        ends = None if pd.isna(period.valid_to) else period.valid_to.date()
        if ends is not None and ends <= PROGRAMME_END and (left is None or left > ends):
            errors.append(f"{where('medlemmer', r.row)}: kommunenummer {code} ({period.name}) gjaldt til "
                          f"{_day(ends - timedelta(days=1))}, da kommunen ble slått sammen: skriv «utmeldt» "
                          f"{_day(ends)} eller tidligere, og før den nye kommunen som et eget medlemskap.")
        if decided and decided < joined:
            errors.append(f"{where('medlemmer', r.row)}: vedtak {_day(decided)} er før innmeldt {_day(joined)}.")
        if left and left <= joined:
            errors.append(f"{where('medlemmer', r.row)}: utmeldt {_day(left)} er ikke etter innmeldt {_day(joined)}.")
        member_rows.append({"network_id": network["network_id"], "municipality_code": code, "joined_on": joined,
                            "decision_on": decided, "left_on": left, "row": r.row})

    by_municipality: dict[str, list[dict]] = {}
    for member in sorted(member_rows, key=lambda m: m["joined_on"]):
        for earlier in by_municipality.get(member["municipality_code"], []):
            if earlier["network_id"] != member["network_id"] and (earlier["left_on"] is None
                                                                  or member["joined_on"] < earlier["left_on"]):
                errors.append(f"{where('medlemmer', member['row'])}: {member['municipality_code']} er allerede med i "
                              f"«{earlier['network_id']}» (rad {earlier['row']}) {_day(member['joined_on'])}; en "
                              "kommune kan bare være med i ett nettverk om gangen.")
        by_municipality.setdefault(member["municipality_code"], []).append(member)

    if errors:
        raise ImportRefused(f"Arbeidsboken har {count_text(len(errors), 'feil', 'feil')}; ingenting er tatt inn "
                            "(de første vises):", errors)
    network_frame = pd.DataFrame(list(networks.values())).drop(columns="row").assign(is_example=False)
    theme_frame = pd.DataFrame(theme_rows, columns=["network_id", "theme_id", "chosen_on"])
    member_frame = pd.DataFrame(member_rows, columns=["network_id", "municipality_code", "joined_on", "decision_on",
                                                      "left_on", "row"]).drop(columns="row")
    late = sum(1 for n in networks.values() if n["created_on"] and n["created_on"] > PROGRAMME_END) + sum(
        1 for m in member_rows if m["joined_on"] > PROGRAMME_END)
    if late:
        notes.append(f"{count_text(late, 'nettverk eller medlemskap', 'nettverk og medlemskap')} starter etter "
                     f"{_day(PROGRAMME_END)}; Livskraft viser programmet {PROGRAMME_START.year}–{PROGRAMME_END.year}, "
                     "så de vises ikke.")
    few = sorted(n for n in networks if sum(1 for key in chosen if key[0] == n) < 2)
    if few:
        notes.append(f"{count_text(len(few), 'nettverk', 'nettverk')} har færre enn to temaer (programmet ba om "
                     f"minst to): {', '.join(few[:5])}{' …' if len(few) > 5 else ''}.")
    early = [m for m in member_rows if m["joined_on"] < networks[m["network_id"]]["created_on"]]
    if early:
        notes.append(f"{count_text(len(early), 'medlemskap', 'medlemskap')} starter før nettverket ble opprettet; "
                     "de teller fra nettverkets oppstart.")
    return Checked(Programme(network_frame, theme_frame, member_frame), notes)


def write(programme: Programme, source: str) -> bytes:
    """The template filled with `programme` (as kommunedata.queries.programme gives it: each member with
    its name on the day it joined, filled in for reading): «Les meg», then the three sheets, dates as
    Excel dates; text is never a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    big = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    header = book.add_format({"bold": True, "bottom": 1, "bg_color": "#eef2f6"})
    day = book.add_format({"num_format": "dd.mm.yyyy"})

    about = book.add_worksheet("Les meg")
    about.set_column(0, 0, 22)
    about.set_column(1, 1, 100)
    about.write_string(0, 0, "Livskraft: nettverk, temaer og medlemmer", big)
    about.write_string(1, 0, f"Innholdet nå: {source}")
    about.write_string(2, 0, "Fyll inn arkene «nettverk», «temaer» og «medlemmer» og importer filen med "
                             "«Importer data» i Livskraft eller `python -m kommunedata import-programme FIL.xlsx`.")
    line = 4
    for rule in RULES:
        about.write_string(line, 0, "•", bold)
        about.write_string(line, 1, rule, wrap)
        line += 1
    for sheet, columns in SHEETS.items():
        line += 1
        about.write_string(line, 0, f"Arket «{sheet}»", big)
        line += 1
        for column in columns:
            about.write_string(line, 0, column.name + ("" if column.required else " (valgfri)"), bold)
            about.write_string(line, 1, column.help, wrap)
            line += 1
    line += 1
    about.write_string(line, 0, "Temaene", big)
    for theme in THEMES:
        line += 1
        about.write_string(line, 0, theme["theme_id"], bold)
        about.write_string(line, 1, theme["name"], wrap)

    tables = {
        "nettverk": programme.networks.sort_values("name")[["network_id", "name", "created_on", "established_on"]],
        "temaer": programme.network_themes.sort_values(["network_id", "theme_id"])[["network_id", "theme_id", "chosen_on"]],
        "medlemmer": programme.memberships.sort_values(["network_id", "joined_on", "municipality_code"])[
            ["network_id", "municipality_code", "municipality_name", "joined_on", "decision_on", "left_on"]],
    }
    for sheet, frame in tables.items():
        out = book.add_worksheet(sheet)
        for col, column in enumerate(SHEETS[sheet]):
            out.write_string(0, col, column.name, header)
            out.set_column(col, col, 30 if column.name in ("navn", "kommunenavn") else 16)
            out.write_comment(0, col, column.help, {"x_scale": 2, "y_scale": 1.5})
        for row_number, row in enumerate(frame.itertuples(index=False), start=1):
            for col, value in enumerate(row):
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    continue
                if isinstance(value, (date, pd.Timestamp)):
                    out.write_datetime(row_number, col, pd.Timestamp(value).to_pydatetime(), day)
                else:
                    out.write_string(row_number, col, str(value))
        out.freeze_panes(1, 0)
        out.autofilter(0, 0, max(len(frame), 1), len(SHEETS[sheet]) - 1)
        if sheet == "temaer":
            # a suggestion list, not a stop: a theme's name is accepted too
            out.data_validation(1, 1, 10_000, 1, {"validate": "list", "source": [t["theme_id"] for t in THEMES],
                                                  "error_type": "information"})
    book.set_properties({"title": "Livskraft: nettverk, temaer og medlemmer", "comments": source})
    book.close()
    return buffer.getvalue()


def stored_paths() -> tuple[Path, Path] | None:
    """The stored workbook and its record: a user's import (the import folder) before a shipped one."""
    for folder in (import_dir(), SHIPPED_DIR):
        if (folder / STORED_RECORD).is_file():
            return folder / STORED_FILE, folder / STORED_RECORD
    return None


def stored(municipalities: pd.DataFrame) -> tuple[Programme, dict] | None:
    """The stored programme and its record (source, original file name, time of import), read and
    checked as on import; None when none is stored. Raises ImportRefused naming the stored file."""
    paths = stored_paths()
    if paths is None:
        return None
    workbook, record_file = paths
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
        return check(read(workbook.read_bytes()), municipalities).programme, record
    except (ImportRefused, json.JSONDecodeError, OSError) as error:
        reasons = ([error.message, *error.examples] if isinstance(error, ImportRefused)
                   else [f"{type(error).__name__}: {error}"])
        raise ImportRefused(
            f"Det lagrede programmet ({workbook}) kan ikke tas inn lenger. Flytt eller slett {STORED_FILE} og "
            f"{STORED_RECORD} i {workbook.parent} for å gå tilbake til eksempelnettverkene, og importer så en "
            "rettet arbeidsbok.", reasons) from None


def local_date(timestamp: str) -> date:
    """The Norwegian calendar date of a stored UTC time (an import just after midnight is today's)."""
    return datetime.fromisoformat(timestamp).astimezone(ZoneInfo("Europe/Oslo")).date()


def origin_rows(record: dict) -> tuple[dict, dict[str, str]]:
    """The imported programme's `data_source` row and its `build_info` entries."""
    imported = local_date(record["imported_at"])
    source = {"source_id": SOURCE_ID, "name": "Nettverk, temaer og medlemmer", "publisher": record["source"],
              "licence": "Ikke oppgitt", "is_example": False,
              "attribution": f"Nettverk, temaer og medlemmer: {record['source']} (importert {_day(imported)} "
                             f"fra «{record['original_name']}»)"}
    info = {"programme_source": record["source"], "programme_file": record["original_name"],
            "programme_imported_at": record["imported_at"]}
    return source, info
