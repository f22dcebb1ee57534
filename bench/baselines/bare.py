"""The floor: one select box and one Altair bar chart from a small DataFrame, with the app's imports.

    streamlit run bench/baselines/bare.py

bench.browser changes «Kategori» and waits for the chart to be redrawn, as it does on the app's pages.
"""

import altair as alt
import duckdb  # noqa: F401  (the app's imports: their import cost is part of a first run)
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

CATEGORIES = [f"Kategori {c}" for c in "ABCDEFGHIJKL"]

chosen = st.selectbox("Kategori", CATEGORIES, key="_w_kategori")
frame = pd.DataFrame({"kategori": CATEGORIES, "verdi": [(i * 7 + len(chosen) * 3) % 23 + 1 for i in range(12)]})
frame["valgt"] = frame["kategori"] == chosen
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="verdi:Q", y=alt.Y("kategori:N", sort=None), color="valgt:N"),
                width="stretch")
