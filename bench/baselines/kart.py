"""Same shape as Kart, from small in-memory data: a mode select box, a date and a theme list; a pydeck map
with the app's four layers (a pickable SolidPolygonLayer `kommuner`, PathLayers for municipal and county
borders and the selected outline) on a plain background, a Vega legend, the municipality select box, a
heading, page links and a table in an expander. 40 square «municipalities» instead of 1 100 polygons.

With LIVSKRAFT_BASELINE_MAP naming a file of layer URLs (written by `python -m bench.same_map`), the deck
draws the app's own map instead: its polygons and its two border layers (LineLayer segments, as the app
draws them) from the files the app serves, copied beside this script, and the outline of a real polygon.

    streamlit run bench/baselines/kart.py      (or through bench/baselines/app.py)

bench.browser changes «Kommune (eller klikk i kartet)»; bench.server changes the key `_w_kommune`.
"""

import json
import os
from datetime import date
from pathlib import Path

import altair as alt
import duckdb  # noqa: F401
import pandas as pd
import pydeck as pdk
import streamlit as st

from _shape import (date_box, MUNICIPALITIES, STATUS_DATE, THEMES, read_param, rng, sync_url, table_downloads,
                    title_row)

MODES = {"nettverk": "Nettverk", "tema": "Tema", "indikator": "Indikator"}
st.session_state.setdefault("_w_farge", read_param("farge", "nettverk", MODES))
st.session_state.setdefault("_w_dato", date.fromisoformat(read_param("dato", STATUS_DATE.isoformat())))
st.session_state.setdefault("_w_kommune", read_param("kommune", "3001", MUNICIPALITIES))
st.session_state.setdefault("_w_tema", [])

title_row("Kart")
st.info("Eksempeldata: nettverkene og medlemskapene er generert.", icon=":material/science:")
mode_col, date_col, theme_col = st.columns([1.2, 1, 2])
mode_col.selectbox("Farge etter", list(MODES), format_func=MODES.get, key="_w_farge")
date_box(date_col)
theme_col.multiselect("Tema", list(THEMES), format_func=THEMES.get, placeholder="Alle tema", key="_w_tema")
mode, on, code = st.session_state["_w_farge"], st.session_state["_w_dato"], st.session_state["_w_kommune"]


@st.cache_data(show_spinner=False)
def polygons(mode: str, on: date) -> list[dict]:
    """A grid of squares around Norway's middle, coloured by a draw per selection."""
    r = rng("map", mode, on)
    rows = []
    for i, (c, name) in enumerate(MUNICIPALITIES.items()):
        x, y = 8 + (i % 8) * 1.5, 60 + (i // 8) * 1.2
        ring = [[x, y], [x + 1.4, y], [x + 1.4, y + 1.1], [x, y + 1.1], [x, y]]
        rows.append({"polygon": [ring], "code": c, "name": name, "tooltip": name,
                     "fill": [int(v) for v in r.integers(0, 255, 3)] + [235]})
    return rows


rows = polygons(mode, on)
MAP = os.environ.get("LIVSKRAFT_BASELINE_MAP")


@st.cache_resource(show_spinner=False)
def real_map(path: str) -> tuple[dict, list[dict]]:
    """The app's layer URLs and its polygon rows (read from the copy of the polygons' file)."""
    urls = json.loads(Path(path).read_text(encoding="utf-8"))
    polygons_file = Path(__file__).parent / urls["kommuner"].removeprefix("app/")
    return urls, json.loads(polygons_file.read_text(encoding="utf-8"))


if MAP:
    urls, real = real_map(MAP)
    line = {"get_source_position": "s", "get_target_position": "t"}
    outline = [{"path": ring} for ring in real[list(MUNICIPALITIES).index(code) * 20]["polygon"]]
    layers = [
        pdk.Layer("SolidPolygonLayer", urls["kommuner"], id="kommuner", pickable=True, get_polygon="polygon",
                  get_fill_color="fill"),
        pdk.Layer("LineLayer", urls["kommunegrenser"], id="kommunegrenser", **line, get_color=[255, 255, 255],
                  width_min_pixels=0.6),
        pdk.Layer("LineLayer", urls["fylker"], id="fylker", **line, get_color=[90, 100, 115], width_min_pixels=1.2),
        pdk.Layer("PathLayer", outline, id="valgt", get_path="path", get_color=[20, 32, 46], width_min_pixels=3.5),
    ]
    view = pdk.ViewState(latitude=65.2, longitude=16.0, zoom=4.05)  # the app's whole-country view
else:
    borders = [{"path": row["polygon"][0]} for row in rows]
    layers = [
        pdk.Layer("SolidPolygonLayer", rows, id="kommuner", pickable=True, get_polygon="polygon", get_fill_color="fill"),
        pdk.Layer("PathLayer", borders, id="kommunegrenser", get_path="path", get_color=[255, 255, 255], width_min_pixels=0.6),
        pdk.Layer("PathLayer", borders[::8], id="fylker", get_path="path", get_color=[90, 100, 115], width_min_pixels=1.2),
        pdk.Layer("PathLayer", [{"path": ring} for row in rows if row["code"] == code for ring in row["polygon"]],
                  id="valgt", get_path="path", get_color=[20, 32, 46], width_min_pixels=3.5),
    ]
    view = pdk.ViewState(latitude=62.5, longitude=14, zoom=4.05)
deck = pdk.Deck(layers=layers, map_provider=None, tooltip={"text": "{tooltip}"}, initial_view_state=view)
map_col, side_col = st.columns([3, 1.2])
map_col.pydeck_chart(deck, height=760, on_select="rerun", selection_mode="single-object", key="kart_0",
                     alt="Kartet viser kommunene.")
with side_col:
    legend = pd.DataFrame({"label": [f"Nettverk {i}" for i in range(1, 9)], "n": range(8)})
    st.vega_lite_chart(alt.Chart(legend).mark_square(size=200).encode(y=alt.Y("label:N", title=None), color="label:N")
                       .to_dict(), width="stretch")
    st.markdown("40 kommuner tar del.")
    st.selectbox("Kommune (eller klikk i kartet)", list(MUNICIPALITIES), format_func=MUNICIPALITIES.get, key="_w_kommune")
    st.header(MUNICIPALITIES[code])
    st.text(f"{MUNICIPALITIES[code]} ({code})\nMedlem av Nettverk 1")
    st.page_link("https://example.invalid/utvikling", label=f"{MUNICIPALITIES[code]} over tid",
                 icon=":material/show_chart:")
st.caption("Klikk på en kommune for å velge den.")
with st.expander("Tabell: det kartet viser"):
    table = pd.DataFrame([{k: v for k, v in row.items() if k in ("code", "name")} for row in rows])
    st.dataframe(table, hide_index=True, width="stretch", placeholder="–")
    table_downloads(st, table, "kart")
sync_url({"dato": on.isoformat(), "kommune": code, "farge": mode})
