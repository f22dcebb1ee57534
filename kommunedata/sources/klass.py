"""SSB KLASS 131/104: municipalities with validity periods, counties, and successors on 2024 codes."""

from __future__ import annotations

import pandas as pd

from kommunedata.config import DATA_DIR
from kommunedata.sources import alesund_haram

FIRST_YEAR = 2006  # the programme's first year: every code valid from here on is kept
TARGET_YEAR = 2024
UNKNOWN_CODE = "9999"  # KLASS's "Uoppgitt", not a municipality

KLASS_DIR = DATA_DIR / "klassifikasjon"


def _read(path, **kwargs) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)


def valid_on(valid_from, valid_to, day):
    """Whether a validity interval [valid_from, valid_to) holds `day` (valid_to missing: still valid), for
    single Timestamps or Series of them. The same rule as the SQL macro `valid_on` in schema.sql, which
    every query uses; this one is for the build and the workbook check, which run before the file exists."""
    return (valid_from <= day) & (pd.isna(valid_to) | (valid_to > day))


def load_counties() -> pd.DataFrame:
    raw = _read(DATA_DIR / "fylker.csv")
    return pd.DataFrame(
        {
            "county_code": raw["fylkesnummer"],
            "county_name": raw["fylkesnavn"],
            "valid_from": pd.to_datetime(raw["gyldig_fra"]),
            "valid_to": pd.to_datetime(raw["gyldig_til"].replace("", None)),
        }
    )


def load_municipality_periods() -> pd.DataFrame:
    """One row per code and name per unbroken validity period, for every code valid 2006 or later."""
    versions = _read(KLASS_DIR / "ssb_klass131_versjoner.csv")
    versions = versions[versions["kommunenummer"] != UNKNOWN_CODE]
    open_end = versions["gyldig_til"] == ""
    versions = versions[open_end | (versions["gyldig_til"] > f"{FIRST_YEAR}-01-01")].copy()
    versions = versions.sort_values(["kommunenummer", "gyldig_fra"])
    # Gaps and islands: a new period starts where the name changes or the code had a gap.
    prev_name = versions.groupby("kommunenummer")["kommunenavn"].shift()
    prev_to = versions.groupby("kommunenummer")["gyldig_til"].shift()
    starts = (prev_name != versions["kommunenavn"]) | (prev_to != versions["gyldig_fra"])
    versions["period"] = starts.cumsum()
    periods = versions.groupby("period").agg(
        code=("kommunenummer", "first"),
        name=("kommunenavn", "first"),
        valid_from=("gyldig_fra", "first"),
        valid_to=("gyldig_til", "last"),
    )
    periods["valid_from"] = pd.to_datetime(periods["valid_from"])
    periods["valid_to"] = pd.to_datetime(periods["valid_to"].replace("", None))
    return periods.reset_index(drop=True)


def load_successors(codes: set[str], haram_share: float) -> pd.DataFrame:
    """Each code -> its 2024 code(s) with weights, from FHI's yearly recoding table.

    The same code is listed for every year it was valid; it must map the same way each year.
    FHI's 50/50 split of the Ålesund/Haram codes is replaced by what is known (`alesund_haram`);
    `haram_share` is Haram's share of the merged Ålesund of 2020-2023.
    """
    table = _read(DATA_DIR / "klassifikasjon" / "fhi_omregning_til_2024.csv")
    table = table[(table["aar"].astype(int) >= FIRST_YEAR) & table["kommunenummer_opprinnelig"].isin(codes)]
    pairs = table[["kommunenummer_opprinnelig", "kommunenummer_2024", "vekt"]].drop_duplicates()
    pairs.columns = ["code", "successor_code", "weight"]
    pairs = pairs.assign(weight=pairs["weight"].astype(float))
    pairs = alesund_haram.correct_successors(pairs, haram_share)
    duplicated = pairs.duplicated(["code", "successor_code"], keep=False)
    if duplicated.any():
        raise ValueError(f"Inconsistent recoding weights: {pairs[duplicated].head().to_dict('records')}")
    missing = codes - set(pairs["code"])
    if missing:
        raise ValueError(f"No 2024 successor for codes {sorted(missing)}")
    return pairs.sort_values(["code", "successor_code"]).reset_index(drop=True)


def attach_counties(periods: pd.DataFrame, counties: pd.DataFrame) -> pd.DataFrame:
    """The county of a municipality code is its first two digits; county codes are never reused."""
    names = counties.set_index("county_code")["county_name"]
    out = periods.assign(county_code=periods["code"].str[:2])
    out["county_name"] = out["county_code"].map(names)
    if out["county_name"].isna().any():
        raise ValueError(f"Unknown county for {out.loc[out['county_name'].isna(), 'code'].tolist()}")
    return out
