"""Kart: where the member municipalities are on a date, drawn offline on the 2024 municipal borders."""

import pandas as pd
import pydeck as pdk
import streamlit as st

from kommunedata import programme as rules
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, MEMBER_STATUS_LABELS, format_date, format_number
from kommunedata.ui import data, state, widgets

COLOURS = {rules.DECIDED: [29, 79, 145, 230], rules.PENDING: [224, 123, 0, 230]}

theme_names = data.theme_names()
chosen = state.use(["dato", "tema"], data.choices())
on, selected = chosen["dato"], chosen["tema"]

st.title("Kart")
st.info(EXAMPLE_PROGRAMME_NOTICE, icon=":material/science:")
date_col, theme_col = st.columns([1, 2])
widgets.date_picker(date_col)
widgets.theme_picker(theme_col, theme_names)

members = data.map_members(on, tuple(selected))
points = pd.DataFrame({
    "name": members["municipality_name"],
    "network": members["network_name"],
    "status_label": members["status"].map(MEMBER_STATUS_LABELS),
    "colour": members["status"].map(COLOURS),
    "lon": members["lon"],
    "lat": members["lat"],
})

borders = pdk.Layer(
    "GeoJsonLayer", data.shapes(2024), id="borders", stroked=True, filled=True,
    get_fill_color=[238, 242, 247], get_line_color=[160, 172, 188], line_width_min_pixels=0.5,
)
dots = pdk.Layer(
    "ScatterplotLayer", points, id="members", pickable=True, get_position=["lon", "lat"],
    get_fill_color="colour", get_radius=9000, radius_min_pixels=4, radius_max_pixels=14,
    stroked=True, get_line_color=[255, 255, 255], line_width_min_pixels=1,
)
deck = pdk.Deck(
    layers=[borders, dots], map_provider=None,
    initial_view_state=pdk.ViewState(latitude=64.5, longitude=14.0, zoom=3.7),
    tooltip={"text": "{name}\n{network}\n{status_label}"},
)
st.pydeck_chart(deck, height=720)

counts = data.status(on, None, tuple(selected))  # all counties
st.markdown(
    f"**{format_date(on)}:** {format_number(len(points))} medlemskommuner – "
    f"<span style='color:#1d4f91'>●</span> {format_number(counts.municipalities_decided)} med vedtak, "
    f"<span style='color:#e07b00'>●</span> {format_number(counts.municipalities_pending)} forbereder vedtak.",
    unsafe_allow_html=True,  # only our own numbers and colours: no text from the data
)
st.caption("Punktene viser kommunene slik de var da de ble med; grensene er fra 2024. Kartgrunnlag: Kartverket.")
