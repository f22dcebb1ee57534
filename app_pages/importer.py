"""Importer data: an indicator file or the programme workbook, previewed as a dry run, written on «Importer».

Shown only when an import password is configured (kommunedata.ui.access); the work is done by the same
functions as `python -m kommunedata import` and `import-programme` (kommunedata.ui.importing).
"""

import streamlit as st

from kommunedata.text import md
from kommunedata.ui import access, data, importing, pages, state

state.use([], data.choices())  # nothing here belongs in a link
title_col, lock_col = st.columns([4, 1], vertical_alignment="bottom")
title_col.title("Importer data", anchor=False)
if not access.unlocked():
    st.stop()
lock_col.button("Lås", icon=":material/lock:", on_click=access.lock, width="stretch",
                help="Lås siden igjen (f.eks. på en delt PC): passordet må gis på nytt.")

st.markdown("Last opp en fil, se hva som vil endres, og bekreft. Hele filen tas inn, eller ingenting: en fil med feil "
            "endrer ingenting. Alle som bruker Livskraft, ser de nye tallene ved neste klikk.")
kind = st.radio("Hva vil du importere?", list(importing.KINDS), format_func=importing.KINDS.get, horizontal=True)
with st.form("import_form"):
    if kind == importing.INDICATOR:
        upload = st.file_uploader("Fil fra SSBs statistikkbank (CSV eller JSON-stat), Excel eller CSV",
                                  type=["csv", "json", "xlsx"], max_upload_size=importing.MAX_UPLOAD_MB)
        meta, options = importing.indicator_settings(st)
        source = None
    else:
        upload = st.file_uploader("Programarbeidsbok (malen fra «Last ned malen» under)", type=["xlsx"],
                                  max_upload_size=importing.MAX_UPLOAD_MB)
        source = st.text_input("Hvor kommer programmet fra?", placeholder="F.eks. KS, deltakerliste per 1.1.2009",
                               help="Vises på «Om dataene» og i nedlastinger.")
        meta, options = None, importing.Options()
    submitted = st.form_submit_button("Forhåndsvis (prøvekjøring)", type="primary", icon=":material/preview:")
if kind == importing.PROGRAMME:
    st.download_button("Last ned malen (programmet slik det er nå)", data=data.programme_template, on_click="ignore",
                       file_name="livskraft-programmet.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

if submitted:
    importing.forget()
    if upload is None:
        st.warning("Velg en fil først.", icon=":material/upload_file:")
    elif upload.size > importing.MAX_UPLOAD_MB * 1024 * 1024:
        st.error(f"Filen er større enn {importing.MAX_UPLOAD_MB} MB.", icon=":material/block:")
    else:
        importing.preview(importing.Request(kind, upload.name, upload.getvalue(), meta, options, source))

done = importing.done()
if done is not None:
    st.header("Importert", anchor=False)
    importing.show(st, done)
    if done.indicator_id:
        st.page_link(pages.file("utvikling"), label=md(f"Se «{done.indicator_id}» i Utvikling over tid"),
                     icon=":material/show_chart:",  # on a municipality it has figures for
                     query_params={"indikator": done.indicator_id, "kommune": data.with_most_figures(done.indicator_id)})
    else:
        st.page_link(pages.file("temastatus"), label="Se programmet i Temastatus", icon=":material/bar_chart:")

outcome = importing.pending()
if outcome is not None and outcome.request.kind == kind:
    st.header("Forhåndsvisning", anchor=False)
    st.caption(md(f"Fil: {outcome.request.file_name}"))
    importing.show(st, outcome)
    if outcome.ok:
        what = "programmet (erstatter alle nettverk og medlemskap)" if kind == importing.PROGRAMME else \
            f"indikatoren «{outcome.indicator_id}»"
        if st.button(md(f"Importer {what}"), type="primary", icon=":material/database_upload:"):
            importing.confirm(outcome.request)
