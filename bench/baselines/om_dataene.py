"""Same shape as Om dataene: a title, seven headings, fifteen Markdown blocks, two tables and a download
row, from small in-memory data. No widget: bench.browser only opens it.

    streamlit run bench/baselines/om_dataene.py      (or through bench/baselines/app.py)
"""

import altair as alt  # noqa: F401
import duckdb  # noqa: F401
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

from _shape import INDICATORS, table_downloads

TEXT = ("Livskraftige kommuner var et samarbeidsprogram mellom KS og Miljøverndepartementet fra 2006 til 2010. "
        "Målet var å utnytte det lokalpolitiske handlingsrommet systematisk og kreativt. ") * 3

st.title("Om dataene")
headings = iter(["Livskraftige kommuner", "Kilder", "Indikatorer", "Slik er eksempelnettverkene laget",
                 "Slik sammenligner Livskraft kommunene i et nettverk", "Kommunesammenslåinger",
                 "Tilgjengelighetserklæring"])
st.header(next(headings))
st.markdown(TEXT)
st.header(next(headings))
sources = pd.DataFrame({"Kilde": [f"Kilde {i}" for i in range(8)], "Utgiver": "Utgiver", "Lisens": "CC BY 4.0",
                        "Type": "Reelle tall"})
st.dataframe(sources, hide_index=True, width="stretch")
for i in range(8):
    st.markdown(f"- Kilde {i}: utgiver, lisens")
st.header(next(headings))
st.markdown(TEXT)
st.markdown(TEXT)
listing = pd.DataFrame({"Indikator": [f"{n} {i}" for i in range(2) for n in INDICATORS.values()][:22], "Tema": "Areal",
                        "Enhet": "prosent", "Retning": "Høyere er bedre", "År": "2006–2024",
                        "Dekning": "alle kommuner", "Type": "Eksempeldata", "Kilde": "eksempel", "Beskrivelse": TEXT[:80]})
st.dataframe(listing, hide_index=True, width="stretch")
table_downloads(st, listing, "indikatorer")
for _ in range(4):
    st.header(next(headings))
    st.markdown(TEXT)
st.caption("Databasen ble bygd i dag.")
