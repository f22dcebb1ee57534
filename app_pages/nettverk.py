"""Nettverk: one network, its themes and members, and where each member stands on a date."""

import pandas as pd
import streamlit as st

from kommunedata.export import to_excel_csv
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, MEMBER_STATUS_LABELS, STATUS_LABELS, format_date, md
from kommunedata.ui import data, state, widgets

networks = data.programme().networks.sort_values("name")
network_names = dict(zip(networks["network_id"], networks["name"]))
theme_names = data.theme_names()
chosen = state.use(["dato", "nettverk"], data.choices())
network_id, on = chosen["nettverk"], chosen["dato"]

st.title("Nettverk")
st.info(EXAMPLE_PROGRAMME_NOTICE, icon=":material/science:")

pick_col, date_col = st.columns([2, 1])
widgets.choice(pick_col, "nettverk", "Nettverk", list(network_names), network_names.get)
widgets.date_picker(date_col)

header = data.network_header(network_id, on)
facts = st.columns(4)
facts[0].metric("Status", STATUS_LABELS.get(header.status, "Ikke startet"))
facts[1].metric("Startet", format_date(header.created_on))
facts[2].metric("Etablert", format_date(header.established_on) if header.established_on else "–",
                help=(f"Etableres {format_date(header.planned_established_on)}."
                      if header.planned_established_on and not header.established_on else None))
facts[3].metric("Fylke", md(header.county_name) if header.county_name else "–")  # a metric value is Markdown too
themes = [theme_names[t] for t in header.theme_ids]
st.markdown("**Tema:** " + (md(", ".join(themes)) if themes else "ingen valgt ennå"))

members = data.network_members(network_id, on)
st.subheader(f"Medlemmer {format_date(on)}")
view = pd.DataFrame({
    "Kommune": members["municipality_name"],
    "Kommunenummer": members["municipality_code"],
    "Fylke": members["county_name"],
    "Status": members["status"].map(MEMBER_STATUS_LABELS),
    "Innmeldt": members["joined_on"],
    "Vedtak": members["decision_on"],
    "Utmeldt": members["left_on"],
})
st.dataframe(  # "–" for missing values, never the English "None"
    view, hide_index=True, width="stretch", placeholder="–",
    column_config={c: st.column_config.DateColumn(format="DD.MM.YYYY") for c in ["Innmeldt", "Vedtak", "Utmeldt"]},
)
st.download_button(
    "Last ned medlemslisten (CSV for Excel)", data=to_excel_csv(view, example=True),
    file_name=f"livskraft-{network_id}-eksempeldata-{on.isoformat()}.csv", mime="text/csv", icon=":material/download:",
)
st.caption("Kommunene vises slik de var da de ble med (kommunestrukturen fra 2006). «Ikke med ennå»: kommunen "
           "har ikke meldt seg inn, eller nettverket har ikke startet på denne datoen.")
