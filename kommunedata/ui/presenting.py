"""Presentation mode's Streamlit glue: the chrome-free look, the slide controls and each kind of slide
(its headline from kommunedata.slides, its numbers from the same views as the normal pages)."""

from __future__ import annotations

import time
from datetime import date

import streamlit as st

from kommunedata import slides, views
from kommunedata.deck import fit_zoom
from kommunedata.params import PARAMS, dump_params
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, md
from kommunedata.ui import data, maps, pages, state, widgets
from kommunedata.views.presentasjon import SlideView

SHARED = ("dato", "tema", "fylke")

# Page-local CSS, written only on the presentation page (st.set_option would change every session):
# Streamlit's header, toolbar and decoration hidden, large type for the back of the room, little padding
# (a slide fits a 1024×768 projector whole: a clicker cannot scroll), and the two keyboard-only buttons
# (Page Up / Page Down, as clickers send them) kept out of sight. Static text.
STYLE = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none;}
[data-testid="stMainBlockContainer"] {padding: 0.75rem 1.5rem 0.5rem; max-width: 100%;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p {font-size: 1.45rem; line-height: 1.35;}
[data-testid="stMain"] h1 {font-size: 2.4rem; padding: 0.25rem 0 0;}
[data-testid="stMetricValue"] p {font-size: 5rem !important; line-height: 1.1; font-weight: 600;}
[data-testid="stMetricLabel"] p {font-size: 1.5rem !important; white-space: normal;}
[data-testid="stMetricLabel"] .stMarkdownEllipsis {overflow: visible; white-space: normal;}
[data-testid="stTable"] td, [data-testid="stTable"] th {padding: 0.25rem 0.5rem;}
[data-testid="stMain"] [data-testid="stTable"] [data-testid="stMarkdownContainer"] p,
[data-testid="stTable"] td, [data-testid="stTable"] th {font-size: 1.1rem !important; line-height: 1.3;}
[data-testid="stTable"] {overflow-x: auto;}
.st-key-clicker_keys {display: none;}
.st-key-slide_bar [data-testid="stMarkdownContainer"] p {font-size: 1.2rem;}
.st-key-slide_bar button {min-height: 2.25rem; padding-top: 0.15rem; padding-bottom: 0.15rem;}
</style>"""


_ON = "_presenting"  # this rerun's URL asks for presentation mode
CHOOSING = "_choosing_slides"
_SHOWN_AT = "_slide_shown_at"
_FROM = "_presenting_from"  # the page «Presenter» was pressed on (or a `?presentasjon=1` link opened)
# px: the map slide's map, under the title and headline and above the footer, in the left 5/12 of a
# 1024 px wide screen (the legend in the rest)
MAP_HEIGHT, MAP_WIDTH = 480, 390


def asked_for() -> bool:
    """Whether the URL asks for presentation mode (`?presentasjon=1` on any page); app.py, once a rerun."""
    on = st.session_state[_ON] = st.query_params.get("presentasjon") == "1"
    return on


def in_url() -> bool:
    """Whether this rerun's URL asked for presentation mode (not so for /presentasjon opened alone)."""
    return bool(st.session_state.get(_ON))


def start(slide_id: str | None = None, link: dict[str, str] | None = None, origin: str | None = None) -> None:
    """Open presentation mode afresh on the current shared selections: the full deck (an earlier deck or
    timer does not come back), at `slide_id` (the first slide if it is not in the deck); `link`: the
    deck, position and timer a link asked for (`/?presentasjon=1&lysbilder=…`), which win. `origin`: the
    page Escape and «Avslutt» return to."""
    values = state.use(SHARED, data.choices())  # with their defaults, also before any page has run
    deck = data.full_deck(values["dato"], tuple(values["tema"]), values["fylke"])
    position = deck.index(slide_id) + 1 if slide_id in deck else 1
    shared = dump_params(values, SHARED)
    st.session_state.pop(_SHOWN_AT, None)
    st.session_state.pop(CHOOSING, None)
    if origin and origin != "presentasjon":
        st.session_state[_FROM] = origin
    else:
        st.session_state.pop(_FROM, None)
    st.switch_page(pages.file("presentasjon"), query_params={**shared, "presentasjon": "1", "lysbilde": str(position),
                                       "lysbilder": "", "intervall": "", "del": "",  # empty: the defaults
                                       **(link or {})})


def enter_from(page: str) -> None:
    """`?presentasjon=1` on a normal page: the deck the link names, or the full deck at that page's slide."""
    link = {name: st.query_params[name] for name in ("lysbilder", "lysbilde", "del", "intervall")
            if name in st.query_params}
    start(slide_of(page), link, origin=page)


def slide_of(page: str) -> str | None:
    """The slide that shows what a normal page shows (`?presentasjon=1` on that page opens it)."""
    if page == "nettverk" and state.get("nettverk"):
        return f"{slides.NETWORK}:{state.get('nettverk')}"
    return {"kart": slides.MAP}.get(page)


def choosing(on: bool) -> None:
    st.session_state[CHOOSING] = on


def _box(slide_id: str) -> str:
    return f"_w_slide_{slide_id}"


def open_chooser(options: list[str], deck: list[str]) -> None:
    """«Velg lysbilder»: every slide of the deck ticked, the others not."""
    for slide_id in options:
        st.session_state[_box(slide_id)] = slide_id in deck
    choosing(True)


def _tick(slide_ids: list[str], on: bool) -> None:
    for slide_id in slide_ids:
        st.session_state[_box(slide_id)] = on


def _tick_group(group: str, slide_ids: list[str]) -> None:
    _tick(slide_ids, st.session_state[f"_w_group_{group}"])


def _done(chosen: list[str], deck: list[str], full: list[str]) -> None:
    """«Ferdig»: the ticked slides become the deck (in the full deck's order; a deck from a link keeps
    its own order while its slides stay the same), as a short link."""
    if set(chosen) != set(deck):
        state.set_value("lysbilder", slides.link_tokens(chosen, full))
        state.set_value("lysbilde", 1)
        state.set_value("del", 1)
    choosing(False)


def chooser(full: list[str], deck: list[str], title) -> bool:
    """«Velg lysbilder»: a checklist of the slides in groups (overview, themes, networks, map), with
    «Alle» and «Ingen» for all and a box per group, while the presenter is choosing (True then).

    Choosing is a state of its own: no Escape shortcut while the focus is in the list (Streamlit passes
    Escape through from inputs), and «Ferdig» takes the focus out of it so the clicker works again."""
    if not st.session_state.get(CHOOSING):
        return False
    options = list(dict.fromkeys([*full, *deck]))
    for slide_id in options:  # a slide not yet listed (another date): as the deck has it
        st.session_state.setdefault(_box(slide_id), slide_id in deck)
    chosen = [s for s in options if st.session_state[_box(s)]]
    st.header("Velg lysbilder")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Alle", icon=":material/select_all:", on_click=_tick, args=(options, True))
        st.button("Ingen", icon=":material/deselect:", on_click=_tick, args=(options, False))
        st.button("Ferdig", icon=":material/check:", type="primary", on_click=_done, args=(chosen, deck, full),
                  disabled=not chosen)
        st.markdown(f"{len(chosen)} av {len(options)} lysbilder valgt" if chosen
                    else "Ingen lysbilder valgt: velg minst ett.")
    for group, name, all_of_it, _kinds in slides.GROUPS:
        members = [s for s in options if slides.group_of(s) == group]
        if not members:
            continue
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                st.markdown(f"**{name}**")
                if len(members) > 1:
                    state.prime(f"_w_group_{group}", all(s in chosen for s in members))
                    st.checkbox(all_of_it, key=f"_w_group_{group}", on_change=_tick_group, args=(group, members))
                st.caption(f"{sum(s in chosen for s in members)} av {len(members)} valgt")
            columns = st.columns(3)
            for i, slide_id in enumerate(members):  # read down, then across
                columns[i * 3 // len(members) if len(members) > 3 else i].checkbox(
                    title(slide_id) if group in ("oversikt", "kart") else title(slide_id).partition(": ")[2],
                    key=_box(slide_id))
    return True


def auto_advance(deck: list[str], position: int, part: int, seconds: int) -> None:
    """Move on every `seconds`, round and round, counted from when the slide (its part) was first shown."""
    shown = st.session_state.get(_SHOWN_AT)
    if shown is None or shown[0] != (position, part):
        st.session_state[_SHOWN_AT] = ((position, part), time.monotonic())

    @st.fragment(run_every=seconds)
    def advance() -> None:
        at, since = st.session_state[_SHOWN_AT]
        if at == (state.get("lysbilde"), state.get("del")) and time.monotonic() - since >= seconds - 0.5:
            move(deck, 1, wrap=True)
            st.rerun()

    advance()


def present_button(where, slide_id: str | None = None) -> None:
    if where.button("Presenter", icon=":material/slideshow:", help="Vis lysbilder i fullskjerm, styrt med "
                    "piltastene eller en presentasjonsklikker"):
        start(slide_id, origin=state.page())


def parts(slide_id: str) -> tuple[SlideView, ...]:
    """The slide's parts (a screen each) on the current selections."""
    return data.slide(slide_id, state.get("dato"), tuple(state.get("tema") or ()), state.get("fylke"),
                      data.caps(state.get("tom")))


def leave(slide: slides.Slide, on: date, theme_ids: tuple[str, ...], county: str) -> None:
    """«Avslutt»: back to the page the presenter started from, as it was; without one (a link opened
    the deck), the normal page that shows what the slide shows, with its selections (a network's page
    opens on the indicator its slide summed up, for each indicator's latest year)."""
    origin = st.session_state.pop(_FROM, None)
    st.session_state.pop(_SHOWN_AT, None)
    if origin in pages.BY_ID:
        st.query_params.clear()  # presentasjon=1 and the deck stay behind
        st.switch_page(pages.file(origin), query_params=dump_params({n: state.get(n) for n in SHARED}, SHARED))
    page, own = slides.exit_view(slide)
    if slide.kind == slides.NETWORK:
        indicator_id = data.slide(slide.slide_id, on, theme_ids, county, data.caps(state.get("tom")))[0].indicator_id
        own = {**own, **({"indikator": indicator_id} if indicator_id else {}), "aar": "", "basisaar": ""}
    for name, value in own.items():
        state.set_value(name, PARAMS[name].parse(value, data.choices()) if value else None)
    names = [*SHARED, *own]
    st.query_params.clear()  # presentasjon=1 and the deck stay behind
    st.switch_page(pages.file(page), query_params=dump_params({n: state.get(n) for n in names}, names))


def move(deck: list[str], step: int, wrap: bool = False) -> None:
    """One screen on (`step` 1) or back (-1): the next part of a slide in parts, else the next slide (its
    first part; going back, its last)."""
    position, part = state.get("lysbilde"), state.get("del") or 1
    if 0 < part + step <= len(parts(deck[position - 1])):
        state.set_value("del", part + step)
        return
    target = position + step
    if wrap:
        target = (target - 1) % len(deck) + 1
    elif not 1 <= target <= len(deck):
        return
    state.set_value("lysbilde", target)
    state.set_value("del", 1 if step > 0 else len(parts(deck[target - 1])))


def show(shown: SlideView, on: date, theme_ids: tuple[str, ...]) -> None:
    """A slide's body under its title: the headline, then its numbers, chart, table or map."""
    st.markdown(shown.headline)
    if shown.metrics:
        widgets.metrics(st, shown.metrics)
    if shown.chart is not None:
        st.vega_lite_chart(shown.chart, width="stretch")
    if shown.summary is not None:
        st.markdown(shown.summary)
    if shown.table is not None and shown.colours is not None:
        st.table(shown.table.style.apply(lambda _: shown.colours, axis=None), hide_index=True)
    elif shown.table is not None:
        st.table(shown.table, hide_index=True)  # a slide fits the screen: longer tables go on in parts
    if shown.map is not None:  # the whole country beside its legend, in two columns
        left, right = st.columns([5, 7])
        left.pydeck_chart(maps.map_deck(on, theme_ids, "nettverk", None, None, None,
                                        zoom=fit_zoom(MAP_HEIGHT, MAP_WIDTH), names=False), height=MAP_HEIGHT,
                          alt=shown.map.summary or None)  # in words, as on Kart; the legend names each network
        right.vega_lite_chart(data.map_legend(on, theme_ids, "nettverk", None, None, columns=2), width="content")


def footer(on: date, position: int, length: int) -> None:
    origin = data.programme_origin()
    about = EXAMPLE_PROGRAMME_NOTICE if origin.is_example else md(origin.describe())
    st.caption(views.presentasjon.footer(about, on, position, length))
