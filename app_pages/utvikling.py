"""Utvikling over tid: a municipality against its own past, its network's mean and the country, on 2024
borders; an index, a moving average, more indicators side by side and other municipalities to compare."""

import streamlit as st

from kommunedata.ui import data, share, state, widgets

chosen = state.use(["dato", "tema", "kommune", "indikator", "tom", "indikatorer", "sammenlign", "indeks", "glidende"],
                   data.choices())
options = data.municipality_options()  # today's municipalities, then older codes pointing to them
label = data.indicator_labels().__getitem__

title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Utvikling over tid", anchor=False)
share.actions(actions_col, present=False)
view = data.utvikling(chosen["kommune"], tuple(chosen["tema"]), chosen["indikator"],
                      None if chosen["indikatorer"] is None else tuple(chosen["indikatorer"]))
# What only some municipalities show stands in a place of its own (st.empty, or an empty caption), so
# that the elements after it keep their places: the browser then updates them instead of building them anew.
notice = st.empty()
if view.notice:  # an older code (e.g. a member of 2007) leads to today's municipality
    notice.info(view.notice, icon=":material/merge:")
    state.set_value("kommune", view.code)
if view.indicator_id != chosen["indikator"]:
    state.set_value("indikator", view.indicator_id)
state.resolved("indikatorer", view.extra)  # the default set and the last years: a copied link keeps them
state.resolved("tom", data.last_years([view.indicator_id, *view.extra]))

left, right = st.columns(2)
widgets.choice(left, "kommune", list(options), options.get, label="Kommune (skriv navn eller nummer, også gamle)",
               help="En kommune som er slått sammen med andre, finnes under sitt gamle navn og nummer (Tjøme → "
                    "Færder). Har bare nummeret endret seg, skriver du navnet; det gamle nummeret virker i lenken.")
widgets.indicator_choice(right, view.choice, label)
extra_col, compare_col = st.columns(2)
widgets.list_choice(extra_col, "indikatorer", view.extra_options, label, view.default_extra)
widgets.list_choice(compare_col, "sammenlign", view.compare_options, options.get, [], max_selections=4)
index_col, moving_col, date_col, _ = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
widgets.optional_choice(index_col, "indeks", view.index_years, lambda y: f"{y} = 100", "Av (vanlige tall)")
widgets.toggle(moving_col, "glidende", help="Snittet av året og de to før: jevner ut svingninger i små kommuner.")
widgets.date_picker(date_col, help="Nettverkssnittet regnes over kommunene som var med på denne datoen.")
st.caption(view.note)


def draw(indicator_id: str, where, main: bool) -> None:
    shown = data.trend_chart(view.code, indicator_id, tuple(state.get("sammenlign")), state.get("indeks"),
                             bool(state.get("glidende")), main, data.caps(state.get("tom")), state.get("dato"))
    if shown.empty:
        where.info(shown.empty, icon=":material/event_busy:")
        return
    example_notice = where.empty()
    if shown.example:
        widgets.example_notice(example_notice, shown.name)
    if shown.headline:
        widgets.metric(where, shown.headline)
    where.markdown(shown.sentence)
    where.vega_lite_chart(shown.chart.spec, width="stretch")
    share.chart(where, shown.chart)
    where.caption(shown.notes)
    where.caption(shown.about)
    with where.expander(shown.table_title):
        st.dataframe(shown.table.frame, hide_index=True, width="stretch", placeholder="–",
                     column_config={"År": st.column_config.NumberColumn(format="%d")})
        share.table(st, shown.table)


draw(view.indicator_id, st, main=True)
columns = st.columns(2)
for i, other in enumerate(view.extra):
    draw(other, columns[i % 2].container(), main=False)
st.caption("Alle tall er omregnet til kommunegrensene fra 2024. Nettverkssnittet regnes hvert år over de samme "
           "kommunene: de som var med på den valgte datoen. De stiplede strekene markerer innmelding og vedtak.")
