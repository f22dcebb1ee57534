"""Readers for the files users import: SSB Statbank CSV, JSON-stat 2, and long tables in Excel or CSV.

Each reader returns the same long table: `municipality_code`, `year`, `value` and `line` (where in
the file the value stood, for messages), and raises `ImportRefused` with a Norwegian message for a
file it cannot read. SSB's symbols are honoured: `..` (missing), `.` (not applicable) and `:`
(confidential) are no value, `-` is zero. Rows for the country or a county (codes that are not four
digits) are left out and counted, not refused.

The build reads stored imports with the same readers (`kommunedata.importer` stores them), so a
rebuild never drops a user's data.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from kommunedata.config import DATA_DIR, import_dir

SHIPPED_DIR = DATA_DIR / "importfiler"  # the real files the build always imports

NO_VALUE = {"..", ".", ":", "…"}  # missing, not applicable, confidential
ZERO = {"-"}
REGION = re.compile(r"^\s*(?:K-)?(\d{3,4})(?!\d)(?:\D.*)?$")  # «0301 Oslo», «K-0301 Oslo», «0301», «301»
OTHER_REGION = re.compile(r"^\s*(?:F-\d|EAK|\d{1,2}(?!\d)|Hele landet|Landet|Norge|Fylke|Svalbard|Jan Mayen|"
                          r"Kontinentalsokkel|Sokkel|Uoppgitt|Utlandet|Ukjent)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
CODE_NAMES = {"kommunenummer", "kommunenr", "knr", "kommune", "region", "kode", "code", "municipality",
              "municipality_code", "kommunekode", "regionkode", "kommunenavn", "navn", "name"}
YEAR_NAMES = {"år", "aar", "year", "tid", "periode", "time", "årstall"}
VALUE_NAMES = {"verdi", "value", "values", "verdier", "tall", "antall", "sum", "utslipp"}
LARGEST = 1e15  # larger than any count or rate of a municipality: a unit or file error
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|Ã¸|Ã¥|Ã¦")


def count_text(n: int, one: str, many: str) -> str:
    """«1 rad», «3 rader» (the build reads this module, so it does not import kommunedata.text)."""
    return f"{n} {one if n == 1 else many}"


class ImportRefused(Exception):
    """A file the importer will not take, with the reason in Norwegian and up to ten examples."""

    def __init__(self, message: str, examples: Iterable[str] = ()):
        self.message = message
        self.examples = list(examples)[:10]
        super().__init__(self.describe())

    def describe(self) -> str:
        return self.message + "".join(f"\n  – {example}" for example in self.examples)


@dataclass(frozen=True)
class Options:
    """How to read a file, as the user declared it (`python -m kommunedata import --help`); stored with an
    import so a rebuild reads the file the same way."""
    value_column: str | None = None  # the column (or JSON-stat category) with the values
    year_columns: str | None = None  # a regular expression for wide year columns, its group the year
    ignore_columns: tuple[str, ...] = ()  # columns that are not source values (e.g. a derived change)
    code_structure: int | None = None  # every year keyed to this year's municipality codes and names
    zero_as_missing: bool = False  # 0 means «no such municipality that year», not a true zero
    sum_rows: bool = False  # several rows per municipality and year (sector, source, gas) are summed

    def to_json(self) -> dict:
        return {key: (list(value) if isinstance(value, tuple) else value) for key, value in asdict(self).items()}

    @classmethod
    def from_json(cls, record: dict) -> Options:
        known = {key: record[key] for key in cls.__dataclass_fields__ if key in record}
        known["ignore_columns"] = tuple(known.get("ignore_columns") or ())
        return cls(**known)


@dataclass
class Read:
    values: pd.DataFrame  # municipality_code (None where the file names the municipality), label, year, value, line
    kind: str  # Norwegian: what the file was read as
    notes: list[str] = field(default_factory=list)
    where: str = "linje"  # what `line` counts: lines (CSV), rows (Excel) or value positions (JSON-stat)
    skipped: int = 0  # rows for the country, a county or another area, left out


def read(path: Path, options: Options = Options()) -> Read:
    """Whatever the file is (judged from its content, not only its name)."""
    raw = Path(path).read_bytes()
    suffix = Path(path).suffix.lower()
    if not raw.strip():
        raise ImportRefused("Filen er tom.")
    if raw[:2] == b"PK":
        return read_excel(raw, options)
    if suffix == ".xls":
        raise ImportRefused("Gamle Excel-filer (.xls) leses ikke: lagre filen som .xlsx i Excel.")
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
        """Where the header is (0, or 1 below a title line), if the header and the line after it split
        into the same two or more fields with this separator."""
        for start in (0, 1):
            pair = [len(fields(line, separator)) for _number, line in lines[start:start + 2]]
            if pair and pair[0] >= 2 and (len(pair) == 2 and pair[0] == pair[1] or len(lines) == 1):
                return start
        return None

    for separator in (";", ",", "\t"):  # SSB writes «;»; a long table may use «,» or tabs
        start = layout(separator)
        if start is not None:
            break
    else:
        raise ImportRefused("Fant ingen kolonner: filen må være semikolon-, komma- eller tabulatorseparert "
                            "(som SSBs CSV), med en overskrift.")
    header = [h.strip().strip('"') for h in fields(lines[start][1], separator)]
    body = [(number, fields(line, separator)) for number, line in lines[start + 1:]]
    while body and len(body[-1][1]) == 1:  # SSB's footnotes under the table («Kilde: …», «..: Mangler»)
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
    """The first sheet with a table Livskraft can read, its header in one of the first five rows (a title
    row above it is common)."""
    try:
        sheets = pd.read_excel(io.BytesIO(raw), dtype=str, header=None, engine="openpyxl", sheet_name=None)
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
        raise ImportRefused(f"Klarte ikke å lese Excel-filen ({type(error).__name__}).") from None
    first_refusal = None
    for sheet, frame in sheets.items():
        frame = frame.dropna(how="all").dropna(axis=1, how="all")
        rows = [[("" if pd.isna(cell) else str(cell)) for cell in row] for row in frame.itertuples(index=False)]
        numbers = list(frame.index + 1)  # Excel's own row numbers
        for top in range(min(5, max(len(rows) - 1, 0))):
            header = [h.strip() for h in rows[top]]
            body = [(numbers[i], row) for i, row in enumerate(rows[top + 1:], start=top + 1)]
            try:
                read = _from_table(header, body, options, "Excel")
            except ImportRefused as refusal:
                first_refusal = first_refusal or refusal
                continue
            read.notes.append(f"Arket «{sheet}», overskriften i rad {numbers[top]}.")
            return read
    raise first_refusal or ImportRefused("Excel-filen er tom.")


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
    named = [i for i, h in enumerate(header) if h.strip().lower() in CODE_NAMES]
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
    if (options.year_columns or year_at is None) and year_columns:  # wide: a year a column (SSB's usual download)
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
        value_at = _value_column(header, {code_at, year_at}, options.value_column, used)
        taken = {code_at, year_at, value_at}

        def cells(line: int, row: list[str]):
            year_text = row[year_at].strip()
            if not re.fullmatch(r"\d{4}(\.0)?", year_text):
                problems.append(f"linje {line}: «{year_text}» er ikke et helt årstall")
                return
            yield int(float(year_text)), row[value_at], ""

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
    notes = [f"Lest som {kind} ({shape})."]
    short = sorted({label for label in values["label"] if re.match(r"^\s*(?:K-)?\d{3}(?!\d)", label)})
    if short:
        notes.append(f"{len(short)} kommunenummer uten ledende null er lest med fire sifre (f.eks. {short[0]} → "
                     f"{_code(short[0])}).")
    if empty:
        notes.append(f"{count_text(empty, 'celle', 'celler')} uten tall («..», «:», «.» eller tomme) er ikke tatt med"
                     + ("; summene mangler de delene (--sum-rows)." if options.sum_rows else "."))
    if ignored:
        notes.append(f"Utelatt etter valg: {', '.join(header[i] for i in range(len(header)) if i not in used)}.")
    unused = [header[i] for i in used if i not in taken]
    if unused:
        notes.append(f"Ikke brukt: {', '.join(unused)}.")
    return Read(values, f"{kind}, {shape}", notes, skipped=skipped)


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


def load(path: Path, options: Options, municipalities: pd.DataFrame, years: tuple[int, int]) -> Read:
    """A file read, its names turned into codes, rows summed and zeros dropped as the options say, and
    every value checked: what `python -m kommunedata import` and the build both do with a file."""
    return prepare(read(path, options), municipalities, years, options)


def prepare(parsed: Read, municipalities: pd.DataFrame, years: tuple[int, int], options: Options = Options()) -> Read:
    """`municipalities` has code, name, valid_from, valid_to and county_name (the `municipality` table)."""
    structure = options.code_structure
    first, last = years
    if structure is not None and not first <= structure <= min(last, date.today().year):
        raise ImportRefused(f"Kommuneinndelingen for {structure} kjenner ikke Livskraft ({first}–{last}).")
    values, notes, skipped = parsed.values, list(parsed.notes), parsed.skipped
    if values["municipality_code"].isna().any():
        values, named, regions = _resolve_names(values, municipalities, structure)
        notes.append(f"{count_text(named, 'kommunenavn', 'ulike kommunenavn')} er gjort om til kommunenummer etter "
                     "kommuneinndelingen " + (f"for {structure}." if structure is not None else "for hvert år."))
        skipped += regions
    if skipped:
        notes.append(f"{count_text(skipped, 'rad', 'rader')} for landet, fylker eller andre områder er hoppet over.")
    if structure is not None:
        notes.append(f"Alle år er lest med kommunenumrene og -navnene fra {structure} (--code-structure {structure}).")
    if options.sum_rows:
        before = len(values)
        values = (values.groupby(["municipality_code", "year"], as_index=False, sort=True)
                  .agg(value=("value", "sum"), line=("line", "min"), rows=("value", "size")))
        counts = values["rows"]
        spread = (f"{counts.iloc[0]} rader per verdi" if counts.nunique() == 1 else
                  f"{counts.min()}–{counts.max()} rader per verdi, oftest {counts.mode().iloc[0]}")
        notes.append(f"Summert (--sum-rows): {count_text(before, 'rad', 'rader')} ble til "
                     f"{count_text(len(values), 'verdi', 'verdier')} ({spread}).")
        values = values.drop(columns="rows")
    if options.zero_as_missing:
        zero = values["value"] == 0
        if zero.any():
            where = "; ".join(f"{code} ({_years_text(group['year'])})"
                              for code, group in values[zero].groupby("municipality_code"))
            notes.append(f"{count_text(int(zero.sum()), 'null', 'nuller')} er lest som manglende verdi "
                         f"(--zero-as-missing): {where}.")
        values = values[~zero]
    prepared = Read(values[["municipality_code", "year", "value", "line"]].reset_index(drop=True), parsed.kind,
                    notes, parsed.where)
    validate(prepared, municipalities[["code", "valid_from", "valid_to"]], years, structure)
    return prepared


def _years_text(years: Iterable[int]) -> str:
    """«2017–2019» for an unbroken run, «2009, 2011, 2013» otherwise."""
    years = sorted(set(int(y) for y in years))
    if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def name_key(text: str) -> str:
    """A name as compared: Unicode-normalised, case-folded, spaces collapsed, no spaces around dashes."""
    text = unicodedata.normalize("NFC", str(text)).casefold().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", text).strip())


SUFFIX = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")  # «Herøy (Nordland)»


def _name_index(municipalities: pd.DataFrame, year: int) -> tuple[dict[str, set[str]], set[str]]:
    """Every way to name a municipality in force in `year` → its codes («Trondheim - Tråante» is also
    «Trondheim» and «Tråante»; «Herøy (Nordland)» also «Herøy»), and which keys are official names."""
    frame = municipalities.assign(valid_from=pd.to_datetime(municipalities["valid_from"]),
                                  valid_to=pd.to_datetime(municipalities["valid_to"]))
    earliest = frame["valid_from"].min()
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    frame = frame[((frame["valid_from"] <= end) | (frame["valid_from"] == earliest))
                  & (frame["valid_to"].isna() | (frame["valid_to"] > start))]
    index: dict[str, set[str]] = {}
    for code, name in zip(frame["code"], frame["name"]):
        for key in _keys(name):
            index.setdefault(key, set()).add(code)
    return index, {name_key(name) for name in frame["name"]}


def _keys(name: str) -> set[str]:
    """A name, without its county suffix, and each part of a multi-language name, as compared."""
    suffix = SUFFIX.match(name)
    base = suffix.group(1) if suffix else name
    return {name_key(name), name_key(base), *(name_key(p) for p in re.split(r"\s+[-\u2013]\s+", base))}


def _resolve_names(values: pd.DataFrame, municipalities: pd.DataFrame,
                   structure: int | None) -> tuple[pd.DataFrame, int, int]:
    """Codes for the rows that name their municipality; unknown and ambiguous names, and a county
    suffix that does not fit («Bø (Telemark)» for Bø in Nordland), refused with the line they stand on.
    Returns the values, how many names were resolved and how many rows named a county or another
    area (left out)."""
    counties_of: dict[str, set[str]] = {}  # every county a code has belonged to, in every language
    for code, county in zip(municipalities["code"], municipalities["county_name"].fillna("")):
        counties_of.setdefault(code, set()).update(_keys(county) if county else set())
    regions_known = set().union(*counties_of.values()) if counties_of else set()
    named = values[values["municipality_code"].isna()]
    pairs = named.drop_duplicates(["label", "year"])[["label", "year", "line"]]
    indexes: dict[int, tuple] = {}
    resolved, problems, regions = {}, {}, set()
    for label, year, line in pairs.itertuples(index=False):
        in_year = structure if structure is not None else int(year)
        if in_year not in indexes:
            indexes[in_year] = _name_index(municipalities, in_year)
        index, official = indexes[in_year]
        key = name_key(label)
        codes = index.get(key, set())
        suffix = SUFFIX.match(label)
        if suffix and key not in official:  # the file's own county suffix: it must fit
            base = index.get(name_key(suffix.group(1)), set())
            codes = {c for c in base if name_key(suffix.group(2)) in counties_of.get(c, set())}
            if base and not codes and label not in problems:
                problems[label] = (f"linje {line}: «{label}»: {suffix.group(1)} i {in_year} ({', '.join(sorted(base))}) "
                                   f"ligger ikke i {suffix.group(2)}")
                continue
        if len(codes) == 1:
            resolved[(label, year)] = next(iter(codes))
        elif not codes and (_keys(label) & regions_known or OTHER_REGION.match(label)):
            regions.add(label)
        elif label not in problems:
            if codes:
                problems[label] = (f"linje {line}: «{label}» passer til flere kommuner i {in_year} "
                                   f"({', '.join(sorted(codes))}): skriv fylket i parentes, f.eks. «Herøy (Nordland)», "
                                   "eller bruk kommunenummer")
            else:
                problems[label] = f"linje {line}: «{label}» er ikke et kommunenavn i {in_year} (og ikke et fylke)"
    if problems:
        unknown = any("er ikke et kommunenavn" in p for p in problems.values())
        hint = (["har filen navnene fra én kommuneinndeling for alle år, oppgi den med --code-structure ÅR"]
                if structure is None and unknown else [])
        raise ImportRefused(f"{count_text(len(problems), 'kommunenavn', 'kommunenavn')} kunne ikke gjøres om til "
                            "kommunenummer.", [*list(problems.values())[:9], *hint])
    keys = list(zip(named["label"], named["year"]))
    codes = pd.Series([resolved.get(k) for k in keys], index=named.index, dtype=object)
    values = values.copy()
    values.loc[named.index, "municipality_code"] = codes
    skipped = int(named["label"].isin(regions).sum())
    return values.dropna(subset=["municipality_code"]), len({label for label, _year in resolved}), skipped


def per_inhabitant(values: pd.DataFrame, population: pd.DataFrame, factor: float = 1.0) -> pd.DataFrame:
    """`value × factor` per inhabitant, with the population on 1 January of the following year (the
    population at the end of the year, as SSB divides a year's totals). `population` has
    municipality_code, year, value and is_estimate (the `folkemengde` indicator, 2024 borders); a value
    resting on an estimated population is itself an estimate. Raises ImportRefused for a value
    without a population."""
    pop = population.rename(columns={"value": "population", "is_estimate": "population_is_estimate"})
    merged = values.merge(pop.assign(year=pop["year"] - 1), on=["municipality_code", "year"], how="left")
    missing = merged[~(merged["population"] > 0)]
    if len(missing):
        raise ImportRefused(
            f"{len(missing)} verdier mangler folketall 1. januar året etter (per innbygger regnes bare for "
            "kommunenummer etter 2024-inndelingen, der SSBs folketall er regnet om).",
            [f"{r.municipality_code} i {r.year}" for r in missing.itertuples()])
    estimate = merged.get("is_estimate", pd.Series(False, index=merged.index)).fillna(False).astype(bool)
    return merged.assign(value=merged["value"] * factor / merged["population"],
                         is_estimate=estimate | merged["population_is_estimate"].fillna(False).astype(bool))[
        ["municipality_code", "year", "value", "is_estimate"]]


def stored_imports(municipalities: pd.DataFrame, years: tuple[int, int], population: pd.DataFrame,
                   folders: Iterable[Path] | None = None) -> list[tuple[dict, pd.DataFrame, dict]]:
    """Every stored import as (indicator row, values, data_source row): the shipped ones (`data/importfiler/`) and then a
    user's (kommunedata.importer keeps them in the import folder), read and checked as on import, with
    their per-inhabitant versions. A later folder's import of an indicator replaces an earlier one's.
    Raises ImportRefused naming the stored file that no longer reads."""
    records = stored_records(folders)
    out = []
    for meta_file, record in records.values():
        try:
            options = Options.from_json(record.get("options") or {"value_column": record.get("value_column")})
            parsed = load(meta_file.parent / record["file"], options, municipalities, years)
            values = apply_corrections(parsed.values, record).drop(columns="line")
            source = source_row(record["indicator"], record.get("data_source"))
            out.append((record["indicator"], values, source))
            derived = record.get("per_inhabitant")
            if derived:
                out.append((derived["indicator"], per_inhabitant(values, population, derived["factor"]), source))
        except (ImportRefused, KeyError, OSError, TypeError) as error:
            reason = error.describe() if isinstance(error, ImportRefused) else f"{type(error).__name__}: {error}"
            raise ImportRefused(f"Den lagrede importen {meta_file.name} kan ikke tas inn: {reason}") from None
    return out


def stored_records(folders: Iterable[Path] | None = None) -> dict[str, tuple[Path, dict]]:
    """The stored import records by the indicator they import (a later folder's replaces an earlier
    one's whole): the shipped ones (`data/importfiler/`), then a user's (the import folder)."""
    records: dict[str, tuple[Path, dict]] = {}
    for folder in folders if folders is not None else (SHIPPED_DIR, import_dir()):
        for meta_file in sorted(folder.glob("*.import.json")) if folder.is_dir() else []:
            try:
                record = json.loads(meta_file.read_text(encoding="utf-8"))
                records[record["indicator"]["indicator_id"]] = (meta_file, record)
            except (json.JSONDecodeError, KeyError, OSError, TypeError) as error:
                raise ImportRefused(f"Den lagrede importen {meta_file.name} kan ikke tas inn: "
                                    f"{type(error).__name__}: {error}") from None
    return records


def written_by(record: dict) -> list[str]:
    """The indicators a record writes: its own and its per-inhabitant version."""
    derived = record.get("per_inhabitant")
    return [record["indicator"]["indicator_id"], *([derived["indicator"]["indicator_id"]] if derived else [])]


def source_row(indicator: dict, given: dict | None = None) -> dict:
    """The `data_source` row of an imported indicator: what the record states (publisher, licence,
    attribution: the shipped imports state them), else what the import knows."""
    row = {"source_id": indicator["source_id"], "name": indicator["name"], "publisher": indicator["source"],
           "licence": "Se kilden", "attribution": f"{indicator['name']}: {indicator['source']} (importert)",
           "is_example": False}
    return {**row, **(given or {})}


def apply_corrections(values: pd.DataFrame, record: dict) -> pd.DataFrame:
    """A stored import's corrections, each with its codes, years and reason
    (`{"codes": [...], "years": [...], "reason": "..."}`): `exclude` leaves values out (e.g. years whose
    borders differ from the codes' own too much to compare), `estimate` keeps them marked
    `is_estimate`. Returns the values with `is_estimate`."""
    values = values.assign(is_estimate=False)
    for kind in ("exclude", "estimate"):
        for rule in record.get(kind, []):
            hit = values["municipality_code"].isin(rule["codes"]) & values["year"].isin(rule["years"])
            values = values[~hit] if kind == "exclude" else values.assign(is_estimate=values["is_estimate"] | hit)
    return values


def validate(parsed: Read, periods: pd.DataFrame, years: tuple[int, int], structure: int | None = None) -> None:
    """Every problem at once, in Norwegian with where it stood; nothing is returned when all is well:
    each code in force in its year (or in the declared structure's year), whole years the data covers
    and not in the future, finite numbers of a plausible size, no two values for one municipality and
    year."""
    values, where = parsed.values, parsed.where
    if values.empty:
        raise ImportRefused("Filen har ingen tall for kommuner.")
    first, last = years
    last = min(last, date.today().year)
    problems = []
    outside = values[(values["year"] < first) | (values["year"] > last)]
    if len(outside):
        problems.append(ImportRefused(
            f"{len(outside)} verdier gjelder år Livskraft ikke har kommuneinndeling og folketall for "
            f"({first}–{last}; ikke fremtidige år).", [f"{where} {r.line}: {r.year}" for r in outside.itertuples()]))
    huge = values[values["value"].abs() > LARGEST]
    if len(huge):
        problems.append(ImportRefused("Urimelig store tall (feil enhet eller ødelagt fil?).",
                                      [f"{where} {r.line}: {r.value:g}" for r in huge.itertuples()]))
    duplicated = values[values.duplicated(["municipality_code", "year"], keep=False)]
    if len(duplicated):
        problems.append(ImportRefused(
            f"{len(duplicated)} verdier har samme kommune og år som en annen verdi (flere statistikkvariabler? "
            "velg én med --value-column; er det deler av en sum, f.eks. sektorer eller kilder, "
            "summer dem med --sum-rows).",
            [f"{where} {r.line}: {r.municipality_code} {r.year}" for r in duplicated.itertuples()]))
    if structure is not None:
        unknown = values[~_valid_in_year(values.assign(year=structure), periods)]
        if len(unknown):
            problems.append(ImportRefused(
                f"{len(unknown)} verdier har et kommunenummer som ikke fantes i kommuneinndelingen for {structure} "
                "(--code-structure).", [f"{where} {r.line}: {r.municipality_code}" for r in unknown.itertuples()]))
    else:
        unknown = values[~_valid_in_year(values, periods) & values["year"].between(first, last)]
        if len(unknown):
            problems.append(ImportRefused(
                f"{len(unknown)} verdier har et kommunenummer som ikke gjaldt det året (SSB KLASS 131).",
                [f"{where} {r.line}: {r.municipality_code} i {r.year}" for r in unknown.itertuples()][:9]
                + [_structure_hint(values, periods, first, last)]))
    if problems:
        raise ImportRefused("Filen er ikke importert:\n" + "\n".join(p.describe() for p in problems))


def _structure_hint(values: pd.DataFrame, periods: pd.DataFrame, first: int, last: int) -> str:
    """What to do about codes not in force in their year: name the option, and the year whose
    structure holds every code if there is one."""
    fits = [year for year in range(last, first - 1, -1) if _valid_in_year(values.assign(year=year), periods).all()]
    if fits:
        year = fits[0]
        while year - 1 in fits:  # the first year of that structure (2024's codes are 2026's as well)
            year -= 1
        return (f"alle kommunenumrene fantes i {year}: er alle år ordnet etter kommuneinndelingen for {year}, "
                    f"oppgi --code-structure {year}")
    return "er alle år ordnet etter én kommuneinndeling, oppgi den med --code-structure ÅR"


def _valid_in_year(values: pd.DataFrame, periods: pd.DataFrame) -> pd.Series:
    """Whether each (code, year) had the code in force on some day of the year. The oldest periods
    begin 2006-01-01, where the data begins: they count as in force before it as well."""
    periods = periods.assign(valid_from=pd.to_datetime(periods["valid_from"]), valid_to=pd.to_datetime(periods["valid_to"]))
    earliest = periods["valid_from"].min()
    merged = values.reset_index().merge(periods, left_on="municipality_code", right_on="code", how="left")
    start = pd.to_datetime(merged["year"].astype(str) + "-01-01")
    end = pd.to_datetime(merged["year"].astype(str) + "-12-31")
    began = (merged["valid_from"] <= end) | (merged["valid_from"] == earliest)
    lasted = merged["valid_to"].isna() | (merged["valid_to"] > start)
    ok = merged.assign(ok=(began & lasted).fillna(False)).groupby("index")["ok"].any()
    return values.index.to_series().map(ok).fillna(False).astype(bool)
