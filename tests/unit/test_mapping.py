"""Map rules on hand-made squares: neighbours, colours of networks, borders, indicator classes."""

from __future__ import annotations

import json

import pandas as pd

from kommunedata import deck, mapping
from kommunedata.indicators import Indicator


def square(code: str, x: int, y: int) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    return {"type": "Feature", "properties": {"code": code, "name": code.upper()},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


# A row of four squares a|b|c|d, and e far away; a and b in county 1, c and d in county 2.
SHAPES = {"type": "FeatureCollection",
          "features": [square("a", 0, 0), square("b", 1, 0), square("c", 2, 0), square("d", 3, 0), square("e", 9, 9)]}


def test_neighbours_share_a_vertex():
    adjacent = mapping.neighbours(SHAPES)
    assert adjacent["b"] == {"a", "c"} and adjacent["d"] == {"c"} and adjacent["e"] == set()


def test_neighbouring_networks_get_different_colours_and_the_palette_is_used():
    colours = mapping.network_colours({"n1": {"a"}, "n2": {"b"}, "n3": {"c"}, "far": {"e"}},
                                      mapping.neighbours(SHAPES))
    assert colours["n1"] != colours["n2"] != colours["n3"]
    assert len(set(colours.values())) == 4  # the least used free colour: far networks differ too
    assert set(colours.values()) <= set(mapping.PALETTE)


def test_border_segments_draw_each_edge_once_in_one_layer():
    municipal, county = mapping.border_segments(SHAPES, {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"})
    edges = lambda rows: {tuple(sorted((tuple(r["s"]), tuple(r["t"])))) for r in rows}  # noqa: E731
    assert len(municipal) + len(county) == 4 * 3 + 1 + 4  # 13 edges in the row, 4 around e
    assert len(edges(municipal) | edges(county)) == 17 and not edges(municipal) & edges(county)
    assert edges(municipal) == {((1.0, 0.0), (1.0, 1.0)), ((3.0, 0.0), (3.0, 1.0))}  # a|b and c|d: within a county
    assert ((2.0, 0.0), (2.0, 1.0)) in edges(county)  # b|c: two counties
    assert len(edges(county)) == 10 + 1 + 4  # the outline of the row, the county line, the square far away


def test_layer_files_are_named_by_content_written_whole_and_pruned(tmp_path):
    rows = [{"polygon": [[[1.0, 2.0], [3.0, 4.0], [1.0, 2.0]]], "fill": [1, 2, 3]}]
    name = deck.layer_file(rows, tmp_path / "kart")
    assert name == deck.layer_file([dict(row) for row in rows], tmp_path / "kart")  # same rows, same file
    assert json.loads((tmp_path / "kart" / name).read_text()) == rows
    names = [deck.layer_file([{"n": n}], tmp_path / "kart", keep=3) for n in range(5)]
    assert sorted(p.name for p in (tmp_path / "kart").iterdir()) == sorted(names[-3:])  # the oldest went, no .tmp left
    assert deck.layer_file([{"n": 4}], tmp_path / "kart", keep=3) == names[-1]


def test_the_deck_takes_large_layers_as_urls_and_keeps_the_outline_in_itself():
    rows = [dict(row, fill=[1, 2, 3], tooltip=row["name"]) for row in mapping.polygon_rows(SHAPES)]
    municipal, county = mapping.border_segments(SHAPES, {})
    spec = json.loads(deck.deck("u1", "u2", "u3", deck.outline(rows, "b")).to_json())
    assert [(layer["id"], layer["data"]) for layer in spec["layers"][:3]] == [
        ("kommuner", "u1"), ("kommunegrenser", "u2"), ("fylker", "u3")]
    outline = spec["layers"][3]
    assert outline["id"] == "valgt" and outline["data"] == [{"path": ring} for ring in rows[1]["polygon"]]
    inline = json.loads(deck.deck(rows, municipal, county, deck.outline(rows, None)).to_json())
    assert inline["layers"][0]["data"] == rows and inline["layers"][3]["data"] == []
    assert "\n" not in deck.deck(rows, municipal, county, []).to_json()  # compact: no indentation


def test_polygon_rows_round_and_split_multipolygons():
    multi = {"features": [{"properties": {"code": "m", "name": "M"}, "geometry": {"type": "MultiPolygon", "coordinates": [
        [[[0.123456789, 0], [1, 0], [1, 1], [0.123456789, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]}}]}
    rows = mapping.polygon_rows(multi)
    assert [row["code"] for row in rows] == ["m", "m"]
    assert rows[0]["polygon"][0][0] == [0.1235, 0.0]


def test_classes_diverge_around_the_national_value_and_blue_is_better():
    values = pd.Series([80.0, 85.0, 90.0, 95.0, 100.0])
    higher = Indicator("v", "V", "prosent", "higher_better", "weighted_mean", 1, False, "t")
    breaks, colours, kind = mapping.value_classes(values, higher, national=90.0)
    assert kind == "divergerende" and breaks[1] < 90 < breaks[2]
    assert mapping.class_of(80.0, breaks) == 0 and mapping.class_of(100.0, breaks) == 4
    assert colours[4] == mapping.DIVERGING[0]  # the highest values: the blue end, since higher is better
    lower = Indicator("w", "W", "kg", "lower_better", "weighted_mean", 0, False, "t")
    assert mapping.value_classes(values, lower, national=90.0)[1][0] == mapping.DIVERGING[0]  # lowest: blue
    neutral = Indicator("n", "N", "personer", "neutral", "sum", 0, False, "t")
    assert mapping.value_classes(values, neutral, national=None)[2] == "sekvensiell"
    assert mapping.class_of(None, breaks) is None


def test_class_labels_in_norwegian():
    indicator = Indicator("v", "V", "prosent", "higher_better", "weighted_mean", 1, False, "t")
    assert mapping.class_labels([1.25, 2.5, 1000.0, 2000.0], indicator) == [
        "under 1,3", "1,3–2,5", "2,5–1\u00a0000,0", "1\u00a0000,0–2\u00a0000,0", "2\u00a0000,0 og over"]


def test_the_zoom_that_fits_the_whole_mainland_in_a_slides_map():
    """What the map slide asks of deck.gl: south (57.9°) to north (71.2°) and west to east inside the
    box, so a 1024×768 projector shows the whole country (the issue: only the north fitted)."""
    import math

    def mercator_y(latitude):
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    for height, width in [(480, 390), (620, 900), (300, 300)]:
        zoom = deck.fit_zoom(height, width)
        world = 512 * 2 ** zoom  # pixels around the Earth at this zoom
        centre = mercator_y(deck.NORWAY["latitude"])
        for latitude in (deck.NORWAY_SOUTH, deck.NORWAY_NORTH):
            assert abs(mercator_y(latitude) - centre) / (2 * math.pi) * world <= height / 2
        for longitude in (deck.NORWAY_WEST, deck.NORWAY_EAST):
            assert abs(longitude - deck.NORWAY["longitude"]) / 360 * world <= width / 2
        assert deck.fit_zoom(height * 2, width * 2) > zoom  # a larger box: closer


def test_a_legend_in_columns_keeps_every_label_and_its_colour():
    from kommunedata import charts

    items = [([i, 0, 0], f"Nettverk {i}") for i in range(7)]
    spec = charts.legend_chart(items, "Nettverk", columns=2, column_width=200)
    rows = spec["datasets"]["legend"]
    assert [r["label"] for r in rows] == [label for _c, label in items]
    assert [(r["row"], r["left"]) for r in rows] == [(0, 0), (1, 0), (2, 0), (3, 0), (0, 200), (1, 200), (2, 200)]
    assert spec["width"] == 400 and spec["description"].startswith("Nettverk: Nettverk 0; Nettverk 1")
    assert "width" not in charts.legend_chart(items, "Nettverk")  # one column: as the pages draw it


def test_names_that_would_overlap_are_left_out_the_largest_kept():
    labels = [{"p": [10.0, 60.0], "name": "Liten"}, {"p": [10.1, 60.0], "name": "Stor"},
              {"p": [20.0, 69.0], "name": "Langt unna"}]
    kept = mapping.spaced_labels(labels, 4.05, {"Stor": 7, "Liten": 4, "Langt unna": 4})
    assert [label["name"] for label in kept] == ["Stor", "Langt unna"]  # «Liten» would write over «Stor»
    assert [label["name"] for label in mapping.spaced_labels(labels, 9.0)] == ["Langt unna", "Liten", "Stor"]  # room
