"""Ålesund and Haram 2020-2024: replacing FHI's fixed 50/50 split with what is known.

In 2020 Ålesund (1504), Ørskog (1523), Skodje (1529), Haram (1534) and Sandøy (1546) merged into
Ålesund (1507). In 2024 Haram was re-established with its borders from before 2020 (1580) and the
rest became Ålesund (1508). FHI's recoding table and its population on 2024 borders split *every*
one of these codes 50/50 between 1508 and 1580, which would show Haram with half of Ålesund's
population. What is known instead:

- the pre-2020 codes map whole: 1534 -> 1580, the other four -> 1508;
- only the merged 1507 (2020-2023) is a real split; it is apportioned by the 2019 population of
  old Haram and of the other four (about 14 % / 86 %), per measure.

The population on 2024 borders keeps FHI's totals for 1508 + 1580 in every year (so national
totals do not move) and re-divides them: by each year's published population of the old codes up to
2019 (exact shares), and for 2020-2023 by shares moving in a straight line from 2019 to 2024, the
first year both are published again (still flagged as uncertain: an estimate).
"""

from __future__ import annotations

import pandas as pd

ALESUND, HARAM, MERGED = "1508", "1580", "1507"
OLD_CODES = {"1504": ALESUND, "1523": ALESUND, "1529": ALESUND, "1534": HARAM, "1546": ALESUND}
LAST_YEAR_APART = 2019  # the last 1 January with the old codes
FIRST_YEAR_REESTABLISHED = 2024
MEASURES = ["folkemengde", "alder_0_17", "alder_18_66", "alder_67_pluss", "alder_80_pluss"]


# Their shares move smoothly from year to year (unlike FHI's fixed weights), so growth across the
# change between published and estimated figures is meaningful: kept, as an estimate.
SMOOTH_CODES = {ALESUND, HARAM}


def old_code_shares(original: pd.DataFrame) -> pd.DataFrame:
    """Per year up to 2019: each measure's share living in what became Haram (1580) in 2024."""
    old = original[original["kommunenummer"].isin(OLD_CODES) & (original["aar"] <= LAST_YEAR_APART)]
    old = old.assign(target=old["kommunenummer"].map(OLD_CODES))
    by_target = old.groupby(["aar", "target"])[MEASURES].sum()
    totals = by_target.groupby(level="aar").sum()
    shares = by_target.xs(HARAM, level="target") / totals
    if shares.isna().any().any() or LAST_YEAR_APART not in shares.index:
        raise ValueError("Population of the old Ålesund/Haram codes is incomplete")
    return shares


def haram_share_of_merged(original: pd.DataFrame) -> float:
    """Haram's share of the merged 1507, from the 2019 population: the weight of 1507 -> 1580."""
    return float(old_code_shares(original).loc[LAST_YEAR_APART, "folkemengde"])


def correct_successors(pairs: pd.DataFrame, haram_share: float) -> pd.DataFrame:
    """Successor pairs (code, successor_code, weight) with the Ålesund/Haram codes mapped as known."""
    keep = pairs[~pairs["code"].isin({*OLD_CODES, MERGED})]
    present = set(pairs["code"])
    fixed = [(code, target, 1.0) for code, target in OLD_CODES.items() if code in present]
    if MERGED in present:
        fixed += [(MERGED, ALESUND, 1.0 - haram_share), (MERGED, HARAM, haram_share)]
    fixed_frame = pd.DataFrame(fixed, columns=["code", "successor_code", "weight"])
    return pd.concat([keep, fixed_frame], ignore_index=True)


def _published_shares(pop: pd.DataFrame) -> pd.DataFrame:
    """Haram's share per measure in 2024, the first year both are published on their own."""
    first = pop[pop["kommunenummer"].isin([ALESUND, HARAM]) & (pop["aar"] == FIRST_YEAR_REESTABLISHED)]
    by_code = first.set_index("kommunenummer")[MEASURES]
    return (by_code.loc[[HARAM]] / by_code.sum()).set_axis([FIRST_YEAR_REESTABLISHED])


def correct_population(on_2024_borders: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    """FHI's population on 2024 borders with 1508/1580 before 2024 re-divided (totals unchanged)."""
    pop = on_2024_borders.copy()
    before = pop["kommunenummer"].isin([ALESUND, HARAM]) & (pop["aar"] < FIRST_YEAR_REESTABLISHED)
    totals = pop[before].groupby("aar")[MEASURES].sum()
    shares = pd.concat([old_code_shares(original), _published_shares(pop)]).reindex(
        range(int(totals.index.min()), FIRST_YEAR_REESTABLISHED + 1)
    )
    shares = shares.interpolate(method="index").reindex(totals.index)  # 2020-2023: between 2019 and 2024
    haram = (totals * shares).round().astype("int64")
    # The age groups must still add up: 18-66 takes the rounding, 80+ stays within 67+.
    haram["alder_18_66"] = haram["folkemengde"] - haram["alder_0_17"] - haram["alder_67_pluss"]
    haram["alder_80_pluss"] = haram[["alder_80_pluss", "alder_67_pluss"]].min(axis=1)
    alesund = totals - haram
    for code, part in [(HARAM, haram), (ALESUND, alesund)]:
        rows = before & (pop["kommunenummer"] == code)
        pop.loc[rows, MEASURES] = part.loc[pop.loc[rows, "aar"]].to_numpy()
        pop.loc[rows, "usikker_omregning"] = pop.loc[rows, "aar"] > LAST_YEAR_APART
    return pop
