"""Livskraft: the entry point. Page config, navigation, the database version and the URL state."""

from pathlib import Path

import streamlit as st

from kommunedata.ui import access, cache, data, pages, presenting, share, state, widgets

st.set_page_config(page_title="Livskraft", page_icon=str(Path(__file__).parent / "assets" / "livskraft.png"), layout="wide")

# Streamlit cuts a metric's label with an ellipsis in a narrow column (four metrics on a projector's 1024
# pixels); no option lets it wrap, so this rule does: nothing is hidden at 1024 x 768 (WCAG 1.4.10).
st.html("<style>[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * {white-space: normal !important; "
        "overflow: visible !important; text-overflow: clip !important;}</style>")
cache.refresh()  # a replaced database file is read from this rerun on
# ?presentasjon=1 on any page opens presentation mode: no page menu, no header, no footer
in_presentation = presenting.asked_for()
page = st.navigation(pages.navigation(importing=access.password() is not None),
                     position="hidden" if in_presentation else "top")
page_id = pages.current_id(page)
notices = state.read_url(page_id, data.choices())
if in_presentation and page_id != "presentasjon":  # e.g. /nettverk?presentasjon=1: that network's slide
    presenting.enter_from(page_id)
for notice in notices:
    st.warning(notice, icon=":material/link_off:")
if pages.BY_ID[page_id].figures and not in_presentation:  # a link that keeps older figures says so
    widgets.until_notice(data.newer_than(state.get("tom")))

page.run()
state.write_url()  # also for a page that shows no selections: the URL then carries none
share.offer_link()  # «Kopier lenke» pressed: the link of the view's final selections

if not in_presentation:
    st.divider()
    st.caption(
        "Livskraft · Kilder: SSB (KLASS 131/104, tabell 07459, 09594 og 14490, KOSTRA, CC BY 4.0), "
        "Folkehelseinstituttet (NLOD), Miljødirektoratet (NLOD 2.0, etter utgiverens vilkår), Riksantikvaren "
        "(Askeladden, NLOD), Kartverket (CC BY 4.0). Tall merket «eksempeldata» er generert og ikke reelle. "
        "Se «Om dataene»."
    )
