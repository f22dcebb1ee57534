"""Utvikling over tid: one municipality's indicator over the years, on 2024 borders."""

import streamlit as st

from kommunedata import charts
from kommunedata.config import TODAY_STRUCTURE
from kommunedata.text import ESTIMATE_NOTICE, EXAMPLE_LABEL, POLARITY_LABELS, md
from kommunedata.ui import data, state, widgets

catalogue = data.indicators().set_index("indicator_id")
municipalities = data.municipalities_on(TODAY_STRUCTURE)
municipality_names = {code: f"{name} ({code})" for code, name in zip(municipalities["code"], municipalities["name"])}
chosen = state.use(["kommune", "indikator"], data.choices())


def indicator_label(indicator_id: str) -> str:
    row = catalogue.loc[indicator_id]
    return f"{row['name']} ({EXAMPLE_LABEL.lower()})" if row["is_example"] else row["name"]


st.title("Utvikling over tid")
followed = data.follow_to_2024(chosen["kommune"])  # an older code (e.g. a member of 2007) leads to today's
if followed.notice:
    st.info(followed.notice, icon=":material/merge:")
    state.set_value("kommune", followed.code)

left, right = st.columns(2)
widgets.choice(left, "kommune", list(municipality_names), municipality_names.get, label="Kommune (2024-inndeling)")
widgets.choice(right, "indikator", list(catalogue.index), indicator_label)
code, indicator_id = state.get("kommune"), state.get("indikator")
indicator = catalogue.loc[indicator_id]
if indicator["is_example"]:
    st.warning(
        f"**{EXAMPLE_LABEL}:** «{md(indicator['name'])}» er generert av Livskraft og viser ikke reelle tall.",
        icon=":material/science:",
    )

series = data.indicator_series(indicator_id, (code,))
if series.empty:
    st.info(md(f"Ingen tall for {indicator['name'].lower()} i {municipality_names[code]}."))
else:
    st.altair_chart(
        charts.indicator_line(series, indicator["name"], indicator["unit"], int(indicator["decimals"]),
                              f"{indicator['name']} – {municipality_names[code]}", bool(indicator["is_example"])),
        width="stretch",
    )
    if series["is_estimate"].any():
        st.caption(ESTIMATE_NOTICE)
st.markdown(
    f"**Enhet:** {md(indicator['unit'])} · **Retning:** {POLARITY_LABELS[indicator['polarity']]} · "
    f"**Kilde:** {md(indicator['source'])}"
)
st.caption(md(indicator["description"]))
st.caption("Tallene er omregnet til kommunegrensene fra 2024.")
