"""URL parameters: one declaration each; parsing, validation against the data, defaults, writing back."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kommunedata import params
from kommunedata import rules
from kommunedata.params import PARAMS, Choices, dump_params, parse_params
from kommunedata.text import bad_param_notice
from tests.unit.test_programme import small_programme

CHOICES = Choices(
    themes={"klima_energi", "areal", "folkehelse"},
    counties={"04", "05"},
    networks={"hallingdal"},
    municipalities={"0301", "1556"},
    indicators={"folkemengde"},
    years=range(2005, 2027),
)


def test_valid_values_are_parsed():
    values, errors = parse_params(
        {"dato": "2008-01-01", "tema": "areal,klima_energi", "fylke": "05", "aar": "2010", "nettverk": "hallingdal"},
        CHOICES,
    )
    assert errors == []
    assert values == {"dato": date(2008, 1, 1), "tema": ["areal", "klima_energi"], "fylke": "05", "aar": 2010,
                      "nettverk": "hallingdal"}


def test_norwegian_date_format_is_accepted():
    assert parse_params({"dato": "28.08.2007"}, CHOICES)[0] == {"dato": date(2007, 8, 28)}


def test_invalid_values_are_reported_not_used():
    values, errors = parse_params(
        {"dato": "2011-01-01", "tema": "areal,x", "fylke": "0301", "aar": "1999", "kommune": "0301; --"}, CHOICES
    )
    assert values == {}
    assert sorted(name for name, _raw in errors) == ["aar", "dato", "fylke", "kommune", "tema"]


def test_only_whole_dates_are_accepted():
    for raw in ["28.08.2007garbage", "2007-08-28x", "2007-8-28", "28/08/2007", "31.02.2008", "2007-08-28T00:00"]:
        assert parse_params({"dato": raw}, CHOICES) == ({}, [("dato", raw)]), raw
    assert parse_params({"dato": " 1.9.2008 "}, CHOICES)[0] == {"dato": date(2008, 9, 1)}


def test_years_are_ascii_digits_the_data_holds():
    for raw in ["２０１０", "2010.0", "+2010", "1999"]:  # full-width digits pass str.isdigit()
        assert parse_params({"aar": raw}, CHOICES) == ({}, [("aar", raw)]), raw


def test_an_empty_value_means_nothing_chosen():
    assert parse_params({"fylke": "", "tema": "", "nettverk": " "}, CHOICES) == (
        {"fylke": None, "tema": None, "nettverk": None}, []
    )


def test_unknown_parameters_are_ignored():
    assert parse_params({"embed": "true", "foo": "bar"}, CHOICES) == ({}, [])


def test_duplicate_themes_collapse_and_empty_parts_are_dropped():
    assert parse_params({"tema": "areal,,areal"}, CHOICES)[0] == {"tema": ["areal"]}


def test_lists_flags_and_limits_of_the_trend_page():
    assert parse_params({"indikatorer": "folkemengde", "sammenlign": "0301,1556", "indeks": "2010", "glidende": "1"},
                        CHOICES) == ({"indikatorer": ["folkemengde"], "sammenlign": ["0301", "1556"], "indeks": 2010,
                                      "glidende": True}, [])
    assert parse_params({"indikatorer": "ingen"}, CHOICES)[0] == {"indikatorer": []}  # emptied on purpose
    assert dump_params({"indikatorer": [], "glidende": False, "sammenlign": []}, ["indikatorer", "glidende", "sammenlign"]) == {
        "indikatorer": "ingen"}
    assert dump_params({"indikatorer": None}, ["indikatorer"]) == {}  # not chosen: the page's default
    five = ",".join(["0301"] * 4 + ["1556"])
    assert parse_params({"sammenlign": "0301,1556,0301"}, CHOICES)[0] == {"sammenlign": ["0301", "1556"]}
    assert parse_params({"sammenlign": five}, Choices(municipalities={"0301", "1556"}))[1] == []  # duplicates collapse
    many = Choices(municipalities={"1", "2", "3", "4", "5"})
    assert parse_params({"sammenlign": "1,2,3,4,5"}, many)[1] == [("sammenlign", "1,2,3,4,5")]  # at most four
    assert parse_params({"glidende": "ja"}, CHOICES)[1] == [("glidende", "ja")]


def test_dump_leaves_out_empty_selections():
    assert dump_params({"dato": date(2007, 8, 28), "tema": [], "fylke": ""}, ["dato", "tema", "fylke"]) == {
        "dato": "2007-08-28"
    }
    assert dump_params({"tema": ["areal", "folkehelse"]}, ["tema"]) == {"tema": "areal,folkehelse"}


def test_every_parameter_declares_label_default_and_reach():
    assert list(PARAMS) == ["dato", "tema", "fylke", "nettverk", "kommune", "indikator", "aar", "tom", "basisaar",
                            "indikatorer", "sammenlign", "indeks", "glidende", "farge", "presentasjon", "lysbilder",
                            "lysbilde", "del", "intervall"]
    local = ["basisaar", "indikatorer", "sammenlign", "indeks", "glidende", "farge", "presentasjon", "lysbilder",
             "lysbilde", "del", "intervall"]
    assert [name for name, p in PARAMS.items() if not p.shared] == local  # the others follow the user
    assert PARAMS["aar"].label == "år"
    assert PARAMS["dato"].default(CHOICES, {}) == date(2007, 8, 28)
    assert PARAMS["kommune"].default(CHOICES, {}) == "0301"  # no programme to take a member from
    assert PARAMS["indikator"].default(CHOICES, {}) is None  # the page's: one with figures for what it shows
    # Preferred defaults the data does not hold fall back to the first value it does.
    assert PARAMS["kommune"].default(Choices(municipalities={"5001", "3301"}), {}) == "3301"


def test_a_link_keeps_the_last_year_of_each_indicator():
    choices = Choices(indicators={"folkemengde", "vaksine_mmr_2ar"}, years=range(2005, 2027))
    parsed = PARAMS["tom"].parse("vaksine_mmr_2ar:2018,folkemengde:2026", choices)
    assert parsed == {"vaksine_mmr_2ar": 2018, "folkemengde": 2026}
    assert PARAMS["tom"].dump(parsed) == "folkemengde:2026,vaksine_mmr_2ar:2018"  # sorted: one link per view
    for raw in ["ukjent:2018", "folkemengde:1990", "folkemengde", "folkemengde:20x8", ""]:
        with pytest.raises(ValueError):
            PARAMS["tom"].parse(raw, choices)
    assert PARAMS["tom"].shared and PARAMS["tom"].default(choices, {}) is None


def test_the_default_municipality_is_a_member_on_the_chosen_date():
    today = {"0401": "3401", "0402": "3403", "0403": "0403", "0501": "3405", "0502": "0502", "0404": "0404"}
    choices = Choices(networks={"a", "b", "c"}, municipalities=set(today) | set(today.values()),
                      programme=small_programme(), successor_of=today)
    default = PARAMS["kommune"].default
    # Alfa on its first day: Kongsvinger and Hamar merged later, Ringsaker is today's as it was
    assert default(choices, {"dato": date(2006, 9, 1)}) == "0403"
    # Ringsaker left on 2007-06-01: of those taking part, a merged one (Hamar, by name) as today's code
    assert default(choices, {"dato": date(2007, 6, 1)}) == "3403"
    assert default(choices, {"dato": date(2007, 6, 1), "nettverk": "b"}) == "0502"  # the network chosen
    assert default(choices, {"dato": date(2008, 12, 31), "fylke": "05"}) == "0502"  # the county's network
    assert default(choices, {"dato": date(2006, 1, 1)}) == "0403"  # nothing started: a member of the first


def test_the_default_network_is_established_on_the_chosen_date():
    choices = Choices(networks={"a", "b", "c"}, programme=small_programme())
    default = PARAMS["nettverk"].default
    assert default(choices, {"dato": date(2006, 9, 1)}) == "a"  # Alfa is established that day
    assert default(choices, {"dato": date(2008, 12, 31), "tema": ["folkehelse"]}) == "b"  # being established
    assert default(choices, {"dato": date(2008, 12, 31), "fylke": "05"}) == "b"
    assert default(choices, {"dato": date(2006, 1, 1)}) == "a"  # nothing has started: the first to start
    programme = choices.programme
    for day in pd.date_range("2006-01-01", "2010-12-31", freq="17D").date:
        started = rules.network_status(programme.networks, day).notna()
        chosen = programme.networks["network_id"] == default(choices, {"dato": day})
        assert started[chosen].all() or not started.any(), day  # never one that has not started, where one has
        if (rules.network_status(programme.networks, day) == rules.ESTABLISHED).any():
            assert (rules.network_status(programme.networks, day)[chosen] == rules.ESTABLISHED).all(), day


_LINK_FREE = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(list(PARAMS)), raw=st.text())
def test_any_text_gives_a_valid_value_or_a_notice_without_a_live_link(name, raw):
    values, errors = parse_params({name: raw}, CHOICES)
    if errors:
        assert errors == [(name, raw)] and name not in values
        notice = bad_param_notice(PARAMS[name].label, raw)
        html = _LINK_FREE.render(notice)
        assert "<a " not in html and "<img" not in html, html
        assert html.count("<p>") == 1  # one paragraph: no heading, list, quote or table from the value
    elif name in values and values[name] is not None:
        assert params.is_valid(name, values[name], CHOICES)
        dumped = dump_params(values, [name])
        if dumped:  # what the app writes back reads as the same value
            assert parse_params(dumped, CHOICES) == ({name: values[name]}, [])
        else:  # e.g. `tema=,` or `glidende=0`: nothing chosen, so nothing is written
            assert values[name] in ([], "", False)


@settings(max_examples=100, deadline=None)
@given(raw=st.sampled_from(["[Logg inn](https://example.org/x)", "![x](https://example.org/p.png)",
                            "https://example.org", "www.example.org", "mail@example.org", "<https://e.org>"])
       .flatmap(lambda link: st.tuples(st.text(max_size=5), st.just(link), st.text(max_size=5))).map("".join))
def test_links_in_a_link_never_become_links_in_the_notice(raw):
    _values, errors = parse_params({"tema": raw}, CHOICES)
    notice = bad_param_notice("tema", errors[0][1])
    assert "<a " not in _LINK_FREE.render(notice)


def test_a_deck_is_a_list_of_slides_the_data_holds():
    choices = Choices(themes={"klima_energi", "areal"}, networks={"hallingdal", "midt-buskerud"})
    parse = PARAMS["lysbilder"].parse
    old = ["oversikt", "tema:areal", "nettverk:hallingdal", "kart", "oversikt"]  # a slide may come twice
    assert parse("oversikt,tema:areal,nettverk:hallingdal,kart,oversikt", choices) == old  # an older link
    assert parse("oversikt.tema-areal.nettverk-hallingdal.kart.oversikt", choices) == old
    assert PARAMS["lysbilder"].dump(old) == "oversikt.tema-areal.nettverk-hallingdal.kart.oversikt"
    assert parse("nettverk-alle.-nettverk-midt-buskerud", choices) == ["nettverk:*", "-nettverk:midt-buskerud"]
    assert parse("tema:*,-tema:areal", choices) == ["tema:*", "-tema:areal"]
    for bad in ["tema:atlantis", "nettverk:", "forside", ",,", "kart:1", "tema", "tema-atlantis", "..", "-nettverk-alle",
                "kart-alle", "oversikt-1"]:
        with pytest.raises(ValueError):
            parse(bad, choices)
    assert PARAMS["del"].parse("2", choices) == 2 and PARAMS["del"].dump(1) is None  # the first part: no parameter
    assert PARAMS["lysbilde"].parse("3", choices) == 3
    for bad in ["0", "-1", "3.5", "tre", "1000"]:
        with pytest.raises(ValueError):
            PARAMS["lysbilde"].parse(bad, choices)
    assert PARAMS["intervall"].parse("30", choices) == 30
    for bad in ["4", "3601", "x"]:
        with pytest.raises(ValueError):
            PARAMS["intervall"].parse(bad, choices)
