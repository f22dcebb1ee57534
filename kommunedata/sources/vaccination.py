"""Childhood vaccination coverage at age 2 (FHI Kommunehelsa), 5-year rolling averages, 2019 codes."""

from __future__ import annotations

import pandas as pd

from kommunedata.config import DATA_DIR

SOURCE_ID = "fhi_kommunehelsa"
SOURCE_TEXT = "Folkehelseinstituttet, Kommunehelsa statistikkbank"
PERIOD_NOTE = (
    " Femårig glidende gjennomsnitt; året er periodens siste år (2010 = 2006–2010)."
    " Tallene er publisert på kommunestrukturen fra 2019."
)

# indicator id -> (name, vaccine series in the file, oldest first; later series continue earlier ones)
SERIES = {
    "vaksine_mmr_2ar": (
        "Vaksinasjonsdekning meslinger (MMR), 2 år",
        ["Meslinger, kusma og røde hunder (MMR)", "Meslinger"],
        " Til og med 2008–2012 publisert som én MMR-serie, deretter som meslinger alene.",
    ),
    "vaksine_kikhoste_2ar": ("Vaksinasjonsdekning kikhoste, 2 år", ["Kikhoste"], ""),
    "vaksine_polio_2ar": ("Vaksinasjonsdekning poliomyelitt, 2 år", ["Poliomyelitt"], ""),
}

INDICATORS = [
    {
        "indicator_id": indicator_id,
        "name": name,
        "theme_id": "folkehelse",
        "unit": "prosent",
        "polarity": "higher_better",
        "aggregation": "weighted_mean",
        "source": SOURCE_TEXT,
        "decimals": 1,
        "description": f"Andel barn som er fullvaksinert ved 2 års alder.{PERIOD_NOTE}{note}",
    }
    for indicator_id, (name, _series, note) in SERIES.items()
]


def _read() -> pd.DataFrame:
    raw = pd.read_csv(DATA_DIR / "indikatorer" / "vaksinasjonsdekning_2019struktur.csv", dtype={"kode": str})
    raw = raw[raw["alder"] == 2]
    raw["year"] = raw["periode"].str[-4:].astype(int)
    frames = []
    for indicator_id, (_name, series, _note) in SERIES.items():
        part = raw[raw["vaksine"].isin(series)].assign(indicator_id=indicator_id)
        # When two series overlap in a period, the earlier-listed one is the continuation.
        part = part.assign(rank=part["vaksine"].map({s: i for i, s in enumerate(series)}))
        part = part.sort_values("rank").drop_duplicates(["nivaa", "kode", "year"])
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def load_values() -> pd.DataFrame:
    raw = _read()
    municipal = raw[raw["nivaa"].isin(["kommune", "kommune+fylke"])]
    return municipal.rename(columns={"kode": "municipality_code", "andel_prosent": "value"})[
        ["indicator_id", "municipality_code", "year", "value"]
    ].reset_index(drop=True)


def load_references() -> pd.DataFrame:
    """Published national and county values ('kommune+fylke' is Oslo, a county too)."""
    raw = _read()
    refs = raw[raw["nivaa"].isin(["land", "fylke", "kommune+fylke"])].copy()
    refs["region_level"] = refs["nivaa"].map({"land": "land", "fylke": "fylke", "kommune+fylke": "fylke"})
    refs["region_code"] = refs["kode"].where(refs["nivaa"] != "kommune+fylke", refs["kode"].str[:2])
    return refs.rename(columns={"navn_2019": "region_name", "andel_prosent": "value"})[
        ["indicator_id", "region_level", "region_code", "region_name", "year", "value"]
    ].reset_index(drop=True)
