"""Readers for the files users import: SSB Statbank CSV, JSON-stat 2, and long tables in Excel or CSV.

Each reader returns the same long table: `municipality_code`, `year`, `value` and `line` (where in
the file the value stood, for messages), and raises `ImportRefused` with a Norwegian message for a
file it cannot read. SSB's symbols are honoured: `..` (missing), `.` (not applicable) and `:`
(confidential) are no value, `-` is zero. Rows for the country or a county (codes that are not four
digits) are left out and counted, not refused.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pandas as pd

from kommunedata.sources.imported import ImportRefused, Options, Read, count_text

NO_VALUE = {"..", ".", ":", "…"}  # missing, not applicable, confidential
ZERO = {"-"}
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REGION = re.compile(r"^\s*(?:K-)?(\d{3,4})(?!\d)(?:\D.*)?$")  # «0301 Oslo», «K-0301 Oslo», «0301», «301»
OTHER_REGION = re.compile(r"^\s*(?:F-\d|EAK|\d{1,2}(?!\d)|Hele landet|Landet|Norge|Fylke|Svalbard|Jan Mayen|"
                          r"Kontinentalsokkel|Sokkel|Uoppgitt|Utlandet|Ukjent|Alle kommuner|I alt|Totalt)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
FIGURE_START = re.compile(r"^(?:[KF]-)?[+-]?\d")  # a code («0301», «K-0301», «F-03») or a number («-1,5»)
CODE_NAMES = {"kommunenummer", "kommunenr", "knr", "kommune", "region", "kode", "code", "municipality",
              "municipality_code", "kommunekode", "regionkode", "kommunenavn", "navn", "name"}
YEAR_NAMES = {"år", "aar", "year", "tid", "periode", "time", "årstall"}
VALUE_NAMES = {"verdi", "value", "values", "verdier", "tall", "antall", "sum", "utslipp"}
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|Ã¸|Ã¥|Ã¦")


def read(path: Path, options: Options = Options()) -> Read:
    """Whatever the file is (judged from its content, not only its name)."""
    raw = Path(path).read_bytes()
    suffix = Path(path).suffix.lower()
    if not raw.strip():
        raise ImportRefused("Filen er tom.")
    if raw[:2] == b"PK":
        return read_pivot_cache(raw, options) if options.pivot_cache else read_excel(raw, options)
    if suffix == ".xls":
        raise ImportRefused("Gamle Excel-filer (.xls) leses ikke: lagre filen som .xlsx i Excel.")
    if options.pivot_cache:
        raise ImportRefused("Pivotbuffer (--pivot-cache) finnes bare i Excel-filer (xlsx).")
    if suffix == ".xlsx":
        raise ImportRefused("Filen heter .xlsx, men er ikke en Excel-fil (xlsx).")
    if raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"["):
        return read_jsonstat(raw, options.value_column)
    if suffix == ".json":
        raise ImportRefused("Filen heter .json, men er ikke JSON.")
    return read_csv(raw, options)


def number(text: str) -> float | None:
    """SSB's way of writing a number: decimal comma, spaces between thousands; symbols for no value.
    None for no value; raises ValueError for anything else."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text == "" or text in NO_VALUE:
        return None
    if text in ZERO:
        return 0.0
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        if MOJIBAKE.search(text):
            raise ImportRefused("Filen blander tegnkodinger (UTF-8 og ISO-8859-1/Windows-1252): lagre den på nytt "
                                "med én tegnkoding.") from None
        return text


def _code(label: str) -> str | None:
    """The municipality number in a region label, four digits («301» is 0301: SSB's numbers lose their
    leading zero in spreadsheets); None for anything else."""
    match = REGION.match(str(label))
    return match.group(1).zfill(4) if match else None


def is_title(row: list[str]) -> bool:
    """A line above the table that is not read («09594: Arealbruk …», a sheet's heading): one cell with
    text, the others empty. A line of figures is never taken for one, so a file whose first line is its
    header keeps every row."""
    return sum(bool(cell.strip()) for cell in row) == 1


def is_footnote(row: list[str]) -> bool:
    """A line SSB writes under its table («Kilde: Statistisk sentralbyrå», «..: Mangler»): one field of
    text that does not start as a region's code or a number would («1103,2024,402» with the wrong
    separator is a row of data, refused with its line number, never dropped)."""
    return len(row) == 1 and not FIGURE_START.match(row[0].strip())


def read_csv(raw: bytes, options: Options = Options()) -> Read:
    """SSB Statbank CSV (`;`, years as columns or as a column, an optional title line) or a long table
    (`;`, `,` or tabs)."""
    text = _decode(raw)
    if "\x00" in text:
        raise ImportRefused("Filen er ikke en tekstfil (CSV).")
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]

    def fields(line: str, separator: str) -> list[str]:
        return next(csv.reader([line], delimiter=separator))

    def layout(separator: str) -> int | None:
        """Where the header is (0, or 1 below a title line: `is_title`), if the header and the line after
        it split into the same two or more fields with this separator."""
        for start in (0, 1):
            if start == 1 and not is_title(fields(lines[0][1], separator)):
                break
            pair = [len(fields(line, separator)) for _number, line in lines[start:start + 2]]
            if pair and pair[0] >= 2 and (len(pair) == 2 and pair[0] == pair[1] or len(lines) == 1):
                return start
        return None

    # Hand-written, not csv.Sniffer: SSB's title line above the table defeats the Sniffer. This also finds
    # the header (first line, or second under the title) and takes a separator only if the next line splits alike.
    separators = (";", ",", "\t")  # SSB writes «;»; a long table may use «,» or tabs
    found = next(((sep, start) for sep in separators if (start := layout(sep)) is not None), None)
    # No line under a header splits alike: the header's own separator, so the lines that differ are named below
    found = found or next(((sep, start) for sep in separators for start in (0, 1)
                           if len(lines) > start + 1 and len(fields(lines[start][1], sep)) >= 2
                           and (start == 0 or is_title(fields(lines[0][1], sep)))), None)
    if found is None:
        raise ImportRefused("Fant ingen kolonner: filen må være semikolon-, komma- eller tabulatorseparert "
                            "(som SSBs CSV), med en overskrift.")
    separator, start = found
    header = [h.strip().strip('"') for h in fields(lines[start][1], separator)]
    body = [(number, fields(line, separator)) for number, line in lines[start + 1:]]
    while body and is_footnote(body[-1][1]):  # only under the table: a line inside it is checked below
        body.pop()
    if not body:
        raise ImportRefused("Filen har en overskrift, men ingen rader med tall.")
    wrong = [f"linje {number}: {len(row)} felt, overskriften har {len(header)}" for number, row in body
             if len(row) != len(header)]
    if wrong:
        raise ImportRefused("Radene har ikke like mange felt som overskriften (avkortet fil eller feil skilletegn?).",
                            wrong)
    return _from_table(header, body, options, "CSV")


def read_excel(raw: bytes, options: Options = Options()) -> Read:
    """The first sheet with a table Livskraft can read, its header in one of the first five rows below
    title rows only (`is_title`)."""
    try:
        sheets = _sheets(raw)
    except Exception as error:  # noqa: BLE001 - calamine raises errors of its own for a broken file
        raise ImportRefused(f"Klarte ikke å lese Excel-filen ({type(error).__name__}).") from None
    first_refusal = None
    for sheet, frame in sheets.items():
        frame = frame.dropna(how="all").dropna(axis=1, how="all")
        rows = frame.fillna("").astype(str).values.tolist()
        numbers = list(frame.index + 1)  # Excel's own row numbers
        for top in range(min(5, max(len(rows) - 1, 0))):
            if top and not is_title(rows[top - 1]):  # only title rows stand above the header
                break
            header = [h.strip() for h in rows[top]]
            body = [(numbers[i], row) for i, row in enumerate(rows[top + 1:], start=top + 1)]
            try:
                read = _from_table(header, body, options, "Excel")
            except ImportRefused as refusal:
                first_refusal = first_refusal or refusal
                continue
            above = (f" under {count_text(top, 'tittellinje', 'tittellinjer')} (f.eks. søkekriterier) som ikke er lest"
                     if top else "")
            read.notes.append(f"Arket «{sheet}», overskriften i rad {numbers[top]}{above}.")
            return read
    raise first_refusal or ImportRefused("Excel-filen er tom.")


@functools.lru_cache(maxsize=2)
def _sheets(raw: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet as text, read by calamine, which is several times faster than openpyxl. Cached by
    content, as the build reads one file for two indicators: the frames are not to be changed."""
    return pd.read_excel(io.BytesIO(raw), dtype=str, header=None, engine="calamine", sheet_name=None)


def read_pivot_cache(raw: bytes, options: Options) -> Read:
    """The records of a pivot cache (`--pivot-cache N`, numbered as the workbook lists its caches), for a
    workbook whose rows live only there, not on any sheet: a table with the cache's fields as columns
    and one row per record, read like any other table. Records with no value at all are left out."""
    try:
        header, body, empty = _pivot_records(raw, options.pivot_cache)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, IndexError) as error:
        raise ImportRefused(f"Klarte ikke å lese pivotbufferen i Excel-filen ({type(error).__name__}).") from None
    if body is None:
        raise ImportRefused(f"Excel-filen har ikke pivotbuffer nr. {options.pivot_cache} (den har {empty}).")
    read = _from_table(header, body, options, "Excel")
    read.where = "post"
    read.kind = "Excel, pivotbuffer"
    read.notes.insert(0, f"Lest fra pivotbuffer nr. {options.pivot_cache} (--pivot-cache): "
                         f"{count_text(len(body), 'post', 'poster')} med feltene {', '.join(header)}"
                         + (f"; {count_text(empty, 'tom post', 'tomme poster')} uten verdier er hoppet over." if empty else "."))
    return read


@functools.lru_cache(maxsize=2)
def _pivot_records(raw: bytes, number: int) -> tuple[list[str], list[tuple[int, list[str]]] | None, int]:
    """(field names, (record number, values as text) per record, empty records) of pivot cache `number`;
    (…, None, how many caches there are) when there is no such cache. Cached by content, as the build
    reads one file for two indicators: the rows are not to be changed.

    Read with the standard library's XML parser, not openpyxl's pivot support: openpyxl 3.1 cannot load
    the cache definitions of a real workbook of this kind (a TypeError while reading them), and its
    record classes are several times slower, which the build would pay on every run."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        def relations(part: str) -> dict[str, str]:
            folder, name = posixpath.split(part)
            rels = f"{folder}/_rels/{name}.rels"
            if rels not in archive.namelist():
                return {}
            return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target")))
                    for r in ElementTree.fromstring(archive.read(rels)).iter(RELATIONS + "Relationship")
                    if r.get("TargetMode") != "External"}

        caches = ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(MAIN + "pivotCache")
        definitions = [relations("xl/workbook.xml")[c.get(OFFICE_ID)] for c in caches]
        if not 1 <= number <= len(definitions):
            return [], None, len(definitions)
        definition = ElementTree.fromstring(archive.read(definitions[number - 1]))
        records_part = relations(definitions[number - 1])[definition.get(OFFICE_ID)]
        fields, shared = [], []
        for field in definition.iter(MAIN + "cacheField"):
            if field.get("databaseField") == "0":  # a calculated field: not in the records
                continue
            fields.append(field.get("name"))
            items = field.find(MAIN + "sharedItems")
            shared.append([_pivot_text(item) for item in (items if items is not None else [])])
        body, empty, index, missing = [], 0, MAIN + "x", MAIN + "m"
        for number_, record in enumerate(ElementTree.fromstring(archive.read(records_part)), start=1):
            row = [shared[i][int(cell.get("v"))] if cell.tag == index else "" if cell.tag == missing
                   else cell.get("v") or "" for i, cell in enumerate(record)]
            if any(row):
                body.append((number_, row))
            else:
                empty += 1
        return fields, body, empty


def _pivot_text(item: ElementTree.Element) -> str:
    """A pivot cache value as text: <n v="751"/>, <s v="dyrka"/>, <b v="1"/>, <d v="…"/>, <e v="#N/A"/>
    as written; <m/> (missing) as empty (the records inline the same rule, for speed)."""
    return "" if item.tag == MAIN + "m" else (item.get("v") or "")


def _find(header: list[str], names: set[str]) -> int | None:
    for i, name in enumerate(header):
        if name.strip().lower() in names:
            return i
    return None


def _from_table(header: list[str], body: list[tuple[int, list[str]]], options: Options, kind: str) -> Read:
    ignored = {name.strip().lower() for name in options.ignore_columns}
    missing = sorted(ignored - {h.strip().lower() for h in header})
    if missing:
        raise ImportRefused("Kolonner som skulle utelates finnes ikke i filen.",
                            [*(f"«{name}»" for name in missing), f"kolonnene er: {', '.join(header)}"])
    used = [i for i, h in enumerate(header) if h.strip().lower() not in ignored]
    body, shaping, zero_lines = _shape_rows(header, body, options)
    named = [i for i, h in enumerate(header) if h.strip().lower() in CODE_NAMES]
    if options.code_column:
        named = [_column(header, options.code_column, "kommunekolonnen")]
    # a column of codes before one of names («Kommune;Kommunenummer;År»): a code is never ambiguous
    code_at = next((i for i in named if body and _code(body[0][1][i])), named[0] if named else None)
    if code_at is None:
        code_at = 0 if body and _code(body[0][1][0]) else None
    if code_at is None or code_at not in used:
        raise ImportRefused("Fant ingen kolonne med kommunenummer eller kommunenavn (f.eks. «region», "
                            "«kommunenummer», «kode» eller «kommune»).", [f"kolonnene er: {', '.join(header)}"])
    year_at = _find(header, YEAR_NAMES)
    year_columns = _year_columns(header, [i for i in used if i not in (code_at, year_at)], options.year_columns)
    if options.year_columns and not year_columns:
        raise ImportRefused(f"Ingen kolonne passer til årsmønsteret «{options.year_columns}».",
                            [f"kolonnene er: {', '.join(header)}"])
    if options.year is not None:  # a snapshot: one year for every row
        if year_at is not None or options.year_columns:
            raise ImportRefused(f"Filen har årstall selv: --year {options.year} gjelder bare filer uten årskolonne.")
        shape = f"lang tabell, alle rader gjelder {options.year}"
        value_at = None if options.count_rows else _value_column(header, {code_at}, options.value_column, used)
        taken = {code_at, value_at}

        def cells(line: int, row: list[str]):
            yield options.year, _counted(line, zero_lines) if value_at is None else row[value_at], ""
    elif (options.year_columns or year_at is None) and year_columns:  # wide: a year a column (SSB's usual download)
        shape = "år som kolonner"
        taken = {code_at, *year_columns}

        def cells(line: int, row: list[str]):
            for i, year in year_columns.items():
                yield year, row[i], f" i kolonnen {header[i]}"
    else:  # long: code, year, value
        shape = "lang tabell"
        if year_at is None:
            raise ImportRefused("Fant verken en årskolonne («år», «year», «tid») eller år som kolonner.",
                                [f"kolonnene er: {', '.join(header)}"])
        value_at = None if options.count_rows else _value_column(header, {code_at, year_at}, options.value_column, used)
        taken = {code_at, year_at, value_at}

        def cells(line: int, row: list[str]):
            year_text = row[year_at].strip()
            if not re.fullmatch(r"\d{4}(\.0)?", year_text):
                problems.append(f"linje {line}: «{year_text}» er ikke et helt årstall")
                return
            yield int(float(year_text)), _counted(line, zero_lines) if value_at is None else row[value_at], ""

    records, skipped, empty, problems = [], 0, 0, []
    for line, row in body:
        label = str(row[code_at]).strip()
        code = _code(label)
        if code is None and OTHER_REGION.match(label):
            skipped += 1
            continue
        for year, text, where in cells(line, row):
            try:
                value = number(text)
            except ValueError:
                problems.append(f"linje {line}: «{text.strip()}»{where} er ikke et tall")
                continue
            if value is not None:
                records.append((code, label, year, value, line))
            else:
                empty += 1
    if problems:
        raise ImportRefused(f"{len(problems)} verdier kunne ikke leses.", problems)
    values = pd.DataFrame(records, columns=["municipality_code", "label", "year", "value", "line"])
    notes = [f"Lest som {kind} ({shape}).", *shaping]
    if options.count_rows:
        notes.append("Hver rad teller én (--count-rows): verdien er antall rader per kommune og år.")
    short = sorted({label for label in values["label"] if re.match(r"^\s*(?:K-)?\d{3}(?!\d)", label)})
    if short:
        notes.append(f"{len(short)} kommunenummer uten ledende null er lest med fire sifre (f.eks. {short[0]} → "
                     f"{_code(short[0])}).")
    if empty:
        notes.append(f"{count_text(empty, 'celle', 'celler')} uten tall («..», «:», «.» eller tomme) er ikke tatt med"
                     + ("; summene mangler de delene (--sum-rows)." if options.summed else "."))
    if ignored:
        notes.append(f"Utelatt etter valg: {', '.join(header[i] for i in range(len(header)) if i not in used)}.")
    shaped_by = {name.strip().lower() for name in (options.fill_code_from or "", *(c for c, _v in options.keep),
                                                   *(c for c, _v in options.drop))}
    unused = [header[i] for i in used if i not in taken and header[i].strip().lower() not in shaped_by]
    if unused:
        notes.append(f"Ikke brukt: {', '.join(unused)}.")
    return Read(values, f"{kind}, {shape}", notes, skipped=skipped)


def _column(header: list[str], name: str, what: str) -> int:
    """The column called `name` (case and spaces around it ignored); refused when there is none."""
    found = _find(header, {name.strip().lower()})
    if found is None:
        raise ImportRefused(f"Fant ikke {what} «{name}».", [f"kolonnene er: {', '.join(header)}"])
    return found


def _counted(line: int, zero_lines: set[int]) -> str:
    """What a row counts with --count-rows: one, or nothing for a municipality with no row kept."""
    return "0" if line in zero_lines else "1"


def _shape_rows(header: list[str], body: list[tuple[int, list[str]]],
                options: Options) -> tuple[list[tuple[int, list[str]]], list[str], set[int]]:
    """The rows as the options shape them, what to say about it, and the lines that count 0: a blank
    municipality filled in from the rows with the same value in `fill_code_from` (continuation rows of
    a register, whose first row names the municipality), then only the rows `keep` asks for. Counting
    rows (`count_rows`), a municipality the file has rows for but none of them kept counts 0: one of
    its rows stays, counting nothing (a register lists every monument of the municipality, so none of
    a kind is a true 0)."""
    notes, zero_lines, everything = [], set(), body
    if options.fill_code_from:
        if not options.code_column:
            raise ImportRefused("--fill-code-from trenger --code-column (kolonnen som skal fylles ut).")
        code_at = _column(header, options.code_column, "kommunekolonnen")
        key_at = _column(header, options.fill_code_from, "kolonnen å fylle ut fra")
        named: dict[str, set[str]] = {}
        for _line, row in body:
            if row[code_at].strip() and row[key_at].strip():
                named.setdefault(row[key_at].strip(), set()).add(row[code_at].strip())
        torn = [f"{options.fill_code_from} {key}: {', '.join(sorted(names))}" for key, names in named.items()
                if len(names) > 1]
        if torn:
            raise ImportRefused(f"Samme {options.fill_code_from} står på flere kommuner, så tomme kommuner kan "
                                "ikke fylles ut.", torn)
        filled, orphans, shaped = 0, [], []
        for line, row in body:
            if not row[code_at].strip():
                names = named.get(row[key_at].strip())
                if not names:
                    orphans.append(f"linje {line}: ingen kommune, og ingen rad med {options.fill_code_from} "
                                   f"«{row[key_at].strip()}» har en")
                    continue
                row = [*row[:code_at], next(iter(names)), *row[code_at + 1:]]
                filled += 1
            shaped.append((line, row))
        if orphans:
            raise ImportRefused(f"{len(orphans)} rader mangler kommune.", orphans)
        body = shaped
        notes.append(f"{count_text(filled, 'rad', 'rader')} uten kommune har fått kommunen fra raden med samme "
                     f"{options.fill_code_from} (--fill-code-from).")
    if options.from_year is not None:
        year_at = _find(header, YEAR_NAMES)
        if year_at is None:
            raise ImportRefused(f"--from-year {options.from_year} trenger en årskolonne («år», «year», «tid»).",
                                [f"kolonnene er: {', '.join(header)}"])
        before = len(body)
        body = [(line, row) for line, row in body
                if not re.fullmatch(r"\d{4}(\.0)?", row[year_at].strip()) or int(float(row[year_at])) >= options.from_year]
        notes.append(f"{count_text(before - len(body), 'rad', 'rader')} fra før {options.from_year} er utelatt "
                     f"(--from-year {options.from_year}).")
    for column, wanted in options.keep:
        at = _column(header, column, "kolonnen")
        values = {v.strip() for v in wanted}
        found = {row[at].strip() for _line, row in body}
        if not values & found:
            raise ImportRefused(f"Ingen rader har {column} {' eller '.join(f'«{v}»' for v in wanted)}.",
                                [f"verdiene er: {', '.join(sorted(found)[:20])}"])
        before = len(body)
        body = [(line, row) for line, row in body if row[at].strip() in values]
        notes.append(f"Bare rader med {column} {' eller '.join(f'«{v}»' for v in wanted)} (--keep): "
                     f"{count_text(len(body), 'rad', 'rader')} tatt med, {before - len(body)} utelatt.")
    for column, unwanted in options.drop:
        at = _column(header, column, "kolonnen")
        values = {v.strip() for v in unwanted}
        before = len(body)
        body = [(line, row) for line, row in body if row[at].strip() not in values]
        notes.append(f"Uten rader med {column} {' eller '.join(f'«{v}»' for v in unwanted)} (--drop): "
                     f"{count_text(before - len(body), 'rad', 'rader')} utelatt.")
    if options.count_rows and (options.keep or options.drop) and options.code_column:
        code_at = _column(header, options.code_column, "kommunekolonnen")
        kept = {row[code_at].strip() for _line, row in body}
        first = {}
        for line, row in everything:
            first.setdefault(row[code_at].strip(), (line, row))
        zeros = [first[label] for label in sorted(first) if label and label not in kept]
        if zeros:
            zero_lines = {line for line, _row in zeros}
            body = body + zeros
            notes.append(f"{count_text(len(zeros), 'kommune', 'kommuner')} i filen uten noen rad som passer, teller 0 "
                         f"(--count-rows): {', '.join(row[code_at].strip() for _line, row in zeros)}.")
    return body, notes, zero_lines


def _year_columns(header: list[str], candidates: list[int], pattern: str | None) -> dict[int, int]:
    """Wide year columns: those whose whole name matches `pattern` (its first group, or the whole match,
    the year) or, without one, every column whose name holds exactly one four-digit year
    («2017», «Befolkning 2017», «areal_2017»). A name with two years is a period and is refused."""
    if pattern:
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise ImportRefused(f"Årsmønsteret «{pattern}» er ikke et gyldig regulært uttrykk ({error}).") from None
        found = {}
        for i in candidates:
            match = compiled.fullmatch(header[i].strip())
            if match:
                year = match.group(1) if compiled.groups else match.group(0)
                if not re.fullmatch(r"\d{4}", year or ""):
                    raise ImportRefused(f"Årsmønsteret «{pattern}» gir «{year}» for kolonnen «{header[i]}», "
                                        "ikke et årstall med fire sifre.")
                found[i] = int(year)
        return found
    years_in = {i: YEAR.findall(header[i]) for i in candidates}
    spans = [f"«{header[i]}»" for i, found in years_in.items() if len(found) > 1]
    if spans:
        raise ImportRefused("En kolonne gjelder flere år (et tidsrom, f.eks. et glidende snitt): Livskraft trenger "
                            "ett år per verdi (eller utelat kolonnen med --ignore-columns).", spans)
    return {i: int(found[0]) for i, found in years_in.items() if found}


def _value_column(header: list[str], taken: set[int], wanted: str | None, used: list[int]) -> int:
    if wanted:
        for i in used:
            if header[i].strip().lower() == wanted.strip().lower():
                return i
        raise ImportRefused(f"Fant ikke verdikolonnen «{wanted}».", [f"kolonnene er: {', '.join(header)}"])
    found = _find(header, VALUE_NAMES)
    if found is not None and found not in taken and found in used:
        return found
    rest = [i for i in used if i not in taken]
    if len(rest) == 1:
        return rest[0]
    raise ImportRefused("Fant ikke hvilken kolonne som har verdiene: oppgi den med --value-column.",
                        [f"kolonnene er: {', '.join(header)}"])


def read_jsonstat(raw: bytes, value_column: str | None = None) -> Read:
    try:
        return _read_jsonstat(raw, value_column)
    except (AttributeError, TypeError, KeyError, IndexError) as error:  # a structure that is not JSON-stat's
        raise ImportRefused(f"JSON-stat-filen er ødelagt eller ufullstendig ({type(error).__name__}).") from None


def _read_jsonstat(raw: bytes, value_column: str | None = None) -> Read:
    """JSON-stat 2 as SSB's API returns it: `id`, `size`, `dimension` (category `index` as a list or
    an object), `value` dense (a list) or sparse (an object), and `status` likewise.

    A reader of our own rather than pyjstat: pyjstat turns `value` into a DataFrame but does not carry
    `status` along (its README: not all metadata are converted), and SSB marks a true zero (`-`) only
    there, beside a missing value; and a file should be refused with a message, not half read."""
    try:
        data = json.loads(_decode(raw))
    except json.JSONDecodeError as error:
        raise ImportRefused(f"Filen er ikke gyldig JSON (linje {error.lineno}: {error.msg}).") from None
    if isinstance(data, dict) and data.get("class") == "collection":
        data = (data.get("link", {}).get("item") or [None])[0]
    if not isinstance(data, dict) or not {"id", "size", "dimension", "value"} <= set(data):
        raise ImportRefused("JSON-filen er ikke JSON-stat 2 (mangler «id», «size», «dimension» eller «value»).")
    ids, sizes = data["id"], data["size"]
    if len(ids) != len(sizes):
        raise ImportRefused("JSON-stat-filen er ødelagt: «id» og «size» har ulik lengde.")
    categories = []
    for dim, size in zip(ids, sizes):
        index = data["dimension"].get(dim, {}).get("category", {}).get("index")
        labels = data["dimension"].get(dim, {}).get("category", {}).get("label", {})
        if isinstance(index, dict):
            ordered = sorted(index, key=index.get)
        elif isinstance(index, list):
            ordered = index
        elif size == 1 and labels:
            ordered = list(labels)
        else:
            raise ImportRefused(f"JSON-stat-filen mangler kategoriene for dimensjonen «{dim}».")
        if len(ordered) != size:
            raise ImportRefused(f"JSON-stat-filen er ødelagt: dimensjonen «{dim}» har {len(ordered)} kategorier, "
                                f"men «size» sier {size}.")
        categories.append(ordered)
    lower = [d.lower() for d in ids]
    role = data.get("role") or {}
    region = next((ids.index(d) for d in role.get("geo", []) if d in ids), None)  # KOSTRA: «KOKkommuneregion0000»
    time = next((ids.index(d) for d in role.get("time", []) if d in ids), None)
    if region is None:
        region = next((i for i, d in enumerate(lower) if d in {"region", "kommune", "kommunenummer"}), None)
    if time is None:
        time = next((i for i, d in enumerate(lower) if d in {"tid", "time", "year", "år", "aar"}), None)
    if region is None or time is None:
        raise ImportRefused("JSON-stat-filen må ha en regiondimensjon («Region») og en tidsdimensjon («Tid»).",
                            [f"dimensjonene er: {', '.join(ids)}"])
    fixed = {}
    for i, dim in enumerate(ids):
        if i in (region, time) or sizes[i] == 1:
            continue
        if value_column and value_column in categories[i]:
            fixed[i] = categories[i].index(value_column)
        else:
            raise ImportRefused(f"JSON-stat-filen har flere verdier i dimensjonen «{dim}»: velg én med --value-column.",
                                [f"mulige: {', '.join(categories[i])}"])
    total = math.prod(sizes)
    values, status = data["value"], data.get("status")

    def at(container, position):
        if container is None or isinstance(container, str):
            return container
        if isinstance(container, list):
            return container[position] if position < len(container) else None
        return container.get(str(position))

    if isinstance(values, list) and len(values) != total:
        raise ImportRefused(f"JSON-stat-filen er ødelagt: {len(values)} verdier, men dimensjonene gir {total}.")
    records, problems, skipped = [], [], 0
    strides = [math.prod(sizes[i + 1:]) for i in range(len(sizes))]
    for r, region_code in enumerate(categories[region]):
        code = _code(region_code)
        if code is None:
            skipped += 1
            continue
        for t, period in enumerate(categories[time]):
            position = r * strides[region] + t * strides[time] + sum(k * strides[i] for i, k in fixed.items())
            value, symbol = at(values, position), at(status, position)
            symbol = symbol if isinstance(symbol, str) else None
            if value is None:
                if symbol in ZERO:
                    records.append((code, region_code, period, 0.0, position + 1))
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                problems.append(f"verdi nr. {position + 1} ({code}, {period}): «{value}» er ikke et tall")
                continue
            records.append((code, region_code, period, float(value), position + 1))
    if problems:
        raise ImportRefused(f"{len(problems)} verdier kunne ikke leses.", problems)
    bad_years = [p for p in dict.fromkeys(r[2] for r in records) if not re.fullmatch(r"\d{4}", str(p))]
    if bad_years:
        raise ImportRefused("Tidsdimensjonen må være hele år.", [f"«{p}»" for p in bad_years])
    frame = pd.DataFrame(records, columns=["municipality_code", "label", "year", "value", "line"])
    frame["year"] = frame["year"].astype(int)
    notes = [f"Lest som JSON-stat 2 ({'tett' if isinstance(values, list) else 'glissen'} verdiliste)."]
    if skipped:
        notes.append(f"{skipped} regioner som ikke er kommuner (landet, fylker) er hoppet over.")
    return Read(frame, "JSON-stat 2", notes, where="verdi nr.")
