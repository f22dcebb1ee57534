"""Same shape as Nettverk, from small in-memory data: select boxes for network, county, year, indicator and
base year, a theme list and a date; four metrics; the members' table in an expander; the coloured overview
grid; one clickable member bar chart with its download popover; page links to each member; two tables in
an expander; ten download buttons in all.

    streamlit run bench/baselines/nettverk.py      (or through bench/baselines/app.py)

bench.browser changes «Nettverk»; bench.server changes the key `_w_nettverk`.
"""

from datetime import date

import altair as alt
import duckdb  # noqa: F401
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

from _shape import (date_box, COUNTIES, INDICATORS, MUNICIPALITIES, NETWORKS, STATUS_DATE, THEMES, YEARS,
                    chart_downloads, rng, read_param, sync_url, table_downloads, title_row)

st.session_state.setdefault("_w_nettverk", read_param("nettverk", "nettverk_01", NETWORKS))
st.session_state.setdefault("_w_dato", date.fromisoformat(read_param("dato", STATUS_DATE.isoformat())))
st.session_state.setdefault("_w_fylke", "")
st.session_state.setdefault("_w_tema", [])

title_row("Nettverk")
st.info("Eksempeldata: nettverkene og medlemskapene er generert.", icon=":material/science:")
pick_col, theme_col, county_col, date_col = st.columns([2, 2, 1.3, 1], vertical_alignment="bottom")
pick_col.selectbox("Nettverk", list(NETWORKS), format_func=NETWORKS.get, key="_w_nettverk")
theme_col.multiselect("Tema", list(THEMES), format_func=THEMES.get, placeholder="Alle tema", key="_w_tema")
county_col.selectbox("Fylke", ["", *COUNTIES], format_func=lambda c: COUNTIES.get(c, "Alle fylker"), key="_w_fylke")
date_box(date_col)
network, on = st.session_state["_w_nettverk"], st.session_state["_w_dato"]

facts = st.columns(4)
for column, (label, value) in zip(facts, [("Status", "Etablert"), ("Startet", "01.02.2007"),
                                          ("Etablert", "01.06.2007"), ("Fylke", "Fylke 3")]):
    column.metric(label, value)
st.markdown("**Tema:** Areal, Folkehelse")

r = rng("members", network)
members = list(MUNICIPALITIES.items())[int(r.integers(0, 30)):][:7]
with st.expander(f"Medlemmer {on:%d.%m.%Y}: {len(members)} med"):
    table = pd.DataFrame({"Kommune": [n for _c, n in members], "Kommunenummer": [c for c, _n in members],
                          "Fylke": "Fylke 3", "Status": "Med vedtak", "Innmeldt": pd.Timestamp(on),
                          "Vedtak": pd.Timestamp(on), "Utmeldt": None})
    st.dataframe(table, hide_index=True, width="stretch", placeholder="–")
    table_downloads(st, table, "medlemmer")
    st.caption("Kommunene vises slik de var da de ble med.")

st.header("Oversikt: medlemmene mot nettverkssnittet")
st.columns([1, 3])[0].selectbox("År", [None, *sorted(YEARS, reverse=True)],
                                format_func=lambda y: "Siste år med tall for alle" if y is None else str(y), key="_w_aar")
grid = pd.DataFrame({"Indikator": list(INDICATORS.values())[:11],
                     **{name: [f"{v:.1f} ✓" for v in r.normal(50, 10, 11)] for _c, name in members[:6]}})
colours = grid.map(lambda v: "background-color: #e8f1fa" if "✓" in str(v) else "")
st.dataframe(grid.style.apply(lambda _: colours, axis=None), hide_index=True, width="stretch",
             column_config={c: st.column_config.TextColumn(help="Forklaring") for c in grid.columns[1:]})
st.caption("Fargen og teksten viser hvor kommunen ligger i forhold til nettverkssnittet.")
table_downloads(st, grid, "oversikt")

st.header("Én indikator i dybden")
pick_col, base_col = st.columns([3, 1])
indicator = pick_col.selectbox("Indikator", list(INDICATORS), format_func=INDICATORS.get, key="_w_indikator")
base_col.selectbox("Endring siden", [None, *YEARS], format_func=lambda y: "Etableringsåret" if y is None else str(y),
                   key="_w_basisaar")
st.markdown(f"**{INDICATORS[indicator]}** · prosent · Høyere er bedre · Kilde: eksempel")
st.markdown("Kommune 3 ligger best an.")

values = pd.DataFrame({"municipality_code": [c for c, _n in members], "Kommune": [n for _c, n in members],
                       "verdi": r.normal(50, 10, len(members)).round(1)})


@st.cache_data(show_spinner=False)
def member_bars(frame: pd.DataFrame, title: str) -> dict:
    pick = alt.selection_point(name="kommune", fields=["municipality_code"])
    base = alt.Chart(frame, title=title).encode(y=alt.Y("Kommune:N", sort="-x"), x="verdi:Q")
    mean = alt.Chart(pd.DataFrame({"verdi": [frame["verdi"].mean()]})).mark_rule().encode(x="verdi:Q")
    return alt.layer(base.mark_bar().add_params(pick), base.mark_text(align="left", dx=3).encode(text="verdi:Q"),
                     mean, mean.mark_text(dy=-8).encode(text=alt.value("snitt"))).to_dict()


spec = member_bars(values, f"{INDICATORS[indicator]} 2010")
st.vega_lite_chart(spec, width="stretch", on_select="rerun", selection_mode="kommune", key="member_chart_0")
chart_downloads(st, spec, "member_chart")
st.caption("Klikk på en kommune i diagrammet, eller velg den under, for å se utviklingen over tid.")
links = st.columns(5)  # one per member with figures, as on the app's page
for i, (code, name) in enumerate(members[:5]):
    links[i % len(links)].page_link("https://example.invalid/utvikling", label=name, icon=":material/show_chart:")
with st.expander("Tabell og referanser"):
    st.dataframe(values.style.format(precision=1, decimal=","), hide_index=True, width="stretch")
    references = pd.DataFrame({"Referanse": ["Nettverkssnitt", "Fylket", "Hele landet", "Samme størrelse", "Alle"],
                               "2010": r.normal(50, 5, 5).round(1), "Endring": r.normal(0, 2, 5).round(1)})
    st.dataframe(references, hide_index=True, width="stretch")
    for what, frame in [("tabellen", values), ("referansene", references)]:
        table_downloads(st, frame, f"table_{what}")
sync_url({"dato": on.isoformat(), "nettverk": network, "indikator": indicator})
