"""The same-shape baselines behind the app's own shell: the same page paths (/nettverk, /kart, …), a top page
menu, the CSS block, and the divider and footer after every page, so a baseline page's numbers compare with
the app page's at the same URL.

    streamlit run bench/baselines/app.py

Each page file also runs alone (`streamlit run bench/baselines/kart.py`).
"""

import streamlit as st

st.set_page_config(page_title="Baseline", layout="wide")
HERE = __file__.rsplit("/", 1)[0]
PAGES = [
    st.Page(f"{HERE}/temastatus.py", title="Temastatus", icon=":material/bar_chart:", default=True),
    st.Page(f"{HERE}/nettverk.py", title="Nettverk", icon=":material/hub:", url_path="nettverk"),
    st.Page(f"{HERE}/utvikling.py", title="Utvikling over tid", icon=":material/show_chart:", url_path="utvikling"),
    st.Page(f"{HERE}/kart.py", title="Kart", icon=":material/map:", url_path="kart"),
    st.Page(f"{HERE}/om_dataene.py", title="Om dataene", icon=":material/info:", url_path="om-dataene"),
]
PRESENTATION = st.Page(f"{HERE}/presentasjon.py", title="Presentasjon", url_path="presentasjon", visibility="hidden")

st.html("<style>[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * {white-space: normal !important;}"
        "</style>")
presenting = st.query_params.get("presentasjon") == "1"
page = st.navigation([*PAGES, PRESENTATION], position="hidden" if presenting else "top")
page.run()
if not presenting:
    st.divider()
    st.caption("Baseline · små data i minnet, samme form som Livskraft-siden.")
