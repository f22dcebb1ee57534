"""Kart: the programme's networks, themes or an indicator on an offline map of today's municipalities,
with a click that selects a municipality and leads on to its network and its trend."""

import streamlit as st

from kommunedata import views
from kommunedata.ui import data, maps, pages, share, state, widgets

chosen = state.use(["dato", "tema", "fylke", "kommune", "indikator", "aar", "tom", "farge"], data.choices())
on, theme_ids, county, mode = chosen["dato"], tuple(chosen["tema"]), chosen["fylke"], chosen["farge"]


def pick(key: str) -> None:
    """A click on a municipality selects it (its code, read from the clicked polygon, not its index). The
    map then starts afresh: Streamlit would fade every other polygon while its own selection lasts, and
    the outline drawn from the URL state shows the choice instead."""
    objects = st.session_state[key].selection.get("objects", {}).get("kommuner", [])
    if objects and objects[0].get("code"):
        state.set_value("kommune", objects[0]["code"])
        widgets.picked("kart")


title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Kart", anchor=False)
share.actions(actions_col, slide_id="kart")
widgets.programme_notice()
mode_col, date_col, theme_col, county_col = st.columns([1.2, 1, 2, 1.3])
widgets.choice(mode_col, "farge", list(views.kart.MAP_MODES), views.kart.MAP_MODES.get)
widgets.date_picker(date_col)
widgets.theme_picker(theme_col, data.theme_names())
widgets.county_picker(county_col, data.county_names())
indicator_id = year = None
if mode == "indikator":
    pick_col, year_col = st.columns([3, 1])
    indicator_id = chosen["indikator"] or data.map_indicator(theme_ids)
    if indicator_id != chosen["indikator"]:
        state.set_value("indikator", indicator_id)
    widgets.choice(pick_col, "indikator", list(data.indicator_labels()), data.indicator_labels().__getitem__)
    shown_year = data.indicator_year(indicator_id, chosen["aar"], data.caps(chosen["tom"]))
    state.resolved("tom", data.last_years([indicator_id]))  # a copied link keeps this year
    year = shown_year.year
    widgets.optional_choice(year_col, "aar", shown_year.options, str, f"Siste år ({shown_year.latest})")
    if shown_year.note:
        st.caption(shown_year.note)
    if data.indicator(indicator_id)[0].is_example:
        widgets.example_notice(st, data.indicator(indicator_id)[0].name)

code = data.follow_to_2024(chosen["kommune"]).code
view = data.kart(on, theme_ids, mode, indicator_id, year, code, county)
map_col, side_col = st.columns([3, 1.2])
map_key = widgets.picking_key("kart")
map_col.pydeck_chart(maps.map_deck(on, theme_ids, mode, indicator_id, year, code, county=county), height=760,
                     on_select=lambda: pick(map_key), selection_mode="single-object", key=map_key,
                     alt=view.view.summary)  # with the table below: the map without seeing it
with side_col:
    if view.indicator:
        st.markdown(view.indicator)
        if view.national:
            st.caption(view.national)
    st.vega_lite_chart(data.map_legend(on, theme_ids, mode, indicator_id, year, county), width="stretch")
    st.markdown(view.summary)
    options = data.municipality_options()  # the keyboard's way to what a click on the map does
    widgets.choice(st, "kommune", list(options), options.get, label="Kommune (eller klikk i kartet)")
    st.header(view.name, anchor=False)
    st.text(view.view.facts[code])  # plain text: the same facts as the tooltip
    for label, network_id in view.networks:
        st.page_link(pages.file("nettverk"), label=label, icon=":material/hub:",
                     query_params=state.link_params(nettverk=network_id))
    st.page_link(pages.file("utvikling"), label=view.trend_link, icon=":material/show_chart:",
                 query_params=state.link_params(kommune=code))
if view.note:
    st.caption(view.note)
st.caption("Klikk på en kommune for å velge den. Fargene følger dagens kommuner (2024); et medlem som senere ble slått "
           "sammen, farger kommunen det er en del av i dag. Grensene: Kartverket.")
with st.expander("Tabell: det kartet viser"):
    st.dataframe(view.table.frame, hide_index=True, width="stretch", placeholder="–")
    share.table(st, view.table)
