"""Status rules on hand-made data, where every answer can be worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata import programme as rules

D = pd.Timestamp


def small_programme() -> rules.Programme:
    networks = pd.DataFrame({
        "network_id": ["a", "b", "c"],
        "name": ["Alfa", "Beta", "Gamma"],
        "created_on": [D("2006-03-01"), D("2007-01-01"), D("2008-05-01")],
        "established_on": [D("2006-09-01"), pd.NaT, D("2008-09-01")],
        "county_code": ["04", "05", "04"],
    })
    themes = pd.DataFrame({
        "network_id": ["a", "a", "b", "c", "a"],
        "theme_id": ["klima_energi", "areal", "folkehelse", "klima_energi", "kulturarv"],
        "chosen_on": [D("2006-03-01"), D("2006-03-01"), D("2007-01-01"), D("2008-05-01"), D("2009-01-01")],
    })
    memberships = pd.DataFrame({
        "network_id": ["a", "a", "a", "b", "b", "c"],
        "municipality_code": ["0401", "0402", "0403", "0501", "0502", "0404"],
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
    status = rules.member_status(p.memberships, date(2007, 6, 1))
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
