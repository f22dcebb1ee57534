"""Ready-to-show answers for the pages: each combines named queries and the programme's rules, so a
page only lays out what it gets. Plain functions, no Streamlit (the app caches them in `kommunedata.ui`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import programme as rules
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
    passed = pd.to_datetime(table["established_on"]).le(pd.Timestamp(on)).fillna(False).astype(bool)
    return table.assign(established_on=table["established_on"].where(passed))


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
