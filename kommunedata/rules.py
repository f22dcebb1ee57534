"""Programme status rules: which networks are established and which members have decided, on a date.

Plain functions over small DataFrames (a few hundred rows even with the real programme imported), so
every page and every test uses the same definitions, each written once here:
- a network is *being established* from `created_on`, and *established* from `established_on`;
- a municipality *takes part* on day D when `joined_on <= D`, (`left_on` is empty or `D < left_on`)
  and its network's `created_on <= D` (a member listed before its network started does not count yet);
- a member *has decided* from `decision_on` (the council's decision); before that it is *pending*;
- in yearly figures a member counts in year Y when it takes part on 31 December of Y;
- a network works on a theme from that theme's `chosen_on`.
All dates are inclusive: a network established on 2007-08-28 counts as established on that day.
Programme counts count municipalities as they were (168 on 28.08.2007); figures on 2024 borders count
a 2024 municipality that holds two members once (`successors_of_members`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

ESTABLISHED = "established"
ESTABLISHING = "establishing"
# A membership's state on a date
DECIDED, PENDING, NOT_YET, LEFT = "decided", "pending", "not_yet", "left"


@dataclass(frozen=True)
class Programme:
    networks: pd.DataFrame  # network_id, name, created_on, established_on, ...
    network_themes: pd.DataFrame  # network_id, theme_id, chosen_on
    memberships: pd.DataFrame  # network_id, municipality_code, joined_on, decision_on, left_on, ...


@dataclass(frozen=True)
class StatusCounts:
    municipalities_decided: int
    municipalities_pending: int
    networks_established: int
    networks_establishing: int


def _on(column: pd.Series, on: date) -> pd.Series:
    """True where the date in `column` is on or before `on` (missing dates never are)."""
    return pd.Series(_on_dates(column, _as_dates([on]))[0], index=column.index)


def _as_dates(days) -> np.ndarray:
    return pd.to_datetime(pd.Series(list(days))).to_numpy(dtype="datetime64[ns]")


def _on_dates(column: pd.Series, dates: np.ndarray) -> np.ndarray:
    """A dates × rows matrix: True where the row's date is on or before the date (NaT never is)."""
    values = pd.to_datetime(column).to_numpy(dtype="datetime64[ns]")
    return values[None, :] <= dates[:, None]


def _network_matrix(networks: pd.DataFrame, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(created, established): dates × networks, each True from its date on."""
    return _on_dates(networks["created_on"], dates), _on_dates(networks["established_on"], dates)


def _member_matrix(programme: Programme, memberships: pd.DataFrame,
                   dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(taking_part, left, decided, network): dates × memberships, and each membership's position in
    `programme.networks` (-1 for an unknown network). Taking part: joined and its network started, not left."""
    network = pd.Index(programme.networks["network_id"]).get_indexer(memberships["network_id"])
    created = pd.to_datetime(programme.networks["created_on"]).to_numpy(dtype="datetime64[ns]")
    started_on = np.where(network >= 0, created[np.clip(network, 0, None)] if len(created) else np.datetime64("NaT"),
                          np.datetime64("NaT"))
    started = started_on[None, :] <= dates[:, None]
    joined = _on_dates(memberships["joined_on"], dates)
    left = _on_dates(memberships["left_on"], dates)
    decided = _on_dates(memberships["decision_on"], dates)
    return joined & started & ~left, left, decided, network


def restrict_to_county(programme: Programme, county_code: str | None) -> Programme:
    """Only the networks whose members are mostly in the county (all when no county is given)."""
    if not county_code:
        return programme
    keep = set(programme.networks.loc[programme.networks["county_code"] == county_code, "network_id"])
    return Programme(
        networks=programme.networks[programme.networks["network_id"].isin(keep)],
        network_themes=programme.network_themes[programme.network_themes["network_id"].isin(keep)],
        memberships=programme.memberships[programme.memberships["network_id"].isin(keep)],
    )


def network_status(networks: pd.DataFrame, on: date) -> pd.Series:
    """'established', 'establishing' or None for each network on the date."""
    created, established = (m[0] for m in _network_matrix(networks, _as_dates([on])))
    status = np.where(established, ESTABLISHED, np.where(created, ESTABLISHING, None))
    return pd.Series(status, index=networks.index, dtype=object)


def member_status(programme: Programme, memberships: pd.DataFrame, on: date) -> pd.Series:
    """DECIDED, PENDING, NOT_YET (joins later, or its network has not started) or LEFT for each
    membership (rows of `programme.memberships`) on the date: the one definition of taking part
    (`_member_matrix`, which `status_counts` uses for many dates at once)."""
    taking_part, left, decided, _network = (m[0] if m.ndim == 2 else m
                                            for m in _member_matrix(programme, memberships, _as_dates([on])))
    status = np.where(left, LEFT, np.where(~taking_part, NOT_YET, np.where(decided, DECIDED, PENDING)))
    return pd.Series(status, index=memberships.index, dtype=object)


def taking_part_on(programme: Programme, memberships: pd.DataFrame, dates) -> np.ndarray:
    """Dates × memberships: True where the membership takes part on the date (DECIDED or PENDING in
    member_status), for many dates in one pass."""
    return _member_matrix(programme, memberships, _as_dates(dates))[0]


def active_members(programme: Programme, on: date) -> pd.DataFrame:
    """Memberships taking part on the date, with a boolean `decided` column."""
    status = member_status(programme, programme.memberships, on)
    active = programme.memberships[status.isin([DECIDED, PENDING])]
    return active.assign(decided=status[active.index] == DECIDED)


def members_compared(programme: Programme, on: date) -> pd.DataFrame:
    """The memberships whose values make each network's mean, the same in every year: those taking
    part on the date (the network as the page shows it on that date); for a network with none taking
    part then (not started yet), every membership it has. Nettverk, Utvikling and the slides use this
    one rule, so a mean read on one page is the mean on another."""
    memberships = programme.memberships
    taking_part = member_status(programme, memberships, on).isin([DECIDED, PENDING])
    any_taking_part = taking_part.groupby(memberships["network_id"]).transform("any")
    return memberships[taking_part | ~any_taking_part]


def members_in_year(programme: Programme, year: int) -> pd.DataFrame:
    """The members that count in a year's figures: those taking part on 31 December of that year."""
    return active_members(programme, date(year, 12, 31))


def successors_of_members(members: pd.DataFrame, successor_of: Mapping[str, str]) -> pd.DataFrame:
    """`network_id` and 2024 `successor_code` of each member, once per network: two members that
    merged into one 2024 municipality give one row, so it counts once in sums and means on 2024
    borders. `successor_of` maps a code to its main 2024 successor (its largest part)."""
    pairs = members.assign(successor_code=members["municipality_code"].map(successor_of))
    return pairs[["network_id", "successor_code"]].dropna().drop_duplicates().reset_index(drop=True)


def themes_on(network_themes: pd.DataFrame, on: date) -> pd.DataFrame:
    return network_themes[_on(network_themes["chosen_on"], on)]


def networks_with_themes(programme: Programme, on: date, theme_ids: list[str] | None) -> set[str]:
    """Networks working on any of the themes on the date; every network when no theme is given."""
    if not theme_ids:
        return set(programme.networks["network_id"])
    chosen = themes_on(programme.network_themes, on)
    return set(chosen.loc[chosen["theme_id"].isin(theme_ids), "network_id"])


def members_on(programme: Programme, on: date, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """The members on the date of the networks working on any of the themes (all networks when none),
    with their network's name and `status` DECIDED or PENDING."""
    members = active_members(programme, on)
    members = members[members["network_id"].isin(networks_with_themes(programme, on, theme_ids))]
    names = programme.networks.set_index("network_id")["name"]
    return members.assign(
        network_name=members["network_id"].map(names),
        status=members["decided"].map({True: DECIDED, False: PENDING}),
    )


def status_on(programme: Programme, on: date, theme_ids: list[str] | None = None) -> StatusCounts:
    """The headline numbers: members with a decision and pending, networks established and being so."""
    counts = status_counts(programme, [on], theme_ids)
    return StatusCounts(**{name: int(counts[name].iloc[0]) for name in StatusCounts.__dataclass_fields__})


def status_counts(programme: Programme, dates, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """The headline numbers on many dates in one vectorised pass (dates × networks and dates × members
    as boolean matrices: a few thousand cells for the whole programme), one row per date: `date` and
    the fields of StatusCounts. Networks count when they work on any of the themes on the date (all
    networks when none is given); members when they take part and their network counts."""
    days = _as_dates(dates)
    networks = programme.networks
    created, established = _network_matrix(networks, days)
    if theme_ids:
        chosen = programme.network_themes[programme.network_themes["theme_id"].isin(theme_ids)]
        first_chosen = chosen.groupby("network_id")["chosen_on"].min()
        # reindex, not map: pandas cannot map through an empty Series of dates
        selected = _on_dates(first_chosen.reindex(networks["network_id"]), days)
    else:
        selected = np.ones((len(days), len(networks)), dtype=bool)
    taking_part, _left, decided, network = _member_matrix(programme, programme.memberships, days)
    counting = (selected & created)[:, np.clip(network, 0, None)] & (network >= 0) if len(networks) else \
        np.zeros_like(taking_part)
    members = taking_part & counting
    return pd.DataFrame({
        "date": pd.to_datetime(days),
        "municipalities_decided": (members & decided).sum(axis=1),
        "municipalities_pending": (members & ~decided).sum(axis=1),
        "networks_established": (selected & established).sum(axis=1),
        "networks_establishing": (selected & created & ~established).sum(axis=1),
    })


def theme_status_on(programme: Programme, themes: pd.DataFrame, on: date, by_county: bool = False) -> pd.DataFrame:
    """Per theme: established networks, networks being established, and member municipalities. With
    `by_county`, per county and theme in one pass, for every county with networks (`county_code`): a
    county's rows are what restrict_to_county(programme, county) gives (a network counts in its own
    county), so a page can look a county up instead of working it out anew."""
    status = network_status(programme.networks, on).rename("status")
    networks = programme.networks[["network_id", "county_code"]].join(status)
    chosen = themes_on(programme.network_themes, on).merge(networks, on="network_id")
    chosen = chosen[chosen["status"].notna()]
    members = active_members(programme, on)
    per_theme = chosen.merge(members[["network_id", "municipality_code"]], on="network_id", how="left")
    keys = ["county_code", "theme_id"] if by_county else ["theme_id"]
    counts = pd.DataFrame(
        {
            "networks_established": chosen[chosen["status"] == ESTABLISHED].groupby(keys).size(),
            "networks_establishing": chosen[chosen["status"] == ESTABLISHING].groupby(keys).size(),
            "municipalities": per_theme.groupby(keys)["municipality_code"].nunique(),
        }
    )
    out = themes[["theme_id", "name", "short_name", "sort_order"]]
    if by_county:
        counties = pd.DataFrame({"county_code": sorted(set(programme.networks["county_code"].dropna()))})
        out = counties.merge(out, how="cross")
    out = out.merge(counts, left_on=keys, right_index=True, how="left")
    count_columns = ["networks_established", "networks_establishing", "municipalities"]
    out[count_columns] = out[count_columns].fillna(0).astype(int)
    return out.sort_values([*keys[:-1], "sort_order"]).reset_index(drop=True)


def network_table_on(programme: Programme, on: date, theme_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per network that exists on the date: status, themes, members, decisions, main county."""
    selected = networks_with_themes(programme, on, theme_ids)
    networks = programme.networks[programme.networks["network_id"].isin(selected)]
    networks = networks.assign(status=network_status(networks, on))
    networks = networks[networks["status"].notna()]
    members = active_members(programme, on)
    counts = members.groupby("network_id").agg(members=("municipality_code", "size"), decided=("decided", "sum"))
    chosen = themes_on(programme.network_themes, on)
    theme_lists = chosen.sort_values("theme_id").groupby("network_id")["theme_id"].agg(list)
    table = networks.join(counts, on="network_id").join(theme_lists.rename("theme_ids"), on="network_id")
    table[["members", "decided"]] = table[["members", "decided"]].fillna(0).astype(int)
    table["theme_ids"] = table["theme_ids"].apply(lambda ids: ids if isinstance(ids, list) else [])
    order = table["status"].map({ESTABLISHED: 0, ESTABLISHING: 1})
    return table.assign(_order=order).sort_values(["_order", "name"]).drop(columns="_order").reset_index(drop=True)


def timeline(
    programme: Programme, start: date, end: date, freq: str = "MS", theme_ids: list[str] | None = None
) -> pd.DataFrame:
    """Status counts at the start of every period (month by default) from start to end, plus `end`."""
    dates = list(pd.date_range(start, end, freq=freq).date)
    if not dates or dates[-1] != end:
        dates.append(end)
    return status_counts(programme, dates, theme_ids)


def default_network(
    programme: Programme, on: date, theme_ids: list[str] | None = None, county_code: str | None = None
) -> str | None:
    """The network a page opens on when none is chosen: the first by name that is established on the
    date (narrowed by themes and county when chosen), else the first that has started, else the first
    to start; None only for a programme without networks."""
    scoped = restrict_to_county(programme, county_code)
    with_themes = networks_with_themes(scoped, on, theme_ids)
    candidates = scoped.networks[scoped.networks["network_id"].isin(with_themes)]
    if candidates.empty:
        candidates = programme.networks
    status = network_status(candidates, on)
    for wanted in (status == ESTABLISHED, status.notna()):
        if wanted.any():
            return candidates[wanted].sort_values("name")["network_id"].iloc[0]
    if candidates.empty:
        return None
    return candidates.sort_values(["created_on", "name"])["network_id"].iloc[0]


def default_member(programme: Programme, on: date, theme_ids: list[str] | None, county_code: str | None,
                   network_id: str | None, successor_of: Mapping[str, str]) -> str | None:
    """The municipality (its 2024 code) a page opens on when none is chosen: a member of the network
    (the default network when none is given) taking part on the date, else any of its members; one
    whose code is still today's before one that merged later, then by name. None only without members."""
    if network_id not in set(programme.networks["network_id"]):
        network_id = default_network(programme, on, theme_ids, county_code)
    members = programme.memberships[programme.memberships["network_id"] == network_id]
    taking_part = members[member_status(programme, members, on).isin([DECIDED, PENDING])]
    pool = (taking_part if not taking_part.empty else members).assign(
        today=lambda m: m["municipality_code"].map(successor_of))
    pool = pool.dropna(subset=["today"])
    if pool.empty:
        return None
    pool = pool.assign(merged=pool["today"] != pool["municipality_code"])
    return pool.sort_values(["merged", "municipality_name"])["today"].iloc[0]
