"""Presentation mode in AppTest: every kind of slide on 28.08.2007 with its numbers and headline, a deck and
a position from the link, bad values, and the way in and out."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, PAGES, metrics, url


def present(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["presentasjon"] = "1"
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def plain(text: str) -> str:
    """Text as a reader sees it: Markdown escapes and word joiners removed."""
    return text.replace("\\", "").replace("\u2060", "")


def shown(at: AppTest) -> str:
    return plain("\n".join(m.value for m in at.markdown))


def titles(at: AppTest) -> list[str]:
    return [plain(t.value) for t in at.title]


def test_the_overview_slide_has_the_ks_numbers():
    at = present()
    assert not at.exception
    assert titles(at) == ["Oversikt"]
    assert metrics(at) == {"Kommuner med vedtak": "128", "Kommuner som forbereder vedtak": "40",
                           "Nettverk etablert": "20", "Nettverk under etablering": "14"}
    assert "128 kommuner har vedtatt å være med og 40 forbereder vedtak; 20 nettverk er etablert og 14 er under " \
           "etablering." in shown(at)
    assert "1 / 43" in shown(at) and "28.08.2007" in shown(at)
    assert url(at)["presentasjon"] == "1" and url(at)["lysbilde"] == "1"
    assert any("Status 28.08.2007 · Lysbilde 1 av 43" in c.value for c in at.caption)
    assert not any("Kilder:" in c.value for c in at.caption)  # no footer in presentation mode


@pytest.mark.parametrize("slide, title, headline", [
    ("temaer", "Nettverk per tema", "20 nettverk er etablert, og folkehelse er det vanligste temaet (16 nettverk)."),
    ("tema:klima_energi", "Tema: Klima og energi (1/2)", "Klima og energi: 10 etablerte nettverk og "),
    ("kart", "Kart", "168 kommuner tar del 28.08.2007, i 145 av dagens kommuner og 34 nettverk."),
])
def test_each_kind_of_slide(slide, title, headline):
    at = present(lysbilder=slide)
    assert not at.exception
    assert titles(at) == [title]
    assert headline in shown(at)
    assert "1 / 1" in shown(at)


def test_the_map_slide_draws_the_whole_country_and_says_it_in_words():
    import json

    at = present(lysbilder="kart")
    [deck] = at.get("deck_gl_json_chart")
    assert deck.proto.alt.startswith("28.08.2007: 168 kommuner")  # the map's text alternative, as on Kart
    zoom = json.loads(deck.proto.json)["initialViewState"]["zoom"]
    assert zoom < 3.7  # the zoom that showed only northern Norway at 1024×768
    [legend] = at.get("vega_lite_chart")
    assert "Hallingdal" in json.loads(legend.proto.spec)["description"]  # every network named in words


def test_a_network_slide_has_its_grid_and_summary():
    at = present(lysbilder="nettverk:hallingdal")
    assert not at.exception
    assert titles(at) == ["Nettverk: Hallingdal (1/2)"]
    text = shown(at)
    assert "Hallingdal er etablert (" in text and "nettverket arbeider med folkehelse og kulturarv" in text
    assert "Gol har hatt størst forbedring" in text  # the summary, on the first part
    grid = at.table[0].value
    assert "Nettverkssnitt" in grid.columns and len(grid) >= 1
    assert not (grid.drop(columns=["Indikator", "Nettverkssnitt"]) == "–").all(axis=1).any()


def test_a_long_slide_goes_on_in_parts_that_the_keys_step_through():
    at = present(lysbilder="oversikt,nettverk:hallingdal,tema:klima_energi")
    grid_rows, networks, seen = [], [], []
    for _ in range(4):
        next(b for b in at.button if b.label == "Neste").click().run()
        seen.append((titles(at)[0], url(at).get("del", "1")))
        (grid_rows if titles(at)[0].startswith("Nettverk") else networks).append(at.table[0].value.iloc[:, 0].tolist())
    assert seen == [("Nettverk: Hallingdal (1/2)", "1"), ("Nettverk: Hallingdal (2/2)", "2"),
                    ("Tema: Klima og energi (1/2)", "1"), ("Tema: Klima og energi (2/2)", "2")]
    every = [row for part in grid_rows for row in part]
    assert len(every) == len(set(every)) == 7  # every row of the grid once, none left out
    assert sum(map(len, networks)) == 21 and "se Temastatus" not in shown(at)  # every network, no pointer elsewhere
    assert next(b for b in at.button if b.label == "Neste").disabled
    for _ in range(2):  # back: the theme's first part, then the network's last part
        next(b for b in at.button if b.label == "Forrige").click().run()
    assert titles(at) == ["Nettverk: Hallingdal (2/2)"] and url(at)["lysbilde"] == "2" and url(at)["del"] == "2"


def test_the_link_chooses_and_orders_the_slides():
    at = present(lysbilder="kart,oversikt,tema:areal", lysbilde="2")  # an older link: still read
    assert titles(at) == ["Oversikt"] and "2 / 3" in shown(at)
    assert url(at)["lysbilder"] == "kart.oversikt.tema-areal"  # and written the short way
    next_button = next(b for b in at.button if b.label == "Neste")
    next_button.click().run()
    assert titles(at)[0].startswith("Tema: Areal") and url(at)["lysbilde"] == "3"
    assert url(at)["lysbilder"] == "kart.oversikt.tema-areal"


def test_a_group_in_a_link_is_every_slide_of_the_group_on_the_date():
    at = present(lysbilder="oversikt.tema-alle.kart", lysbilde="8")
    assert not at.exception
    assert titles(at) == ["Kart"] and "8 / 8" in shown(at)  # the overview, six themes, the map


@pytest.mark.parametrize("params, notice", [
    ({"lysbilde": "99"}, "Lysbilde 99 finnes ikke i denne presentasjonen (43 lysbilder): viser det første."),
    ({"lysbilde": "tre"}, "ukjent verdi for lysbilde"), ({"lysbilder": "tema:atlantis"}, "ukjent verdi for lysbilder")])
def test_bad_values_give_a_notice_and_the_first_slide(params, notice):
    at = present(**params)
    assert not at.exception
    assert any(notice in plain(w.value) for w in at.warning)
    assert titles(at) == ["Oversikt"] and url(at)["lysbilde"] == "1"


def test_presenter_button_and_leaving_keep_the_view():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(PAGES["nettverk"])
    at.query_params["nettverk"] = "hallingdal"
    at.run()
    next(b for b in at.button if b.label == "Presenter").click().run()
    assert url(at)["presentasjon"] == "1"
    assert titles(at) == ["Nettverk: Hallingdal (1/2)"]  # the deck opens on the network's slide
    # AppTest reruns the page it was last switched to (a browser the page in its address bar): follow it
    at.switch_page(PAGES["presentasjon"])
    next(b for b in at.button if b.label == "Avslutt").click().run()
    assert "presentasjon" not in url(at) and url(at)["nettverk"] == "hallingdal"
    assert titles(at) == ["Nettverk"]


@pytest.mark.parametrize("page, title", [("kart", "Kart"), ("temastatus", "Temastatus"), ("nettverk", "Nettverk")])
def test_leaving_returns_to_the_page_the_presenter_started_from(page, title):
    """Not the page of the last slide shown (the issue: Escape on a network's slide opened Nettverk)."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(PAGES[page]).run()
    next(b for b in at.button if b.label == "Presenter").click().run()
    at.switch_page(PAGES["presentasjon"])
    at.query_params["lysbilde"] = "12"  # a network's slide, whichever page it started on
    at.run()
    assert titles(at)[0].startswith("Nettverk: ")
    next(b for b in at.button if b.label == "Avslutt").click().run()
    assert "presentasjon" not in url(at) and titles(at) == [title]


def test_choosing_slides_is_a_checklist_with_none_all_and_groups():
    at = present(lysbilde="5")
    next(b for b in at.button if b.label == "Velg lysbilder").click().run()
    assert not any(b.label == "Avslutt" for b in at.button)  # no Escape shortcut while the list has the focus
    boxes = {c.key: c for c in at.checkbox}
    assert sum(c.value for k, c in boxes.items() if k.startswith("_w_slide_")) == 43  # the deck as it is
    next(b for b in at.button if b.label == "Ingen").click().run()
    assert not any(c.value for c in at.checkbox)  # none, and it stays none
    assert next(b for b in at.button if b.label == "Ferdig").disabled
    assert "Ingen lysbilder valgt" in shown(at)
    at.checkbox(key="_w_group_temaer").check().run()  # a whole group
    at.checkbox(key="_w_slide_oversikt").check().run()
    at.checkbox(key="_w_slide_tema:areal").uncheck().run()
    assert not at.checkbox(key="_w_group_temaer").value  # no longer the whole group
    at.checkbox(key="_w_slide_kart").check().run()
    assert "7 av 43 lysbilder valgt" in shown(at)
    next(b for b in at.button if b.label == "Ferdig").click().run()
    assert titles(at) == ["Oversikt"] and "1 / 7" in shown(at)
    assert url(at)["lysbilder"] == "oversikt.tema-alle.-tema-areal.kart" and url(at)["lysbilde"] == "1"
    next(b for b in at.button if b.label == "Velg lysbilder").click().run()
    next(b for b in at.button if b.label == "Alle").click().run()
    next(b for b in at.button if b.label == "Ferdig").click().run()
    assert "1 / 43" in shown(at) and "lysbilder" not in url(at)  # all: the full deck, no list in the link


def test_four_slides_are_a_short_link():
    at = present()
    next(b for b in at.button if b.label == "Velg lysbilder").click().run()
    next(b for b in at.button if b.label == "Ingen").click().run()
    for slide_id in ("oversikt", "tema:klima_energi", "nettverk:hallingdal", "kart"):
        at.checkbox(key=f"_w_slide_{slide_id}").check().run()
    next(b for b in at.button if b.label == "Ferdig").click().run()
    assert url(at)["lysbilder"] == "oversikt.tema-klima_energi.nettverk-hallingdal.kart"
    assert titles(at) == ["Oversikt"] and "1 / 4" in shown(at)


def test_presenter_starts_afresh_after_a_prepared_deck():
    at = present(lysbilder="kart,oversikt", lysbilde="2", intervall="30")
    at.switch_page(PAGES["presentasjon"])
    next(b for b in at.button if b.label == "Avslutt").click().run()
    assert titles(at) == ["Temastatus"] and "presentasjon" not in url(at)  # slide 2 was the overview
    at.switch_page(PAGES["temastatus"])  # as the browser's address bar now says
    next(b for b in at.button if b.label == "Presenter").click().run()
    assert titles(at) == ["Oversikt"] and "1 / 43" in shown(at)  # the full deck from the start, no timer
    assert "lysbilder" not in url(at) and "intervall" not in url(at)


def test_a_link_on_a_normal_page_opens_its_slide():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(PAGES["nettverk"])
    at.query_params["nettverk"], at.query_params["presentasjon"] = "hallingdal", "1"
    at.run()
    assert titles(at) == ["Nettverk: Hallingdal (1/2)"] and url(at)["presentasjon"] == "1"
