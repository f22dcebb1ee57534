"""Temastatus: where the programme stands, theme by theme, on a chosen date."""

import pandas as pd
import streamlit as st

from kommunedata import charts
from kommunedata.config import STATUS_DATE
from kommunedata.text import HEADLINES, STATUS_LABELS, format_date, format_number, md
from kommunedata.ui import data, share, state, widgets

theme_names = data.theme_names()
counties = data.counties_with_networks()
county_names = dict(zip(counties["county_code"], counties["county_name"]))
chosen = state.use(["dato", "tema", "fylke"], data.choices())  # widget callbacks have run: final values


def pick_theme(chart_key: str) -> None:
    """A click on a theme bar narrows the page to that theme; a click beside the bars clears it."""
    points = st.session_state[chart_key]["selection"].get(charts.THEME_SELECTION, [])
    state.set_value("tema", [p["theme_id"] for p in points if "theme_id" in p][:1])


title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Temastatus")
share.actions(actions_col)
origin = widgets.programme_notice()

date_col, theme_col, county_col, reset_col = st.columns([1.2, 2.6, 1.4, 1.0], vertical_alignment="bottom")
widgets.date_picker(date_col)
widgets.theme_picker(theme_col, theme_names)
widgets.county_picker(county_col, county_names)
reset_col.button("KS-status 28.08.2007", on_click=state.set_value, args=("dato", STATUS_DATE), width="stretch",
                 wrap=True)  # wraps on a projector's 1024 pixels instead of being cut off

on, selected, county = chosen["dato"], chosen["tema"], chosen["fylke"]
scope = ", ".join(theme_names[t] for t in selected) if selected else "alle tema"
st.header(md(f"Status {format_date(on)} – {scope}" + (f" – {county_names[county]}" if county else "")))

counts = data.status(on, county, tuple(selected))
for column, (field, label, help_text) in zip(st.columns(4), HEADLINES):
    column.metric(label, format_number(getattr(counts, field)), help=help_text)

left, right = st.columns(2)
for column, value, title, subtitle, axis, key in [
    (left, "networks_established", "Etablerte nettverk per tema", None, "Nettverk", "chart_networks"),
    (right, "municipalities", "Kommuner per tema", "medlemmer i nettverk med temaet", "Kommuner",
     "chart_municipalities"),
]:
    spec = data.theme_chart(on, county, value, title, axis, tuple(selected), subtitle)
    column.vega_lite_chart(spec, key=key, width="stretch", on_select=lambda key=key: pick_theme(key),
                           selection_mode=charts.THEME_SELECTION)
    share.chart(column, spec, f"livskraft-{value}-{on.isoformat()}", origin.source_text, origin.is_example, key,
                f"Status {format_date(on)} – {scope}")
st.caption("Klikk på et tema i diagrammet for å se bare det temaet (eller velg det i «Tema»). Klikk ved siden av "
           "søylene for å vise alle.")
with st.expander("Tabell: tallene i diagrammene"):  # the charts' numbers without seeing them
    per_theme = data.theme_status(on, county)
    st.dataframe(pd.DataFrame({"Tema": per_theme["name"], "Etablerte nettverk": per_theme["networks_established"],
                               "Nettverk under etablering": per_theme["networks_establishing"],
                               "Kommuner": per_theme["municipalities"]}), hide_index=True, width="stretch")

st.header("Utvikling i programmet 2006–2010")
left, right = st.columns(2)
for column, series, title in [
    (left, ("networks_established", "networks_establishing"), "Nettverk"),
    (right, ("municipalities_decided", "municipalities_pending"), "Kommuner"),
]:
    spec = data.growth_chart(county, tuple(selected), series, title, on)
    column.vega_lite_chart(spec, width="stretch")
    share.chart(column, spec, f"livskraft-utvikling-{title.lower()}", origin.source_text, origin.is_example,
                f"growth_{title}")
with st.expander("Tabell: utviklingen måned for måned"):
    growth = data.timeline(county, tuple(selected))
    st.dataframe(pd.DataFrame({"Dato": growth["date"], **{charts.SERIES_LABELS[c]: growth[c] for c in charts.SERIES_LABELS}}),
                 hide_index=True, width="stretch", column_config={"Dato": st.column_config.DateColumn(format="DD.MM.YYYY")})

st.header("Nettverk")
table = data.network_table(on, county, tuple(selected))
view = pd.DataFrame({
    "Nettverk": table["name"],
    "Status": table["status"].map(STATUS_LABELS),
    "Tema": table["theme_ids"].map(lambda ids: ", ".join(theme_names[t] for t in ids)),
    "Medlemmer": table["members"],
    "Med vedtak": table["decided"],
    "Fylke": table["county_name"],
    "Startet": table["created_on"],
    "Etablert": table["established_on"],
})
st.dataframe(  # "–" for missing values, never the English "None"
    view, hide_index=True, width="stretch", placeholder="–",
    column_config={
        "Startet": st.column_config.DateColumn(format="DD.MM.YYYY"),
        "Etablert": st.column_config.DateColumn(format="DD.MM.YYYY"),
    },
)
share.table(st, view, f"livskraft-nettverk{origin.file_tag}-{on.isoformat()}", f"Nettverk {format_date(on)}",
            origin.source_text, origin.is_example, decimals=0)
st.caption(md(f"{len(view)} nettverk. {origin.describe()}"))
