"""Om dataene: the programme, the sources with attribution, and which figures are real or examples."""

import streamlit as st

from kommunedata import views
from kommunedata.sources.example import EXAMPLE_SEED_TEXT
from kommunedata.ui import data, share, state

about = views.om_dataene
state.use([], data.choices())  # this page has no selections: the link carries none

st.title("Om dataene", anchor=False)

st.header("Livskraftige kommuner", anchor=False)
st.markdown(about.PROGRAMME)

st.header("Kilder", anchor=False)
sources = data.data_sources()
st.dataframe(about.sources_table(sources), hide_index=True, width="stretch")
for attribution in about.attributions(sources):
    st.markdown(f"- {attribution}")

st.header("Indikatorer", anchor=False)
st.markdown(about.INDICATORS)
headline, per_theme = about.real_per_theme(data.indicators(), sources)
st.markdown(f"**{headline}**\n\n" + "\n".join(about.theme_lines(per_theme)))
st.markdown(about.FARMLAND)
st.markdown(about.BORDERS)
listing = about.indicator_listing(data.indicators())
st.dataframe(listing.frame, hide_index=True, width="stretch")
share.table(st, listing)

st.header("Nettverkene og medlemmene", anchor=False)
programme = data.programme()
st.markdown(about.programme_text(data.programme_origin(), EXAMPLE_SEED_TEXT, len(programme.networks),
                                 len(programme.memberships), len(programme.network_themes)))
st.download_button("Last ned programmet (Excel-mal)", data=data.programme_template, on_click="ignore",
                   file_name="livskraft-programmet.xlsx", icon=":material/download:",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption("Malen har nettverkene, temaene og medlemmene slik Livskraft har dem nå, og et ark «Les meg» som "
           "forklarer hver kolonne. Fyll inn de reelle nettverkene og ta filen inn med «Importer data» (når import "
           "er slått på) eller `python -m kommunedata import-programme FIL.xlsx`.")

st.header("Slik sammenligner Livskraft kommunene i et nettverk", anchor=False)
st.markdown(about.COMPARISONS)

st.header("Kommunesammenslåinger", anchor=False)
st.markdown(about.MERGERS)
st.header("Tilgjengelighetserklæring", anchor=False)
st.markdown(about.ACCESSIBILITY)

st.caption(about.built(data.build_info()))
