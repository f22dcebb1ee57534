"""Presentasjon: status slides built from the data, driven by the arrow keys, Page Up / Page Down (what a
presentation clicker sends), the on-screen buttons or a timer; Escape or «Avslutt» returns to the view."""

import streamlit as st

from kommunedata import slides
from kommunedata.text import format_date, md
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
    st.warning(f"Lysbilde {chosen['lysbilde']} finnes ikke i denne presentasjonen ({len(deck)} lysbilder): "
               "viser det første.", icon=":material/link_off:")
    state.set_value("lysbilde", 1)
position = state.get("lysbilde")
slide = slides.parse(deck[position - 1])


def title(slide_id: str) -> str:
    return slides.title(slides.parse(slide_id), theme_names, network_names)


def choose() -> None:
    picked = st.session_state["_w_lysbilder_pick"]
    state.set_value("lysbilder", picked if picked and picked != full else None)
    state.set_value("lysbilde", 1)


if st.session_state.get(presenting.CHOOSING):
    # Choosing is a state of its own: no Escape shortcut while the focus is in the list (Streamlit passes
    # Escape through from inputs), and «Ferdig» takes the focus out of it so the clicker works again.
    st.session_state["_w_lysbilder_pick"] = list(deck)
    st.multiselect("Lysbildene, i rekkefølge", options=list(dict.fromkeys([*full, *deck])), format_func=title,
                   key="_w_lysbilder_pick", on_change=choose,
                   help="Rekkefølgen er den du velger i. Tøm listen for hele presentasjonen.")
    st.button("Ferdig", icon=":material/check:", type="primary", on_click=presenting.choosing, args=(False,))
    st.stop()

with st.container(key="slide_bar", horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{position} / {len(deck)}** · {format_date(on)}")
    st.button("Velg lysbilder", icon=":material/view_carousel:", on_click=presenting.choosing, args=(True,))
    st.button("Forrige", icon=":material/arrow_back:", shortcut="left", on_click=presenting.move, args=(len(deck), -1),
              disabled=position == 1)
    st.button("Neste", icon=":material/arrow_forward:", shortcut="right", on_click=presenting.move,
              args=(len(deck), 1), disabled=position == len(deck))
    leaving = st.button("Avslutt", icon=":material/close:", shortcut="escape")
with st.container(key="clicker_keys"):  # out of sight: what a clicker sends
    st.button("Side opp", shortcut="pageup", on_click=presenting.move, args=(len(deck), -1))
    st.button("Side ned", shortcut="pagedown", on_click=presenting.move, args=(len(deck), 1))
if leaving:
    presenting.leave(slide, on, theme_ids)

st.title(md(title(slide.slide_id)))
scope = presenting.scope(slide, theme_ids, county)
if scope:
    st.caption(md(scope))
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

if chosen["intervall"] and len(deck) > 1:  # a screen in a lobby: the next slide every `intervall` seconds
    presenting.auto_advance(position, len(deck), chosen["intervall"])
