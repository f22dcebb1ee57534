"""Importing real indicator values: validated in full first, then written all at once.

`import_file` reads a file (kommunedata.sources.imported), checks every value against the data
(each code valid in its year, whole years the data covers, finite numbers, no duplicates), compares it
with what the database holds, and, unless it is a dry run:
1. writes a copy of the database with the indicator's values replaced and the contract checked,
2. stores the file and its metadata in the import folder (`data/import/`, or $LIVSKRAFT_IMPORTS), so
   a rebuild from sources replays it and never drops a user's data,
3. renames the copy into place: readers see the old file or the new one, never half of one, and
   every open session of the app reads the new one on its next rerun.
A refused file changes nothing, and neither does a dry run. When the database is missing or was built
from other inputs (a source or an imported file changed since), the file is checked against a fresh
build in a temporary folder, which is what a real import then writes from: the report says so. A crash
after step 2 leaves the old database with the stored file, which the next build (the app rebuilds when
its inputs change) takes in: no half state either way.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from kommunedata import build, files, queries, store
from kommunedata import rules
from kommunedata.config import STATUS_DATE, import_dir
from kommunedata.db import Database
from kommunedata.sources import programme_workbook
from kommunedata.sources.example import SOURCE_ID as EXAMPLE_SOURCE
from kommunedata.sources.imported import ImportRefused, Options
from kommunedata.sources.imported.checks import load
from kommunedata.sources.imported.stored import per_inhabitant, source_row, stored_records, written_by
from kommunedata.text import HEADLINES
from kommunedata.themes import THEME_IDS

POLARITIES = ("higher_better", "lower_better", "neutral")
AGGREGATIONS = ("sum", "weighted_mean")
REQUIRED_FOR_NEW = ("name", "unit", "theme", "polarity", "aggregation", "source")


@dataclass
class Meta:
    """An indicator's metadata as given on the command line (None: keep what the database has)."""
    indicator_id: str
    name: str | None = None
    unit: str | None = None
    theme: str | None = None  # a theme id, or «ingen» for a background indicator
    polarity: str | None = None
    aggregation: str | None = None
    source: str | None = None
    description: str | None = None
    decimals: int | None = None
    per_inhabitant: PerInhabitant | None = None


@dataclass
class PerInhabitant:
    """A per-inhabitant version written beside the indicator: value × factor / population on 1 January
    of the following year (e.g. km² → m² per innbygger: factor 1 000 000)."""
    indicator_id: str
    unit: str | None = None  # default: the indicator's unit + « per innbygger»
    factor: float = 1.0
    name: str | None = None  # default: the indicator's name + « per innbygger»
    decimals: int | None = None


@dataclass
class Report:
    indicator_id: str
    kind: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    years: tuple[int, int] | None = None
    municipalities: int = 0
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        span = f"{self.years[0]}–{self.years[1]}" if self.years else "–"
        return [
            f"Indikator: {self.indicator_id} ({self.kind})",
            f"{self.new + self.changed + self.unchanged} verdier for {self.municipalities} kommuner, {span}",
            f"Nye: {self.new} · endrede: {self.changed} · uendrede: {self.unchanged} · fjernes: {self.removed}",
            *self.notes,
            "Skrevet til databasen." if self.written else "Prøvekjøring: ingenting er skrevet.",
        ]


# What an import may raise that is the file's or the data's fault, not a bug: said in Norwegian, no traceback.
FAILURES = (ImportRefused, build.BuildError, OSError, ValueError, duckdb.Error)


def failure_text(error: BaseException, what: str = "Import") -> tuple[str, list[str]]:
    """An import's (or export's) failure as (message, examples) for the command line and the «Importer
    data» page."""
    if isinstance(error, ImportRefused):
        return f"{what} avvist: {error.message}", error.examples
    if isinstance(error, build.BuildError):
        lines = [line.strip().lstrip("–").strip() for line in str(error).splitlines() if line.strip()]
        return f"{what} avvist: {lines[0]}", lines[1:11]
    return f"{what} avbrutt: {type(error).__name__}: {error}", []  # e.g. an unreadable file


@dataclass(frozen=True)
class Base:
    """The database an import is checked against and written from: the file itself, or a fresh build."""
    path: Path
    rebuilt: str | None = None  # why it is a fresh build («fantes ikke», «var bygd fra eldre kildefiler»)

    def note(self, written: bool) -> list[str]:
        if self.rebuilt is None:
            return []
        return [f"Databasen {self.rebuilt}; importen er sjekket mot en ny bygging fra kildene"
                + ("; databasen er bygd på nytt med importen." if written else
                   ", og en import bygger databasen på nytt med den (eller: python -m kommunedata build).")]


@contextmanager
def checked_against(db_path: Path) -> Iterator[Base]:
    """The file as it is when it was built from the current inputs; otherwise a fresh build in a
    temporary folder, so that a check says what the import will do. Never writes `db_path`."""
    if db_path.exists() and build.stored_fingerprint(db_path) == build.source_fingerprint():
        yield Base(db_path)
        return
    why = "var bygd fra eldre kildefiler" if db_path.exists() else "fantes ikke"
    with tempfile.TemporaryDirectory(prefix="livskraft-import-") as folder:
        fresh = Path(folder) / db_path.name
        build.build(fresh, progress=lambda _msg: None)
        yield Base(fresh, why)


def _indicator_row(db: Database, meta: Meta) -> dict:
    row = queries.indicator_row(db, meta.indicator_id)
    if row is not None and row["is_example"] and not meta.source:
        raise ImportRefused(f"«{meta.indicator_id}» har eksempeldata: oppgi --source for de reelle tallene.")
    if row is not None and row["source_id"] != f"import_{meta.indicator_id}":
        row["description"] = ""  # an example's, a shipped file's or a built-in source's: not this file's
    if row is None:
        missing = [f"--{flag}" for flag in REQUIRED_FOR_NEW if getattr(meta, flag) in (None, "")]
        if missing:
            raise ImportRefused(f"«{meta.indicator_id}» er en ny indikator: oppgi {', '.join(missing)}.")
        row = {"indicator_id": meta.indicator_id, "decimals": 1, "description": ""}
    theme = meta.theme if meta.theme is not None else row.get("theme_id")
    if meta.theme is not None:
        if meta.theme not in (*THEME_IDS, "ingen"):
            raise ImportRefused(f"Ukjent tema «{meta.theme}».", [f"gyldige: {', '.join(THEME_IDS)}, ingen"])
        theme = None if meta.theme == "ingen" else meta.theme
    if meta.polarity is not None and meta.polarity not in POLARITIES:
        raise ImportRefused(f"Ukjent retning «{meta.polarity}».", [f"gyldige: {', '.join(POLARITIES)}"])
    if meta.aggregation is not None and meta.aggregation not in AGGREGATIONS:
        raise ImportRefused(f"Ukjent aggregering «{meta.aggregation}».", [f"gyldige: {', '.join(AGGREGATIONS)}"])
    pick = {key: value for key, value in {
        "name": meta.name, "unit": meta.unit, "polarity": meta.polarity, "aggregation": meta.aggregation,
        "source": meta.source, "description": meta.description, "decimals": meta.decimals}.items() if value is not None}
    row.update(pick)
    row.update(theme_id=theme, source_id=f"import_{meta.indicator_id}", is_example=False)
    if not row.get("description"):
        row["description"] = f"Importert fra fil. Kilde: {row['source']}."
    return row


def _compare(old: pd.DataFrame, new: pd.DataFrame) -> tuple[int, int, int, int]:
    keyed = new.set_index(["municipality_code", "year"])["value"]
    before = old.set_index(["municipality_code", "year"])["value"]
    both = keyed.index.intersection(before.index)
    same = (keyed[both] - before[both]).abs() <= 1e-9 * before[both].abs().clip(lower=1)
    return (len(keyed.index.difference(before.index)), int((~same).sum()), int(same.sum()),
            len(before.index.difference(keyed.index)))


POPULATION_CONVENTION = ("folketallet 1. januar året etter (ved utgangen av året, slik SSB deler årstall), "
                         "SSB tabell 07459 på 2024-grenser")


def derived_row(row: dict, spec: PerInhabitant) -> dict:
    """The per-inhabitant indicator's row, from the indicator it divides."""
    if not re.fullmatch(r"[a-z0-9_]{1,64}", spec.indicator_id) or spec.indicator_id == row["indicator_id"]:
        raise ImportRefused(f"Ugyldig id for per innbygger «{spec.indicator_id}».")
    name = spec.name or f"{row['name']} per innbygger"
    return {**row, "indicator_id": spec.indicator_id, "name": name,
            "unit": spec.unit or f"{row['unit']} per innbygger", "aggregation": "weighted_mean",
            "source_id": row["source_id"], "decimals": spec.decimals if spec.decimals is not None else row["decimals"],
            "description": f"{row['name']} delt på {POPULATION_CONVENTION}. {row['description']}"}


def import_file(path: Path, meta: Meta, db_path: Path, dry_run: bool = False, options: Options = Options()) -> Report:
    """Read, check and (unless `dry_run`) write one indicator from a file. Raises ImportRefused."""
    path, db_path = Path(path), Path(db_path)
    if not re.fullmatch(r"[a-z0-9_]{1,64}", meta.indicator_id):
        raise ImportRefused(f"Ugyldig indikator-id «{meta.indicator_id}»: bruk små bokstaver a–z, sifre og _.")
    if not path.is_file():
        raise ImportRefused(f"Fant ikke filen {path}.")
    with checked_against(db_path) as base:
        return _import_file(path, meta, db_path, base, dry_run, options)


def _import_file(path: Path, meta: Meta, db_path: Path, base: Base, dry_run: bool, options: Options) -> Report:
    with Database(base.path) as db:
        municipalities = queries.municipality_periods(db)
        years = queries.population_years(db)
        row = _indicator_row(db, meta)
        old = queries.indicator_values(db, meta.indicator_id)
        existing = queries.indicator_sources(db)
        population = queries.indicator_values(db, "folkemengde")
    records = stored_records()
    owner = {indicator_id: base for base, (_file, record) in records.items() for indicator_id in written_by(record)}
    if owner.get(meta.indicator_id, meta.indicator_id) != meta.indicator_id:
        raise ImportRefused(f"«{meta.indicator_id}» regnes ut fra importen av «{owner[meta.indicator_id]}» (per "
                            f"innbygger): importer «{owner[meta.indicator_id]}» på nytt i stedet.")
    previous_file, previous = records.get(meta.indicator_id, (None, None))
    replaced = set(written_by(previous)) if previous else {meta.indicator_id}
    parsed = load(path, options, municipalities, years)
    values = parsed.values.drop(columns="line").assign(is_estimate=False)
    new, changed, unchanged, removed = _compare(old, values)
    report = Report(meta.indicator_id, parsed.kind, new, changed, unchanged, removed,
                    (int(values["year"].min()), int(values["year"].max())), values["municipality_code"].nunique(),
                    list(parsed.notes))
    written = [(row, values)]
    if meta.per_inhabitant:
        derived = derived_row(row, meta.per_inhabitant)
        target = derived["indicator_id"]
        ours = owner.get(target) == meta.indicator_id or existing.get(target) == EXAMPLE_SOURCE  # examples give way
        if (target in existing or target in owner) and not ours:
            raise ImportRefused(f"«{target}» finnes allerede og kommer ikke fra denne importen: "
                                "velg en annen id for per innbygger.")
        written.append((derived, per_inhabitant(values, population, meta.per_inhabitant.factor)))
        report.notes.append(f"Per innbygger: «{derived['indicator_id']}» ({derived['unit']}), "
                            f"{len(written[-1][1])} verdier, delt på {POPULATION_CONVENTION}.")
    dropped = sorted(replaced - {r["indicator_id"] for r, _values in written})
    if previous_file is not None and previous_file.parent != import_dir():
        corrections = len(previous.get("exclude", [])) + len(previous.get("estimate", []))
        report.notes.append(f"Erstatter importen som følger med Livskraft ({previous_file.parent.name}/"
                            f"{previous_file.name})" + (f": dens {corrections} rettelser (utelatte verdier og anslag) "
                                                        "gjelder ikke lenger" if corrections else "") + ".")
    if dropped:
        report.notes.append(f"Fjernes: {', '.join(f'«{i}»' for i in dropped)} (per innbygger fra forrige import).")
    if not dry_run:
        _write(path, meta, options, written, db_path, base.path, report, replaced)
        report.written = True
    report.notes.extend(base.note(report.written))
    return report


def _write(path: Path, meta: Meta, options: Options, written: list[tuple[dict, pd.DataFrame]], db_path: Path,
           base: Path, report: Report, replaced: set[str]) -> None:
    """`replaced`: the indicators of the import this one replaces (a shipped or an earlier import of the
    same indicator, with its per-inhabitant version); they go, and their sources when nothing else
    cites them."""
    with store.rewriting(db_path, build.source_fingerprint, start_from=base) as con:
        store.replace_indicators(con, written, replaced, source_row(written[0][0]), {s[0] for s in build.DATA_SOURCES})
        _store(path, meta, options, [row for row, _values in written], report)


def _store(path: Path, meta: Meta, options: Options, rows: list[dict], report: Report) -> None:
    """The file and its metadata, each renamed into place, for the build to replay."""
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"Excel": ".xlsx", "JSON-stat 2": ".json"}.get(report.kind.split(",")[0], ".csv")
    for old in folder.glob(f"{meta.indicator_id}.data.*"):
        old.unlink()
    data_file = folder / f"{meta.indicator_id}.data{suffix}"
    files.write_atomically(data_file, path.read_bytes())

    def plain(row: dict) -> dict:
        return {k: (None if pd.isna(v) else v) for k, v in row.items()}

    record = {"indicator": plain(rows[0]), "file": data_file.name, "original_name": path.name,
              "options": options.to_json(),
              "per_inhabitant": ({"indicator": plain(rows[1]), "factor": meta.per_inhabitant.factor}
                                 if meta.per_inhabitant else None),
              "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    files.write_atomically(folder / f"{meta.indicator_id}.import.json",
                           json.dumps(record, ensure_ascii=False, indent=2, default=str))


# The programme: networks, themes and members from a workbook (kommunedata.sources.programme_workbook)

@dataclass
class ProgrammeReport:
    """What importing a programme workbook changes: networks and memberships new, changed, unchanged and
    removed, and the headline numbers on the KS status date before and after."""
    networks: tuple[int, int, int, int]
    memberships: tuple[int, int, int, int]
    themes: int
    before: rules.StatusCounts
    after: rules.StatusCounts
    replaces_example: bool
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def lines(self) -> list[str]:
        def counts(label: str, four: tuple[int, int, int, int]) -> str:
            new, changed, unchanged, removed = four
            return f"{label}: nye {new} · endrede {changed} · uendrede {unchanged} · fjernes {removed}"

        headline = " · ".join(f"{label.lower()} {getattr(self.before, key)} → {getattr(self.after, key)}"
                              for key, label, _help in HEADLINES)
        return [
            f"Programmet: {sum(self.networks[:3])} nettverk, {sum(self.memberships[:3])} medlemskap, "
            f"{self.themes} nettverkstemaer",
            counts("Nettverk", self.networks),
            counts("Medlemskap", self.memberships),
            f"Status {STATUS_DATE.strftime('%d.%m.%Y')}: {headline}",
            *(["Erstatter eksempelnettverkene: nettverk og medlemskap regnes heretter som reelle data."]
              if self.replaces_example else []),
            *self.notes,
            "Skrevet til databasen." if self.written else "Prøvekjøring: ingenting er skrevet.",
        ]


def _differences(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> tuple[int, int, int, int]:
    """New, changed, unchanged and removed rows by `key`, comparing every other column as text."""
    def keyed(frame: pd.DataFrame) -> dict:
        frame = frame.astype(object).where(frame.notna(), None)
        return {tuple(str(v) for v in row[:len(key)]): tuple(str(pd.Timestamp(v).date()) if hasattr(v, "year") else str(v)
                                                            for v in row[len(key):])
                for row in frame[key + [c for c in frame.columns if c not in key]].itertuples(index=False)}
    before, after = keyed(old), keyed(new)
    same = sum(1 for k in after if k in before and before[k] == after[k])
    changed = sum(1 for k in after if k in before and before[k] != after[k])
    return len(after.keys() - before.keys()), changed, same, len(before.keys() - after.keys())


def import_programme(path: Path, db_path: Path, source: str | None = None, dry_run: bool = False,
                     original_name: str | None = None) -> ProgrammeReport:
    """Read, check and (unless `dry_run`) write a programme workbook, replacing every network, theme
    choice and membership. `source`: where the programme comes from, shown on «Om dataene»."""
    path, db_path = Path(path), Path(db_path)
    if not path.is_file():
        raise ImportRefused(f"Fant ikke filen {path}.")
    with checked_against(db_path) as base:
        report = _import_programme(path.read_bytes(), path.name, db_path, base, source, dry_run, original_name)
        report.notes.extend(base.note(report.written))
        return report


def _import_programme(raw: bytes, file_name: str, db_path: Path, base: Base, source: str | None, dry_run: bool,
                      original_name: str | None) -> ProgrammeReport:
    with Database(base.path) as db:
        municipalities = queries.municipality_periods(db)
        old = queries.programme(db)
    checked = programme_workbook.check(programme_workbook.read(raw), municipalities)
    new = checked.programme
    def with_themes(p: rules.Programme) -> pd.DataFrame:  # a network with its themes and their dates, to compare
        chosen = p.network_themes.assign(theme=p.network_themes["theme_id"] + "@"
                                         + pd.to_datetime(p.network_themes["chosen_on"]).dt.strftime("%Y-%m-%d"))
        themes = chosen.groupby("network_id")["theme"].agg(lambda t: ",".join(sorted(t))).rename("themes")
        return p.networks[["network_id", "name", "created_on", "established_on"]].merge(
            themes, left_on="network_id", right_index=True, how="left")

    report = ProgrammeReport(
        networks=_differences(with_themes(old), with_themes(new), ["network_id"]),
        memberships=_differences(old.memberships[new.memberships.columns], new.memberships,
                                 ["network_id", "municipality_code"]),
        themes=len(new.network_themes),
        before=rules.status_on(old, STATUS_DATE), after=rules.status_on(new, STATUS_DATE),
        replaces_example=bool(old.networks["is_example"].any()), notes=list(checked.notes))
    if report.replaces_example:
        kept = _differences(with_themes(old), with_themes(new), ["network_id"])[2]
        if kept:
            report.notes.insert(0, f"Advarsel: {kept} av nettverkene er uendret fra eksempeldataene. Etter importen "
                                   "regnes de som reelle: slett radene for nettverk som ikke er reelle før du importerer.")
    if dry_run:
        return report
    name = original_name or file_name
    record = {"source": (source or "").strip() or f"Programarbeidsbok «{name}»", "original_name": name,
              "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "sha256": hashlib.sha256(raw).hexdigest()}
    with store.rewriting(db_path, build.source_fingerprint, start_from=base.path) as con:
        store.replace_programme(con, new, lambda sources: build.programme_origin(sources, record))
        folder = import_dir()
        folder.mkdir(parents=True, exist_ok=True)
        files.write_atomically(folder / programme_workbook.STORED_FILE, raw)
        files.write_atomically(folder / programme_workbook.STORED_RECORD, json.dumps(record, ensure_ascii=False, indent=2))
    report.written = True
    return report


def export_programme(db_path: Path) -> bytes:
    """The template workbook filled with the programme the database holds."""
    with Database(db_path) as db:
        programme = queries.programme(db)
        origin = queries.build_info(db)
    source = (origin.get("programme_source") if not programme.networks["is_example"].any()
              else "Eksempelnettverkene generert av Livskraft (ikke reelle)")
    return programme_workbook.write(programme, source or "Importert programarbeidsbok")
