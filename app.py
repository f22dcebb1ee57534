"""Livskraft: the entry point. Page config, navigation, the database version and the URL state."""

from pathlib import Path

import streamlit as st

from kommunedata.ui import access, data, presenting, share, state

st.set_page_config(page_title="Livskraft", page_icon=str(Path(__file__).parent / "assets" / "livskraft.png"), layout="wide")

PAGES = [
    st.Page("app_pages/temastatus.py", title="Temastatus", icon=":material/bar_chart:", default=True),
    st.Page("app_pages/nettverk.py", title="Nettverk", icon=":material/hub:", url_path="nettverk"),
    st.Page("app_pages/utvikling.py", title="Utvikling over tid", icon=":material/show_chart:", url_path="utvikling"),
    st.Page("app_pages/kart.py", title="Kart", icon=":material/map:", url_path="kart"),
    st.Page("app_pages/om_dataene.py", title="Om dataene", icon=":material/info:", url_path="om-dataene"),
]

if access.password() is not None:  # importing in the app is switched on by configuring its password
    PAGES.append(st.Page("app_pages/importer.py", title="Importer data", icon=":material/upload_file:",
                         url_path="importer"))

PRESENTATION = st.Page("app_pages/presentasjon.py", title="Presentasjon", icon=":material/slideshow:",
                       url_path="presentasjon", visibility="hidden")

# Streamlit cuts a metric's label with an ellipsis in a narrow column (four metrics on a projector's 1024
# pixels); no option lets it wrap, so this rule does: nothing is hidden at 1024 x 768 (WCAG 1.4.10).
st.html("<style>[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * {white-space: normal !important; "
        "overflow: visible !important; text-overflow: clip !important;}</style>")
data.refresh()  # a replaced database file is read from this rerun on
# ?presentasjon=1 on any page opens presentation mode: no page menu, no header, no footer
in_presentation = st.session_state["_presenting"] = st.query_params.get("presentasjon") == "1"
page = st.navigation([*PAGES, PRESENTATION], position="hidden" if in_presentation else "top")
notices = state.read_url(page.url_path or "temastatus", data.choices())
if in_presentation and page.url_path != PRESENTATION.url_path:  # e.g. /nettverk?presentasjon=1: that network's slide
    presenting.enter_from(page.url_path or "temastatus")
for notice in notices:
    st.warning(notice, icon=":material/link_off:")

page.run()
state.write_url()  # also for a page that shows no selections: the URL then carries none
share.offer_link()  # «Kopier lenke» pressed: the link of the view's final selections

if not in_presentation:
    st.divider()
    st.caption(
        "Livskraft · Kilder: SSB (KLASS 131/104, tabell 07459 og 09594, CC BY 4.0), Folkehelseinstituttet (NLOD), "
        "Miljødirektoratet (NLOD 2.0, etter utgiverens vilkår), Kartverket (CC BY 4.0). Tall merket «eksempeldata» "
        "er generert og ikke reelle. Se «Om dataene»."
    )
