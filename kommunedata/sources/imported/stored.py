"""The imports the build replays: the shipped ones (`data/importfiler/`) and a user's (the import folder).

kommunedata.importer stores each import as its file and a record (`<indicator>.import.json`: the
indicator's row, how to read the file, a per-inhabitant version, corrections); the build reads them
again with the importer's own code, so a rebuild never drops a user's data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kommunedata.config import DATA_DIR, import_dir
from kommunedata.sources.imported import ImportRefused, Options
from kommunedata.sources.imported.checks import load

SHIPPED_DIR = DATA_DIR / "importfiler"  # the real files the build always imports


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
