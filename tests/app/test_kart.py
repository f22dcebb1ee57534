"""Kart in AppTest: the deck spec, what is lit up on a date, colours of networks and indicator classes,
the selected municipality and bad links."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from kommunedata.text import md
from tests.app.conftest import APP, chart_table, map_spec as deck, open_page, url

GREY = [226, 230, 235, 255]


def layer(at, layer_id: str) -> dict:
    return next(layer for layer in deck(at)["layers"] if layer["id"] == layer_id)


def fills(at) -> dict[str, list[int]]:
    return {row["code"]: row["fill"] for row in layer(at, "kommuner")["data"]}


def members_on_2024_borders(db, day: str) -> dict[str, set[str]]:
    """2024 code -> networks, straight from the file: members taking part on the day, each at its main
    2024 successor."""
    rows = db.query(
        """
        SELECT DISTINCT ms.network_id,
               arg_max(s.successor_code, s.weight * 10000 - s.successor_code::INTEGER) AS successor
        FROM membership ms JOIN network n USING (network_id)
        JOIN municipality_successor s ON s.code = ms.municipality_code
        WHERE ms.joined_on <= $d AND (ms.left_on IS NULL OR ms.left_on > $d) AND n.created_on <= $d
        GROUP BY ms.network_id, ms.municipality_code
        """, {"d": day})
    networks = defaultdict(set)
    for network_id, successor in rows.itertuples(index=False):
        networks[successor].add(network_id)
    return networks


def test_the_map_is_offline_and_has_polygons_counties_and_a_selection():
    at = open_page("kart")
    sent = at.get("deck_gl_json_chart")[0].proto.json
    spec = deck(at)
    assert "mapProvider" not in spec  # no basemap: nothing is fetched from the internet
    assert not str(spec.get("mapStyle", "")).startswith("http")
    assert [layer["@@type"] for layer in spec["layers"]] == ["SolidPolygonLayer", "LineLayer", "LineLayer", "PathLayer",
                                                             "TextLayer"]
    names = [row["name"] for row in layer(at, "navn")["data"]]  # the networks' names where there is room
    assert 10 < len(names) < 34 and len(names) == len(set(names))  # not all 34 over the whole country
    assert len({row["code"] for row in layer(at, "kommuner")["data"]}) == 357
    assert layer(at, "kommuner")["pickable"] is True
    assert len(layer(at, "fylker")["data"]) > 10_000  # county borders, the coast and the national border
    assert len(layer(at, "kommunegrenser")["data"]) > 5_000
    # the deck names its three large layers' files: what a rerun sends is the outline and a few settings
    assert [json.loads(sent)["layers"][i]["data"].startswith("app/static/kart/") for i in range(3)] == [True] * 3
    assert len(sent) < 20_000 and len(layer(at, "valgt")["data"]) >= 1


def test_choosing_a_municipality_changes_only_the_outline():
    at = open_page("kart", dato="2007-08-28", farge="nettverk", kommune="0301")
    before = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    at.selectbox(key="_w_kommune").set_value("4601").run()
    after = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [layer["data"] for layer in before["layers"][:3]] == [layer["data"] for layer in after["layers"][:3]]
    assert before["layers"][3]["data"] != after["layers"][3]["data"]
    assert at.header[0].value == "Bergen"


def test_a_layer_file_removed_meanwhile_is_written_again():
    """The files are pruned by use; one removed under a running session (by another process's maps, or
    by hand) comes back on the next rerun instead of leaving the map without its polygons."""
    at = open_page("kart", dato="2007-08-28", farge="nettverk", kommune="0301")
    sent = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    files = [APP.parent / layer["data"].removeprefix("app/") for layer in sent["layers"][:3]]
    for file in files:
        file.unlink()
    at.selectbox(key="_w_kommune").set_value("4601").run()
    assert all(file.exists() for file in files)
    assert len(deck(at)["layers"][0]["data"]) > 1000


def test_on_28_august_2007_the_members_2024_successors_are_lit_up(db):
    at = open_page("kart", dato="2007-08-28")
    expected = members_on_2024_borders(db, "2007-08-28")
    lit = {code for code, fill in fills(at).items() if fill != GREY}
    assert lit == set(expected) and len(lit) == 145
    assert any(md("168 kommuner (slik de var) tar del, i 145 av dagens kommuner") in m.value for m in at.markdown)
    by_network = defaultdict(set)
    for code, networks in expected.items():
        if len(networks) == 1:
            by_network[next(iter(networks))].add(tuple(fills(at)[code][:3]))
    assert all(len(colours) == 1 for colours in by_network.values())  # one colour per network
    several = [code for code, networks in expected.items() if len(networks) > 1]
    assert all(fills(at)[code][:3] == [60, 60, 60] for code in several)  # «flere nettverk»


def test_neighbouring_networks_differ(db):
    at = open_page("kart", dato="2010-12-31")
    expected = members_on_2024_borders(db, "2010-12-31")
    owners = defaultdict(set)  # a vertex -> the municipalities whose outline has it
    for row in layer(at, "kommuner")["data"]:
        for ring in row["polygon"]:
            for x, y in ring:
                owners[(x, y)].add(row["code"])
    colour = {code: tuple(fill[:3]) for code, fill in fills(at).items()}
    pairs = 0
    for codes in owners.values():
        for a in codes:
            for b in codes:
                if a < b and len(expected.get(a, ())) == 1 and len(expected.get(b, ())) == 1 and expected[a] != expected[b]:
                    pairs += 1
                    assert colour[a] != colour[b], (a, b)
    assert pairs > 10


def test_indicator_colours_order_like_the_values(db):
    at = open_page("kart", farge="indikator", indikator="vaksine_mmr_2ar", aar="2018")
    values = db.query("SELECT municipality_code, value FROM indicator_value_2024 WHERE indicator_id = 'vaksine_mmr_2ar' "
                      "AND year = 2018 AND municipality_code IN ('0301', '3324', '4601')").set_index("municipality_code")["value"]
    assert values.to_dict() == {"0301": 94.8, "3324": 93.8, "4601": 96.0}  # Oslo, Gol, Bergen (FHI)
    colours = chart_table(at, 0, "colour")["colour"].tolist()  # the legend, lowest class first
    order = []
    for code in ["3324", "0301", "4601"]:  # by value
        r, g, b, _alpha = fills(at)[code]
        order.append(colours.index(f"#{r:02x}{g:02x}{b:02x}"))
    assert order == sorted(order) and order[0] < order[-1]  # a higher value, a later (better) class


def test_the_chosen_municipality_is_outlined_with_links():
    at = open_page("kart", kommune="3324")
    gol = [row["polygon"] for row in layer(at, "kommuner")["data"] if row["code"] == "3324"]
    assert [path["path"] for path in layer(at, "valgt")["data"]] == [ring for polygon in gol for ring in polygon]
    assert at.header[0].value == "Gol"
    links = [link.proto for link in at.get("page_link")]
    assert any("Hallingdal" in link.label for link in links)
    old = open_page("kart", kommune="0617")  # Gol's number before 2020 leads to today's
    assert layer(old, "valgt")["data"] == layer(at, "valgt")["data"]


@pytest.mark.parametrize("mode", ["regnbue", "NETTVERK"])
def test_an_unknown_colour_mode_gives_a_notice(mode):
    at = open_page("kart", farge=mode)
    assert any("ukjent verdi for fargevalg" in w.value for w in at.warning)
    assert url(at)["farge"] == "nettverk"  # back to the default


def test_the_table_lists_what_the_map_shows():
    at = open_page("kart", dato="2007-08-28")
    table = at.dataframe[0].value
    assert len(table) == 145 and {"Kommune (2024)", "Nettverk", "Status"} <= set(table.columns)


def test_a_network_keeps_its_colour_as_the_date_moves():
    gol = "3324"  # in Hallingdal from 13 November 2006
    assert fills(open_page("kart", dato="2007-08-28"))[gol][:3] == fills(open_page("kart", dato="2010-12-31"))[gol][:3]
