"""Comparing the members of a network: with each other, their network's mean, their county, the
country, municipalities of their size, and themselves since a base year.

Plain functions over small DataFrames, each rule written once:
- a member is compared on 2024 borders through its main 2024 successor. A member that is only part of
  its successor (it merged later) shows the successor's value for shares and rates (`weighted_mean`),
  marked as such, and no value for counts (`sum`): the successor's total is not its own;
- the network mean is unweighted, over the members with a value, and a 2024 municipality that holds
  two members counts once;
- county and country are computed from all 2024 municipalities as the indicator's `aggregation` says
  (sum, or mean weighted by population), unless the publisher has its own national figure;
- a value is *about the same* as the mean within ±5 % of the mean, or ±1 percentage point for shares
  in per cent; better or worse than that by the indicator's polarity; neutral indicators are not judged;
- ranks follow polarity (best first), ties share the better rank (1, 2, 2, 4); neutral ones have none;
- a reference (the network's mean, a county, a size class) resting on fewer than three municipalities
  with values is not drawn, and the country only when the indicator covers (nearly) all of it: an
  indicator published for one county says so («tall for 17 kommuner i Telemark») and has no
  national figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kommunedata import sentences
from kommunedata.indicators import Coverage, Indicator
from kommunedata.text import PERCENT_UNIT

BETTER, SAME, WORSE, NEUTRAL = "better", "same", "worse", "neutral"
PUBLISHED = "publisert av kilden"
RELATIVE_TOLERANCE = 0.05
PERCENT_POINT_TOLERANCE = 1.0
MIN_REFERENCE = 3  # fewer municipalities with values than this: no mean to compare with


SIZE_CLASSES = [  # (lower bound, label): population on 1 January of the year
    (0, "under 5 000"), (5_000, "5 000–19 999"), (20_000, "20 000–49 999"), (50_000, "50 000 eller flere"),
]


def member_successors(members: pd.DataFrame, successors: pd.DataFrame, names_2024: Mapping[str, str]) -> pd.DataFrame:
    """Each member (`municipality_code`, `municipality_name` as it was) with its main 2024 successor and
    whether it is the whole of it (`whole`: unchanged, or only renumbered or renamed)."""
    table = successors.reindex(members["municipality_code"])
    successor = table["successor_code"].to_numpy()
    whole = (members["municipality_code"].to_numpy() == successor) | table["renumbered"].fillna(False).to_numpy(bool)
    return pd.DataFrame({
        "municipality_code": members["municipality_code"].to_numpy(),
        "municipality_name": members["municipality_name"].to_numpy(),
        "successor_code": successor,
        "successor_name": [names_2024.get(code, code) for code in successor],
        "whole": whole,
    })


def member_values(members: pd.DataFrame, values: pd.DataFrame, aggregation: str | np.ndarray) -> pd.DataFrame:
    """`members` (from member_successors) with `value` (NaN where there is none or where a count
    would be the successor's, not the member's), `via_successor` (the value is the 2024 successor's)
    and `is_estimate`. `values`: municipality_code (2024), value, is_estimate. With a `year` column in
    both, each member row takes its own year's value (many years at once, as trend lines need).
    `aggregation`: the indicator's, or one per member row (a grid of several indicators)."""
    keys = ["year", "successor_code"] if "year" in members.columns and "year" in values.columns else ["successor_code"]
    # a lookup, not a left merge: the members are a few dozen rows, where a merge's overhead is most of the cost
    found = dict(zip(zip(*(values["municipality_code" if k == "successor_code" else k].tolist() for k in keys)),
                     zip(values["value"].tolist(), values["is_estimate"].tolist())))
    hits = [found.get(key, (math.nan, False)) for key in zip(*(members[k].tolist() for k in keys))]
    value = pd.Series([v for v, _e in hits], index=members.index, dtype=float)
    estimate = pd.Series([e for _v, e in hits], index=members.index, dtype=object).eq(True)
    partial_count = (aggregation == "sum") & ~members["whole"]
    return members.assign(
        value=value.where(~partial_count),
        via_successor=~members["whole"] & ~partial_count & value.notna(),
        is_estimate=estimate & ~partial_count,
    )


def network_mean(member_values: pd.DataFrame) -> tuple[float, int]:
    """Unweighted mean over the members with a value, a shared 2024 successor counted once; and how
    many values went into it. No mean (NaN) from fewer than MIN_REFERENCE values."""
    means = network_means(member_values.assign(year=0))
    return (float(means["value"].iloc[0]) if len(means) else math.nan), int(means["members"].sum())


def network_means(member_values: pd.DataFrame, by: tuple[str, ...] = ("year",)) -> pd.DataFrame:
    """network_mean for every `year` (or every combination of the `by` columns, e.g. network and year)
    at once: the `by` columns, `value` (NaN from fewer than MIN_REFERENCE values) and `members` (how many
    values went into it), for the groups with at least one value."""
    counted = member_values.dropna(subset=["value"]).drop_duplicates([*by, "successor_code"])
    means = counted.groupby(list(by))["value"].agg(value="mean", members="size").reset_index()
    return means.assign(value=means["value"].where(means["members"] >= MIN_REFERENCE))


def too_few(what: str, counted: int) -> str:
    """Why a reference is not drawn (plain text)."""
    have = "ingen kommuner har" if counted == 0 else f"bare {counted} {'kommune' if counted == 1 else 'kommuner'} har"
    return f"{what} vises ikke: {have} tall (minst {MIN_REFERENCE} trengs)."


def tolerance(indicator: Indicator, mean: float) -> float:
    if indicator.unit == PERCENT_UNIT:
        return PERCENT_POINT_TOLERANCE
    return RELATIVE_TOLERANCE * abs(mean)


def position(value: float, mean: float, indicator: Indicator) -> str | None:
    """BETTER, SAME or WORSE than the mean by the indicator's polarity; NEUTRAL for indicators that do not
    judge across municipalities (neutral ones, and sums: Indicator.judges_across); None where there is
    no value or no mean."""
    if value is None or mean is None or pd.isna(value) or pd.isna(mean):
        return None
    if not indicator.judges_across:
        return NEUTRAL
    difference = value - mean
    if abs(difference) <= tolerance(indicator, mean) + 1e-12:
        return SAME
    higher = difference > 0
    return BETTER if higher == (indicator.polarity == "higher_better") else WORSE


def ranks(values: pd.Series, polarity: str, successors: pd.Series | None = None) -> pd.Series:
    """1 for the best value by polarity; ties share the better rank; missing values and neutral
    indicators have none. With `successors`, members that are one 2024 municipality are ranked as
    one (they share its rank, and count once for the ranks after it)."""
    if polarity == "neutral":
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    ascending = polarity == "lower_better"
    if successors is None:
        return values.rank(ascending=ascending, method="min").astype("Int64")
    once = pd.Series(values.to_numpy(), index=successors.to_numpy())
    once = once[~once.index.duplicated()]
    by_successor = once.rank(ascending=ascending, method="min")
    return successors.map(by_successor).astype("Int64").set_axis(values.index)


def aggregate(values: pd.Series, population: pd.Series, aggregation: str) -> float:
    """Many 2024 municipalities as one: a sum, or a mean weighted by population (both indexed by code)."""
    values = values.dropna()
    if values.empty:
        return math.nan
    if aggregation == "sum":
        return float(values.sum())
    weights = population.reindex(values.index)
    known = weights.notna()
    if not known.any():
        return math.nan
    return float((values[known] * weights[known]).sum() / weights[known].sum())


def size_class(population: float | None) -> str | None:
    if population is None or pd.isna(population):
        return None
    return [label for bound, label in SIZE_CLASSES if population >= bound][-1]


def size_class_means(values: pd.Series, population: pd.Series) -> dict[str, tuple[float, int]]:
    """Per size class: the unweighted mean of the 2024 municipalities in it, and how many had a value."""
    classes = population.reindex(values.dropna().index).map(size_class)
    grouped = values.dropna().groupby(classes)
    return {label: (float(group.mean()) if len(group) >= MIN_REFERENCE else math.nan, len(group))
            for label, group in grouped}


@dataclass(frozen=True)
class Reference:
    key: str  # network, county, country, size
    label: str  # Norwegian, e.g. «Nettverkssnitt (5 kommuner)»
    value: float
    note: str  # where the figure comes from


def _area_reference(key: str, name: str, values: pd.Series, population: pd.Series, indicator: Indicator,
                    note: str, published_total: float | None = None) -> Reference:
    """A county or the country as a reference for municipalities: for shares and rates the mean weighted
    by population; for counts the total per municipality, since a county's total is not comparable
    with one municipality's."""
    if indicator.aggregation == "weighted_mean":
        return Reference(key, name, aggregate(values, population, "weighted_mean"), note)
    counted = int(values.notna().sum())
    total = published_total if published_total is not None and not pd.isna(published_total) else aggregate(values, population, "sum")
    source = PUBLISHED if published_total is not None and not pd.isna(published_total) else note
    return Reference(key, f"{name}, snitt per kommune", total / counted if counted else math.nan,
                     f"{source}: sum {indicator.format(total)} {indicator.unit} fordelt på {counted} kommuner")


def country_label(aggregation: str) -> str:
    """The country as a reference is named for what it is: a mean, or a total spread per municipality."""
    return "Hele landet" if aggregation == "weighted_mean" else "Hele landet, snitt per kommune"


def country_reference(values: pd.Series, population: pd.Series, indicator: Indicator,
                      published: float | None = None) -> Reference:
    """The whole country as a reference for municipalities (`values` and `population` by 2024 code):
    the publisher's own figure for shares and rates where there is one, else computed like a county."""
    if published is not None and not pd.isna(published) and indicator.aggregation == "weighted_mean":
        return Reference("country", "Hele landet", float(published), PUBLISHED)
    return _area_reference("country", "Hele landet", values, population, indicator, "beregnet fra alle kommuner",
                           published)


def default_year(series: pd.DataFrame, codes: list[str]) -> int | None:
    """The latest year in which every one of `codes` has a value, else the latest year with any.
    `series`: municipality_code, year, value."""
    return default_years(series.assign(indicator_id=""), {"": codes})[""]


def default_years(series: pd.DataFrame, codes_of: Mapping[str, Iterable[str]]) -> dict[str, int | None]:
    """default_year for many indicators in one pass. `series`: indicator_id, municipality_code, year,
    value; `codes_of`: indicator id -> the codes that must all have a value (those of the members that
    count for it). In plain Python: a grid's few hundred rows, where a pandas merge and group-by cost
    ten times as much."""
    wanted = {indicator_id: set(codes) for indicator_id, codes in codes_of.items()}
    present = series.dropna(subset=["value"])
    found: dict[str, dict[int, set[str]]] = {}  # indicator -> year -> the wanted codes with a value
    for indicator_id, code, year in zip(present["indicator_id"], present["municipality_code"], present["year"]):
        if code in wanted.get(indicator_id, ()):
            found.setdefault(indicator_id, {}).setdefault(int(year), set()).add(code)
    years: dict[str, int | None] = {}
    for indicator_id, codes in wanted.items():
        per_year = found.get(indicator_id, {})
        complete = [year for year, have in per_year.items() if len(have) >= len(codes)]
        years[indicator_id] = max(complete) if complete else max(per_year, default=None)
    return years


def change_since(now: pd.DataFrame, history: pd.DataFrame, since: Sequence[int], indicator: Indicator,
                 year: int) -> pd.DataFrame:
    """`now` (member_values of `year`) with `base_year`, `base_value`, `change` and `improved`: each
    member's change since its own year in `since` (the year it joined, or one base year for all) by the
    one rule, trend.change_over, to `year`. NaN where the member has no value now (e.g. a count that
    would be its successor's) or none from that year on. `history`: the 2024 municipalities' values,
    all years (municipality_code, year, value)."""
    from kommunedata import trend  # trend builds on this module: the rule is its, used here at call time

    mine = history[history["municipality_code"].isin(set(now["successor_code"]))]
    by_code = {code: group for code, group in mine.groupby("municipality_code")}
    changes = [None if pd.isna(value) or code not in by_code
               else trend.change_over(by_code[code], int(start), indicator.polarity, until=year)
               for value, code, start in zip(now["value"], now["successor_code"], since)]
    return now.assign(
        base_year=pd.array([c.from_year if c else None for c in changes], dtype="Int64"),
        base_value=[c.from_value if c else math.nan for c in changes],
        change=[c.absolute if c else math.nan for c in changes],
        improved=pd.Series([c.improved if c else None for c in changes], index=now.index, dtype=object),
    )


@dataclass(frozen=True)
class Comparison:
    """One indicator in one year for the members of one network, with its references."""
    indicator: Indicator
    year: int
    base_year: int | None  # the one base year asked for; None: each member's own joining year
    table: pd.DataFrame  # a row per member: value, position, rank, size class, change since its base_year
    references: list[Reference]
    mean: float
    counted: int  # members (2024 municipalities) in the mean
    summary: list[str]
    omitted: list[str] = ()  # the references not drawn, and why (plain text)


@dataclass(frozen=True)
class Areas:
    """What members are compared with that does not depend on the network, for one indicator in one
    year: the country, the size classes and (on request) a county, from every 2024 municipality's
    value. Made once per indicator and year (the app keeps it), used by every network's comparison."""
    indicator: Indicator
    values: pd.DataFrame  # every 2024 municipality: municipality_code, value, is_estimate
    by_code: pd.Series  # the same values by 2024 code
    population: pd.Series  # 2024 code -> inhabitants in the year
    counties: pd.DataFrame  # 2024 code -> county_code, county_name (index code)
    size_classes: dict[str, tuple[float, int]]  # size_class_means
    country: Reference | None
    country_omitted: str | None  # why the country is not drawn
    where: str  # «» for the whole country, « i Telemark» or « med tall» for part of it

    def county(self, county_code: str) -> tuple[Reference | None, str | None]:
        """The county as a reference, or why it is not drawn."""
        in_county = self.counties.index[self.counties["county_code"] == county_code]
        values = self.by_code.reindex(in_county)
        name = self.counties.loc[in_county[0], "county_name"]
        if values.notna().sum() >= MIN_REFERENCE:
            return _area_reference("county", name, values, self.population, self.indicator,
                                   "beregnet fra kommunene i fylket (2024-inndeling)"), None
        return None, too_few(f"Snittet for {name}", int(values.notna().sum()))


def areas(indicator: Indicator, values: pd.DataFrame, population: pd.Series, counties: pd.DataFrame,
          national: float | None = None, coverage: Coverage | None = None) -> Areas:
    """Areas of an indicator in a year; arguments as compare_members'."""
    all_values = values.set_index("municipality_code")["value"]
    if coverage is not None and not coverage.shows_country(national):
        country, country_omitted = None, f"Hele landet vises ikke: indikatoren har {coverage.text()}."
    else:
        country, country_omitted = country_reference(all_values, population, indicator, national), None
    where = "" if coverage is None or coverage.national else coverage.where  # a part of the country: say which
    return Areas(indicator, values, all_values, population, counties, size_class_means(all_values, population),
                 country, country_omitted, where)


def compare_members(
    members: pd.DataFrame,
    indicator: Indicator,
    year: int,
    base_year: int,
    values: pd.DataFrame,
    base_values: pd.DataFrame,
    population: pd.Series,
    counties: pd.DataFrame,
    national: float | None = None,
    coverage: Coverage | None = None,
) -> Comparison:
    """Everything the page shows about one indicator, with the change since one `base_year` for all.
    `members` from member_successors; `values` and
    `base_values`: all 2024 municipalities (municipality_code, value, is_estimate) in `year` and
    `base_year`; `population`: 2024 code -> inhabitants in `year`; `counties`: 2024 code ->
    county_code, county_name (index code); `national`: the publisher's own figure for the country."""
    history = pd.concat([values.assign(year=year), base_values.assign(year=base_year)], ignore_index=True)
    return compare_with_areas(members, year, [base_year] * len(members), history,
                              areas(indicator, values, population, counties, national, coverage), base_year)


def compare_with_areas(members: pd.DataFrame, year: int, since: Sequence[int], history: pd.DataFrame,
                       areas: Areas, base_year: int | None = None) -> Comparison:
    """compare_members with the areas of the indicator in `year` made already, and each member's change
    since its year in `since` (change_since; `base_year`: the one year they all are, if asked for)."""
    indicator, population, classes = areas.indicator, areas.population, areas.size_classes
    now = member_values(members, areas.values, indicator.aggregation)
    mean, counted = network_mean(now)
    member_class = now["successor_code"].map(population).map(size_class)
    table = change_since(now, history, since, indicator, year).assign(
        position=[position(v, mean, indicator) for v in now["value"]],
        rank=ranks(now["value"], indicator.polarity if indicator.judges_across else "neutral", now["successor_code"]),
        size_class=member_class,
        size_class_mean=member_class.map(lambda label: classes.get(label, (math.nan, 0))[0]),
    )
    references, omitted = [], []
    if counted >= MIN_REFERENCE:
        references.append(Reference("network", f"Nettverkssnitt ({counted} kommuner)", mean,
                                    "uvektet snitt av medlemmene med tall"))
    else:
        omitted.append(too_few("Nettverkssnittet", counted))
    member_counties = areas.counties.reindex(now["successor_code"])["county_code"].dropna()
    if len(member_counties):
        county, why_not = areas.county(member_counties.value_counts().index[0])
        references.extend([county] if county else [])
        omitted.extend([why_not] if why_not else [])
    if areas.country is None:
        omitted.append(areas.country_omitted)
    else:
        references.append(areas.country)
    for label in dict.fromkeys(member_class.dropna()):
        value, count = classes.get(label, (math.nan, 0))
        if count >= MIN_REFERENCE:
            references.append(Reference("size", f"Kommuner med {label} innbyggere{areas.where}", value,
                                        f"uvektet snitt av {count} kommuner"))
        else:
            omitted.append(too_few(f"Snittet for kommuner med {label} innbyggere", count))
    return Comparison(indicator, year, base_year, table, references, mean, counted,
                      sentences.network_summary(table, mean, indicator, year, base_year, MIN_REFERENCE), omitted)


def overview(members: pd.DataFrame, columns: list[tuple[Indicator, int | None]], values: pd.DataFrame) -> pd.DataFrame:
    """The grid of members × indicators, long: one row per member and indicator with the year, the
    value, the network mean and the member's position against it. `columns`: (indicator, the year
    shown, None where it has no figures), an indicator once; `values`: the 2024 municipalities'
    values (indicator_id, municipality_code, year, value, is_estimate), of which each column takes
    its indicator's in its year.

    All columns in one pass: member_values and network_means keyed on the column's number in place
    of a year, each cell with its column's aggregation."""
    if not columns:
        return pd.DataFrame(columns=[*members.columns, "indicator_id", "year", "value", "mean", "position"])
    column_of = {indicator.indicator_id: i for i, (indicator, _year) in enumerate(columns)}
    assert len(column_of) == len(columns), "an indicator once in the grid"
    shown_year = np.array([math.nan if year is None else year for _indicator, year in columns], dtype=float)
    column = np.array([column_of.get(i, -1) for i in values["indicator_id"].tolist()], dtype=int)
    keep = (column >= 0) & (values["year"].to_numpy(dtype=float) == shown_year[column])  # -1 picks the last: kept out
    found = values.loc[keep, ["municipality_code", "value", "is_estimate"]].assign(year=column[keep])
    number = np.repeat(np.arange(len(columns)), len(members))  # each cell's column
    grid = members.iloc[np.tile(np.arange(len(members)), len(columns))].reset_index(drop=True).assign(year=number)
    aggregations = np.array([indicator.aggregation for indicator, _year in columns])[number]
    table = member_values(grid, found, aggregations).drop(columns="year")
    means = network_means(table.assign(year=number)).set_index("year")
    mean = means["value"].reindex(range(len(columns))).to_numpy()
    counted = means["members"].reindex(range(len(columns))).fillna(0).astype(int).to_numpy()
    years = [columns[i][1] for i in number]
    return table.assign(
        indicator_id=[columns[i][0].indicator_id for i in number],
        # None for an indicator without figures: kept as None, not NaN
        year=pd.Series(years, dtype=object if None in years else None),
        mean=mean[number], counted=counted[number],
        position=pd.Series([position(v, mean[i], columns[i][0]) for v, i in zip(table["value"], number)], dtype=object),
    )
