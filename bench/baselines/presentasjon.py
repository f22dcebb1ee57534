"""Same shape as Presentasjon on its first two slides: a CSS block, a bar of buttons with keyboard shortcuts
(two of them hidden), the slide's title and headline, four metrics on slide 1 and a bar chart on slide 2,
and a footer, from small in-memory data.

    streamlit run bench/baselines/presentasjon.py      (or through bench/baselines/app.py)

bench.browser clicks «Neste»; bench.server clicks the button «Neste».
"""

import altair as alt
import duckdb  # noqa: F401
import pandas as pd  # noqa: F401
import pydeck  # noqa: F401
import streamlit as st

from _shape import STATUS_DATE, read_param, sync_url, theme_counts

SLIDES = ["Oversikt", "Nettverk per tema", "Nettverk: Nettverk 1", "Kart"]
st.html("<style>[data-testid='stMetricValue'] p {font-size: 5rem !important;} .st-key-clicker_keys {display: none;}"
        "</style>")
st.session_state.setdefault("_slide", int(read_param("lysbilde", "1", [str(i) for i in range(1, 5)])))


def move(step: int) -> None:
    st.session_state["_slide"] = min(max(st.session_state["_slide"] + step, 1), len(SLIDES))


position = st.session_state["_slide"]
with st.container(key="slide_bar", horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{position} / {len(SLIDES)}** · {STATUS_DATE:%d.%m.%Y}")
    st.button("Velg lysbilder", icon=":material/view_carousel:")
    st.button("Forrige", icon=":material/arrow_back:", shortcut="left", on_click=move, args=(-1,), disabled=position == 1)
    st.button("Neste", icon=":material/arrow_forward:", shortcut="right", on_click=move, args=(1,),
              disabled=position == len(SLIDES))
    st.button("Avslutt", icon=":material/close:", shortcut="escape")
with st.container(key="clicker_keys"):
    st.button("Side opp", shortcut="pageup", on_click=move, args=(-1,))
    st.button("Side ned", shortcut="pagedown", on_click=move, args=(1,))
position = st.session_state["_slide"]
st.title(SLIDES[position - 1])
counts = theme_counts(STATUS_DATE, "")
if position == 1:
    st.markdown("**128 kommuner har vedtak, 40 forbereder vedtak.**")
    for column, label in zip(st.columns(4), ["Kommuner med vedtak", "Kommuner som forbereder vedtak",
                                             "Nettverk etablert", "Nettverk under etablering"]):
        column.metric(label, int(counts["networks"].sum()))
else:
    st.markdown("**20 nettverk er etablert.**")
    st.vega_lite_chart(alt.Chart(counts).mark_bar().encode(y=alt.Y("name:N", sort=None), x="networks:Q").to_dict(),
                       width="stretch")
st.caption(f"Status {STATUS_DATE:%d.%m.%Y} · Lysbilde {position} av {len(SLIDES)} · Eksempeldata")
sync_url({"presentasjon": "1", "lysbilde": str(position)})
