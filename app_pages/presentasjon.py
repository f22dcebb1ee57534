"""Presentasjon: status slides built from the data, driven by the arrow keys, Page Up / Page Down (what a
presentation clicker sends), the on-screen buttons or a timer; Escape or «Avslutt» returns to the view."""

import streamlit as st

from kommunedata import slides, views
from kommunedata.text import format_date, md
from kommunedata.ui import data, presenting, state

chosen = state.use(["dato", "tema", "fylke", "tom", "presentasjon", "lysbilder", "lysbilde", "del", "intervall"],
                   data.choices())
on, theme_ids, county = chosen["dato"], tuple(chosen["tema"]), chosen["fylke"]
if not (chosen["presentasjon"] and presenting.in_url()):  # opened as /presentasjon alone
    state.set_value("presentasjon", True)
    st.rerun()  # with ?presentasjon=1 in the URL, app.py hides the page menu
st.html(presenting.STYLE)

theme_names, network_names = data.theme_names(), data.network_names()
full = data.full_deck(on, theme_ids, county)
deck = slides.expand(chosen["lysbilder"], full) if chosen["lysbilder"] else full
if not deck:  # e.g. `nettverk-alle` on a date before any network had started
    st.warning("Lysbildene i lenken finnes ikke på denne datoen: viser hele presentasjonen.", icon=":material/link_off:")
    deck = full
if chosen["lysbilde"] > len(deck):
    st.warning(f"Lysbilde {chosen['lysbilde']} finnes ikke i denne presentasjonen ({len(deck)} lysbilder): "
               "viser det første.", icon=":material/link_off:")
    state.set_value("lysbilde", 1)
position = state.get("lysbilde")
slide = slides.parse(deck[position - 1])
parts = data.slide(slide.slide_id, on, theme_ids, county, data.caps(chosen["tom"]))
if chosen["del"] > len(parts):  # a link to a part the slide no longer has
    state.set_value("del", len(parts))
part = state.get("del")


def title(slide_id: str) -> str:
    return slides.title(slides.parse(slide_id), theme_names, network_names)


if presenting.chooser(full, deck, title):
    st.stop()

with st.container(key="slide_bar", horizontal=True, vertical_alignment="center"):
    st.markdown(f"**{position} / {len(deck)}** · {format_date(on)}")
    st.button("Velg lysbilder", icon=":material/view_carousel:", on_click=presenting.open_chooser,
              args=(list(dict.fromkeys([*full, *deck])), deck))
    st.button("Forrige", icon=":material/arrow_back:", shortcut="left", on_click=presenting.move, args=(deck, -1),
              disabled=(position, part) == (1, 1))
    st.button("Neste", icon=":material/arrow_forward:", shortcut="right", on_click=presenting.move,
              args=(deck, 1), disabled=(position, part) == (len(deck), len(parts)))
    leaving = st.button("Avslutt", icon=":material/close:", shortcut="escape")
with st.container(key="clicker_keys"):  # out of sight: what a clicker sends
    st.button("Side opp", shortcut="pageup", on_click=presenting.move, args=(deck, -1))
    st.button("Side ned", shortcut="pagedown", on_click=presenting.move, args=(deck, 1))
if leaving:
    presenting.leave(slide, on, theme_ids, county)

st.title(md(slides.part_title(title(slide.slide_id), part, len(parts))), anchor=False)
scope = views.presentasjon.scope(slide, list(theme_ids), data.county_names().get(county), theme_names)
if scope:
    st.caption(md(scope))
presenting.show(parts[part - 1], on, theme_ids)
presenting.footer(on, position, len(deck))

if chosen["intervall"] and (len(deck) > 1 or len(parts) > 1):  # a lobby: on by itself every `intervall` s
    presenting.auto_advance(deck, position, part, chosen["intervall"])
