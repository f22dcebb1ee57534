"""Kart: the programme's networks, themes or an indicator on an offline map of today's municipalities,
with a click that selects a municipality and leads on to its network and its trend."""

import streamlit as st

from kommunedata import compare, mapping, views
from kommunedata.text import EXAMPLE_LABEL, format_date, format_number, md
from kommunedata.ui import data, share, state, widgets

MAP_KEY = "kart"
theme_names = data.theme_names()
catalogue = data.indicators().set_index("indicator_id")
chosen = state.use(["dato", "tema", "kommune", "indikator", "aar", "farge"], data.choices())
on, selected, mode = chosen["dato"], chosen["tema"], chosen["farge"]


def pick(key: str) -> None:
    """A click on a municipality selects it (its code, read from the clicked polygon, not its index). The
    map then starts afresh: Streamlit would fade every other polygon while its own selection lasts, and
    the outline drawn from the URL state shows the choice instead."""
    objects = st.session_state[key].selection.get("objects", {}).get("kommuner", [])
    if objects and objects[0].get("code"):
        state.set_value("kommune", objects[0]["code"])
        st.session_state["_map_picks"] = st.session_state.get("_map_picks", 0) + 1


title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Kart")
share.actions(actions_col, slide_id="kart")
origin = widgets.programme_notice()
mode_col, date_col, theme_col = st.columns([1.2, 1, 2])
widgets.choice(mode_col, "farge", list(views.MAP_MODES), views.MAP_MODES.get)
widgets.date_picker(date_col)
widgets.theme_picker(theme_col, theme_names)
indicator_id = year = None
if mode == "indikator":
    pick_col, year_col = st.columns([3, 1])
    indicator_id = chosen["indikator"]
    widgets.choice(pick_col, "indikator", list(catalogue.index), data.indicator_labels().__getitem__)
    last = int(catalogue.loc[indicator_id, "last_year"])
    first = int(catalogue.loc[indicator_id, "first_year"])
    year = chosen["aar"] if chosen["aar"] and first <= chosen["aar"] <= last else last
    widgets.optional_choice(year_col, "aar", list(range(last, first - 1, -1)), str, f"Siste år ({last})")
    if chosen["aar"] and year != chosen["aar"]:
        st.caption(f"Indikatoren har tall for {first}–{last}: kartet viser {last}.")
    if catalogue.loc[indicator_id, "is_example"]:
        st.warning(f"**{EXAMPLE_LABEL}:** «{md(catalogue.loc[indicator_id, 'name'])}» er generert av Livskraft og "
                   "viser ikke reelle tall.", icon=":material/science:")

view = data.map_view(on, tuple(selected), mode, indicator_id, year)
code = data.follow_to_2024(chosen["kommune"]).code
municipal, county = data.borders()
deck = mapping.deck(view.polygons, municipal, county, code, view.focus, place=data.map_layer)
map_col, side_col = st.columns([3, 1.2])
map_key = f"{MAP_KEY}_{st.session_state.get('_map_picks', 0)}"
map_col.pydeck_chart(deck, height=760, on_select=lambda: pick(map_key), selection_mode="single-object", key=map_key,
                     alt=view.summary)  # with the table below: the map without seeing it
with side_col:
    if indicator_id:
        st.markdown(f"**{md(catalogue.loc[indicator_id, 'name'])} {year}** ({md(catalogue.loc[indicator_id, 'unit'])})")
        if view.national is not None:
            better = {"higher_better": " Blått er bedre, rødt svakere.", "lower_better": " Blått er bedre (lavere), "
                      "rødt svakere."}.get(catalogue.loc[indicator_id, "polarity"], "")
            country = compare.country_label(catalogue.loc[indicator_id, "aggregation"])
            st.caption(md(f"{country}: {format_number(view.national, int(catalogue.loc[indicator_id, 'decimals']))}."
                          f"{better}"))
    st.vega_lite_chart(data.map_legend(on, tuple(selected), mode, indicator_id, year, views.MAP_MODES[mode]),
                       width="stretch")
    st.markdown(md(view.summary))
    options = data.municipality_options()  # the keyboard's way to what a click on the map does
    widgets.choice(st, "kommune", list(options), options.get, label="Kommune (eller klikk i kartet)")
    name = next(row["name"] for row in view.polygons if row["code"] == code)
    st.header(md(name))
    st.text(view.facts[code])  # plain text: the same facts as the tooltip
    networks = data.member_networks(code)
    for network_id, network in networks.iterrows():
        st.page_link("app_pages/nettverk.py", label=md(f"Nettverket {network['network_name']}"), icon=":material/hub:",
                     query_params={"nettverk": network_id})
    st.page_link("app_pages/utvikling.py", label=md(f"{name} over tid"),
                 icon=":material/show_chart:", query_params={"kommune": code})
if view.note:
    st.caption(md(view.note))
st.caption("Klikk på en kommune for å velge den. Fargene følger dagens kommuner (2024); et medlem som senere ble slått "
           "sammen, farger kommunen det er en del av i dag. Grensene: Kartverket.")
with st.expander("Tabell: det kartet viser"):
    st.dataframe(view.table, hide_index=True, width="stretch", placeholder="–")
    source = origin.source_text if not indicator_id else f"{catalogue.loc[indicator_id, 'source']}; {origin.source_text}"
    example = origin.is_example or bool(indicator_id and catalogue.loc[indicator_id, "is_example"])
    share.table(st, view.table, f"livskraft-kart-{mode}" + ("-eksempeldata" if example else "") + f"-{on.isoformat()}",
                f"Kart: {views.MAP_MODES[mode].lower()} {format_date(on)}", source, example,
                int(catalogue.loc[indicator_id, "decimals"]) if indicator_id else 1)
