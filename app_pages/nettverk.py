"""Nettverk: one network, its themes and members, and where each member stands on a date."""

import pandas as pd
import streamlit as st

from kommunedata import appdata, state, widgets
from kommunedata import programme as rules
from kommunedata.export import to_excel_csv
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, MEMBER_STATUS_LABELS, STATUS_LABELS, format_date

programme = appdata.programme()
networks = programme.networks.sort_values("name")
network_names = dict(zip(networks["network_id"], networks["name"]))
theme_names = dict(zip(appdata.themes()["theme_id"], appdata.themes()["short_name"]))

st.title("Nettverk")
st.info(EXAMPLE_PROGRAMME_NOTICE, icon=":material/science:")

if state.get("nettverk") is None:
    state.set_value("nettverk", networks["network_id"].iloc[0])
pick_col, date_col = st.columns([2, 1])
widgets.choice(pick_col, "nettverk", "Nettverk", list(network_names), network_names.get)
widgets.date_picker(date_col)
network_id, on = state.get("nettverk"), state.get("dato")
network = networks.set_index("network_id").loc[network_id]
status = rules.network_status(networks[networks["network_id"] == network_id], on).iloc[0]
chosen = rules.themes_on(programme.network_themes, on)
themes = chosen.loc[chosen["network_id"] == network_id, "theme_id"].map(theme_names).tolist()

facts = st.columns(4)
facts[0].metric("Status", STATUS_LABELS.get(status, "Ikke startet"))
facts[1].metric("Startet", format_date(network["created_on"].date()))
facts[2].metric("Etablert", format_date(network["established_on"].date()) if pd.notna(network["established_on"]) else "–")
facts[3].metric("Fylke", network["county_name"])
st.markdown("**Tema:** " + (", ".join(themes) if themes else "ingen valgt ennå"))

members = programme.memberships[programme.memberships["network_id"] == network_id]
member_state = rules.member_status(members, on)
st.subheader(f"Medlemmer {format_date(on)}")
view = pd.DataFrame({
    "Kommune": members["municipality_name"],
    "Kommunenummer": members["municipality_code"],
    "Fylke": members["county_name"],
    "Status": member_state.map(MEMBER_STATUS_LABELS),
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
st.caption("Kommunene vises slik de var da de ble med (kommunestrukturen fra 2006).")
