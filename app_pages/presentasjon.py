"""Presentasjon: status slides built from the data, driven by the arrow keys, Page Up / Page Down (what a
presentation clicker sends), the on-screen buttons or a timer; Escape or «Avslutt» returns to the view."""

import time

import streamlit as st

from kommunedata import slides
from kommunedata.text import bad_param_notice, format_date, md
from kommunedata.ui import data, presenting, state

chosen = state.use(["dato", "tema", "fylke", "presentasjon", "lysbilder", "lysbilde", "intervall"], data.choices())
on, theme_ids, county = chosen["dato"], tuple(chosen["tema"]), chosen["fylke"]
if not (chosen["presentasjon"] and st.session_state.get("_presenting")):  # opened as /presentasjon alone
    state.set_value("presentasjon", True)
    st.rerun()  # with ?presentasjon=1 in the URL, app.py hides the page menu
st.html(presenting.STYLE)

theme_names, network_names = data.theme_names(), data.network_names()
full = data.full_deck(on, theme_ids, county)
deck = chosen["lysbilder"] or full
if chosen["lysbilde"] > len(deck):
    st.warning(bad_param_notice("lysbilde", str(chosen["lysbilde"])), icon=":material/link_off:")
    state.set_value("lysbilde", 1)
position = state.get("lysbilde")
slide = slides.parse(deck[position - 1])


def title(slide_id: str) -> str:
    return slides.title(slides.parse(slide_id), theme_names, network_names)


def choose() -> None:
    picked = st.session_state["_w_lysbilder_pick"]
    state.set_value("lysbilder", picked if picked and picked != full else None)
    state.set_value("lysbilde", 1)


with st.container(key="slide_bar", horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{position} / {len(deck)}** · {format_date(on)}")
    with st.popover("Velg lysbilder", icon=":material/view_carousel:"):
        st.session_state["_w_lysbilder_pick"] = list(deck)
        st.multiselect("Lysbildene, i rekkefølge", options=list(dict.fromkeys([*full, *deck])), format_func=title,
                       key="_w_lysbilder_pick", on_change=choose,
                       help="Rekkefølgen er den du velger i. Tøm listen for hele presentasjonen.")
    st.button("Forrige", icon=":material/arrow_back:", shortcut="left", on_click=presenting.move, args=(len(deck), -1),
              disabled=position == 1)
    st.button("Neste", icon=":material/arrow_forward:", shortcut="right", on_click=presenting.move,
              args=(len(deck), 1), disabled=position == len(deck))
    leaving = st.button("Avslutt", icon=":material/close:", shortcut="escape")
with st.container(key="clicker_keys"):  # out of sight: what a clicker sends
    st.button("Side opp", shortcut="pageup", on_click=presenting.move, args=(len(deck), -1))
    st.button("Side ned", shortcut="pagedown", on_click=presenting.move, args=(len(deck), 1))
if leaving:
    presenting.leave(slide)

st.title(md(title(slide.slide_id)))
if slide.kind == slides.OVERVIEW:
    presenting.overview(on, county, theme_ids)
elif slide.kind == slides.THEMES:
    presenting.themes(on, county, theme_ids)
elif slide.kind == slides.THEME:
    presenting.theme(slide.target, on, county)
elif slide.kind == slides.NETWORK:
    presenting.network(slide.target, on, theme_ids)
else:
    presenting.map_slide(on, theme_ids)
presenting.footer(on, position, len(deck))

if chosen["intervall"]:  # a screen in a lobby: the next slide every `intervall` seconds, round and round
    st.session_state.setdefault("_slide_shown_at", (position, time.monotonic()))
    if st.session_state["_slide_shown_at"][0] != position:
        st.session_state["_slide_shown_at"] = (position, time.monotonic())

    @st.fragment(run_every=chosen["intervall"])
    def advance() -> None:
        shown, since = st.session_state["_slide_shown_at"]
        if time.monotonic() - since >= chosen["intervall"] - 0.5:
            presenting.move(len(deck), 1, wrap=True)
            st.rerun()

    advance()
