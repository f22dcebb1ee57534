"""The map as a deck for st.pydeck_chart, its three large layers served as static files.

The layers (polygons with their colours, municipal and county borders) are files under the app's static
folder (server.enableStaticServing), named by their content (kommunedata.deck.layer_file), and the
deck names their URLs: deck.gl keeps a layer whose URL stays the same drawn, so choosing another
municipality sends the outline and the settings, not the map again. Where no file can be served (static
serving off, a read-only folder), the rows go in the deck itself.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pydeck as pdk
import streamlit as st

from kommunedata import deck
from kommunedata.db import Database
from kommunedata.ui import data
from kommunedata.ui.cache import cached

MAP_FILES = Path(__file__).resolve().parents[2] / "static" / "kart"
URL = "app/static/kart/"  # relative to the page, as Streamlit's own assets are: it works behind a proxy's path


@cached(entries=16)
def _polygon_file(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
                  year: int | None, county: str) -> str:
    return deck.layer_file(data.map_view(on, theme_ids, mode, indicator_id, year, county).polygons, MAP_FILES)


@cached(entries=4)
def _border_file(db: Database, which: int) -> str:
    return deck.layer_file(data.borders()[which], MAP_FILES)


def _served(name_of, *args) -> str | None:
    """The URL of a layer's file, written again where it was pruned meanwhile (the maps of many other
    views, or another process); None where no file can be served."""
    if not st.get_option("server.enableStaticServing"):
        return None
    try:
        name = name_of(*args)
        try:
            os.utime(MAP_FILES / name)  # in use: the last to be pruned
        except FileNotFoundError:
            name_of.clear(*args)
            name = name_of(*args)
    except OSError:
        return None
    return URL + name


def map_deck(on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None, year: int | None,
             selected: str | None, zoom: float = deck.NORWAY["zoom"], county: str = "", names: bool = True) -> pdk.Deck:
    """The map of a view (data.map_view) with the `selected` municipality outlined, and the networks'
    names (`names`; the map slide leaves them to its legend: a name may stand out past the country)."""
    view = data.map_view(on, theme_ids, mode, indicator_id, year, county)
    municipal, county_borders = data.borders()
    return deck.deck(_served(_polygon_file, on, theme_ids, mode, indicator_id, year, county) or view.polygons,
                     _served(_border_file, 0) or municipal, _served(_border_file, 1) or county_borders,
                     deck.outline(view.polygons, selected), view.focus, zoom, view.labels if names else [])
