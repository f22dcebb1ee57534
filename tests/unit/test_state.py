"""URL parameters: parsing, validation against the data, and writing back."""

from __future__ import annotations

from datetime import date

from kommunedata.state import dump_params, parse_params

CHOICES = {
    "tema": {"klima_energi", "areal", "folkehelse"},
    "fylke": {"04", "05"},
    "nettverk": {"hallingdal"},
    "kommune": {"0301"},
    "indikator": {"folkemengde"},
    "aar": set(range(2005, 2027)),
}


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


def test_an_empty_value_means_nothing_chosen():
    assert parse_params({"fylke": "", "tema": "", "nettverk": " "}, CHOICES) == (
        {"fylke": "", "tema": [], "nettverk": None}, []
    )


def test_unknown_parameters_are_ignored():
    assert parse_params({"embed": "true", "foo": "bar"}, CHOICES) == ({}, [])


def test_duplicate_themes_collapse_and_empty_parts_are_dropped():
    assert parse_params({"tema": "areal,,areal"}, CHOICES)[0] == {"tema": ["areal"]}


def test_dump_leaves_out_empty_selections():
    assert dump_params({"dato": date(2007, 8, 28), "tema": [], "fylke": ""}, ["dato", "tema", "fylke"]) == {
        "dato": "2007-08-28"
    }
    assert dump_params({"tema": ["areal", "folkehelse"]}, ["tema"]) == {"tema": "areal,folkehelse"}
