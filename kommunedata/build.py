"""Builds the DuckDB file from the shipped sources and the example generator, atomically.

The build writes a temporary file beside the target and renames it into place, so readers see the old
file or the new one, never half of one. `ensure_database` (called by the app at start) rebuilds when
the file is missing or was built from other inputs; a portable lock (`filelock`) keeps two processes
starting at once from building twice.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from kommunedata import files, store
from kommunedata.config import (
    DATA_DIR, EXAMPLE_SEED, PACKAGE_DIR, PROGRAMME_END, PROGRAMME_START, SCHEMA_FILE, import_dir,
)
from kommunedata.sources import example, geo, klass, population, programme_workbook, vaccination
from kommunedata.sources.imported import ImportRefused, stored
from kommunedata.store import BuildError
from kommunedata.themes import THEMES

SCHEMA_VERSION = "4"

DATA_SOURCES = [
    ("ssb_klass131", "Kommuneinndeling og endringer (KLASS 131)", "Statistisk sentralbyrå (SSB)", "CC BY 4.0",
     "Kommuneinndeling og endringer: Statistisk sentralbyrå (SSB), KLASS 131 — CC BY 4.0", False),
    ("ssb_klass104", "Fylkesinndeling (KLASS 104)", "Statistisk sentralbyrå (SSB)", "CC BY 4.0",
     "Fylkesinndeling: Statistisk sentralbyrå (SSB), KLASS 104 — CC BY 4.0", False),
    (population.SOURCE_ID, "Folkemengde, tabell 07459", "Statistisk sentralbyrå (SSB)", "CC BY 4.0",
     "Folkemengde: SSB tabell 07459 (via Folkehelseinstituttets pakker spldata/csdata) — CC BY 4.0", False),
    (vaccination.SOURCE_ID, "Vaksinasjonsdekning", "Folkehelseinstituttet (FHI)", "NLOD",
     "Vaksinasjonsdekning: Folkehelseinstituttet, Kommunehelsa statistikkbank — NLOD", False),
    ("kartverket", "Kommunegrenser", "Kartverket/Geonorge", "CC BY 4.0 / CC0",
     "Kommunegrenser: Kartverket/Geonorge (CC BY 4.0); forenklet av robhop/fylker-og-kommuner (2024) "
     "og Torskelgen/ReadyMaps (2017, 2019; CC0)", False),
    (example.SOURCE_ID, "Eksempeldata", "Livskraft (generert)", "CC0",
     "Eksempeldata: nettverk, medlemskap og indikatorer uten åpne kilder er generert av Livskraft "
     f"med fast frø ({EXAMPLE_SEED}). Ikke reelle tall.", True),
]
EXAMPLE_INDICATORS_ONLY = ("Eksempeldata: indikatorer uten åpne kilder er generert av Livskraft med fast frø "
                           f"({EXAMPLE_SEED}). Ikke reelle tall.")


def build_inputs() -> list[Path]:
    """Everything the build reads: the shipped data, the schema and the code that loads and generates
    the tables (not the app's labels or pages, which do not change what is in the file). A test checks
    that every module the build imports is listed."""
    data = [p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in {".csv", ".geojson", ".json", ".xlsx"}
            and import_dir() not in p.parents]
    imports = [p for p in import_dir().glob("*") if p.is_file() and not p.name.endswith(".tmp")] \
        if import_dir().is_dir() else []
    code = [PACKAGE_DIR / name for name in ("build.py", "config.py", "files.py", "rules.py", "store.py", "themes.py")]
    code += list((PACKAGE_DIR / "sources").rglob("*.py"))
    return sorted(set(data + imports + code + [SCHEMA_FILE]))


def source_fingerprint() -> str:
    """A hash of the build's inputs: when it changes, an existing file is out of date."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for path in build_inputs():
        digest.update(path.name.encode() if import_dir() in path.parents
                      else str(path.relative_to(PACKAGE_DIR.parent).as_posix()).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def collect_tables(progress: Callable[[str], None]) -> dict[str, pd.DataFrame]:
    """Every table's rows, from the shipped files and the example generator."""
    progress("Leser kommuneinndeling (SSB KLASS 131)")
    counties = klass.load_counties()
    periods = klass.load_municipality_periods()
    codes = set(periods["code"])
    pop = population.read()
    successors = klass.load_successors(codes, population.haram_share(pop))
    municipalities = geo.place_periods(klass.attach_counties(periods, counties), geo.load_points(), successors)

    progress("Leser kommunegrenser")
    shapes = geo.load_shapes()

    progress("Leser folkemengde og vaksinasjonsdekning")
    weights = population.load_weights(codes, successors, pop)
    values = [population.load_values(pop), vaccination.load_values()]
    indicators = [
        {**row, "source_id": population.SOURCE_ID, "is_example": False} for row in population.INDICATORS
    ] + [{**row, "source_id": vaccination.SOURCE_ID, "is_example": False} for row in vaccination.INDICATORS]

    try:
        stored_programme = programme_workbook.stored(municipalities[["code", "name", "valid_from", "valid_to"]])
    except ImportRefused as refused:
        raise BuildError(refused.describe()) from None
    if stored_programme:
        progress("Tar inn det importerte programmet (nettverk, temaer og medlemmer)")
        programme, record = stored_programme
    else:
        progress("Lager eksempelnettverk (fast frø)")
        start, end = pd.Timestamp(PROGRAMME_START), pd.Timestamp(PROGRAMME_END)
        pool = municipalities[klass.valid_on(municipalities["valid_from"], municipalities["valid_to"], start)
                              & klass.valid_on(municipalities["valid_from"], municipalities["valid_to"], end)]
        programme, record = example.generate_programme(pool), None
    progress("Lager eksempelindikatorer (fast frø)")
    current = municipalities[municipalities["valid_to"].isna()][["code", "lat"]]
    values.append(example.generate_indicator_values(population.first_published(pop).merge(current, on="code")))
    indicators += [{**row, "source_id": example.SOURCE_ID, "is_example": True} for row in example.indicator_rows()]

    sources, programme_info = programme_origin(
        pd.DataFrame(DATA_SOURCES, columns=["source_id", "name", "publisher", "licence", "attribution", "is_example"]),
        record)
    residents = values[0][values[0]["indicator_id"] == "folkemengde"]
    try:
        imports = stored.stored_imports(
            municipalities[["code", "name", "valid_from", "valid_to", "county_name"]],
            (int(weights["year"].min()), int(weights["year"].max())),
            residents[["municipality_code", "year", "value", "is_estimate"]])
    except ImportRefused as refused:
        raise BuildError(refused.describe()) from None
    if imports:
        progress(f"Tar inn {len(imports)} importerte indikatorer (data/importfiler og importmappen)")
    for row, imported_values, source in imports:  # an import replaces what the build made for that indicator
        indicators = [r for r in indicators if r["indicator_id"] != row["indicator_id"]] + [row]
        values = [v[v["indicator_id"] != row["indicator_id"]] for v in values]
        values.append(imported_values.assign(indicator_id=row["indicator_id"]))
        sources = pd.concat([sources[sources["source_id"] != source["source_id"]], pd.DataFrame([source])],
                            ignore_index=True)

    themes = pd.DataFrame(THEMES).assign(sort_order=range(1, len(THEMES) + 1))
    return {
        "data_source": sources,
        "county": counties,
        "municipality": municipalities,
        "municipality_successor": successors,
        "municipality_shape": shapes,
        "population_weight": weights,
        "theme": themes,
        "network": programme.networks,
        "network_theme": programme.network_themes,
        "membership": programme.memberships,
        "indicator": pd.DataFrame(indicators),
        "indicator_value": _indicator_values(values),
        "indicator_reference": vaccination.load_references(),
        "build_info": pd.DataFrame(list(programme_info.items()), columns=["key", "value"]),
    }


def programme_origin(sources: pd.DataFrame, record: dict | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The `data_source` rows and `build_info` entries for where the programme came from: generated
    (no record), or imported from a workbook (its record: source, file name, time). The build and the
    programme import both call this, so the two cannot describe the programme differently."""
    sources = sources[sources["source_id"] != programme_workbook.SOURCE_ID].copy()
    if record is None:
        return sources, {}
    source, info = programme_workbook.origin_rows(record)
    sources.loc[sources["source_id"] == example.SOURCE_ID, "attribution"] = EXAMPLE_INDICATORS_ONLY
    return pd.concat([sources, pd.DataFrame([source])], ignore_index=True), info


def _indicator_values(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One long table; a source that says nothing about estimates publishes plain values."""
    values = pd.concat(frames, ignore_index=True)
    values["is_estimate"] = values["is_estimate"].astype("boolean").fillna(False).astype(bool)
    return values.sort_values(["indicator_id", "municipality_code", "year"])


def build(output: Path, progress: Callable[[str], None] = print) -> Path:
    """Write the database to `output` via a temporary file, so a failed build leaves the old file."""
    started = time.perf_counter()
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    files.remove_abandoned_temporaries(output)
    with files.replacing(output) as tmp:
        tmp.unlink(missing_ok=True)
        tables = collect_tables(progress)
        info = {
            "schema_version": SCHEMA_VERSION,
            "fingerprint": source_fingerprint(),
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "example_seed": str(EXAMPLE_SEED),
        }
        tables["build_info"] = pd.concat(
            [tables["build_info"], pd.DataFrame(list(info.items()), columns=["key", "value"])], ignore_index=True)
        progress(f"Skriver {tmp.name}")
        store.create(tmp, tables, progress)
    progress(f"Ferdig: {output} ({time.perf_counter() - started:.1f} s)")
    return output


def stored_fingerprint(path: Path) -> str | None:
    """The fingerprint of the inputs the file at `path` was built from; None when there is no readable file."""
    # Imported here, not at the top: a module the build imports is one of its inputs, and the questions
    # the app asks (kommunedata.queries) do not shape the file, so a change to them must not rebuild it.
    from kommunedata import queries
    from kommunedata.db import Database

    try:
        with Database(path) as db:
            return queries.build_info(db).get("fingerprint")
    except (duckdb.Error, OSError):
        return None


def ensure_database(path: Path, progress: Callable[[str], None] = lambda _msg: None) -> bool:
    """Build the file when it is missing or built from other inputs; True when it was (re)built."""
    path = Path(path)
    fingerprint = source_fingerprint()
    if path.exists() and stored_fingerprint(path) == fingerprint:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with files.lock(path):
        if path.exists() and stored_fingerprint(path) == fingerprint:
            return False  # another process built it while this one waited
        build(path, progress)
        return True
