"""Same shape as Temastatus, from small in-memory data: a date, a theme list, a county select box and a
button; four metrics; two clickable theme bar charts and two growth line charts, each with its download
popover; three tables (two in expanders) and the table downloads.

    streamlit run bench/baselines/temastatus.py      (or through bench/baselines/app.py)

bench.browser changes «Fylke» and «Dato»; bench.server changes the keys `_w_fylke` and `_w_dato`.
"""

from datetime import date

import altair as alt
import duckdb  # noqa: F401
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

from _shape import (date_box, COUNTIES, STATUS_DATE, THEMES, chart_downloads, growth, read_param, sync_url,
                    table_downloads, theme_counts, title_row)

st.session_state.setdefault("_w_dato", date.fromisoformat(read_param("dato", STATUS_DATE.isoformat())))
st.session_state.setdefault("_w_fylke", read_param("fylke", "", COUNTIES))
st.session_state.setdefault("_w_tema", [])

title_row("Temastatus")
st.info("Eksempeldata: nettverkene og medlemskapene er generert.", icon=":material/science:")
date_col, theme_col, county_col, reset_col = st.columns([1.2, 2.6, 1.4, 1.0], vertical_alignment="bottom")
date_box(date_col)
theme_col.multiselect("Tema", list(THEMES), format_func=THEMES.get, placeholder="Alle tema", key="_w_tema")
county_col.selectbox("Fylke", ["", *COUNTIES], format_func=lambda c: COUNTIES.get(c, "Alle fylker"), key="_w_fylke")
reset_col.button("KS-status 28.08.2007", width="stretch")
on, county, selected = st.session_state["_w_dato"], st.session_state["_w_fylke"], st.session_state["_w_tema"]
sync_url({"dato": on.isoformat(), "tema": ",".join(selected) or None, "fylke": county or None})

st.header(f"Status {on:%d.%m.%Y}")
counts = theme_counts(on, county)
for column, label in zip(st.columns(4), ["Kommuner med vedtak", "Kommuner som forbereder vedtak", "Nettverk etablert",
                                         "Nettverk under etablering"]):
    column.metric(label, int(counts["municipalities"].sum() % 200), help="Forklaring")


@st.cache_data(show_spinner=False)
def bars(frame: pd.DataFrame, value: str, title: str) -> dict:
    pick = alt.selection_point(name="tema", fields=["theme_id"])
    base = alt.Chart(frame, title=title).encode(y=alt.Y("name:N", sort=None, title=None), x=alt.X(f"{value}:Q"))
    return alt.layer(base.mark_bar().add_params(pick), base.mark_text(align="left", dx=3).encode(text=f"{value}:Q")
                     ).to_dict()


@st.cache_data(show_spinner=False)
def lines(frame: pd.DataFrame, title: str, on: date) -> dict:
    long = frame.melt("date", var_name="serie", value_name="antall")
    base = alt.Chart(long, title=title)
    return alt.layer(base.mark_line().encode(x="date:T", y="antall:Q", color="serie:N"),
                     alt.Chart(pd.DataFrame({"date": [pd.Timestamp(on)]})).mark_rule().encode(x="date:T"),
                     alt.Chart(pd.DataFrame({"date": [pd.Timestamp(on)], "t": ["valgt dato"]})).mark_text(
                         dy=-5).encode(x="date:T", text="t:N")).to_dict()


left, right = st.columns(2)
for column, value, title, key in [(left, "networks", "Etablerte nettverk per tema", "chart_networks"),
                                  (right, "municipalities", "Kommuner per tema", "chart_municipalities")]:
    spec = bars(counts, value, title)
    column.vega_lite_chart(spec, key=key, width="stretch", on_select=lambda: None, selection_mode="tema")
    chart_downloads(column, spec, key)
st.caption("Klikk på et tema i diagrammet for å se bare det temaet.")
with st.expander("Tabell: tallene i diagrammene"):
    st.dataframe(counts, hide_index=True, width="stretch")

st.header("Utvikling i programmet 2006–2010")
left, right = st.columns(2)
timeline = growth(county)
for column, title in [(left, "Nettverk"), (right, "Kommuner")]:
    spec = lines(timeline, title, on)
    column.vega_lite_chart(spec, width="stretch")
    chart_downloads(column, spec, f"growth_{title}")
with st.expander("Tabell: utviklingen måned for måned"):
    st.dataframe(timeline.assign(c=timeline["a"] * 2, d=timeline["b"] + 1), hide_index=True, width="stretch",
                 column_config={"date": st.column_config.DateColumn(format="DD.MM.YYYY")})

st.header("Nettverk")
table = pd.DataFrame({"Nettverk": [f"Nettverk {i}" for i in range(34)], "Status": "Etablert", "Tema": "Areal",
                      "Medlemmer": range(34), "Med vedtak": range(34), "Fylke": COUNTIES.get(county, "Alle"),
                      "Startet": pd.Timestamp(on), "Etablert": pd.Timestamp(on)})
st.dataframe(table, hide_index=True, width="stretch", placeholder="–",
             column_config={c: st.column_config.DateColumn(format="DD.MM.YYYY") for c in ("Startet", "Etablert")})
table_downloads(st, table, "nettverk")
st.caption(f"{len(table)} nettverk.")
