"""Presentation mode's Streamlit glue: the chrome-free look, the slide controls and each kind of slide
(its headline from kommunedata.slides, its numbers from the same views as the normal pages)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from kommunedata import charts, mapping, slides, views
from kommunedata.params import PARAMS, dump_params
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, STATUS_LABELS, format_date, format_number, md
from kommunedata.ui import data, state

PAGE = "app_pages/presentasjon.py"
PAGE_FILES = {"temastatus": "app_pages/temastatus.py", "nettverk": "app_pages/nettverk.py",
              "kart": "app_pages/kart.py"}
SHARED = ("dato", "tema", "fylke")

# Page-local CSS, written only on the presentation page (st.set_option would change every session):
# Streamlit's header, toolbar and decoration hidden, large type for the back of the room, and the two
# keyboard-only buttons (Page Up / Page Down, as clickers send them) kept out of sight. Static text.
STYLE = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none;}
[data-testid="stMainBlockContainer"] {padding-top: 1rem; max-width: 100%;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p {font-size: 1.55rem; line-height: 1.4;}
[data-testid="stMain"] h1 {font-size: 3rem;}
[data-testid="stMetricValue"] p {font-size: 5rem !important; line-height: 1.1; font-weight: 600;}
[data-testid="stMetricLabel"] p {font-size: 1.5rem !important; white-space: normal;}
[data-testid="stMetricLabel"] .stMarkdownEllipsis {overflow: visible; white-space: normal;}
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.25rem;}
.st-key-clicker_keys {display: none;}
.st-key-slide_bar [data-testid="stMarkdownContainer"] p {font-size: 1.2rem;}
</style>"""


def start(slide_id: str | None = None) -> None:
    """Open presentation mode on the current shared selections, at `slide_id` of the full deck (the
    first slide if it is not in it)."""
    on, theme_ids, county = state.get("dato"), state.get("tema") or [], state.get("fylke") or ""
    deck = data.full_deck(on, tuple(theme_ids), county)
    position = deck.index(slide_id) + 1 if slide_id in deck else 1
    shared = dump_params({name: state.get(name) for name in SHARED}, SHARED)
    st.switch_page(PAGE, query_params={**shared, "presentasjon": "1", "lysbilde": str(position)})


def present_button(where, slide_id: str | None = None) -> None:
    if where.button("Presenter", icon=":material/slideshow:", help="Vis lysbilder i fullskjerm, styrt med "
                    "piltastene eller en presentasjonsklikker"):
        start(slide_id)


def leave(slide: slides.Slide) -> None:
    """«Avslutt»: the normal page that shows what the slide shows, with its selections."""
    page, own = slides.exit_view(slide)
    for name, value in own.items():
        state.set_value(name, PARAMS[name].parse(value, data.choices()))
    names = [*SHARED, *own]
    st.query_params.clear()  # presentasjon=1 and the deck stay behind
    st.switch_page(PAGE_FILES[page], query_params=dump_params({n: state.get(n) for n in names}, names))


def move(deck_length: int, step: int, wrap: bool = False) -> None:
    position = state.get("lysbilde") + step
    position = (position - 1) % deck_length + 1 if wrap else min(max(position, 1), deck_length)
    state.set_value("lysbilde", position)


def overview(on: date, county: str, theme_ids: tuple[str, ...]) -> None:
    counts = data.status(on, county, theme_ids)
    st.markdown(f"**{md(slides.overview_headline(counts))}**")
    columns = st.columns(4)
    for column, label, value in zip(columns, ["Kommuner med vedtak", "Kommuner som forbereder vedtak",
                                              "Nettverk etablert", "Nettverk under etablering"],
                                    [counts.municipalities_decided, counts.municipalities_pending,
                                     counts.networks_established, counts.networks_establishing]):
        column.metric(label, format_number(value))


def themes(on: date, county: str, theme_ids: tuple[str, ...]) -> None:
    per_theme = data.theme_status(on, county)
    counts = data.status(on, county, ())
    st.markdown(f"**{md(slides.themes_headline(per_theme, counts.networks_established, counts.networks_establishing))}**")
    st.vega_lite_chart(data.theme_chart(on, county, "networks_established", "Etablerte nettverk per tema", "Nettverk",
                                        theme_ids), width="stretch")


def theme(theme_id: str, on: date, county: str) -> None:
    row = data.theme_status(on, county).set_index("theme_id").loc[theme_id]
    networks = data.network_table(on, county, (theme_id,))
    st.markdown(f"**{md(slides.theme_headline(row['short_name'], row, networks))}**")
    table = pd.DataFrame({"Nettverk": networks["name"].map(md), "Status": networks["status"].map(STATUS_LABELS),
                          "Kommuner": networks["members"], "Med vedtak": networks["decided"],
                          "Fylke": networks["county_name"].fillna("–").map(md)})
    st.table(table, hide_index=True)


def network(network_id: str, on: date, theme_ids: tuple[str, ...]) -> None:
    header = data.network_header(network_id, on)
    members = data.network_members(network_id, on)
    theme_names = data.theme_names()
    st.markdown(f"**{md(slides.network_headline(header.name, header.status, header.created_on, header.established_on, members, [theme_names[t] for t in header.theme_ids]))}**")
    shown_themes = tuple(t for t in header.theme_ids if not theme_ids or t in theme_ids)
    overview = data.network_overview(network_id, on, shown_themes, None)
    indicator_id = views.first_to_compare(overview)
    comparison = data.network_comparison(network_id, on, indicator_id, None, None) if indicator_id else None
    if comparison is not None:
        st.markdown(md(" ".join(comparison.summary)))
    shown, positions, _help = views.overview_table(overview)
    members = [c for c in shown.columns if c not in ("Indikator", views.MEAN_COLUMN)]
    keep = ~(shown[members] == "–").all(axis=1)  # a slide shows what the members have figures for
    colours = positions[keep].map(lambda p: charts.POSITION_BACKGROUNDS.get(p, ""))
    st.table(shown[keep].map(md).style.apply(lambda _: colours, axis=None), hide_index=True)


def map_slide(on: date, theme_ids: tuple[str, ...]) -> None:
    view = data.map_view(on, theme_ids, "nettverk", None, None)
    networks = data.network_table(on, "", theme_ids)
    st.markdown(f"**{md(slides.map_headline(view.members_then, view.lit, len(networks), on))}**")
    municipal, county = data.borders()
    left, right = st.columns([3, 1])
    left.pydeck_chart(mapping.deck(view.polygons, municipal, county, None, zoom=3.7), height=620)
    right.vega_lite_chart(charts.legend_chart(view.legend, "Nettverk"), width="stretch")


def footer(on: date, position: int, length: int) -> None:
    st.caption(f"Status {format_date(on)} · Lysbilde {position} av {length} · {EXAMPLE_PROGRAMME_NOTICE}")
