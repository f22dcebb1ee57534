"""The map drawn with pydeck, offline: the municipalities filled as kommunedata.mapping says, the
municipal and county borders, and an outline around the selected municipality; no base map.

The three large layers (polygons, municipal borders, county borders) can be files the browser fetches
by URL (`layer_file`, served by Streamlit's static folder): a deck.gl layer whose URL stays the same is
not loaded or tessellated again, so choosing another municipality sends a deck of a few kilobytes.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from kommunedata.files import write_atomically
from kommunedata.mapping import mercator_y

NORWAY = {"latitude": 65.2, "longitude": 16.0, "zoom": 4.05}


# Norway's mainland (degrees): what a map of the whole country must hold
NORWAY_SOUTH, NORWAY_NORTH, NORWAY_WEST, NORWAY_EAST = 57.9, 71.2, 4.5, 31.2


def fit_zoom(height: int, width: int, margin: int = 12) -> float:
    """The zoom at which the mainland fits `height` × `width` pixels (less `margin` on each side) around
    NORWAY's centre: deck.gl's Web Mercator world is 512·2^zoom pixels across, `2π` in its units."""
    y = mercator_y
    centre = y(NORWAY["latitude"])
    half_high = max(y(NORWAY_NORTH) - centre, centre - y(NORWAY_SOUTH)) / (2 * math.pi)  # of the world's size
    half_wide = max(NORWAY_EAST - NORWAY["longitude"], NORWAY["longitude"] - NORWAY_WEST) / 360
    return math.log2(min((height / 2 - margin) / half_high, (width / 2 - margin) / half_wide) / 512)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck writes `to_json()` with `indent=2`, every coordinate
    on a line of its own, and Streamlit sends that text as it is (three quarters of it whitespace)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def layer_file(rows: list[dict], folder: Path, keep: int = 48) -> str:
    """Write a layer's rows to `folder` as compact JSON named by its content, and return the name.

    The same rows give the same name (in every session and every server process), so a browser that
    holds a map's polygons or borders never fetches them again. The file appears whole; the `keep`
    files used last are kept (a map that still shows an older file has it for a while)."""
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), default=default_serialize)
    name = hashlib.sha256(text.encode()).hexdigest()[:24] + ".json"
    path = folder / name
    if path.exists():
        path.touch()  # used now: the last to go
        return name
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    for old in sorted(folder.glob("*.json"), key=lambda f: f.stat().st_mtime, reverse=True)[keep:]:
        if old != path:
            old.unlink(missing_ok=True)
    return name


def outline(polygons: list[dict], code: str | None) -> list[list]:
    """The rings of the municipality `code` (mapping.polygon_rows), for the selection's outline."""
    return [ring for row in polygons if row["code"] == code for ring in row["polygon"]]


def deck(polygons: str | list[dict], municipal: str | list[dict], county: str | list[dict], selected: list[list],
         focus: list[list[float]] | None = None, zoom: float = NORWAY["zoom"], labels: list[dict] = ()) -> pdk.Deck:
    """The map as a Deck. `polygons`: mapping.polygon_rows with `fill` and `tooltip`; `municipal` and
    `county`: the borders as segments (mapping.border_segments); each of the three either its rows or
    the URL of its file (layer_file). `selected`: the rings to outline (outline()); `labels`: names to
    write on the map (MapView.labels). The whole country
    (`zoom` to fit a lower map), or the `focus` points fitted."""
    line = {"get_source_position": "s", "get_target_position": "t"}
    layers = [
        # SolidPolygonLayer, not GeoJsonLayer: Streamlit's map selection does not reach into composite layers
        pdk.Layer("SolidPolygonLayer", polygons, id="kommuner", pickable=True, get_polygon="polygon",
                  get_fill_color="fill"),
        pdk.Layer("LineLayer", municipal, id="kommunegrenser", **line, get_color=[255, 255, 255],
                  width_min_pixels=0.6),
        pdk.Layer("LineLayer", county, id="fylker", **line, get_color=[90, 100, 115], width_min_pixels=1.2),
        # The selection is drawn from the URL state: pydeck's own selection cannot be set from a link.
        pdk.Layer("PathLayer", [{"path": ring} for ring in selected], id="valgt", get_path="path",
                  get_color=[20, 32, 46], width_min_pixels=3.5),
    ]
    if labels:  # names on the map; "auto": deck.gl's default characters are ASCII only (no æ, ø, å)
        layers.append(pdk.Layer("TextLayer", list(labels), id="navn", get_position="p", get_text="name",
                                get_size=13, get_color=[20, 32, 46], background=True,
                                get_background_color=[255, 255, 255, 215], background_padding=[3, 1],
                                # pdk.types.String: a plain string would be read as an accessor expression
                                character_set=pdk.types.String("auto"),
                                font_family=pdk.types.String("Source Sans Pro, sans-serif"), pickable=False))
    start = pdk.data_utils.compute_view(focus) if focus else pdk.ViewState(**{**NORWAY, "zoom": zoom})
    return CompactDeck(layers=layers, map_provider=None, tooltip={"text": "{tooltip}"}, initial_view_state=start)
