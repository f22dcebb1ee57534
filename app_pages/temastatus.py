"""Temastatus: where the programme stands, theme by theme, on a chosen date."""

import streamlit as st

from kommunedata import charts
from kommunedata.config import STATUS_DATE
from kommunedata.ui import data, share, state, widgets

chosen = state.use(["dato", "tema", "fylke"], data.choices())  # widget callbacks have run: final values


def pick_theme(chart_key: str) -> None:
    """A click on a theme bar narrows the page to that theme; a click beside the bars clears it."""
    points = st.session_state[chart_key]["selection"].get(charts.THEME_SELECTION, [])
    state.set_value("tema", [p["theme_id"] for p in points if "theme_id" in p][:1])


title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Temastatus", anchor=False)
share.actions(actions_col)
widgets.programme_notice()

# Top-aligned: the chosen themes show below their box, and the other boxes stay level with it
date_col, theme_col, county_col, reset_col = st.columns([1.2, 2.6, 1.4, 1.0])
widgets.date_picker(date_col)
widgets.theme_picker(theme_col, data.theme_names())
widgets.county_picker(county_col, data.county_names())
reset_col.space("small")  # a label's height: the button level with the boxes
reset_col.button("KS-status 28.08.2007", on_click=state.set_value, args=("dato", STATUS_DATE), width="stretch",
                 wrap=True)  # wraps on a projector's 1024 pixels instead of being cut off

view = data.temastatus(chosen["dato"], tuple(chosen["tema"]), chosen["fylke"])
st.header(view.heading, anchor=False)
widgets.metrics(st, view.metrics)

for column, chart in zip(st.columns(2), view.theme_charts):
    column.vega_lite_chart(chart.spec, key=chart.key, width="stretch", on_select=lambda key=chart.key: pick_theme(key),
                           selection_mode=charts.THEME_SELECTION)
    share.chart(column, chart)
st.caption("Klikk på et tema i diagrammet for å se bare det temaet (eller velg det i «Tema»). Klikk ved siden av "
           "søylene for å vise alle.")
with st.expander("Tabell: tallene i diagrammene"):  # the charts' numbers without seeing them
    st.dataframe(view.theme_numbers, hide_index=True, width="stretch")

st.header("Utvikling i programmet 2006–2010", anchor=False)
for column, chart in zip(st.columns(2), view.growth_charts):
    column.vega_lite_chart(chart.spec, width="stretch")
    share.chart(column, chart)
with st.expander("Tabell: utviklingen måned for måned"):
    st.dataframe(view.growth_table, hide_index=True, width="stretch", column_config=widgets.dates("Dato"))

st.header("Nettverk", anchor=False)
st.dataframe(view.networks.frame, hide_index=True, width="stretch", placeholder="–",  # «–», never "None"
             column_config=widgets.dates("Startet", "Etablert"))
share.table(st, view.networks)
st.caption(view.networks_note)
