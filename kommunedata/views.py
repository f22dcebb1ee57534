"""Ready-to-show answers for the pages: each combines named queries and the programme's rules, so a
page only lays out what it gets. Plain functions, no Streamlit (the app caches them in `kommunedata.ui`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import compare, mapping, queries, trend
from kommunedata import programme as rules
from kommunedata.db import Database
from kommunedata import params
from kommunedata.params import Choices
from kommunedata.sources.programme_workbook import local_date
from kommunedata.text import EXAMPLE_LABEL, EXAMPLE_PROGRAMME_SOURCE, format_date, join_names, successor_notice


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
            (row["indicator_id"], None if pd.isna(row["theme_id"]) else row["theme_id"], row["polarity"],
             bool(row["is_example"]))
            for row in indicators.to_dict("records")
        ),
        programme=programme,
    )


@dataclass(frozen=True)
class ProgrammeOrigin:
    """Where the networks and memberships come from: generated examples, or a workbook someone imported
    (`python -m kommunedata import-programme` or «Importer data»). Every page labels its programme
    figures with this, so an imported programme is never called example data and examples always are."""
    is_example: bool
    source: str | None = None  # as given at import
    file: str | None = None  # the workbook's name as uploaded
    imported_on: date | None = None

    @property
    def source_text(self) -> str:
        """The programme's part of a download's «Kilde:» line."""
        return EXAMPLE_PROGRAMME_SOURCE if self.is_example else f"nettverk og medlemskap: {self.source}"

    def describe(self) -> str:
        """One plain sentence for under a table of networks."""
        if self.is_example:
            return "Eksempeldata: nettverk og medlemskap er generert, ikke reelle."
        when = f", importert {format_date(self.imported_on)}" if self.imported_on else ""
        return f"Nettverk og medlemskap: {self.source}{when}" + (f" fra «{self.file}»." if self.file else ".")

    @property
    def file_tag(self) -> str:
        """Added to a download's file name: «-eksempeldata» for the generated programme."""
        return "-eksempeldata" if self.is_example else ""


def programme_origin(programme: rules.Programme, info: Mapping[str, str]) -> ProgrammeOrigin:
    if programme.networks["is_example"].any() or "programme_source" not in info:
        return ProgrammeOrigin(True)
    imported = info.get("programme_imported_at")
    return ProgrammeOrigin(False, info["programme_source"], info.get("programme_file"),
                           local_date(imported) if imported else None)


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
    return network_headers(programme, on)[network_id]


def network_headers(programme: rules.Programme, on: date) -> dict[str, NetworkHeader]:
    """network_header of every network on the date, by id, in one pass (the app keeps them per date,
    so choosing another network is a lookup)."""
    networks = programme.networks
    status = rules.network_status(networks, on)
    chosen = rules.themes_on(programme.network_themes, on)
    themes_of: dict[str, list[str]] = {}
    for network_id, theme_id in zip(chosen["network_id"], chosen["theme_id"]):
        themes_of.setdefault(network_id, []).append(theme_id)
    headers = {}
    for network, network_status in zip(networks.to_dict("records"), status):
        network_status = network_status if isinstance(network_status, str) else None
        established = _day(network["established_on"])
        headers[network["network_id"]] = NetworkHeader(
            network_id=network["network_id"],
            name=network["name"],
            status=network_status,
            created_on=_day(network["created_on"]),
            established_on=established if network_status == rules.ESTABLISHED else None,
            planned_established_on=established,
            county_name=None if pd.isna(network["county_name"]) else network["county_name"],
            theme_ids=sorted(themes_of.get(network["network_id"], [])),
        )
    return headers


def network_members(programme: rules.Programme, network_id: str, on: date) -> pd.DataFrame:
    """Every membership of the network with its status on the date, by municipality name."""
    return members_by_network(programme, on)[network_id]


def members_by_network(programme: rules.Programme, on: date) -> dict[str, pd.DataFrame]:
    """network_members of every network, by id, in one pass over the memberships (the app keeps them
    per date, so choosing another network is a lookup)."""
    members = programme.memberships.assign(status=rules.member_status(programme, programme.memberships, on))
    members = members.sort_values("municipality_name", kind="stable")
    groups = {network_id: group.reset_index(drop=True) for network_id, group in members.groupby("network_id", sort=False)}
    none = members.iloc[0:0].reset_index(drop=True)  # a network without memberships yet
    return {network_id: groups.get(network_id, none) for network_id in programme.networks["network_id"]}


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


def indicator_labels(catalogue: pd.DataFrame) -> dict[str, str]:
    """indicator_label for every indicator, by id: made once per database version, so a list of
    thousands of indicators does not look each one up on every rerun."""
    return {row["indicator_id"]: indicator_label(row) for row in catalogue.to_dict("records")}


def indicator_label(row: Mapping) -> str:
    """An indicator as a list names it: «(eksempeldata)» for generated figures, and its coverage when it
    covers too little of the country for a national figure («– tall for 17 kommuner i Telemark»)."""
    coverage = compare.coverage_of(row)
    if row["is_example"]:
        return f"{row['name']} ({EXAMPLE_LABEL.lower()})"
    return f"{row['name']} – {coverage.text()}" if not coverage.national else row["name"]


def comparison_members(programme: rules.Programme, successors: pd.DataFrame, names_2024: Mapping[str, str],
                       network_id: str, on: date) -> pd.DataFrame:
    """The members taking part on the date (all memberships while the network has not started), each
    with its main 2024 successor."""
    return members_to_compare(network_members(programme, network_id, on), successors, names_2024)


def members_to_compare(members: pd.DataFrame, successors: pd.DataFrame, names_2024: Mapping[str, str]) -> pd.DataFrame:
    """comparison_members from the network's network_members."""
    taking_part = members[members["status"].isin([rules.DECIDED, rules.PENDING])]
    return compare.member_successors(taking_part if len(taking_part) else members, successors, names_2024)


def _counted_codes(indicator: compare.Indicator, members: pd.DataFrame) -> list[str]:
    """The 2024 codes whose values speak for members: all for rates, only whole members for counts."""
    counted = members if indicator.aggregation == "weighted_mean" else members[members["whole"]]
    return sorted(set(counted["successor_code"]))


def _default_year(indicator: compare.Indicator, members: pd.DataFrame, series: pd.DataFrame) -> int | None:
    codes = _counted_codes(indicator, members)
    return compare.default_year(series[series["municipality_code"].isin(codes)], codes)


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
    left_out: int = 0  # the themes' indicators beyond OVERVIEW_LIMIT, not in the grid


# A grid a meeting can read. With Kolada's thousands of indicators a theme has hundreds: the grid then
# shows the first ones (real data first) and the page offers every one of them one at a time.
OVERVIEW_LIMIT = 25


def network_overview(db: Database, catalogue: pd.DataFrame, members: pd.DataFrame,
                     of_themes: list[compare.Indicator], year: int | None,
                     series_of: Callable[[str], pd.DataFrame] | None = None) -> Overview:
    """The members × indicators grid: each indicator in `year`, or in its own default year. `of_themes`:
    indicators_for the grid's themes (the app keeps them per themes). `series_of` (indicator id ->
    every 2024 municipality's values, all years, as queries.indicator_series) may answer from the
    app's cache; without it the members' values are read in one query."""
    population = catalogue[catalogue["indicator_id"] == POPULATION_ID]
    indicators = [compare.Indicator.from_row(row) for row in population.to_dict("records")]
    indicators += of_themes[:OVERVIEW_LIMIT - len(indicators)]
    left_out = len(of_themes) - (len(indicators) - len(population))
    codes = sorted(set(members["successor_code"]))
    ids = [i.indicator_id for i in indicators]
    # every indicator of the grid (all years, the members only), then each indicator's year
    # (compare.default_years, all at once) and the grid from the rows of those years
    if series_of is None:
        series = queries.indicators_series(db, ids, codes)
    else:  # the members' rows of each indicator's cached series, put together as the query gives them
        frames = [series_of(i) for i in ids]
        series = pd.concat([frame[frame["municipality_code"].isin(codes)] for frame in frames], keys=ids,
                           names=["indicator_id", None]).reset_index(level=0).reset_index(drop=True)
    if year is None:
        years = compare.default_years(series, {i.indicator_id: _counted_codes(i, members) for i in indicators})
    else:
        years = {indicator.indicator_id: year for indicator in indicators}
    grid = compare.overview(members, [(i, years[i.indicator_id]) for i in indicators], series)
    return Overview(members, indicators, years, grid, left_out)


def member_label(row: Mapping) -> str:
    """«Gol», or «Frei – i dag en del av Kristiansund» for a member that merged later."""
    if row["whole"]:
        return row["municipality_name"]
    return f"{row['municipality_name']} – i dag en del av {row['successor_name']}"


MEAN_COLUMN = "Nettverkssnitt"


def overview_table(overview: Overview) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """The grid as text to show: an indicator a row («Folkemengde (personer), 2024»), a member a column
    with «1 234,5 ✓ bedre» and the network mean last; the positions behind it (for colour); and a
    help text per column (plain text: escape it before it reaches Markdown)."""
    grid, members = overview.grid, overview.members
    names = members["municipality_name"].tolist()
    cells_of: dict[str, list[dict]] = {}  # the grid's rows per indicator, in order: one pass, not a filter each
    for cell in grid[["indicator_id", "value", "via_successor", "position", "mean"]].to_dict("records"):
        cells_of.setdefault(cell["indicator_id"], []).append(cell)
    rows, positions = [], []
    for indicator in overview.indicators:
        cells = cells_of.get(indicator.indicator_id, [])
        year = overview.years[indicator.indicator_id]
        label = f"{indicator.name} ({indicator.unit}), {year if year else '–'}"
        row, row_positions = {"Indikator": label + (" – eksempeldata" if indicator.is_example else "")}, {"Indikator": None}
        for name, cell in zip(names, cells):
            text = indicator.format(cell["value"]) + (VIA_SUCCESSOR_MARK if cell["via_successor"] else "")
            if position_label := POSITION_LABELS.get(cell["position"]):
                text += f" {position_label}"
            row[name], row_positions[name] = text, cell["position"]
        mean = cells[0]["mean"] if cells else None
        row[MEAN_COLUMN], row_positions[MEAN_COLUMN] = indicator.format(mean), None
        rows.append(row)
        positions.append(row_positions)
    help_texts = {"Indikator": "Indikator (enhet) og året tallene gjelder: det siste året med tall for alle "
                               "medlemmene, om ikke et år er valgt."}
    for member in members.to_dict("records"):
        if not member["whole"]:
            help_texts[member["municipality_name"]] = member_label(member) + "."
    help_texts[MEAN_COLUMN] = "Uvektet snitt av medlemmene med tall; en kommune som i dag rommer to medlemmer, telles én gang."
    columns = ["Indikator", *names, MEAN_COLUMN]
    return pd.DataFrame(rows, columns=columns), pd.DataFrame(positions, columns=columns), help_texts


def first_to_compare(overview: Overview) -> str | None:
    """The indicator a network is first shown in depth by: one that judges (not neutral) and that the
    members have figures for, real figures before examples; else the first there is."""
    with_values = set(overview.grid.loc[overview.grid["value"].notna(), "indicator_id"])
    judging = [i.indicator_id for i in sorted(overview.indicators,
                                              key=lambda i: (i.indicator_id not in with_values, i.is_example))
               if i.polarity != "neutral"]
    return (judging or [i.indicator_id for i in overview.indicators] or [None])[0]


def base_year_for(programme: rules.Programme, catalogue: pd.DataFrame, network_id: str, indicator_id: str) -> int:
    """The year the network was established (started, if it never was), within the indicator's years."""
    network = programme.networks.set_index("network_id").loc[network_id]
    start = network["established_on"] if pd.notna(network["established_on"]) else network["created_on"]
    years = catalogue.set_index("indicator_id").loc[indicator_id, ["first_year", "last_year"]]
    return int(min(max(pd.Timestamp(start).year, years["first_year"]), years["last_year"]))


def network_comparison(db: Database, catalogue: pd.DataFrame, members: pd.DataFrame, counties: pd.DataFrame,
                       indicator_id: str, year: int | None, base_year: int,
                       series_of: Callable[[str], pd.DataFrame] | None = None,
                       areas_of: Callable[[str, int], compare.Areas] | None = None) -> compare.Comparison | None:
    """One indicator in depth for the members, with its references; None when it has no figures.
    `series_of` (indicator id -> every 2024 municipality's values, all years, as queries.indicator_series)
    and `areas_of` (indicator id, year -> indicator_areas) may answer from the app's cache; without them
    each is worked out here."""
    series_of = series_of or functools.cache(lambda i: queries.indicator_series(db, i))  # each read once a call
    areas_of = areas_of or (lambda i, y: indicator_areas(db, catalogue, counties, i, y, series_of))
    indicator = compare.Indicator.from_row(catalogue[catalogue["indicator_id"] == indicator_id].to_dict("records")[0])
    if year is None:
        year = _default_year(indicator, members, series_of(indicator_id))
    if year is None:
        return None
    areas = areas_of(indicator_id, year)
    return compare.compare_with_areas(members, year, base_year, year_values(series_of(indicator_id), base_year), areas)


def year_values(series: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The rows of one year of a series of every municipality."""
    return series[series["year"] == year].reset_index(drop=True)


def indicator_areas(db: Database, catalogue: pd.DataFrame, counties: pd.DataFrame, indicator_id: str, year: int,
                    series_of: Callable[[str], pd.DataFrame] | None = None) -> compare.Areas:
    """What every network's members are compared with in `year`: compare.areas, from every 2024
    municipality's values and the publisher's national figure. `counties`: 2024 code -> county_code,
    county_name (index code)."""
    series_of = series_of or (lambda i: queries.indicator_series(db, i))
    row = catalogue[catalogue["indicator_id"] == indicator_id].to_dict("records")[0]
    population = year_values(series_of(POPULATION_ID), year).set_index("municipality_code")["value"]
    return compare.areas(compare.Indicator.from_row(row), year_values(series_of(indicator_id), year), population,
                         counties, queries.national_reference(db, indicator_id, year), compare.coverage_of(row))


def comparison_rows(comparison: compare.Comparison) -> pd.DataFrame:
    """The comparison's member rows with what a chart needs: `label`, `value_text` («12,3* ✓») and
    `order` (best first by polarity, highest first for neutral indicators, members without a value last)."""
    table, indicator = comparison.table, comparison.indicator
    symbols = {k: v.split(" ")[0] for k, v in POSITION_LABELS.items()}
    records = table.to_dict("records")
    value_text = [
        indicator.format(row["value"]) + (VIA_SUCCESSOR_MARK if row["via_successor"] else "")
        + (f" {symbols[row['position']]}" if row["position"] in symbols else "")
        for row in records
    ]
    ascending = indicator.polarity == "lower_better"
    order = table["value"].rank(ascending=ascending, method="first", na_option="bottom")
    return table.assign(label=[member_label(row) for row in records], value_text=value_text, order=order)


def comparison_table(comparison: compare.Comparison, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparison as a table in Norwegian: the chart's text alternative and its download. `rows`:
    comparison_rows of it, where the page has them already."""
    table, indicator = comparison.table, comparison.indicator
    change_unit = "prosentpoeng" if indicator.unit == compare.PERCENT_UNIT else indicator.unit
    rows = (comparison_rows(comparison) if rows is None else rows).sort_values("order")
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


# --- A municipality over time (Utvikling) --------------------------------------------------------

MUNICIPALITY, NETWORK, COUNTRY, OTHER = "kommune", "nettverk", "land", "sammenlign"


def municipality_options(successors: pd.DataFrame, names_2024: Mapping[str, str]) -> dict[str, str]:
    """Code -> label for the municipality selector: today's municipalities by name, then every older
    municipality whose name is gone, under its own name and number, pointing to today's («Frei (1556) →
    Kristiansund»), so typing an old name finds it.

    An older code whose name lives on in its successor (Bergen 1201, now 4601) is left out: typing the
    name finds today's municipality, and the old number still works in a link. The list is 473 options
    instead of 844: every rerun of Utvikling and Kart sends the list to the browser, which builds it again
    (15 KiB less per change, docs/performance.md)."""
    today = {code: f"{name} ({code})" for code, name in sorted(names_2024.items(), key=lambda item: item[1])}
    older = successors[~successors.index.isin(list(names_2024))].sort_values("name")
    for code, row in older.iterrows():
        now = [names_2024.get(c, c) for c in row["successor_codes"]]
        if row["name"] not in now:
            today[code] = f"{row['name']} ({code}) → {', '.join(now)}"
    return today


def member_networks_by_code(programme: rules.Programme, successors: pd.DataFrame,
                            codes: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Per 2024 municipality (every one, or the `codes`), the memberships (ever) of the municipalities
    that are part of it: one row per network (indexed by network id) with its name, the earliest join
    and decision, and the members' names as they were; in order of joining. All municipalities in one
    pass, so that a cache of them answers every municipality looked at."""
    memberships = programme.memberships.assign(
        successor_code=programme.memberships["municipality_code"].map(successors["successor_code"]))
    if codes is not None:
        memberships = memberships[memberships["successor_code"].isin(list(codes))]
    names = programme.networks.set_index("network_id")["name"]
    grouped = memberships.groupby(["successor_code", "network_id"]).agg(
        joined_on=("joined_on", "min"), decision_on=("decision_on", "min"), members=("municipality_name", list))
    grouped = grouped.assign(network_name=grouped.index.get_level_values("network_id").map(names))
    return {code: networks.droplevel("successor_code").sort_values("joined_on", kind="stable")
            for code, networks in grouped.groupby(level="successor_code", sort=False)}


def member_networks(programme: rules.Programme, successors: pd.DataFrame, code: str,
                    by_code: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """member_networks_by_code for one 2024 municipality (`by_code` may come from a cache); no rows for
    one that never took part."""
    by_code = member_networks_by_code(programme, successors, [code]) if by_code is None else by_code
    if code in by_code:
        return by_code[code]
    empty = pd.DataFrame({"joined_on": pd.Series(dtype=programme.memberships["joined_on"].dtype),
                          "decision_on": pd.Series(dtype=programme.memberships["decision_on"].dtype),
                          "members": pd.Series(dtype=object), "network_name": pd.Series(dtype=object)})
    return empty.rename_axis("network_id")


def default_indicators(catalogue: pd.DataFrame, programme: rules.Programme, networks: pd.DataFrame,
                       main: str) -> list[str]:
    """For a member: population and the first judging indicator of each of its networks' themes (the
    main one left out); for a municipality that never took part, none."""
    if networks.empty:
        return []
    themes = programme.network_themes[programme.network_themes["network_id"].isin(networks.index)]["theme_id"]
    chosen = [POPULATION_ID]
    for theme_id in dict.fromkeys(sorted(themes)):
        candidates = catalogue[(catalogue["theme_id"] == theme_id) & (catalogue["polarity"] != "neutral")]
        if len(candidates):
            chosen.append(candidates["indicator_id"].iloc[0])
    return [indicator_id for indicator_id in chosen if indicator_id != main]


@dataclass(frozen=True)
class Trend:
    code: str
    name: str
    indicator: compare.Indicator
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


@dataclass(frozen=True)
class IndicatorSeries:
    """What a trend needs of an indicator whatever the municipality: every 2024 municipality's values
    and the country's line (the app keeps it per indicator, so choosing another municipality reads
    nothing again)."""
    indicator: compare.Indicator
    coverage: compare.Coverage
    values: pd.DataFrame  # queries.indicator_series, every 2024 municipality and year
    national: pd.DataFrame  # trend.national_series; empty when the country is not shown
    without_country: bool


def indicator_series(db: Database, catalogue: pd.DataFrame, indicator_id: str,
                     values_of: Callable[[str], pd.DataFrame] | None = None) -> IndicatorSeries:
    """`values_of` (indicator id -> queries.indicator_series of it) may answer from the app's cache, so
    the population (the country's weights) is read once, not with every indicator."""
    values_of = values_of or (lambda i: queries.indicator_series(db, i))
    row = catalogue[catalogue["indicator_id"] == indicator_id].to_dict("records")[0]
    indicator, coverage = compare.Indicator.from_row(row), compare.coverage_of(row)
    values = values_of(indicator_id)
    published = queries.national_references(db, indicator_id)
    population = values_of(POPULATION_ID)
    national = trend.national_series(values, population, indicator.aggregation, published)
    without_country = not coverage.shows_country(None if published.empty else published["value"].iloc[0])
    return IndicatorSeries(indicator, coverage, values, national.iloc[0:0] if without_country else national,
                           without_country)


NO_MEAN = pd.DataFrame({"year": pd.Series(dtype=int), "value": pd.Series(dtype=float), "members": pd.Series(dtype=int)})


def network_mean_lines(series: IndicatorSeries, programme: rules.Programme, successors: pd.DataFrame,
                       names_2024: Mapping[str, str], network_ids: Iterable[str] | None = None
                       ) -> dict[str, pd.DataFrame]:
    """Every network's (or the `network_ids`') mean of the indicator per year (trend.network_mean_lines)
    on 2024 borders: the same whichever of its members is looked at."""
    return trend.network_mean_lines(programme,
                                    lambda memberships: compare.member_successors(memberships, successors, names_2024),
                                    series.values, series.indicator.aggregation, network_ids)


def municipality_trend(
    series: IndicatorSeries, programme: rules.Programme, successors: pd.DataFrame, names_2024: Mapping[str, str],
    code: str, others: list[str], index_base: int | None, moving: bool, networks: pd.DataFrame | None = None,
    mean_lines: Mapping[str, pd.DataFrame] | None = None,
) -> Trend:
    """Everything the trend page draws for one municipality and indicator. `networks` (member_networks of
    `code`) and `mean_lines` (network_mean_lines) may come from a cache; they are worked out here when
    not given."""
    indicator, coverage, values, national = series.indicator, series.coverage, series.values, series.national
    without_country = series.without_country
    name = names_2024[code]

    def own(series_code: str, label: str, kind: str) -> pd.DataFrame:
        rows = values[values["municipality_code"] == series_code]
        return pd.DataFrame({"series": label, "kind": kind, "year": rows["year"], "value": rows["value"],
                             "is_estimate": rows["is_estimate"]})

    parts = [own(code, name, MUNICIPALITY)]
    networks = member_networks(programme, successors, code) if networks is None else networks
    if mean_lines is None:
        mean_lines = network_mean_lines(series, programme, successors, names_2024, networks.index) if len(networks) else {}

    means = {}
    for network_id, network in networks.iterrows():
        mean = mean_lines.get(network_id, NO_MEAN)
        means[network_id] = mean
        parts.append(pd.DataFrame({"series": f"Snitt i {network['network_name']}", "kind": NETWORK,
                                   "year": mean["year"], "value": mean["value"], "is_estimate": False}))
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
    change = trend.change_since(own_raw, joined if joined else int(own_raw["year"].min()) if len(own_raw) else 0,
                                indicator.polarity)
    gap = None
    for network_id, mean in means.items():  # the first network with a mean that year
        by_year = mean.set_index("year")["value"]
        if change is not None and change.to_year in by_year.index:
            gap = (networks.loc[network_id, "network_name"], change.to_value, float(by_year[change.to_year]))
            break
    return Trend(code, name, indicator, lines, pd.DataFrame(markers, columns=["year", "label"]), networks, change,
                 trend.summary(name, indicator, change, joined, gap), index_base, not_indexed,
                 bool(national["published"].any()), without_values, without_mean, coverage.text(), without_country)


def trend_table(result: Trend) -> pd.DataFrame:
    """The plotted numbers, a column per line (in the chart's order) and a row per year, oldest first:
    the chart's table view. A line has one value a year (pivot, not pivot_table: no averaging to hide a
    doubled row, and a third of the time)."""
    wide = result.lines.pivot(index="year", columns="series", values="value")
    wide = wide[list(dict.fromkeys(result.lines["series"]))].round(result.indicator.decimals + (1 if result.index_base else 0))
    return wide.reset_index().rename(columns={"year": "År"}).rename_axis(columns=None)


# --- The map (Kart) ------------------------------------------------------------------------------

MAP_MODES = dict(zip(params.MAP_MODES, ["Nettverk", "Tema", "Indikator"]))  # labels of the declared modes
MEMBER_STATUS_TEXT = {rules.DECIDED: "vedtak fattet", rules.PENDING: "forbereder vedtak"}


@dataclass(frozen=True)
class MapView:
    polygons: list[dict]  # mapping.polygon_rows with `fill` (RGBA) and `tooltip` (plain text) on each
    facts: dict[str, str]  # 2024 code -> the tooltip's text, for the selected municipality's panel
    legend: list[tuple[tuple, str]]  # (RGBA colour, Norwegian label)
    table: pd.DataFrame  # what the map shows, as a table
    members_then: int  # municipalities taking part, as they were on the date
    lit: int  # 2024 municipalities lit up
    note: str | None  # e.g. «Eksempeldata» or no theme chosen (plain text)
    national: float | None = None  # the country in the indicator's year (indikator mode)
    focus: list[list[float]] | None = None  # [lon, lat] points to fit the view to: a part of the country only
    summary: str = ""  # the map in one sentence (plain text): its text alternative with the table


def national_value(db: Database, indicator: compare.Indicator, values: pd.DataFrame, year: int,
                   coverage: compare.Coverage | None = None) -> float | None:
    """The country in a year, by compare.country_reference; None where the indicator covers too little
    of the country to compute one and the publisher has none."""
    by_code = values.set_index("municipality_code")["value"]
    if by_code.dropna().empty:
        return None
    population = _values(db, POPULATION_ID, year).set_index("municipality_code")["value"]
    published = queries.national_reference(db, indicator.indicator_id, year)
    if coverage is not None and not coverage.shows_country(published):
        return None
    return compare.country_reference(by_code, population, indicator, published).value


def _members_by_2024(members: pd.DataFrame, successors: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The members taking part, grouped by the 2024 municipality they are part of today."""
    return dict(tuple(members.assign(successor_code=members["municipality_code"].map(successors["successor_code"]))
                      .groupby("successor_code")))


def map_view(
    programme: rules.Programme, successors: pd.DataFrame, shapes: Mapping, theme_names: Mapping[str, str],
    on: date, theme_ids: list[str], mode: str, indicator: compare.Indicator | None = None,
    values: pd.DataFrame | None = None, national: float | None = None, coverage: str | None = None,
) -> MapView:
    """What each 2024 municipality looks like on the map on `on` in colour mode `mode` (nettverk, tema
    or indikator; `values`: municipality_code, value of the indicator's year)."""
    members = map_members(programme, on, theme_ids)
    by_2024 = _members_by_2024(members, successors)
    themes_of = rules.themes_on(programme.network_themes, on).groupby("network_id")["theme_id"].agg(sorted)
    # Colours over all members ever, so a network keeps its colour as the date moves
    network_codes = {nid: set(group["municipality_code"].map(successors["successor_code"]))
                     for nid, group in programme.memberships.groupby("network_id")}
    geometry = mapping.geometry(shapes)
    colours = (mapping.network_colours(network_codes, geometry.neighbours, geometry.centres)
               if mode == "nettverk" else {})
    value_of = {} if values is None else dict(zip(values["municipality_code"], values["value"]))
    breaks, class_colours, kind = (mapping.value_classes(pd.Series(list(value_of.values()), dtype=float), indicator,
                                                         national) if mode == "indikator" else ([], [], ""))
    facts, fills, rows = {}, {}, []
    for feature in shapes["features"]:
        code, name = feature["properties"]["code"], feature["properties"]["name"]
        group = by_2024.get(code)
        lines = [f"{name} ({code})"]
        row = {"Kommune (2024)": name, "Kommunenummer": code}
        fill = [*mapping.NOT_MEMBER, 255]
        if group is not None:
            networks = list(dict.fromkeys(group["network_name"]))
            decided = (group["status"] == rules.DECIDED).all()
            alpha = mapping.DECIDED_ALPHA if decided else mapping.PENDING_ALPHA
            themes = sorted({t for nid in group["network_id"] for t in themes_of.get(nid, [])})
            historical = [f"{was} ({then})" for was, then in zip(group["municipality_name"], group["municipality_code"])
                          if was != name or then != code]
            if historical:
                lines.append("Medlem: " + ", ".join(historical))
            lines.append("Nettverk: " + ", ".join(networks))
            lines.append("Tema: " + ", ".join(theme_names.get(t, t) for t in themes))
            lines.append("Status: " + ", ".join(dict.fromkeys(MEMBER_STATUS_TEXT[s] for s in group["status"])))
            row.update({"Medlemmer (slik de var)": ", ".join(group["municipality_name"]), "Nettverk": ", ".join(networks),
                        "Status": ", ".join(dict.fromkeys(MEMBER_STATUS_TEXT[s] for s in group["status"])),
                        "Tema": ", ".join(theme_names.get(t, t) for t in themes)})
            if mode == "nettverk" and len(networks) > 1:
                fill = [*mapping.SEVERAL, mapping.DECIDED_ALPHA]  # «flere nettverk»: one style, pending or not
            elif mode == "nettverk":
                fill = [*colours[group["network_id"].iloc[0]], alpha]
            elif mode == "tema":
                fill = [*mapping.PALETTE[4], alpha]
        if mode == "indikator":
            value = value_of.get(code)
            cls = mapping.class_of(value, breaks)
            fill = [*class_colours[cls], 235] if cls is not None else [*mapping.NO_VALUE, 160]
            lines.append(f"{indicator.name}: {indicator.format(value)} {indicator.unit}" if cls is not None
                         else f"{indicator.name}: ingen tall")
            row[f"{indicator.name} ({indicator.unit})"] = None if value is None or pd.isna(value) else round(value, indicator.decimals)
        facts[code], fills[code] = "\n".join(lines), fill
        if group is not None or mode == "indikator":
            rows.append(row)

    legend = _map_legend(mode, colours, by_2024, members, theme_ids, theme_names, indicator, breaks, class_colours, kind)
    note = None
    if mode == "tema" and not theme_ids:
        note = "Velg ett eller flere tema for å se hvilke kommuner som arbeider med dem; nå vises alle medlemmer."
    if mode == "indikator" and coverage:
        note = f"{indicator.name}: {coverage}; de andre kommunene er grå (ingen tall)" + (
            "." if national is not None else ", og det er ikke regnet noe tall for hele landet.")
    polygons = [{**row, "fill": fills[row["code"]], "tooltip": facts[row["code"]]}
                for row in geometry.polygons]
    focus = None
    if mode == "indikator" and coverage and national is None:  # e.g. one county: show that county
        with_value = {code for code, value in value_of.items() if value is not None and not pd.isna(value)}
        focus = [point for row in polygons if row["code"] in with_value for ring in row["polygon"] for point in ring]
    if mode == "indikator":
        names = {row["code"]: row["name"] for row in polygons}
        known = pd.Series({code: v for code, v in value_of.items() if v is not None and not pd.isna(v)}, dtype=float)
        summary = (f"{indicator.name}: ingen kommuner har tall." if known.empty else
                   f"{indicator.name}: {len(known)} kommuner har tall; høyest i "
                   f"{join_names([names.get(c, c) for c in known[known == known.max()].index])} "
                   f"({indicator.format(known.max())} {indicator.unit}), lavest i "
                   f"{join_names([names.get(c, c) for c in known[known == known.min()].index])} "
                   f"({indicator.format(known.min())} {indicator.unit}).")
    else:
        themes = f" i nettverk som arbeider med {', '.join(theme_names.get(t, t) for t in theme_ids)}" if theme_ids else ""
        summary = (f"{format_date(on)}: {len(members)} kommuner (slik de var) tar del{themes}, i {len(by_2024)} av "
                   f"dagens kommuner og {members['network_id'].nunique()} nettverk.")
    return MapView(polygons, facts, legend, pd.DataFrame(rows), len(members), len(by_2024), note,
                   national if mode == "indikator" else None, focus or None, summary)


def _map_legend(mode, colours, by_2024, members, theme_ids, theme_names, indicator, breaks, class_colours, kind):
    legend = []
    pending = (members["status"] == rules.PENDING).any()
    if mode == "nettverk":
        names = members.drop_duplicates("network_id").set_index("network_id")["network_name"]
        for network_id in sorted(names.index, key=names.get):
            legend.append(([*colours[network_id], mapping.DECIDED_ALPHA], names[network_id]))
        if any(group["network_id"].nunique() > 1 for group in by_2024.values()):
            legend.append(([*mapping.SEVERAL, mapping.DECIDED_ALPHA], "Flere nettverk i én kommune i dag"))
        if pending:
            legend.append(([*mapping.PALETTE[4], mapping.PENDING_ALPHA], "Lysere farge: forbereder vedtak"))
    elif mode == "tema":
        chosen = ", ".join(theme_names.get(t, t) for t in theme_ids) or "alle tema"
        legend.append(([*mapping.PALETTE[4], mapping.DECIDED_ALPHA], f"Nettverket arbeider med {chosen}"))
        if pending:
            legend.append(([*mapping.PALETTE[4], mapping.PENDING_ALPHA], "Lysere farge: forbereder vedtak"))
    else:
        labels = mapping.class_labels(breaks, indicator)
        legend += [([*colour, 235], label) for colour, label in zip(class_colours, labels)]
        legend.append(([*mapping.NO_VALUE, 160], "Ingen tall"))
    if mode != "indikator":
        legend.append(([*mapping.NOT_MEMBER, 255], "Ikke med"))
    return legend
