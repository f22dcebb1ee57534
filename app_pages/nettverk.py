"""Nettverk: where each member of a network stands, against the others, the network's mean, its county,
the country and municipalities of its size, and against itself since the network was established."""

import streamlit as st

from kommunedata import charts, views
from kommunedata.ui import data, pages, share, state, widgets

chosen = state.use(["dato", "tema", "fylke", "nettverk", "indikator", "aar", "tom", "basisaar"], data.choices())
on = chosen["dato"]

title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Nettverk", anchor=False)
widgets.programme_notice()
view = data.nettverk(on, tuple(chosen["tema"]), chosen["fylke"], chosen["nettverk"], chosen["aar"],
                     data.caps(chosen["tom"]))
network_id = view.choice.network_id
if network_id != chosen["nettverk"]:
    state.set_value("nettverk", network_id)
pick_col, theme_col, county_col, date_col = st.columns([2, 2, 1.3, 1])  # top: chosen themes show below
widgets.choice(pick_col, "nettverk", view.choice.options, data.network_names().get)
widgets.theme_picker(theme_col, data.theme_names())
widgets.county_picker(county_col, data.county_names())
widgets.date_picker(date_col)
# What only some views show stands in a place of its own (st.empty, or an empty caption), so that the
# elements after it keep their places: the browser then updates them instead of building them anew.
notice = st.empty()
if view.choice.notice:
    notice.warning(view.choice.notice, icon=":material/info:")
if network_id is None:
    st.stop()
share.actions(actions_col, slide_id=f"nettverk:{network_id}")

widgets.metrics(st, view.facts)
st.markdown(view.themes)
with st.expander(view.members_title):
    st.dataframe(view.members.frame, hide_index=True, width="stretch", placeholder="–",  # «–», never "None"
                 column_config=widgets.dates("Innmeldt", "Vedtak", "Utmeldt"))
    share.table(st, view.members)
    st.caption("Kommunene vises slik de var da de ble med. «Ikke med ennå»: kommunen har ikke meldt seg inn, "
               "eller nettverket har ikke startet på denne datoen.")

st.header("Oversikt: medlemmene mot nettverkssnittet", anchor=False)
widgets.optional_choice(st.columns([1, 3])[0], "aar", sorted(data.choices().years, reverse=True), str,
                        "Siste år med tall for alle",
                        help="Hver indikator vises for det siste året der alle medlemmene har tall, om ikke et år er valgt.")
widgets.position_grid(st, view.grid)
widgets.note(st, views.nettverk.GRID_NOTE, views.nettverk.GRID_MORE)
left_out = st.empty()
if view.left_out:
    left_out.info(view.left_out, icon=":material/table_rows:")
share.table(st, view.overview)


# «Én indikator i dybden» runs again on its own when its indicator or base year changes (st.fragment): the
# header, the members and the grid above stay as the browser has them. It takes the network, date and grid
# of the page's last whole run, and its own selections from the URL state, which its widgets change first.
@st.fragment
def in_depth() -> None:
    st.header("Én indikator i dybden", anchor=False)
    shown = data.in_depth(network_id, on, view.grid_themes, state.get("indikator"), state.get("aar"),
                          state.get("basisaar"), data.caps(state.get("tom")))
    state.resolved("tom", data.last_years([*view.indicator_ids, shown.indicator_id]))  # a copied link keeps them
    pick_col, base_col = st.columns([3, 1])
    if shown.indicator_id and shown.indicator_id != state.get("indikator"):
        state.set_value("indikator", shown.indicator_id)
    widgets.indicator_choice(pick_col, shown.choice, data.indicator_labels().get)
    if shown.missing:
        st.info(shown.missing)
        return
    widgets.optional_choice(base_col, "basisaar", sorted(data.choices().years, reverse=True), str,
                            "Innmeldingsåret (hver kommunes eget)",
                            help="Endringen regnes fra året kommunen meldte seg inn, om ikke et år er valgt for alle.")
    example_notice = st.empty()
    if shown.example:
        widgets.example_notice(example_notice, shown.name)
    if shown.no_values:
        st.info(shown.no_values, icon=":material/event_busy:")
        return
    st.markdown(shown.facts)
    st.markdown(shown.summary)
    st.caption(shown.omitted)
    opened = widgets.opening_chart(st, shown.chart, charts.MEMBER_SELECTION, "municipality_code", "member_chart")
    if opened:
        st.switch_page(pages.file("utvikling"), query_params=state.link_params(kommune=opened,
                                                                                 indikator=shown.indicator_id))
    share.chart(st, shown.chart)
    st.caption("Klikk på en kommune i diagrammet, eller velg den under, for å se utviklingen over tid.")
    links = st.columns(min(len(shown.links), 7))
    for i, (label, code) in enumerate(shown.links):
        links[i % len(links)].page_link(pages.file("utvikling"), label=label, icon=":material/show_chart:",
                                        query_params=state.link_params(kommune=code, indikator=shown.indicator_id))
    with st.expander("Tabell og referanser"):
        widgets.number_table(st, shown.table, shown.decimals)
        st.dataframe(shown.references, hide_index=True, width="stretch")
        for download in shown.downloads:
            share.table(st, download)


in_depth()
