"""Utvikling over tid: a municipality against its own past, its network's mean and the country, on 2024
borders; an index, a moving average, more indicators side by side and other municipalities to compare."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import charts, compare, sentences, trend
from kommunedata import rules
from kommunedata.indicators import POPULATION_ID, Coverage, Indicator
from kommunedata.text import (
    ESTIMATE_NOTICE, PERCENT_UNIT, POLARITY_LABELS, after_number, change_unit, format_number, md,
)
from kommunedata.export import data_basis
from kommunedata.views.common import Chart, IndicatorChoice, Metric, Table, file_name, indicator_choice

MUNICIPALITY, NETWORK, COUNTRY, OTHER = "kommune", "nettverk", "land", "sammenlign"


def default_indicators(catalogue: pd.DataFrame, programme: rules.Programme, networks: pd.DataFrame,
                       main: str, with_values: Collection[str]) -> list[str]:
    """For a member: population and, for each of its networks' themes in the catalogue's order, the first
    indicator that judges (not neutral) among those with figures for the municipality (`with_values`),
    real data before example data; the main one left out. For a municipality that never took part, none.
    A default is never a chart that says «Ingen tall»."""
    if networks.empty:
        return []
    themes = programme.network_themes[programme.network_themes["network_id"].isin(networks.index)]["theme_id"]
    judging = catalogue[catalogue["theme_id"].isin(set(themes)) & (catalogue["polarity"] != "neutral")
                        & catalogue["indicator_id"].isin(set(with_values))]
    chosen = [POPULATION_ID] if POPULATION_ID in with_values else []
    for _theme_id, candidates in judging.groupby("theme_id", sort=False):  # the catalogue's (the themes') order
        chosen.append(candidates.sort_values("is_example", kind="stable")["indicator_id"].iloc[0])
    return [indicator_id for indicator_id in chosen if indicator_id != main]


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    indicator: Indicator
    lines: pd.DataFrame  # series, kind, year, value, is_estimate: what the chart draws
    markers: pd.DataFrame  # year, label: joining and decision
    networks: pd.DataFrame  # member_networks
    change: trend.Change | None
    sentence: str
    index_base: int | None
    not_indexed: list[str]  # series without a value in the index base year
    national_published: bool
    without_values: list[str]  # municipalities to compare with that have no figures for the indicator
    without_mean: list[str]  # networks without a mean for the indicator (fewer than three members with figures)
    coverage: str | None = None  # «tall for 17 kommuner i Telemark» when not every municipality has figures
    without_country: bool = False  # too few municipalities have figures for a national line
    sum_without_index: bool = False  # a sum: the country's line (per municipality) only as an index


@dataclass(frozen=True)
class IndicatorOverTime:
    """What a trend needs of an indicator whatever the municipality: every 2024 municipality's values
    and the country's line (the app keeps it per indicator)."""
    indicator: Indicator
    coverage: Coverage
    values: pd.DataFrame  # queries.indicator_series, every 2024 municipality and year
    national: pd.DataFrame  # trend.national_series; empty when the country is not shown
    without_country: bool


def indicator_over_time(indicator: Indicator, coverage: Coverage, values: pd.DataFrame, population: pd.DataFrame,
                        published: pd.DataFrame) -> IndicatorOverTime:
    """`values` and `population`: every 2024 municipality's values, all years (queries.indicator_series);
    `published`: the publisher's own national figures (`year`, `value`)."""
    national = trend.national_series(values, population, indicator.aggregation, published)
    without_country = not coverage.shows_country(None if published.empty else published["value"].iloc[0])
    return IndicatorOverTime(indicator, coverage, values, national.iloc[0:0] if without_country else national,
                             without_country)


NO_MEAN = pd.DataFrame({"year": pd.Series(dtype=int), "value": pd.Series(dtype=float), "members": pd.Series(dtype=int)})


def network_mean_lines(series: IndicatorOverTime, programme: rules.Programme, successors: pd.DataFrame,
                       names_2024: Mapping[str, str], on: date) -> dict[str, pd.DataFrame]:
    """Every network's mean of the indicator per year over its members on `on` (trend.network_mean_lines)
    on 2024 borders: the same whichever of its members is looked at."""
    return trend.network_mean_lines(programme,
                                    lambda memberships: compare.member_successors(memberships, successors, names_2024),
                                    series.values, series.indicator.aggregation, on)


def municipality_trend(
    series: IndicatorOverTime, successors: pd.DataFrame, names_2024: Mapping[str, str], code: str, others: list[str],
    index_base: int | None, moving: bool, networks: pd.DataFrame, mean_lines: Mapping[str, pd.DataFrame],
) -> Trend:
    """Everything the trend page draws for one municipality and indicator. `networks`: the networks the
    municipality took part in (common.member_networks); `mean_lines`: network_mean_lines."""
    indicator, coverage, values, national = series.indicator, series.coverage, series.values, series.national
    without_country = series.without_country
    name = names_2024[code]

    def own(series_code: str, label: str, kind: str) -> pd.DataFrame:
        rows = values[values["municipality_code"] == series_code]
        return pd.DataFrame({"series": label, "kind": kind, "year": rows["year"], "value": rows["value"],
                             "is_estimate": rows["is_estimate"]})

    parts = [own(code, name, MUNICIPALITY)]

    means = {}
    for network_id, network in networks.iterrows():
        mean = mean_lines.get(network_id, NO_MEAN)
        means[network_id] = mean
        parts.append(pd.DataFrame({"series": f"Snitt i {network['network_name']}", "kind": NETWORK,
                                   "year": mean["year"], "value": mean["value"], "is_estimate": False}))
    # A sum (population, area, tonnes) grows with size: the country's total per municipality beside one
    # municipality's says nothing but «larger» or «smaller», so it is drawn only where both are an index.
    sum_without_index = indicator.aggregation == "sum" and index_base is None and not national.empty
    if not sum_without_index:
        country = compare.country_label(indicator.aggregation)
        parts.append(pd.DataFrame({"series": country, "kind": COUNTRY, "year": national["year"],
                                   "value": national["value"], "is_estimate": False}))
    others = list(dict.fromkeys(o if o in names_2024 else successors.loc[o, "successor_code"]  # old codes: today's
                                for o in others if o in names_2024 or o in successors.index))
    parts += [own(other, names_2024[other], OTHER) for other in others if other != code]
    raw = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    without_values = [names_2024[o] for o in others if o != code and names_2024[o] not in set(raw["series"])]
    without_mean = [network["network_name"] for network_id, network in networks.iterrows() if means[network_id].empty]

    lines = (trend.moving_average(raw) if moving else raw).dropna(subset=["value"])
    not_indexed = []
    if index_base is not None:
        indexed = trend.index_series(lines, index_base).dropna(subset=["value"])
        if indexed.empty:  # nothing has a value that year: show the plain figures, and say so
            not_indexed, index_base = sorted(set(lines["series"])), None
        else:
            not_indexed, lines = sorted(set(lines["series"]) - set(indexed["series"])), indexed
    lines = lines.reset_index(drop=True)

    events: dict[int, list[str]] = {}
    for network in networks.itertuples():
        events.setdefault(pd.Timestamp(network.joined_on).year, []).append(f"innmeldt i {network.network_name}")
        if pd.notna(network.decision_on):
            events.setdefault(pd.Timestamp(network.decision_on).year, []).append("vedtak")
    markers = [{"year": year, "label": f"{year}: " + ", ".join(dict.fromkeys(labels))}
               for year, labels in sorted(events.items())]
    joined = int(pd.Timestamp(networks["joined_on"].min()).year) if len(networks) else None
    own_raw = raw[raw["kind"] == MUNICIPALITY]
    change = trend.change_over(own_raw, joined if joined else int(own_raw["year"].min()) if len(own_raw) else 0,
                                indicator.polarity)
    gap = None
    # the first network with a mean that year; not for a sum, which is larger or smaller with the municipality
    for network_id, mean in (means.items() if indicator.aggregation != "sum" else []):
        by_year = mean.set_index("year")["value"]
        if change is not None and change.to_year in by_year.index:
            gap = (networks.loc[network_id, "network_name"], change.to_value, float(by_year[change.to_year]))
            break
    return Trend(code, name, indicator, lines, pd.DataFrame(markers, columns=["year", "label"]), networks, change,
                 sentences.trend_summary(name, indicator, change, joined, gap), index_base, not_indexed,
                 bool(national["published"].any()), without_values, without_mean, coverage.text(), without_country,
                 sum_without_index)


def trend_table(result: Trend) -> pd.DataFrame:
    """The plotted numbers, a column per line (in the chart's order) and a row per year, oldest first:
    the chart's table view. A line has one value a year (pivot, not pivot_table: no averaging that would
    hide a doubled row)."""
    wide = result.lines.pivot(index="year", columns="series", values="value")
    wide = wide[list(dict.fromkeys(result.lines["series"]))].round(result.indicator.decimals + (1 if result.index_base else 0))
    return wide.reset_index().rename(columns={"year": "År"}).rename_axis(columns=None)


# --- The page ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Utvikling:
    """The page's choices for one municipality: what the lists offer and what the page opens on."""
    code: str  # today's municipality shown
    notice: str | None  # Markdown-safe: why another municipality than the one asked for is shown
    choice: IndicatorChoice  # of the listed indicators (narrowed by the chosen themes), those with figures
    indicator_id: str  # the main indicator
    default_extra: list[str]  # the indicators beside it when none are chosen
    extra_options: list[str]
    extra: list[str]  # the indicators shown beside it
    compare_options: list[str]  # today's municipalities to compare with
    index_years: list[int]
    note: str  # Markdown-safe: a municipality in no network has no network line («» otherwise)


def listed_indicators(catalogue: pd.DataFrame, theme_ids: list[str]) -> list[str]:
    """The indicators to choose from: the chosen themes' (population stays among the extra ones, as
    context), or all when no theme is chosen."""
    in_themes = catalogue.loc[catalogue["theme_id"].isin(theme_ids), "indicator_id"].tolist()
    return in_themes or catalogue["indicator_id"].tolist()


def page(code: str, notice: str | None, catalogue: pd.DataFrame, listed: list[str], chosen: str | None,
         with_values: frozenset[str], programme: rules.Programme, networks: pd.DataFrame,
         names_2024: Mapping[str, str], labels: Mapping[str, str], extra: list[str] | None) -> Utvikling:
    """`code`: today's municipality (common.follow_to_2024, with its `notice`); `listed`:
    listed_indicators; `chosen`: the main indicator asked for; `with_values`: the indicators the
    municipality has figures for; `networks`: the networks it
    took part in (common.member_networks); `extra`: the indicators asked for beside the main one (None:
    the page's default)."""
    # the main indicator: the one asked for where the municipality has figures for it, else population,
    # else the first listed with figures
    choice = indicator_choice(listed, with_values, chosen, POPULATION_ID, labels, names_2024[code])
    indicator_id = choice.indicator_id or listed[0]  # no figures at all: the chart says so
    default_extra = default_indicators(catalogue, programme, networks, indicator_id, with_values)
    extra_options = list(dict.fromkeys(i for i in [*listed, POPULATION_ID] if i != indicator_id and i in with_values))
    shown = [i for i in (default_extra if extra is None else extra) if i in extra_options]
    years = catalogue.set_index("indicator_id").loc[indicator_id, ["first_year", "last_year"]]
    note = (md(f"{names_2024[code]} var ikke med i noe nettverk i Livskraftige kommuner: ingen nettverkslinje.")
            if networks.empty else "")
    return Utvikling(code, notice, choice, indicator_id, default_extra, extra_options, shown,
                     [c for c in names_2024 if c != code], list(range(int(years["first_year"]), int(years["last_year"]) + 1)),
                     note)


@dataclass(frozen=True)
class TrendChart:
    """One indicator's chart with what goes around it; `empty`: no figures for the municipality."""
    empty: str | None = None  # Markdown-safe
    example: bool = False
    name: str = ""
    headline: Metric | None = None  # the change since joining, over the main chart
    sentence: str = ""  # Markdown-safe
    chart: Chart | None = None
    notes: str = ""  # Markdown-safe
    about: str = ""  # Markdown-safe: unit, polarity, source
    table: Table | None = None
    table_title: str = ""  # Markdown-safe


def notes(result: Trend, index_asked: int | None, moving: bool) -> list[str]:
    """What the reader of the chart must know (plain text): estimates, lines left out of an index or the
    chart, partial coverage and the moving average."""
    found = [ESTIMATE_NOTICE] if result.lines["is_estimate"].any() else []
    if result.not_indexed and result.index_base:
        found.append(f"Uten tall i {result.index_base}, så ikke med som indeks: {', '.join(result.not_indexed)}.")
    elif result.not_indexed:
        found.append(f"Ingen av linjene har tall i {index_asked}: viser vanlige tall i stedet for indeks.")
    if result.coverage:
        found.append(f"{result.indicator.name}: {result.coverage}.")
    if result.sum_without_index:
        found.append("Hele landet vises bare som indeks for et antall eller en sum: velg «Indeks» for å sammenligne "
                     "utviklingen.")
    if result.without_country:
        found.append("Hele landet vises ikke: indikatoren har tall for bare en del av landet.")
    if result.without_mean:
        found.append(f"Ikke noe nettverkssnitt for {', '.join(result.without_mean)}: færre enn tre av medlemmene har "
                     "egne tall (et antall for en kommune som i dag er del av en større, telles ikke).")
    if result.without_values:
        found.append(f"Ingen tall for {', '.join(result.without_values)}.")
    if moving:
        found.append("Glidende snitt: hvert år viser snittet av året og de to før.")
    return found


def change_headline(result: Trend) -> Metric | None:
    """The change since joining (or over the years shown) as the main chart's headline number."""
    change, indicator = result.change, result.indicator
    if change is None:
        return None
    since = "Endring siden innmelding " if not result.networks.empty else "Endring "
    # Streamlit reads the sign of a delta from an ASCII «-», not the typographic minus of format_number
    if indicator.unit == PERCENT_UNIT:  # no percentage change of a percentage: the points again, for the colour
        delta = ("-" if change.absolute < 0 else "+") + format_number(abs(change.absolute), indicator.decimals) + " p.p."
    else:
        delta = None if change.percent is None else (
            ("-" if change.percent < 0 else "+") + f"{format_number(abs(change.percent), 1)} %")
    return Metric(f"{since}({change.from_year}–{change.to_year})",
                  md((indicator.format(change.absolute, signed=True) + after_number(change_unit(indicator.unit))).strip()),
                  "Fra året kommunen meldte seg inn (eller det første året etter med tall) til det siste året med "
                  "tall. Grønt er en forbedring, rødt en forverring, etter indikatorens retning.",
                  delta, {"higher_better": "normal", "lower_better": "inverse"}.get(indicator.polarity, "off"))


def trend_chart(result: Trend, index_asked: int | None, moving: bool, main: bool, height: int) -> TrendChart:
    """One indicator's chart for the municipality (`result`: municipality_trend); `main`: the page's
    main chart, with the change as its headline."""
    indicator, code, name = result.indicator, result.code, result.name
    if result.lines.empty:
        return TrendChart(md(f"Ingen tall for {indicator.name} i {name}."))
    axis = f"Indeks ({result.index_base} = 100)" if result.index_base else indicator.unit
    spec = charts.trend_lines(result.lines, result.markers, indicator.name, axis,
                              1 if result.index_base else indicator.decimals, f"{indicator.name} – {name}",
                              result.sentence, indicator.is_example, height)
    chart = Chart(spec, file_name(code, indicator.indicator_id, example=indicator.is_example), indicator.source, indicator.is_example,
                  f"chart_{indicator.indicator_id}", result.coverage and f"{indicator.name}: {result.coverage}")
    found = notes(result, index_asked, moving)
    about = md(f"{indicator.unit} · {POLARITY_LABELS[indicator.polarity]} · Kilde: {indicator.source}"
               + (" · Hele landet: tall publisert av kilden" if result.national_published else ""))
    table = Table(trend_table(result), file_name(code, indicator.indicator_id, example=indicator.is_example),
                  f"{indicator.name} – {name}", indicator.source, indicator.is_example, indicator.decimals,
                  what="tallene", key=f"table_{indicator.indicator_id}", basis=data_basis(indicator.is_example))
    return TrendChart(None, indicator.is_example, indicator.name, change_headline(result) if main else None,
                      f"**{md(result.sentence)}**", chart, md(" ".join(found)) + " " if found else "", about, table,
                      md(f"Tabell: {indicator.name}"))
