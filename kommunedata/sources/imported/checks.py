"""A read file checked against the data: names turned into codes, rows summed and zeros dropped as
the options say, then every value checked (each code in force in its year, whole years the data
covers, plausible numbers, no duplicates). What `python -m kommunedata import` and the build both do
with a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from kommunedata.sources.imported import ImportRefused, Options, Read, count_text
from kommunedata.sources.imported.names import resolve_names
from kommunedata.sources.imported.readers import read

LARGEST = 1e15  # larger than any count or rate of a municipality: a unit or file error


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
        values, named, regions = resolve_names(values, municipalities, structure)
        notes.append(f"{count_text(named, 'kommunenavn', 'ulike kommunenavn')} er gjort om til kommunenummer etter "
                     "kommuneinndelingen " + (f"for {structure}." if structure is not None else "for hvert år."))
        skipped += regions
    if skipped:
        notes.append(f"{count_text(skipped, 'rad', 'rader')} for landet, fylker eller andre områder er hoppet over.")
    if structure is not None:
        notes.append(f"Alle år er lest med kommunenumrene og -navnene fra {structure} (--code-structure {structure}).")
    if options.summed:
        before = len(values)
        values = (values.groupby(["municipality_code", "year"], as_index=False, sort=True)
                  .agg(value=("value", "sum"), line=("line", "min"), rows=("value", "size")))
        counts = values["rows"]
        spread = (f"{counts.iloc[0]} rader per verdi" if counts.nunique() == 1 else
                  f"{counts.min()}–{counts.max()} rader per verdi, oftest {counts.mode().iloc[0]}")
        how = "Telt (--count-rows)" if options.count_rows else "Summert (--sum-rows)"
        notes.append(f"{how}: {count_text(before, 'rad', 'rader')} ble til "
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
