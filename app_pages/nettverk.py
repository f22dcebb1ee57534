"""Nettverk: where each member of a network stands, against the others, the network's mean, its county,
the country and municipalities of its size, and against itself since the network was established."""

import pandas as pd
import streamlit as st

from kommunedata import charts, compare, views
from kommunedata.text import (
    EXAMPLE_LABEL, MEMBER_STATUS_LABELS, POLARITY_LABELS, STATUS_LABELS, format_date, md,
)
from kommunedata.ui import data, share, state, widgets

UTVIKLING = "app_pages/utvikling.py"
theme_names = data.theme_names()
counties = data.counties_with_networks()
county_names = dict(zip(counties["county_code"], counties["county_name"]))
network_names = data.network_names()
chosen = state.use(["dato", "tema", "fylke", "nettverk", "indikator", "aar", "basisaar"], data.choices())
on, selected, county = chosen["dato"], chosen["tema"], chosen["fylke"]

title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
title_col.title("Nettverk")
origin = widgets.programme_notice()
choice = data.network_choice(on, tuple(selected), county, chosen["nettverk"])
if choice.network_id != chosen["nettverk"]:
    state.set_value("nettverk", choice.network_id)
pick_col, theme_col, county_col, date_col = st.columns([2, 2, 1.3, 1], vertical_alignment="bottom")
widgets.choice(pick_col, "nettverk", choice.options, network_names.get)
widgets.theme_picker(theme_col, theme_names)
widgets.county_picker(county_col, county_names)
widgets.date_picker(date_col)
# What only some views show stands in a place of its own (st.empty, or an empty caption), so that the
# elements after it keep their places: the browser then updates them instead of building them anew.
notice = st.empty()
if choice.notice:
    notice.warning(choice.notice, icon=":material/info:")
if choice.network_id is None:
    st.stop()
network_id = choice.network_id
share.actions(actions_col, slide_id=f"nettverk:{network_id}")

header = data.network_header(network_id, on)
facts = st.columns(4)
facts[0].metric("Status", STATUS_LABELS.get(header.status, "Ikke startet"))
facts[1].metric("Startet", format_date(header.created_on))
facts[2].metric("Etablert", format_date(header.established_on) if header.established_on else "–",
                help=(f"Etableres {format_date(header.planned_established_on)}."
                      if header.planned_established_on and not header.established_on else None))
facts[3].metric("Fylke", md(header.county_name) if header.county_name else "–")  # a metric value is Markdown too
st.markdown("**Tema:** " + (md(", ".join(theme_names[t] for t in header.theme_ids)) or "ingen valgt ennå"))

members = data.network_members(network_id, on)
taking_part = int(members["status"].isin(["decided", "pending"]).sum())
with st.expander(f"Medlemmer {format_date(on)}: {taking_part} med"
                 + (f", {len(members) - taking_part} ikke med (ennå eller lenger)" if len(members) > taking_part else "")
                 + " – med inn- og vedtaksdatoer"):
    view = pd.DataFrame({
        "Kommune": members["municipality_name"], "Kommunenummer": members["municipality_code"],
        "Fylke": members["county_name"], "Status": members["status"].map(MEMBER_STATUS_LABELS),
        "Innmeldt": members["joined_on"], "Vedtak": members["decision_on"], "Utmeldt": members["left_on"],
    })
    st.dataframe(view, hide_index=True, width="stretch", placeholder="–",  # «–» for missing, never "None"
                 column_config={c: st.column_config.DateColumn(format="DD.MM.YYYY") for c in ["Innmeldt", "Vedtak", "Utmeldt"]})
    share.table(st, view, f"livskraft-{network_id}-medlemmer{origin.file_tag}-{on.isoformat()}",
                f"Medlemmer i {header.name} {format_date(on)}", origin.source_text, origin.is_example,
                what="medlemslisten")
    st.caption("Kommunene vises slik de var da de ble med. «Ikke med ennå»: kommunen har ikke meldt seg inn, "
               "eller nettverket har ikke startet på denne datoen.")

st.header("Oversikt: medlemmene mot nettverkssnittet")
grid_themes = [t for t in header.theme_ids if not selected or t in selected]
overview = data.network_overview(network_id, on, tuple(grid_themes), chosen["aar"])
years = sorted(data.choices().years, reverse=True)
widgets.optional_choice(st.columns([1, 3])[0], "aar", years, str, "Siste år med tall for alle",
                        help="Hver indikator vises for det siste året der alle medlemmene har tall, om ikke et år er valgt.")
shown, positions, help_texts = views.overview_table(overview)
st.dataframe(shown.style.apply(lambda _: positions.map(lambda p: charts.POSITION_BACKGROUNDS.get(p, "")), axis=None),
             hide_index=True, width="stretch",
             column_config={c: st.column_config.TextColumn(help=md(h)) for c, h in help_texts.items()})
st.caption(
    "Fargen og teksten viser hvor kommunen ligger i forhold til nettverkssnittet, ikke om et mål er nådd: "
    "«≈ som snittet» er innenfor ±5 % av snittet (±1 prosentpoeng for andeler i prosent). Nøytrale indikatorer "
    f"vurderes ikke. {views.VIA_SUCCESSOR_MARK} Tall for dagens kommune (kommunen ble senere slått sammen). "
    "«–»: ingen tall, eller et antall for en kommune som i dag er del av en større; i snittet: færre enn tre "
    "medlemmer har tall."
)
left_out = st.empty()
if overview.left_out:
    left_out.info(f"Oversikten viser de {len(overview.indicators)} første indikatorene (reelle tall først). "
                  f"{overview.left_out} til for temaene kan velges én og én under «Én indikator i dybden».",
                  icon=":material/table_rows:")
example = origin.is_example or any(i.is_example for i in overview.indicators)
share.table(st, shown, f"livskraft-{network_id}-oversikt" + ("-eksempeldata" if example else "") + f"-{on.isoformat()}",
            f"{header.name}: medlemmene mot nettverkssnittet {format_date(on)}", origin.source_text, example,
            what="oversikten")

# «Én indikator i dybden» runs again on its own when its indicator or base year changes (st.fragment): the
# header, the members and the grid above stay as the browser has them (interleaved A/B in one Chromium:
# 284 -> 239 ms a change). It takes the network, date and grid of the page's last whole run, and its own
# selections from the URL state, which its widgets change before it runs.
@st.fragment
def in_depth() -> None:
    st.header("Én indikator i dybden")
    indicator_ids = data.theme_indicator_ids(tuple(grid_themes))  # every one, also those the grid leaves out
    wanted = state.get("indikator")
    indicator_id = wanted if wanted in indicator_ids else views.first_to_compare(overview)
    catalogue = data.indicators().set_index("indicator_id")
    labels = data.indicator_labels()
    pick_col, base_col = st.columns([3, 1])
    if indicator_id != wanted:
        state.set_value("indikator", indicator_id)
    widgets.choice(pick_col, "indikator", indicator_ids, labels.get)
    comparison = data.network_comparison(network_id, on, indicator_id, state.get("aar"), state.get("basisaar"))
    if comparison is None:
        st.info(md(f"Ingen tall for {labels[indicator_id]} for medlemmene."))
        return
    base_default = views.base_year_for(data.programme(), data.indicators(), network_id, indicator_id)
    widgets.optional_choice(base_col, "basisaar", years, str, f"Etableringsåret ({base_default})")
    indicator = comparison.indicator
    example_notice = st.empty()
    if indicator.is_example:
        example_notice.warning(f"**{EXAMPLE_LABEL}:** «{md(indicator.name)}» er generert av Livskraft og viser ikke "
                               "reelle tall.", icon=":material/science:")
    covered = int(comparison.table["value"].notna().sum())
    if not covered:
        first, last = catalogue.loc[indicator_id, ["first_year", "last_year"]]
        st.info(md(f"Ingen av medlemmene har tall for {indicator.name} i {comparison.year}. Indikatoren har tall for "
                   f"{first}–{last}: velg et annet år."), icon=":material/event_busy:")
        return
    coverage = compare.coverage_of(catalogue.loc[indicator_id]).text()
    st.markdown(
        f"**{md(indicator.name)}** · {md(indicator.unit)} · {POLARITY_LABELS[indicator.polarity]} · "
        f"Kilde: {md(indicator.source)} · {covered} av {len(comparison.table)} medlemmer har tall for "
        f"{comparison.year}"
        + (f" · Indikatoren har {md(coverage)}" if coverage else "")
    )
    st.markdown(" ".join(md(sentence) for sentence in comparison.summary))
    st.caption(md(" ".join(comparison.omitted)))
    rows = views.comparison_rows(comparison)
    spec = charts.member_bars(rows, comparison.references, indicator.name, indicator.unit,
                              indicator.decimals, f"{indicator.name} {comparison.year}", " ".join(comparison.summary),
                              indicator.is_example)
    opened = st.session_state.get("_members_opened", 0)  # a fresh chart after each click-through: no stale selection
    event = st.vega_lite_chart(spec, width="stretch", on_select="rerun", selection_mode=charts.MEMBER_SELECTION,
                               key=f"member_chart_{opened}")
    picked = [p["municipality_code"] for p in event.selection.get(charts.MEMBER_SELECTION, [])
              if "municipality_code" in p]
    if picked:
        st.session_state["_members_opened"] = opened + 1
        st.switch_page(UTVIKLING, query_params={"kommune": picked[0], "indikator": indicator_id})
    share.chart(st, spec, f"livskraft-{network_id}-{indicator_id}-{comparison.year}",
                f"{indicator.source}; {origin.source_text}", indicator.is_example or origin.is_example, "member_chart",
                f"{header.name}, {format_date(on)}")
    st.caption("Klikk på en kommune i diagrammet, eller velg den under, for å se utviklingen over tid.")
    links = st.columns(min(len(comparison.table), 7))
    for i, row in enumerate(comparison.table.to_dict("records")):
        links[i % len(links)].page_link(UTVIKLING, label=md(row["municipality_name"]), icon=":material/show_chart:",
                                        query_params={"kommune": row["municipality_code"], "indikator": indicator_id})
    with st.expander("Tabell og referanser"):
        table = views.comparison_table(comparison, rows)
        st.dataframe(table.style.format(precision=indicator.decimals, decimal=",", thousands="\u00a0", na_rep="–"),
                     hide_index=True, width="stretch")
        references = views.references_table(comparison)
        st.dataframe(references, hide_index=True, width="stretch")
        for what, frame in [("tabellen", table), ("referansene", references)]:
            example = indicator.is_example or origin.is_example
            share.table(st, frame, f"livskraft-{network_id}-{indicator_id}-{comparison.year}-{what}"
                        + ("-eksempeldata" if example else ""), f"{indicator.name} {comparison.year}: {header.name}",
                        f"{indicator.source}; {origin.source_text}", example, indicator.decimals, what=what,
                        key=f"table_{what}")


in_depth()
