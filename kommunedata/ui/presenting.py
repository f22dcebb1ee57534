"""Presentation mode's Streamlit glue: the chrome-free look, the slide controls and each kind of slide
(its headline from kommunedata.slides, its numbers from the same views as the normal pages)."""

from __future__ import annotations

import json
import time
from datetime import date

import pandas as pd
import streamlit as st

from kommunedata import charts, mapping, slides, views
from kommunedata.params import PARAMS, dump_params
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, HEADLINES, STATUS_LABELS, format_date, format_number, md
from kommunedata.ui import data, state

PAGE = "app_pages/presentasjon.py"
MAX_ROWS = 10  # rows of a table on a slide
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
[data-testid="stTable"] td, [data-testid="stTable"] th {padding: 0.25rem 0.5rem;}
[data-testid="stMain"] [data-testid="stTable"] [data-testid="stMarkdownContainer"] p,
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.1rem !important; line-height: 1.3;}
[data-testid="stTable"] {overflow-x: auto;}
.st-key-clicker_keys {display: none;}
.st-key-slide_bar [data-testid="stMarkdownContainer"] p {font-size: 1.2rem;}
</style>"""


CHOOSING = "_choosing_slides"
_SHOWN_AT = "_slide_shown_at"


def start(slide_id: str | None = None, link: dict[str, str] | None = None) -> None:
    """Open presentation mode afresh on the current shared selections: the full deck (an earlier deck or
    timer does not come back), at `slide_id` (the first slide if it is not in the deck); `link`: the
    deck, position and timer a link asked for (`/?presentasjon=1&lysbilder=…`), which win."""
    values = state.use(SHARED, data.choices())  # with their defaults, also before any page has run
    deck = data.full_deck(values["dato"], tuple(values["tema"]), values["fylke"])
    position = deck.index(slide_id) + 1 if slide_id in deck else 1
    shared = dump_params(values, SHARED)
    st.session_state.pop(_SHOWN_AT, None)
    st.session_state.pop(CHOOSING, None)
    st.switch_page(PAGE, query_params={**shared, "presentasjon": "1", "lysbilde": str(position),
                                       "lysbilder": "", "intervall": "",  # empty: back to the defaults
                                       **(link or {})})


def enter_from(page: str) -> None:
    """`?presentasjon=1` on a normal page: the deck the link names, or the full deck at that page's slide."""
    link = {name: st.query_params[name] for name in ("lysbilder", "lysbilde", "intervall") if name in st.query_params}
    start(slide_of(page), link)


def slide_of(page: str) -> str | None:
    """The slide that shows what a normal page shows (`?presentasjon=1` on that page opens it)."""
    if page == "nettverk" and state.get("nettverk"):
        return f"{slides.NETWORK}:{state.get('nettverk')}"
    return {"kart": slides.MAP}.get(page)


def choosing(on: bool) -> None:
    st.session_state[CHOOSING] = on


def auto_advance(position: int, length: int, seconds: int) -> None:
    """Move on every `seconds`, round and round, counted from when the slide was first shown."""
    shown = st.session_state.get(_SHOWN_AT)
    if shown is None or shown[0] != position:
        st.session_state[_SHOWN_AT] = (position, time.monotonic())

    @st.fragment(run_every=seconds)
    def advance() -> None:
        at, since = st.session_state[_SHOWN_AT]
        if at == state.get("lysbilde") and time.monotonic() - since >= seconds - 0.5:
            move(length, 1, wrap=True)
            st.rerun()

    advance()


def scope(slide: slides.Slide, theme_ids: tuple[str, ...], county: str) -> str | None:
    """What a slide counts when the deck is narrowed, so that its numbers are read right (plain text)."""
    if not theme_ids and not county:
        return None
    parts = []
    if county:
        parts.append(data.counties_with_networks().set_index("county_code").loc[county, "county_name"])
    if theme_ids and slide.kind in (slides.OVERVIEW, slides.MAP):
        parts.append(", ".join(data.theme_names()[t] for t in theme_ids))
    if slide.kind == slides.MAP and county:
        return "Utvalg: " + " · ".join(parts[1:] or ["alle tema"]) + " (kartet viser hele landet)"
    if slide.kind == slides.THEMES and theme_ids:
        parts.append("alle tema")
    return "Utvalg: " + " · ".join(parts) if parts else None


def present_button(where, slide_id: str | None = None) -> None:
    if where.button("Presenter", icon=":material/slideshow:", help="Vis lysbilder i fullskjerm, styrt med "
                    "piltastene eller en presentasjonsklikker"):
        start(slide_id)


def leave(slide: slides.Slide, on: date, theme_ids: tuple[str, ...]) -> None:
    """«Avslutt»: the normal page that shows what the slide shows, with its selections (a network's
    page opens on the indicator its slide summed up, for each indicator's latest year)."""
    page, own = slides.exit_view(slide)
    if slide.kind == slides.NETWORK:
        header = data.network_header(slide.target, on)
        shown = tuple(t for t in header.theme_ids if not theme_ids or t in theme_ids)
        indicator_id = views.first_to_compare(data.network_overview(slide.target, on, shown, None))
        own = {**own, **({"indikator": indicator_id} if indicator_id else {}), "aar": "", "basisaar": ""}
    for name, value in own.items():
        state.set_value(name, PARAMS[name].parse(value, data.choices()) if value else None)
    st.session_state.pop(_SHOWN_AT, None)
    names = [*SHARED, *own]
    st.query_params.clear()  # presentasjon=1 and the deck stay behind
    st.switch_page(PAGE_FILES[page], query_params=dump_params({n: state.get(n) for n in names}, names))


def move(deck_length: int, step: int, wrap: bool = False) -> None:
    position = state.get("lysbilde") + step
    position = (position - 1) % deck_length + 1 if wrap else min(max(position, 1), deck_length)
    state.set_value("lysbilde", position)


def for_the_back_row(spec: dict) -> dict:
    """A chart's type made larger for a projector: axis labels, titles and the value labels on the bars."""
    spec = json.loads(json.dumps(spec))  # a deep copy: the cached spec stays as the pages use it
    config = spec.setdefault("config", {})
    config.setdefault("axis", {}).update(labelFontSize=20, titleFontSize=18)
    config.setdefault("title", {}).update(fontSize=24)
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            mark["fontSize"] = 22
    if isinstance(spec.get("height"), dict) and "step" in spec["height"]:
        spec["height"] = {"step": 54}
    return spec


def overview(on: date, county: str, theme_ids: tuple[str, ...]) -> None:
    counts = data.status(on, county, theme_ids)
    st.markdown(f"**{md(slides.overview_headline(counts))}**")
    for column, (field, label, _help) in zip(st.columns(4), HEADLINES):
        column.metric(label, format_number(getattr(counts, field)))


def themes(on: date, county: str, theme_ids: tuple[str, ...]) -> None:
    per_theme = data.theme_status(on, county)
    counts = data.status(on, county, ())
    st.markdown(f"**{md(slides.themes_headline(per_theme, counts.networks_established, counts.networks_establishing))}**")
    st.vega_lite_chart(for_the_back_row(data.theme_chart(on, county, "networks_established",
                                                         "Etablerte nettverk per tema", "Nettverk", theme_ids)),
                       width="stretch")


def theme(theme_id: str, on: date, county: str) -> None:
    row = data.theme_status(on, county).set_index("theme_id").loc[theme_id]
    networks = data.network_table(on, county, (theme_id,))
    st.markdown(f"**{md(slides.theme_headline(row['short_name'], row, networks))}**")
    if networks.empty:
        return
    table = pd.DataFrame({"Nettverk": networks["name"].map(md), "Status": networks["status"].map(STATUS_LABELS),
                          "Kommuner": networks["members"], "Med vedtak": networks["decided"],
                          "Fylke": networks["county_name"].fillna("–").map(md)})
    st.table(table.head(MAX_ROWS), hide_index=True)  # a slide fits the screen: the rest is a line below
    if len(table) > MAX_ROWS:
        st.markdown(md(f"… og {len(table) - MAX_ROWS} nettverk til (se Temastatus)."))


def network(network_id: str, on: date, theme_ids: tuple[str, ...]) -> None:
    header = data.network_header(network_id, on)
    members = data.network_members(network_id, on)
    theme_names = data.theme_names()
    st.markdown(f"**{md(slides.network_headline(header.name, header.status, header.created_on, header.established_on, members, [theme_names[t] for t in header.theme_ids]))}**")
    if header.status is None:  # not started on the date: nothing to compare yet
        return
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
    left.pydeck_chart(mapping.deck(view.polygons, municipal, county, None, zoom=3.7, place=data.map_layer), height=620)
    right.vega_lite_chart(data.map_legend(on, theme_ids, "nettverk", None, None, "Nettverk"), width="stretch")


def footer(on: date, position: int, length: int) -> None:
    origin = data.programme_origin()
    about = EXAMPLE_PROGRAMME_NOTICE if origin.is_example else md(origin.describe())
    st.caption(f"Status {format_date(on)} · Lysbilde {position} av {length} · {about}")
