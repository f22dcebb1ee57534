"""Same shape as Utvikling over tid (one municipality, one indicator, no extra charts), from small
in-memory data: select boxes for municipality, indicator and index year, two multiselects, a toggle; a
metric, a sentence, one line chart with its download popover, notes and a table in an expander.

    streamlit run bench/baselines/utvikling.py      (or through bench/baselines/app.py)

bench.browser changes «Kommune (skriv navn eller nummer, også gamle)»; bench.server the key `_w_kommune`.
"""

import altair as alt
import duckdb  # noqa: F401
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

from _shape import INDICATORS, MUNICIPALITIES, YEARS, chart_downloads, read_param, series, sync_url, table_downloads, title_row

st.session_state.setdefault("_w_kommune", read_param("kommune", "3001", MUNICIPALITIES))
st.session_state.setdefault("_w_indikator", read_param("indikator", "indikator_1", INDICATORS))

title_row("Utvikling over tid", present=False)
left, right = st.columns(2)
left.selectbox("Kommune (skriv navn eller nummer, også gamle)", list(MUNICIPALITIES), format_func=MUNICIPALITIES.get,
               key="_w_kommune")
right.selectbox("Indikator", list(INDICATORS), format_func=INDICATORS.get, key="_w_indikator")
code, indicator = st.session_state["_w_kommune"], st.session_state["_w_indikator"]
extra_col, compare_col = st.columns(2)
extra_col.multiselect("Flere indikatorer", [i for i in INDICATORS if i != indicator], format_func=INDICATORS.get,
                      placeholder="Ingen", key="_w_indikatorer")
compare_col.multiselect("Sammenlign med", [c for c in MUNICIPALITIES if c != code], format_func=MUNICIPALITIES.get,
                        max_selections=4, placeholder="Ingen", key="_w_sammenlign")
index_col, moving_col, _ = st.columns([1, 1, 2], vertical_alignment="bottom")
index_col.selectbox("Indeks", [None, *YEARS], format_func=lambda y: "Av (vanlige tall)" if y is None else f"{y} = 100",
                    key="_w_indeks")
moving_col.toggle("Glidende snitt", help="Snittet av året og de to før.", key="_w_glidende")
st.caption(f"{MUNICIPALITIES[code]} var ikke med i noe nettverk: ingen nettverkslinje.")

frame = series(code, indicator)
country = series("land", indicator)
lines = pd.concat([frame.assign(serie=MUNICIPALITIES[code]), country.assign(serie="Hele landet")])
st.metric(f"Endring ({YEARS[0]}–{YEARS[-1]})", f"{frame['value'].iloc[-1] - frame['value'].iloc[0]:+.1f}",
          delta=f"{(frame['value'].iloc[-1] / frame['value'].iloc[0] - 1) * 100:+.1f} %", help="Forklaring")
st.markdown(f"**{MUNICIPALITIES[code]}: {INDICATORS[indicator]} gikk fra {frame['value'].iloc[0]} til "
            f"{frame['value'].iloc[-1]}.**")


@st.cache_data(show_spinner=False)
def trend_lines(frame: pd.DataFrame, title: str) -> dict:
    base = alt.Chart(frame, title=title)
    return alt.layer(base.mark_line(point=True).encode(x="year:O", y="value:Q", color="serie:N",
                                                       strokeDash="serie:N"),
                     base.mark_text(dy=-8).encode(x="year:O", y="value:Q", text="value:Q")
                     .transform_filter(alt.datum.year == YEARS[-1])).properties(height=420).to_dict()


spec = trend_lines(lines, f"{INDICATORS[indicator]} – {MUNICIPALITIES[code]}")
st.vega_lite_chart(spec, width="stretch")
chart_downloads(st, spec, f"chart_{indicator}")
st.caption("Glidende snitt: av.")
st.caption(f"prosent · Høyere er bedre · Kilde: eksempel")
with st.expander(f"Tabell: {INDICATORS[indicator]}"):
    table = lines.pivot(index="year", columns="serie", values="value").reset_index().rename(columns={"year": "År"})
    st.dataframe(table, hide_index=True, width="stretch", column_config={"År": st.column_config.NumberColumn(format="%d")})
    table_downloads(st, table, f"table_{indicator}")
st.columns(2)  # the app's row for more indicators (none by default for a municipality outside the networks)
st.caption("Alle tall er omregnet til kommunegrensene fra 2024.")
sync_url({"kommune": code, "indikator": indicator})
