"""Ready-to-show answers for the pages: each combines named queries and the programme's rules, so a
page only lays out what it gets. Plain functions, no Streamlit (the app caches them in `kommunedata.ui`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import compare, queries
from kommunedata import programme as rules
from kommunedata.db import Database
from kommunedata.params import Choices
from kommunedata.text import successor_notice


def counties_with_networks(programme: rules.Programme) -> pd.DataFrame:
    """The counties that are some network's main county, by code."""
    return (
        programme.networks[["county_code", "county_name"]].dropna().drop_duplicates().sort_values("county_code")
        .reset_index(drop=True)
    )


def choices(
    themes: pd.DataFrame, programme: rules.Programme, successors: pd.DataFrame, indicators: pd.DataFrame
) -> Choices:
    """Every value a URL parameter may take, from what the database holds."""
    first, last = indicators["first_year"].min(), indicators["last_year"].max()
    return Choices(
        themes=frozenset(themes["theme_id"]),
        counties=frozenset(counties_with_networks(programme)["county_code"]),
        networks=frozenset(programme.networks["network_id"]),
        municipalities=frozenset(successors.index),
        indicators=frozenset(indicators["indicator_id"]),
        years=range(int(first), int(last) + 1) if pd.notna(first) else range(0),
        indicator_themes=tuple(
            (row["indicator_id"], None if pd.isna(row["theme_id"]) else row["theme_id"], row["polarity"])
            for row in indicators.to_dict("records")
        ),
        programme=programme,
    )


@dataclass(frozen=True)
class NetworkHeader:
    network_id: str
    name: str
    status: str | None  # rules.ESTABLISHED, rules.ESTABLISHING, or None before it started
    created_on: date
    established_on: date | None  # None until it is established on the date asked about
    planned_established_on: date | None  # the date it was (or will be) established, as recorded
    county_name: str | None
    theme_ids: list[str]


def _day(value) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def network_header(programme: rules.Programme, network_id: str, on: date) -> NetworkHeader:
    """One network on a date: its status, dates, main county and the themes it works on then."""
    networks = programme.networks[programme.networks["network_id"] == network_id]
    network = networks.iloc[0]
    status = rules.network_status(networks, on).iloc[0]
    status = status if isinstance(status, str) else None
    chosen = rules.themes_on(programme.network_themes, on)
    established = _day(network["established_on"])
    return NetworkHeader(
        network_id=network_id,
        name=network["name"],
        status=status,
        created_on=_day(network["created_on"]),
        established_on=established if status == rules.ESTABLISHED else None,
        planned_established_on=established,
        county_name=None if pd.isna(network["county_name"]) else network["county_name"],
        theme_ids=sorted(chosen.loc[chosen["network_id"] == network_id, "theme_id"]),
    )


def network_members(programme: rules.Programme, network_id: str, on: date) -> pd.DataFrame:
    """Every membership of the network with its status on the date, by municipality name."""
    members = rules.network_members(programme, network_id, on)
    return members.sort_values("municipality_name").reset_index(drop=True)


def map_members(programme: rules.Programme, on: date, theme_ids: list[str] | None) -> pd.DataFrame:
    """The municipalities taking part on the date (as they were then: name and point), in networks
    working on the themes, with their network's name and status DECIDED or PENDING."""
    return rules.members_on(programme, on, theme_ids).reset_index(drop=True)


def network_table(programme: rules.Programme, on: date, theme_ids: list[str] | None) -> pd.DataFrame:
    """The networks that exist on the date; an establishment date shows only once it has passed."""
    table = rules.network_table_on(programme, on, theme_ids)
    return table.assign(established_on=table["established_on"].where(table["status"] == rules.ESTABLISHED))


@dataclass(frozen=True)
class Followed:
    code: str  # a 2024 municipality
    notice: str | None  # Markdown-safe: why another municipality than the one asked for is shown


def follow_to_2024(successors: pd.DataFrame, today: Mapping[str, str], code: str) -> Followed:
    """An older code (e.g. a network member of 2007) leads to today's municipality, with a notice
    naming every part of a split. `successors` is `queries.main_successors` indexed by code; `today`
    maps 2024 codes to names."""
    if code in today:
        return Followed(code, None)
    successor = successors.loc[code]
    parts = [(today[c], c) for c in successor["successor_codes"]]
    notice = successor_notice(successor["name"], code, parts, bool(successor["renumbered"]))
    return Followed(successor["successor_code"], notice)


# --- Network comparison (Nettverk) ---------------------------------------------------------------

POPULATION_ID = "folkemengde"  # shown beside the theme indicators as context
POSITION_LABELS = {  # a symbol and a word: colour is never the only carrier
    compare.BETTER: "✓ bedre", compare.SAME: "≈ som snittet", compare.WORSE: "✗ svakere",
}
VIA_SUCCESSOR_MARK = "*"
POLARITY_TEXT = {"higher_better": "Høyere er bedre.", "lower_better": "Lavere er bedre.",
                 "neutral": "Nøytral: verken høyere eller lavere er bedre."}


def network_options(programme: rules.Programme, on: date, theme_ids: list[str] | None,
                    county_code: str | None) -> list[str]:
    """The networks to choose from, by name: those working on the chosen themes on the date, in the
    chosen county (all when none is chosen)."""
    scoped = rules.restrict_to_county(programme, county_code)
    keep = rules.networks_with_themes(scoped, on, theme_ids)
    networks = scoped.networks[scoped.networks["network_id"].isin(keep)]
    return networks.sort_values("name")["network_id"].tolist()


@dataclass(frozen=True)
class NetworkChoice:
    options: list[str]
    network_id: str | None  # the one to show: the chosen one where it is an option, else the default
    notice: str | None  # Markdown-safe


def network_choice(programme: rules.Programme, on: date, theme_ids: list[str] | None, county_code: str | None,
                   chosen: str | None) -> NetworkChoice:
    options = network_options(programme, on, theme_ids, county_code)
    if not options:
        return NetworkChoice([], None, "Ingen nettverk arbeider med de valgte temaene i det valgte fylket på denne datoen.")
    network_id = chosen if chosen in options else rules.default_network(programme, on, theme_ids, county_code)
    started = rules.network_status(programme.networks[programme.networks["network_id"].isin(options)], on).notna()
    notice = None if started.any() else "Ingen av nettverkene var startet på denne datoen. Viser det første som startet."
    return NetworkChoice(options, network_id if network_id in options else options[0], notice)


def indicators_for(catalogue: pd.DataFrame, theme_ids: list[str]) -> list[compare.Indicator]:
    """The indicators of the themes, in the catalogue's order (real data before example data)."""
    rows = catalogue[catalogue["theme_id"].isin(theme_ids)]
    order = {theme_id: i for i, theme_id in enumerate(theme_ids)}
    rows = rows.assign(_theme=rows["theme_id"].map(order)).sort_values("_theme", kind="stable")
    return [compare.Indicator.from_row(row) for row in rows.to_dict("records")]


def comparison_members(programme: rules.Programme, successors: pd.DataFrame, names_2024: Mapping[str, str],
                       network_id: str, on: date) -> pd.DataFrame:
    """The members taking part on the date (all memberships while the network has not started), each
    with its main 2024 successor."""
    members = rules.network_members(programme, network_id, on)
    taking_part = members[members["status"].isin([rules.DECIDED, rules.PENDING])]
    chosen = (taking_part if len(taking_part) else members).sort_values("municipality_name")
    return compare.member_successors(chosen, successors, names_2024)


def _year_for(db: Database, indicator: compare.Indicator, members: pd.DataFrame, year: int | None) -> int | None:
    if year is not None:
        return year
    counted = members if indicator.aggregation == "weighted_mean" else members[members["whole"]]
    codes = sorted(set(counted["successor_code"]))
    return compare.default_year(queries.indicator_series(db, indicator.indicator_id, codes), codes)


def _values(db: Database, indicator_id: str, year: int | None, codes: list[str] | None = None) -> pd.DataFrame:
    if year is None:
        return pd.DataFrame({"municipality_code": [], "value": [], "is_estimate": []})
    return queries.indicator_series(db, indicator_id, codes, (year, year))


@dataclass(frozen=True)
class Overview:
    members: pd.DataFrame  # compare.member_successors
    indicators: list[compare.Indicator]  # population first, then the themes' indicators
    years: dict[str, int | None]  # per indicator: the year shown
    grid: pd.DataFrame  # compare.overview, long


def network_overview(db: Database, catalogue: pd.DataFrame, members: pd.DataFrame, theme_ids: list[str],
                     year: int | None) -> Overview:
    """The members × indicators grid: each indicator in `year`, or in its own default year."""
    population = catalogue[catalogue["indicator_id"] == POPULATION_ID]
    indicators = [compare.Indicator.from_row(row) for row in population.to_dict("records")]
    indicators += indicators_for(catalogue, theme_ids)
    codes = sorted(set(members["successor_code"]))
    years = {i.indicator_id: _year_for(db, i, members, year) for i in indicators}
    columns = [(i, years[i.indicator_id], _values(db, i.indicator_id, years[i.indicator_id], codes)) for i in indicators]
    return Overview(members, indicators, years, compare.overview(members, columns))


def member_label(row: Mapping) -> str:
    """«Gol», or «Frei – i dag en del av Kristiansund» for a member that merged later."""
    if row["whole"]:
        return row["municipality_name"]
    return f"{row['municipality_name']} – i dag en del av {row['successor_name']}"


def overview_table(overview: Overview) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """The grid as text to show (member rows, an indicator a column, «1 234,5 ✓ bedre»), the
    positions behind it (for colour), and a help text per column (unit, direction, source)."""
    grid = overview.grid
    labels = overview.members.apply(member_label, axis=1).tolist()
    shown, positions, help_texts = {"Kommune": labels}, {"Kommune": [None] * len(labels)}, {}
    for indicator in overview.indicators:
        rows = grid[grid["indicator_id"] == indicator.indicator_id].reset_index(drop=True)
        year = overview.years[indicator.indicator_id]
        header = f"{indicator.name}, {year if year else '–'}" + (" (eksempeldata)" if indicator.is_example else "")
        cells = []
        for row in rows.to_dict("records"):
            text = indicator.format(row["value"])
            if row["via_successor"]:
                text += VIA_SUCCESSOR_MARK
            if label := POSITION_LABELS.get(row["position"]):
                text += f" {label}"
            cells.append(text)
        shown[header] = cells
        positions[header] = rows["position"].tolist()
        help_texts[header] = f"{indicator.name} ({indicator.unit}). {POLARITY_TEXT[indicator.polarity]} Kilde: {indicator.source}."
    return pd.DataFrame(shown), pd.DataFrame(positions), help_texts


def base_year_for(programme: rules.Programme, catalogue: pd.DataFrame, network_id: str, indicator_id: str) -> int:
    """The year the network was established (started, if it never was), within the indicator's years."""
    network = programme.networks.set_index("network_id").loc[network_id]
    start = network["established_on"] if pd.notna(network["established_on"]) else network["created_on"]
    years = catalogue.set_index("indicator_id").loc[indicator_id, ["first_year", "last_year"]]
    return int(min(max(pd.Timestamp(start).year, years["first_year"]), years["last_year"]))


def network_comparison(db: Database, catalogue: pd.DataFrame, members: pd.DataFrame, counties: pd.DataFrame,
                       indicator_id: str, year: int | None, base_year: int) -> compare.Comparison | None:
    """One indicator in depth for the members, with its references; None when it has no figures."""
    row = catalogue[catalogue["indicator_id"] == indicator_id].to_dict("records")[0]
    indicator = compare.Indicator.from_row(row)
    year = _year_for(db, indicator, members, year)
    if year is None:
        return None
    population = _values(db, POPULATION_ID, year).set_index("municipality_code")["value"]
    return compare.compare_members(
        members, indicator, year, base_year, _values(db, indicator_id, year), _values(db, indicator_id, base_year),
        population, counties, queries.national_reference(db, indicator_id, year),
    )


def comparison_rows(comparison: compare.Comparison) -> pd.DataFrame:
    """The comparison's member rows with what a chart needs: `label`, `value_text` («12,3* ✓») and
    `order` (best first by polarity, highest first for neutral indicators, members without a value last)."""
    table, indicator = comparison.table, comparison.indicator
    symbols = {k: v.split(" ")[0] for k, v in POSITION_LABELS.items()}
    value_text = [
        indicator.format(row["value"]) + (VIA_SUCCESSOR_MARK if row["via_successor"] else "")
        + (f" {symbols[row['position']]}" if row["position"] in symbols else "")
        for row in table.to_dict("records")
    ]
    ascending = indicator.polarity == "lower_better"
    order = table["value"].rank(ascending=ascending, method="first", na_option="bottom")
    return table.assign(label=table.apply(member_label, axis=1), value_text=value_text, order=order)


def comparison_table(comparison: compare.Comparison) -> pd.DataFrame:
    """The comparison as a table in Norwegian: the chart's text alternative and its download."""
    table, indicator = comparison.table, comparison.indicator
    change_unit = "prosentpoeng" if indicator.unit == compare.PERCENT_UNIT else indicator.unit
    rows = comparison_rows(comparison).sort_values("order")
    return pd.DataFrame({
        "Kommune": rows["label"],
        f"{indicator.name} {comparison.year} ({indicator.unit})": rows["value"].round(indicator.decimals),
        "Plass i nettverket": rows["rank"],
        "Mot nettverkssnittet": rows["position"].map(lambda p: POSITION_LABELS.get(p, "–" if p is None else "nøytral")),
        "Tall for dagens kommune": rows["via_successor"].map({True: "ja", False: ""}),
        "Innbyggere (størrelsesklasse)": rows["size_class"],
        "Snitt for samme størrelse": rows["size_class_mean"].round(indicator.decimals),
        f"{indicator.name} {comparison.base_year}": rows["base_value"].round(indicator.decimals),
        f"Endring siden {comparison.base_year} ({change_unit})": rows["change"].round(indicator.decimals),
        "Forbedring": rows["improved"].map({True: "ja", False: "nei"}),
    }).reset_index(drop=True)


def references_table(comparison: compare.Comparison) -> pd.DataFrame:
    indicator = comparison.indicator
    return pd.DataFrame({
        "Referanse": [r.label for r in comparison.references],
        f"{indicator.name} {comparison.year} ({indicator.unit})": [indicator.format(r.value) for r in comparison.references],
        "Grunnlag": [r.note for r in comparison.references],
    })
