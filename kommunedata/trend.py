"""A municipality over time: against its own past, its network's mean and the country.

Plain functions over long series (`series`, `year`, `value`), each rule written once:
- an index sets a series' value in the base year to 100; a series without a value that year has none;
- a moving average is the mean of the year and the two before it, only where all three exist;
- a network's mean in year Y is over its members on the chosen date (rules.members_compared: the same
  members every year, so the line follows one group and no jump comes from a member joining), on 2024
  borders (compare.member_values: a shared 2024 successor counts once, a count is not taken from a
  successor);
- change since joining runs from the value of the year the municipality joined the network (or the
  first year after it with a value) to the value of the year shown, judged by the indicator's
  polarity: change_over, for Nettverk, Utvikling, the slides and the sentences alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kommunedata import compare
from kommunedata import rules
from kommunedata.indicators import Indicator

MOVING_WINDOW = 3


def index_series(frame: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """Each series as an index, its `base_year` value = 100 (NaN for a series without one or with 0)."""
    base = frame[frame["year"] == base_year].set_index("series")["value"]
    base = base[base.notna() & (base != 0)]
    # astype: mapping onto no base at all gives a column of the series' own (text) dtype
    return frame.assign(value=frame["value"] / frame["series"].map(base).astype(float) * 100)


def moving_average(frame: pd.DataFrame, window: int = MOVING_WINDOW) -> pd.DataFrame:
    """Each series as the mean of a year and the `window - 1` before it, where all of them have a value
    (a gap in the years is not bridged)."""
    parts = []
    for _series, group in frame.groupby("series", sort=False):
        years = range(int(group["year"].min()), int(group["year"].max()) + 1)
        values = group.set_index("year")["value"].reindex(years)
        averaged = values.rolling(window, min_periods=window).mean()
        parts.append(group.assign(value=group["year"].map(averaged)))
    return pd.concat(parts) if parts else frame


def network_mean_lines(
    programme: rules.Programme,
    members_of: Callable[[pd.DataFrame], pd.DataFrame],
    values: pd.DataFrame,
    aggregation: str,
    on: date,
) -> dict[str, pd.DataFrame]:
    """Every network's mean per year (network id -> `year`, `value`, `members`), each year over its
    members on `on` (rules.members_compared); a year with fewer than compare.MIN_REFERENCE of them with
    figures has none, and a network without any such year is left out. All networks in one pass, so
    that one cached answer per indicator and date serves every municipality looked at.
    `members_of` turns memberships into compare.member_successors; `values`: every 2024 municipality
    and year (`municipality_code`, `year`, `value`, `is_estimate`)."""
    memberships = rules.members_compared(programme, on)
    years = np.array(sorted(int(y) for y in values["year"].unique()), dtype=int)
    once = members_of(memberships).assign(network_id=memberships["network_id"].to_numpy())
    members = once.loc[once.index.repeat(len(years))].assign(year=np.tile(years, len(once))).reset_index(drop=True)
    means = compare.network_means(compare.member_values(members, values, aggregation), by=("network_id", "year"))
    means = means[means["members"] >= compare.MIN_REFERENCE].astype({"year": int})
    return {network_id: line[["year", "value", "members"]].reset_index(drop=True)
            for network_id, line in means.groupby("network_id", sort=False)}


def national_series(values: pd.DataFrame, population: pd.DataFrame, aggregation: str,
                    published: pd.DataFrame | None = None) -> pd.DataFrame:
    """The country per year (`year`, `value`, `published`) by compare.country_reference: the publisher's
    own figure where there is one, else computed from every 2024 municipality (a mean weighted by
    population for shares and rates, the total per municipality for counts)."""
    own = {} if published is None else dict(zip(published["year"], published["value"]))
    weights = population.set_index(["municipality_code", "year"])["value"]
    years = set(weights.index.get_level_values("year"))
    indicator = Indicator("", "", "", "neutral", aggregation, 0, False, "")
    rows = []
    for year, in_year in values.groupby("year"):
        by_code = in_year.set_index("municipality_code")["value"]
        year_weights = weights.xs(year, level="year") if year in years else pd.Series(dtype=float)
        reference = compare.country_reference(by_code, year_weights, indicator, own.get(year))
        rows.append({"year": int(year), "value": reference.value, "published": reference.note == compare.PUBLISHED})
    return pd.DataFrame(rows, columns=["year", "value", "published"])


@dataclass(frozen=True)
class Change:
    from_year: int
    from_value: float
    to_year: int
    to_value: float
    absolute: float
    percent: float | None  # None where the starting value is 0
    improved: bool | None  # None for neutral indicators or no change


def change_over(series: pd.DataFrame, year: int, polarity: str, until: int | None = None) -> Change | None:
    """The one change since joining: from `year` (or the first year after it with a value) to the value
    of `until` (the latest value when None); None when there is no such pair of values."""
    later = series[(series["year"] >= year) & series["value"].notna()].sort_values("year")
    if until is not None:
        later = later[later["year"] <= until]
        if later.empty or int(later["year"].iloc[-1]) != until:
            return None
    if len(later) < 2:
        return None
    first, last = later.iloc[0], later.iloc[-1]
    absolute = float(last["value"] - first["value"])
    percent = absolute / abs(first["value"]) * 100 if first["value"] else None
    improved = None
    if polarity != "neutral" and absolute != 0:
        improved = (absolute > 0) == (polarity == "higher_better")
    return Change(int(first["year"]), float(first["value"]), int(last["year"]), float(last["value"]), absolute,
                  percent, improved)
