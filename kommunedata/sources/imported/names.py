"""Municipality names in imported files turned into codes, as a person would match them.

Case, spaces and dashes do not matter; a county suffix («Herøy (Nordland)») must fit; each part of a
multi-language name («Trondheim - Tråante») is a name too. A name is looked up among the
municipalities in force in its year (or in one declared structure's year), and one that fits none, or
several, is refused with the line it stands on.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from kommunedata.sources.imported import ImportRefused, count_text
from kommunedata.sources.imported.readers import OTHER_REGION


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
        for key in name_keys(name):
            index.setdefault(key, set()).add(code)
    return index, {name_key(name) for name in frame["name"]}


def name_keys(name: str) -> set[str]:
    """A name, without its county suffix, and each part of a multi-language name, as compared."""
    suffix = SUFFIX.match(name)
    base = suffix.group(1) if suffix else name
    return {name_key(name), name_key(base), *(name_key(p) for p in re.split(r"\s+[-\u2013]\s+", base))}


def resolve_names(values: pd.DataFrame, municipalities: pd.DataFrame,
                   structure: int | None) -> tuple[pd.DataFrame, int, int]:
    """Codes for the rows that name their municipality; unknown and ambiguous names, and a county
    suffix that does not fit («Bø (Telemark)» for Bø in Nordland), refused with the line they stand on.
    Returns the values, how many names were resolved and how many rows named a county or another
    area (left out)."""
    counties_of: dict[str, set[str]] = {}  # every county a code has belonged to, in every language
    for code, county in zip(municipalities["code"], municipalities["county_name"].fillna("")):
        counties_of.setdefault(code, set()).update(name_keys(county) if county else set())
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
        elif not codes and (name_keys(label) & regions_known or OTHER_REGION.match(label)):
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
