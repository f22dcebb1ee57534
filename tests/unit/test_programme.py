"""Status rules on hand-made data, where every answer can be worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import rules
from kommunedata import views

D = pd.Timestamp


def small_programme() -> rules.Programme:
    networks = pd.DataFrame({
        "network_id": ["a", "b", "c"],
        "name": ["Alfa", "Beta", "Gamma"],
        "created_on": [D("2006-03-01"), D("2007-01-01"), D("2008-05-01")],
        "established_on": [D("2006-09-01"), pd.NaT, D("2008-09-01")],
        "county_code": ["04", "05", "04"],
        "county_name": ["Hedmark", "Oppland", "Hedmark"],
    })
    themes = pd.DataFrame({
        "network_id": ["a", "a", "b", "c", "a"],
        "theme_id": ["klima_energi", "areal", "folkehelse", "klima_energi", "kulturarv"],
        "chosen_on": [D("2006-03-01"), D("2006-03-01"), D("2007-01-01"), D("2008-05-01"), D("2009-01-01")],
    })
    memberships = pd.DataFrame({
        "network_id": ["a", "a", "a", "b", "b", "c"],
        "municipality_code": ["0401", "0402", "0403", "0501", "0502", "0404"],
        "municipality_name": ["Kongsvinger", "Hamar", "Ringsaker", "Lillehammer", "Gjøvik", "Løten"],
        "joined_on": [D("2006-03-01"), D("2006-04-01"), D("2006-04-01"), D("2007-01-01"), D("2007-02-01"), D("2008-05-01")],
        "decision_on": [D("2006-05-01"), D("2006-09-01"), pd.NaT, D("2007-03-01"), pd.NaT, D("2008-06-01")],
        "left_on": [pd.NaT, pd.NaT, D("2007-06-01"), pd.NaT, pd.NaT, pd.NaT],
    })
    return rules.Programme(networks, themes, memberships)


def test_dates_are_inclusive():
    p = small_programme()
    assert rules.status_on(p, date(2006, 8, 31)).networks_establishing == 1
    on_the_day = rules.status_on(p, date(2006, 9, 1))
    assert (on_the_day.networks_established, on_the_day.networks_establishing) == (1, 0)
    assert on_the_day.municipalities_decided == 2  # 0402 decided that very day


def test_members_who_left_are_not_counted():
    p = small_programme()
    assert rules.status_on(p, date(2007, 5, 31)) == rules.StatusCounts(3, 2, 1, 1)
    assert rules.status_on(p, date(2007, 6, 1)) == rules.StatusCounts(3, 1, 1, 1)


def test_before_anything_exists_everything_is_zero():
    assert rules.status_on(small_programme(), date(2006, 1, 1)) == rules.StatusCounts(0, 0, 0, 0)


def test_theme_filter_narrows_networks_and_members():
    p = small_programme()
    assert rules.status_on(p, date(2008, 12, 31), ["klima_energi"]) == rules.StatusCounts(3, 0, 2, 0)
    assert rules.status_on(p, date(2008, 12, 31), ["folkehelse"]) == rules.StatusCounts(1, 1, 0, 1)
    # kulturarv is chosen by network a only from 2009
    assert rules.status_on(p, date(2008, 12, 31), ["kulturarv"]).networks_established == 0
    assert rules.status_on(p, date(2009, 1, 1), ["kulturarv"]).networks_established == 1


def test_theme_status_counts_networks_and_members():
    themes = pd.DataFrame({
        "theme_id": ["klima_energi", "areal", "folkehelse", "kulturarv"],
        "name": ["K", "A", "F", "Ku"], "short_name": ["K", "A", "F", "Ku"], "sort_order": [1, 2, 3, 4],
    })
    status = rules.theme_status_on(small_programme(), themes, date(2008, 5, 1)).set_index("theme_id")
    assert status.loc["klima_energi"].to_dict() == {
        "name": "K", "short_name": "K", "sort_order": 1,
        "networks_established": 1, "networks_establishing": 1, "municipalities": 3,
    }
    assert status.loc["folkehelse", "networks_establishing"] == 1
    assert status.loc["kulturarv", "municipalities"] == 0


@pytest.mark.parametrize("on", [date(2006, 1, 1), date(2007, 5, 31), date(2008, 5, 1), date(2009, 1, 1)])
def test_theme_status_by_county_is_each_countys_own(on):
    """One pass for every county gives, for each, what the programme restricted to it gives."""
    themes = pd.DataFrame({"theme_id": ["klima_energi", "areal", "folkehelse", "kulturarv"],
                           "name": ["K", "A", "F", "Ku"], "short_name": ["K", "A", "F", "Ku"], "sort_order": [4, 2, 3, 1]})
    every = rules.theme_status_on(small_programme(), themes, on, by_county=True)
    assert sorted(set(every["county_code"])) == ["04", "05"] and len(every) == 8
    for county in ["04", "05"]:
        own = rules.theme_status_on(rules.restrict_to_county(small_programme(), county), themes, on)
        rows = every[every["county_code"] == county].drop(columns="county_code").reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, own)
    if on == date(2008, 5, 1):  # Hedmark: Alfa established, Gamma starting, both on klima og energi
        hedmark = every[(every["county_code"] == "04")].set_index("theme_id")
        assert hedmark.loc["klima_energi", ["networks_established", "networks_establishing", "municipalities"]].tolist() == [1, 1, 3]


def test_network_table():
    table = rules.network_table_on(small_programme(), date(2008, 6, 1))
    assert list(table["name"]) == ["Alfa", "Beta", "Gamma"]
    assert list(table["status"]) == ["established", "establishing", "establishing"]
    assert list(table["members"]) == [2, 2, 1]
    assert list(table["decided"]) == [2, 1, 1]
    assert table.loc[0, "theme_ids"] == ["areal", "klima_energi"]
    only_04 = rules.network_table_on(rules.restrict_to_county(small_programme(), "04"), date(2008, 6, 1))
    assert list(only_04["name"]) == ["Alfa", "Gamma"]
    assert rules.status_on(rules.restrict_to_county(small_programme(), "05"), date(2008, 6, 1)) == rules.StatusCounts(1, 1, 0, 1)


def test_timeline_is_monthly_and_ends_on_the_end_date():
    line = rules.timeline(small_programme(), date(2006, 1, 1), date(2006, 12, 15))
    assert len(line) == 13
    assert line["date"].iloc[-1] == D("2006-12-15")
    assert line.set_index("date").loc[D("2006-10-01"), "networks_established"] == 1


def test_member_status_on_a_date():
    p = small_programme()
    status = rules.member_status(p, p.memberships, date(2007, 6, 1))
    assert list(status) == ["decided", "decided", "left", "decided", "pending", "not_yet"]


def test_members_on_a_date_with_their_network_and_status():
    p = small_programme()
    members = rules.members_on(p, date(2007, 5, 31))
    assert dict(zip(members["municipality_code"], members["status"])) == {
        "0401": rules.DECIDED, "0402": rules.DECIDED, "0403": rules.PENDING,
        "0501": rules.DECIDED, "0502": rules.PENDING,
    }
    assert set(members.loc[members["network_id"] == "b", "network_name"]) == {"Beta"}
    health = rules.members_on(p, date(2007, 5, 31), ["folkehelse"])
    assert sorted(health["municipality_code"]) == ["0501", "0502"]
    assert rules.members_on(p, date(2006, 1, 1)).empty


def edge_programme() -> rules.Programme:
    """One network, created 1 March 2007 and established 1 June 2007, with a member of each awkward kind:
    0901 joins on 1 February 2007, before its network is created; 0902 leaves on 1 September 2007;
    0903 decides late (2008); 0904 and 0905 merge into one 2024 municipality (9999)."""
    networks = pd.DataFrame({
        "network_id": ["n"], "name": ["Nett"], "created_on": [D("2007-03-01")],
        "established_on": [D("2007-06-01")], "county_code": ["09"], "county_name": ["Aust-Agder"],
    })
    themes = pd.DataFrame({"network_id": ["n", "n"], "theme_id": ["klima_energi", "kulturarv"],
                           "chosen_on": [D("2007-03-01"), D("2007-03-01")]})
    memberships = pd.DataFrame({
        "network_id": ["n"] * 5,
        "municipality_code": ["0901", "0902", "0903", "0904", "0905"],
        "municipality_name": ["Før", "Ut", "Sein", "Tvilling A", "Tvilling B"],
        "joined_on": [D("2007-02-01"), D("2007-03-01"), D("2007-03-15"), D("2007-04-01"), D("2007-04-01")],
        "decision_on": [D("2007-02-15"), D("2007-04-01"), D("2008-02-01"), D("2007-05-01"), D("2007-05-01")],
        "left_on": [pd.NaT, D("2007-09-01"), pd.NaT, pd.NaT, pd.NaT],
        "lon": [8.0] * 5, "lat": [58.5] * 5,
    })
    return rules.Programme(networks, themes, memberships)


# (date, members taking part, of which decided), worked out by hand from edge_programme's docstring.
EDGE_CASES = [
    (date(2007, 2, 20), set(), 0),  # 0901 has joined and decided, but its network has not started
    (date(2007, 3, 1), {"0901", "0902"}, 1),  # created: 0901 counts from today, decided already
    (date(2007, 4, 1), {"0901", "0902", "0903", "0904", "0905"}, 2),  # 0902 decides that day; 0903-0905 pending
    (date(2007, 8, 31), {"0901", "0902", "0903", "0904", "0905"}, 4),  # the last day 0902 takes part
    (date(2007, 9, 1), {"0901", "0903", "0904", "0905"}, 3),  # 0902 has left
    (date(2008, 2, 1), {"0901", "0903", "0904", "0905"}, 4),  # 0903 decided that day
]


@pytest.mark.parametrize("on, taking_part, decided", EDGE_CASES)
def test_every_page_counts_the_same_members(on, taking_part, decided):
    p = edge_programme()
    # Temastatus: the headline numbers, the theme chart and the network table
    counts = rules.status_on(p, on)
    assert (counts.municipalities_decided, counts.municipalities_pending) == (decided, len(taking_part) - decided)
    themes = pd.DataFrame({"theme_id": ["klima_energi"], "name": ["K"], "short_name": ["K"], "sort_order": [1]})
    assert rules.theme_status_on(p, themes, on).loc[0, "municipalities"] == len(taking_part)
    table = views.common.network_table(p, on, None)
    assert table["members"].sum() == len(taking_part) and table["decided"].sum() == decided
    # Nettverk: the member list with each member's status
    members = views.common.members_by_network(p, on)["n"]
    shown = members[members["status"].isin([rules.DECIDED, rules.PENDING])]
    assert set(shown["municipality_code"]) == taking_part
    assert (members["status"] == rules.DECIDED).sum() == decided
    # Kart: the points on the map
    points = rules.members_on(p, on, None)
    assert set(points["municipality_code"]) == taking_part
    assert (points["status"] == rules.DECIDED).sum() == decided


def test_a_member_before_its_network_starts_is_not_yet_taking_part():
    p = edge_programme()
    members = views.common.members_by_network(p, date(2007, 2, 20))["n"].set_index("municipality_code")["status"]
    assert members["0901"] == rules.NOT_YET
    assert views.common.network_headers(p, date(2007, 2, 20))["n"].status is None


def test_yearly_figures_count_members_on_31_december():
    p = edge_programme()
    assert set(rules.members_in_year(p, 2007)["municipality_code"]) == {"0901", "0903", "0904", "0905"}
    assert rules.members_in_year(p, 2006).empty


def test_a_2024_municipality_holding_two_members_counts_once():
    p = edge_programme()
    successor_of = {"0901": "0901", "0902": "0902", "0903": "0903", "0904": "9999", "0905": "9999"}
    members = rules.members_in_year(p, 2007)
    assert len(members) == 4  # programme counts: municipalities as they were
    on_2024_borders = rules.successors_of_members(members, successor_of)
    assert sorted(on_2024_borders["successor_code"]) == ["0901", "0903", "9999"]


def test_network_header_on_a_date():
    p = small_programme()
    header = views.common.network_headers(p, date(2008, 6, 1))["c"]
    assert (header.status, header.established_on, header.planned_established_on) == (
        rules.ESTABLISHING, None, date(2008, 9, 1))
    assert header.theme_ids == ["klima_energi"]
    later = views.common.network_headers(p, date(2009, 1, 1))["a"]
    assert (later.status, later.established_on) == (rules.ESTABLISHED, date(2006, 9, 1))
    assert later.theme_ids == ["areal", "klima_energi", "kulturarv"]


def test_network_table_shows_an_establishment_date_only_once_it_has_passed():
    table = views.common.network_table(small_programme(), date(2008, 6, 1), None).set_index("network_id")
    assert table.loc["a", "established_on"] == D("2006-09-01")
    assert pd.isna(table.loc["c", "established_on"])  # established 1 September 2008


def _counted_by_hand(programme: rules.Programme, on: date, theme_ids: list[str]) -> dict[str, int]:
    """The headline numbers on one date, row by row in plain Python: the reference for the vectorised pass."""
    day = pd.Timestamp(on)

    def by(value) -> bool:
        return pd.notna(value) and pd.Timestamp(value) <= day

    counted = {}
    for n in programme.networks.itertuples():
        chosen = programme.network_themes[(programme.network_themes["network_id"] == n.network_id)]
        if theme_ids and not any(by(t.chosen_on) for t in chosen.itertuples() if t.theme_id in theme_ids):
            continue
        if by(n.created_on):
            counted[n.network_id] = by(n.established_on)
    decided = pending = 0
    for m in programme.memberships.itertuples():
        if m.network_id in counted and by(m.joined_on) and not by(m.left_on):
            decided, pending = (decided + 1, pending) if by(m.decision_on) else (decided, pending + 1)
    return {"municipalities_decided": decided, "municipalities_pending": pending,
            "networks_established": sum(counted.values()),
            "networks_establishing": sum(not e for e in counted.values())}


@pytest.mark.parametrize("theme_ids", [[], ["klima_energi"], ["folkehelse", "kulturarv"], ["internasjonalt"]])
def test_the_vectorised_counts_agree_with_counting_by_hand_on_every_day(theme_ids):
    for programme in (small_programme(), edge_programme()):
        days = list(pd.date_range("2005-12-01", "2011-02-01", freq="9D").date)
        counts = rules.status_counts(programme, days, theme_ids)
        assert list(counts["date"].dt.date) == days
        for row, day in zip(counts.to_dict("records"), days):
            expected = _counted_by_hand(programme, day, theme_ids)
            assert {k: int(row[k]) for k in expected} == expected, day
            assert rules.status_on(programme, day, theme_ids).__dict__ == expected


def test_a_county_without_networks_counts_nothing():
    empty = rules.restrict_to_county(small_programme(), "03")
    assert rules.status_on(empty, date(2008, 1, 1)).__dict__ == {
        "municipalities_decided": 0, "municipalities_pending": 0, "networks_established": 0, "networks_establishing": 0}
    assert rules.timeline(empty, date(2006, 1, 1), date(2006, 3, 1))["networks_established"].tolist() == [0, 0, 0]
