"""Utvikling over tid: one municipality's indicator over the years, on 2024 borders."""

import streamlit as st

from kommunedata import appdata, charts, state, widgets
from kommunedata.text import ESTIMATE_NOTICE, EXAMPLE_LABEL, POLARITY_LABELS, successor_notice

catalogue = appdata.indicators().set_index("indicator_id")
municipalities = appdata.municipalities_on(appdata.TODAY_STRUCTURE)
today_names = dict(zip(municipalities["code"], municipalities["name"]))
municipality_names = {code: f"{name} ({code})" for code, name in today_names.items()}


def indicator_label(indicator_id: str) -> str:
    row = catalogue.loc[indicator_id]
    return f"{row['name']} ({EXAMPLE_LABEL.lower()})" if row["is_example"] else row["name"]


st.title("Utvikling over tid")
if state.get("indikator") is None:
    state.set_value("indikator", "folkemengde")
requested = state.get("kommune")
if requested is not None and requested not in municipality_names:
    # An older code (e.g. a network member of 2007): follow it to today's municipality.
    successor = appdata.main_successors().loc[requested]
    names = [(today_names[c], c) for c in successor["successor_codes"]]
    st.info(successor_notice(successor["name"], requested, names, successor["renumbered"]), icon=":material/merge:")
    state.set_value("kommune", successor["successor_code"])
elif requested is None:
    state.set_value("kommune", "0301")

left, right = st.columns(2)
widgets.choice(left, "kommune", "Kommune (2024-inndeling)", list(municipality_names), municipality_names.get)
widgets.choice(right, "indikator", "Indikator", list(catalogue.index), indicator_label)
code, indicator_id = state.get("kommune"), state.get("indikator")
indicator = catalogue.loc[indicator_id]
if indicator["is_example"]:
    st.warning(
        f"**{EXAMPLE_LABEL}:** «{indicator['name']}» er generert av Livskraft og viser ikke reelle tall.",
        icon=":material/science:",
    )

series = appdata.indicator_series(indicator_id, (code,))
if series.empty:
    st.info(f"Ingen tall for {indicator['name'].lower()} i {municipality_names[code]}.")
else:
    st.altair_chart(
        charts.indicator_line(series, indicator["name"], indicator["unit"], int(indicator["decimals"]),
                              f"{indicator['name']} – {municipality_names[code]}", bool(indicator["is_example"])),
        width="stretch",
    )
    if series["is_estimate"].any():
        st.caption(ESTIMATE_NOTICE)
st.markdown(
    f"**Enhet:** {indicator['unit']} · **Retning:** {POLARITY_LABELS[indicator['polarity']]} · "
    f"**Kilde:** {indicator['source']}"
)
st.caption(indicator["description"])
st.caption("Tallene er omregnet til kommunegrensene fra 2024.")
