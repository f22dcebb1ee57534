"""What several pages share: the values a link may hold, where the programme comes from, the networks
and members on a date, today's municipality for an older code, indicator lists, and downloads."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import compare
from kommunedata import rules
from kommunedata.indicators import Indicator, coverage_of
from kommunedata.params import Choices
from kommunedata.sources.programme_workbook import local_date
from kommunedata.text import (
    EXAMPLE_FILE_TAG, EXAMPLE_LABEL, EXAMPLE_PROGRAMME_SOURCE, format_date, md, successor_notice,
)


# --- Downloads -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """A table as a page downloads it (kommunedata.ui.share.table): CSV for Excel and .xlsx."""
    frame: pd.DataFrame
    name: str  # the file name without its suffix
    title: str  # written into the workbook
    source: str  # «Kilde:» in the workbook
    example: bool  # marks every row as example data
    decimals: int | dict[str, int] = 1
    what: str = "tabellen"  # «Last ned {what} (CSV for Excel)»
    key: str | None = None  # for a page with several tables
    basis: str | None = None  # every row's «Datagrunnlag» in the file (export.data_basis), where all share one


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows and downloads it (SVG, PNG with title, source and date in the picture)."""
    spec: dict  # Vega-Lite
    name: str
    source: str
    example: bool
    key: str
    context: str | None = None  # a line under the title in the picture


def file_name(*parts: object, example: bool = False, on: date | None = None) -> str:
    """«livskraft-hallingdal-oversikt-eksempeldata-2007-08-28»: a download's name, the example tag
    where the file holds example data, the date last; a part that is None is left out."""
    return "-".join(["livskraft", *(str(p) for p in parts if p is not None), *([EXAMPLE_FILE_TAG] if example else []),
                     *([on.isoformat()] if on else [])])


# --- What a link may hold ----------------------------------------------------------------------------

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
        programme=programme,
        successor_of=successors["successor_code"].to_dict(),
    )


# --- Where the programme comes from --------------------------------------------------------------------

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


def programme_origin(programme: rules.Programme, info: Mapping[str, str]) -> ProgrammeOrigin:
    if programme.networks["is_example"].any() or "programme_source" not in info:
        return ProgrammeOrigin(True)
    imported = info.get("programme_imported_at")
    return ProgrammeOrigin(False, info["programme_source"], info.get("programme_file"),
                           local_date(imported) if imported else None)


# --- The networks and their members on a date ------------------------------------------------------------

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


def network_headers(programme: rules.Programme, on: date) -> dict[str, NetworkHeader]:
    """Every network on the date, by id: its status, dates, main county and the themes it works on then."""
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


def members_by_network(programme: rules.Programme, on: date) -> dict[str, pd.DataFrame]:
    """Every network's memberships (ever) with their status on the date, by municipality name, by
    network id (a network without memberships yet has an empty table)."""
    members = programme.memberships.assign(status=rules.member_status(programme, programme.memberships, on))
    members = members.sort_values("municipality_name", kind="stable")
    groups = {network_id: group.reset_index(drop=True) for network_id, group in members.groupby("network_id", sort=False)}
    none = members.iloc[0:0].reset_index(drop=True)
    return {network_id: groups.get(network_id, none) for network_id in programme.networks["network_id"]}


def taking_part(members: pd.DataFrame) -> pd.DataFrame:
    """The memberships (of members_by_network) that take part on their date: decided or pending."""
    return members[members["status"].isin([rules.DECIDED, rules.PENDING])]


def members_to_compare(members: pd.DataFrame, successors: pd.DataFrame, names_2024: Mapping[str, str]) -> pd.DataFrame:
    """A network's members as comparisons take them (compare.member_successors, with the year each
    joined): those taking part on the date, or every membership while the network has not started
    (rules.members_compared, for one network)."""
    shown = taking_part(members)
    shown = shown if len(shown) else members
    return compare.member_successors(shown, successors, names_2024).assign(
        joined_year=pd.to_datetime(shown["joined_on"]).dt.year.to_numpy())  # where its change since joining starts


def network_table(programme: rules.Programme, on: date, theme_ids: list[str] | None) -> pd.DataFrame:
    """The networks that exist on the date; an establishment date shows only once it has passed."""
    table = rules.network_table_on(programme, on, theme_ids)
    return table.assign(established_on=table["established_on"].where(table["status"] == rules.ESTABLISHED))


# --- Municipalities ---------------------------------------------------------------------------------------

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


def municipality_options(successors: pd.DataFrame, names_2024: Mapping[str, str]) -> dict[str, str]:
    """Code -> label for the municipality selector: today's municipalities by name, then every older
    municipality whose name is gone, under its own name and number, pointing to today's («Frei (1556) →
    Kristiansund»), so typing an old name finds it.

    An older code whose name lives on in its successor (Bergen 1201, now 4601) is left out: typing the
    name finds today's municipality, and the old number still works in a link. Every rerun sends the
    list to the browser, so it holds no option that a name already finds."""
    today = {code: f"{name} ({code})" for code, name in sorted(names_2024.items(), key=lambda item: item[1])}
    older = successors[~successors.index.isin(list(names_2024))].sort_values("name")
    for code, row in older.iterrows():
        now = [names_2024.get(c, c) for c in row["successor_codes"]]
        if row["name"] not in now:
            today[code] = f"{row['name']} ({code}) → {', '.join(now)}"
    return today


def member_networks_by_code(programme: rules.Programme, successors: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per 2024 municipality, the memberships (ever) of the municipalities that are part of it: one row
    per network (indexed by network id) with its name, the earliest join and decision, and the members'
    names as they were; in order of joining. A municipality that never took part has no entry: see
    member_networks."""
    memberships = programme.memberships.assign(
        successor_code=programme.memberships["municipality_code"].map(successors["successor_code"]))
    names = programme.networks.set_index("network_id")["name"]
    grouped = memberships.groupby(["successor_code", "network_id"]).agg(
        joined_on=("joined_on", "min"), decision_on=("decision_on", "min"), members=("municipality_name", list))
    grouped = grouped.assign(network_name=grouped.index.get_level_values("network_id").map(names))
    return {code: networks.droplevel("successor_code").sort_values("joined_on", kind="stable")
            for code, networks in grouped.groupby(level="successor_code", sort=False)}


def member_networks(programme: rules.Programme, by_code: Mapping[str, pd.DataFrame], code: str) -> pd.DataFrame:
    """The networks today's municipality `code` took part in (member_networks_by_code); no rows for one
    that never took part."""
    if code in by_code:
        return by_code[code]
    empty = pd.DataFrame({"joined_on": pd.Series(dtype=programme.memberships["joined_on"].dtype),
                          "decision_on": pd.Series(dtype=programme.memberships["decision_on"].dtype),
                          "members": pd.Series(dtype=object), "network_name": pd.Series(dtype=object)})
    return empty.rename_axis("network_id")


# --- Indicators ---------------------------------------------------------------------------------------

def indicators_for(catalogue: pd.DataFrame, theme_ids: list[str]) -> list[Indicator]:
    """The indicators of the themes, in the catalogue's order (real data before example data)."""
    rows = catalogue[catalogue["theme_id"].isin(theme_ids)]
    order = {theme_id: i for i, theme_id in enumerate(theme_ids)}
    rows = rows.assign(_theme=rows["theme_id"].map(order)).sort_values("_theme", kind="stable")
    return [Indicator.from_row(row) for row in rows.to_dict("records")]


@dataclass(frozen=True)
class IndicatorChoice:
    """The indicator a page shows and the ones it offers: only those with figures for what it shows."""
    indicator_id: str | None
    offered: list[str]  # with figures, in the page's order
    without: str = ""  # Markdown-safe: how many are left out for want of figures, in one line
    without_names: str = ""  # Markdown-safe: which they are, behind the line (a list can run long)
    notice: str | None = None  # Markdown-safe: the one asked for has no figures, and what is shown instead


def indicator_choice(options: list[str], with_figures: Collection[str], wanted: str | None, first: str | None,
                     labels: Mapping[str, str], whose: str) -> IndicatorChoice:
    """The one rule for a default indicator: never one without figures for what the page shows. Of
    `options` (the page's order), those in `with_figures` are offered; the one `wanted` where offered,
    else `first` where offered, else the first offered. `whose`: for whom the figures are missing
    («medlemmene», «Gol»), in the notices."""
    offered = [i for i in options if i in with_figures]
    missing = [i for i in options if i not in with_figures]
    count = f"{len(missing)} {'indikator' if len(missing) == 1 else 'indikatorer'}"
    without = md(f"{count} uten tall for {whose} er ikke å velge.") if missing else ""
    names = md(f"Uten tall for {whose}: " + "; ".join(labels[i] for i in missing) + ".") if missing else ""
    if wanted in offered:
        return IndicatorChoice(wanted, offered, without, names)
    shown = first if first in offered else (offered[0] if offered else None)
    notice = None
    if wanted in missing and shown is not None:
        notice = md(f"{labels[wanted]} har ingen tall for {whose}. Viser {labels[shown]} i stedet.")
    return IndicatorChoice(shown, offered, without, names, notice)


def indicator_labels(catalogue: pd.DataFrame) -> dict[str, str]:
    """indicator_label for every indicator, by id."""
    return {row["indicator_id"]: indicator_label(row) for row in catalogue.to_dict("records")}


def indicator_label(row: Mapping) -> str:
    """An indicator as a list names it: «(eksempeldata)» for generated figures, and its coverage when it
    covers too little of the country for a national figure («– tall for 17 kommuner i Telemark»)."""
    coverage = coverage_of(row)
    if row["is_example"]:
        return f"{row['name']} ({EXAMPLE_LABEL.lower()})"
    return f"{row['name']} – {coverage.text()}" if not coverage.national else row["name"]


def year_values(series: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The rows of one year of a series of every municipality."""
    return series[series["year"] == year].reset_index(drop=True)


@dataclass(frozen=True)
class Metric:
    """A headline number as st.metric shows it (label, value and help: Markdown-safe)."""
    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    delta_color: str = "normal"
