"""Population (SSB table 07459 via FHI): population, growth and age shares, plus merge weights."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kommunedata.config import DATA_DIR
from kommunedata.sources import alesund_haram

SOURCE_ID = "ssb_07459"
SOURCE_TEXT = "SSB tabell 07459 (via FHI, omregnet til 2024-grenser)"
DERIVED_TEXT = "Beregnet fra SSB tabell 07459 (via FHI, 2024-grenser)"

INDICATORS = [
    {
        "indicator_id": "folkemengde",
        "name": "Folkemengde",
        "theme_id": None,
        "unit": "personer",
        "polarity": "neutral",
        "aggregation": "sum",
        "source": SOURCE_TEXT,
        "decimals": 0,
        "description": "Folkemengde 1. januar, omregnet til kommunegrensene fra 2024. Snillfjord og Tysfjord "
        "ble delt i 2020; tallene før delingen er fordelt med faste vekter. Ålesund og Haram før 2020 er "
        "regnet fra de gamle kommunene; for 2020–2023, da de var én kommune, er fordelingen anslått (jevn overgang fra 2019 til 2024).",
    },
    {
        "indicator_id": "befolkningsvekst",
        "name": "Befolkningsvekst",
        "theme_id": None,
        "unit": "prosent",
        "polarity": "higher_better",
        "aggregation": "weighted_mean",
        "source": DERIVED_TEXT,
        "decimals": 2,
        "description": "Endring i folkemengde fra 1. januar året før til 1. januar, i prosent. "
        "Vekst regnes som positivt for en livskraftig kommune.",
    },
    {
        "indicator_id": "andel_0_17",
        "name": "Andel 0–17 år",
        "theme_id": None,
        "unit": "prosent",
        "polarity": "neutral",
        "aggregation": "weighted_mean",
        "source": DERIVED_TEXT,
        "decimals": 1,
        "description": "Andel av befolkningen som er 0–17 år, 1. januar.",
    },
    {
        "indicator_id": "andel_67_pluss",
        "name": "Andel 67 år og eldre",
        "theme_id": None,
        "unit": "prosent",
        "polarity": "neutral",
        "aggregation": "weighted_mean",
        "source": DERIVED_TEXT,
        "decimals": 1,
        "description": "Andel av befolkningen som er 67 år eller eldre, 1. januar.",
    },
    {
        "indicator_id": "andel_80_pluss",
        "name": "Andel 80 år og eldre",
        "theme_id": "folkehelse",
        "unit": "prosent",
        "polarity": "neutral",
        "aggregation": "weighted_mean",
        "source": DERIVED_TEXT,
        "decimals": 1,
        "description": "Andel av befolkningen som er 80 år eller eldre, 1. januar. "
        "Viktig for planlegging av helse- og omsorgstjenester.",
    },
]


@dataclass(frozen=True)
class Population:
    """Both population files, read once per build."""

    on_2024_borders: pd.DataFrame  # with Ålesund/Haram before 2024 divided as known
    original: pd.DataFrame  # the codes valid each year, 2005-2022


def read() -> Population:
    original = read_population_original()
    published = pd.read_csv(
        DATA_DIR / "indikatorer" / "folkemengde_2024grenser.csv", dtype={"kommunenummer": str}
    )
    return Population(alesund_haram.correct_population(published, original), original)


def read_population_2024() -> pd.DataFrame:
    """FHI's population on 2024 borders, with Ålesund/Haram before 2024 divided as known."""
    return read().on_2024_borders


def read_population_original() -> pd.DataFrame:
    return pd.read_csv(
        DATA_DIR / "indikatorer" / "folkemengde_opprinnelige_koder.csv", dtype={"kommunenummer": str}
    )


def haram_share(population: Population) -> float:
    """Haram's share of the merged Ålesund of 2020-2023 (weight of 1507 -> 1580)."""
    return alesund_haram.haram_share_of_merged(population.original)


def first_published(population: Population) -> pd.DataFrame:
    """(code, population) in the first year each 2024 code is published: 2005 for all but Vindafjord
    (2006) and Aure (2008). The size basis of the example indicators."""
    pop = population.on_2024_borders.sort_values("aar").drop_duplicates("kommunenummer")
    return pop[["kommunenummer", "folkemengde"]].rename(columns={"kommunenummer": "code", "folkemengde": "population"})


def load_values(population: Population) -> pd.DataFrame:
    """All population indicators on 2024 codes, long format."""
    pop = population.on_2024_borders.sort_values(["kommunenummer", "aar"])
    pop = pop.rename(columns={"kommunenummer": "municipality_code", "aar": "year"})
    previous = pop.groupby("municipality_code")["folkemengde"].shift()
    # Where a split was apportioned by fixed weights before the split and counted after it, growth
    # across that year is an artefact of the weights, not of people moving: leave it out (except
    # where the shares move smoothly, Ålesund/Haram: there it is kept as an estimate).
    uncertain = pop["usikker_omregning"].astype(bool)
    previous_uncertain = pop.groupby("municipality_code")["usikker_omregning"].shift()
    smooth = pop["municipality_code"].isin(alesund_haram.SMOOTH_CODES)
    previous = previous.where(previous_uncertain.isna() | (previous_uncertain == uncertain) | smooth)
    growth_estimated = uncertain | previous_uncertain.fillna(False).astype(bool)
    measures = {  # indicator -> (values, estimated: apportioned across a later split)
        "folkemengde": (pop["folkemengde"].astype(float), uncertain),
        "befolkningsvekst": ((pop["folkemengde"] / previous - 1.0) * 100.0, growth_estimated),
        "andel_0_17": (pop["alder_0_17"] / pop["folkemengde"] * 100.0, uncertain),
        "andel_67_pluss": (pop["alder_67_pluss"] / pop["folkemengde"] * 100.0, uncertain),
        "andel_80_pluss": (pop["alder_80_pluss"] / pop["folkemengde"] * 100.0, uncertain),
    }
    frames = [
        pd.DataFrame(
            {
                "indicator_id": indicator_id,
                "municipality_code": pop["municipality_code"],
                "year": pop["year"],
                "value": values,
                "is_estimate": estimated,
            }
        ).dropna(subset=["value"])
        for indicator_id, (values, estimated) in measures.items()
    ]
    return pd.concat(frames, ignore_index=True)


def load_weights(codes: set[str], successors: pd.DataFrame, population: Population) -> pd.DataFrame:
    """Population of every code in every year 2005-2026, for population-weighted merging.

    Published figures for the code in that year where they exist (original codes 2005-2022, 2024
    codes on 2024 borders); otherwise the code's population in the nearest year it was published,
    e.g. a 2019 code in 2010 takes its 2019 population. Nine codes of 2006 were never published on
    their own; they get an equal share of their 2024 successor's population in that year. Good
    enough for weights, never shown as data.
    """
    original = population.original[["kommunenummer", "aar", "folkemengde"]]
    current = population.on_2024_borders[["kommunenummer", "aar", "folkemengde"]]
    # 2024 borders are the published figures for 2024 codes from 2024 on; for earlier years the
    # original-code figures take precedence where the same code existed.
    known = pd.concat([original, current[current["aar"] >= 2023], current[current["aar"] < 2023]])
    known = known.drop_duplicates(["kommunenummer", "aar"], keep="first")
    known = known[known["kommunenummer"].isin(codes)]
    years = range(int(known["aar"].min()), int(known["aar"].max()) + 1)
    grid = pd.MultiIndex.from_product([sorted(codes), years], names=["code", "year"]).to_frame(index=False)
    grid = grid.merge(
        known.rename(columns={"kommunenummer": "code", "aar": "published_year", "folkemengde": "population"}),
        on="code",
        how="inner",
    )
    grid["distance"] = (grid["year"] - grid["published_year"]).abs()
    grid = grid.sort_values(["code", "year", "distance", "published_year"], ascending=[True, True, True, False])
    weights = grid.drop_duplicates(["code", "year"])[["code", "year", "population"]]
    weights = pd.concat([weights, _unpublished_weights(codes - set(weights["code"]), successors, current)])
    return weights.astype({"population": float}).reset_index(drop=True)


def _unpublished_weights(missing: set[str], successors: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    parts = successors[successors["code"].isin(missing)]
    if parts.empty:
        return pd.DataFrame(columns=["code", "year", "population"])
    n_missing = parts.groupby("successor_code")["code"].transform("nunique")
    shares = parts.assign(share=parts["weight"] / n_missing)
    shares = shares.merge(current, left_on="successor_code", right_on="kommunenummer")
    shares["population"] = shares["folkemengde"] * shares["share"]
    return shares.groupby(["code", "aar"], as_index=False)["population"].sum().rename(columns={"aar": "year"})
