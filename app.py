"""Livskraft: the entry point. Page config, navigation and the shared selections every page uses."""

from pathlib import Path

import streamlit as st

from kommunedata import appdata, state

st.set_page_config(page_title="Livskraft", page_icon=str(Path(__file__).parent / "assets" / "livskraft.png"), layout="wide")

# Each page with the URL parameters it reads; the others stay in the session for later pages.
PAGES = [
    (st.Page("app_pages/temastatus.py", title="Temastatus", icon=":material/bar_chart:", default=True),
     ["dato", "tema", "fylke"]),
    (st.Page("app_pages/nettverk.py", title="Nettverk", icon=":material/hub:", url_path="nettverk"),
     ["dato", "nettverk"]),
    (st.Page("app_pages/utvikling.py", title="Utvikling over tid", icon=":material/show_chart:", url_path="utvikling"),
     ["kommune", "indikator"]),
    (st.Page("app_pages/kart.py", title="Kart", icon=":material/map:", url_path="kart"),
     ["dato", "tema"]),
    (st.Page("app_pages/om_dataene.py", title="Om dataene", icon=":material/info:", url_path="om-dataene"),
     []),
]

page = st.navigation([p for p, _params in PAGES], position="top")
page_params = next(params for p, params in PAGES if p.title == page.title)

for notice in state.sync(appdata.choices(), page_params):
    st.warning(notice, icon=":material/link_off:")

page.run()

st.divider()
st.caption(
    "Livskraft · Kilder: SSB (KLASS 131/104, tabell 07459, CC BY 4.0), Folkehelseinstituttet (NLOD), "
    "Kartverket (CC BY 4.0). Tall merket «eksempeldata» er generert og ikke reelle. Se «Om dataene»."
)
