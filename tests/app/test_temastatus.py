"""Temastatus in AppTest: the KS figures, theme narrowing, URL state and bad links."""

from __future__ import annotations

from datetime import date

import pytest

from tests.app.conftest import add, chart_data, chart_spec, chosen, metrics, open_app, url

KS_HEADLINES = {
    "Kommuner med vedtak": "128",
    "Kommuner som forbereder vedtak": "40",
    "Nettverk etablert": "20",
    "Nettverk under etablering": "14",
}
KS_THEMES = {"Klima og energi": 10, "Areal": 10, "Folkehelse": 16, "Internasjonalt": 2,
             "Produksjon og forbruk": 6, "Kulturarv": 9}


def test_default_view_shows_the_ks_status_of_28_august_2007():
    at = open_app()
    assert not at.exception
    assert metrics(at) == KS_HEADLINES
    assert url(at) == {"dato": "2007-08-28"}
    networks = chart_data(at, 0).set_index("short_name")["networks_established"].to_dict()
    assert networks == KS_THEMES
    assert any("Eksempeldata" in info.value for info in at.info)
    assert at.selectbox(key="_w_fylke").options[0] == "Alle fylker"
    assert at.selectbox(key="_w_fylke").value == ""


def test_charts_draw_the_theme_counts_with_a_named_selection():
    at = open_app()
    spec = chart_spec(at, 0)
    assert spec["params"][0]["name"] == "tema"
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    municipalities = chart_data(at, 1).set_index("theme_id")["municipalities"]
    assert municipalities.sum() > 168  # a municipality counts once per theme its network works on


def test_another_date_gives_other_numbers():
    at = open_app(dato="2008-01-01")
    assert metrics(at) == {
        "Kommuner med vedtak": "150",  # KS: about 150 municipalities on 1 January 2008
        "Kommuner som forbereder vedtak": "18",
        "Nettverk etablert": "29",
        "Nettverk under etablering": "5",
    }
    later = chart_data(at, 0).set_index("short_name")["networks_established"]
    assert later.sum() > sum(KS_THEMES.values())
    assert (later >= chart_data(open_app(), 0).set_index("short_name")["networks_established"]).all()


@pytest.mark.parametrize("theme_id, established", [("klima_energi", "10"), ("internasjonalt", "2"), ("kulturarv", "9")])
def test_theme_in_the_url_narrows_the_page(theme_id, established):
    at = open_app(tema=theme_id)
    assert metrics(at)["Nettverk etablert"] == established
    table = networks_element(at).value
    assert len(table) > 0 and table["Tema"].str.len().gt(0).all()
    assert chosen(at, "tema") == [theme_id]
    # The chart keeps all themes but marks the chosen one.
    assert chart_spec(at, 0)["params"][0]["value"] == [{"theme_id": theme_id}]


def test_widgets_write_the_url_and_the_url_reproduces_the_view():
    at = open_app()
    add(at, "tema", "folkehelse")
    at.selectbox(key="_w_dato").set_value(date(2009, 3, 1)).run()
    at.selectbox(key="_w_fylke").set_value("05").run()
    assert url(at) == {"dato": "2009-03-01", "tema": "folkehelse", "fylke": "05"}
    reopened = open_app(**url(at))
    assert metrics(reopened) == metrics(at)
    assert networks_element(reopened).value.equals(networks_element(at).value)
    assert set(networks_element(at).value["Fylke"]) == {"Oppland"}


def test_ks_button_resets_the_date():
    at = open_app(dato="2010-06-01")
    next(b for b in at.button if b.label == "KS-status 28.08.2007").click().run()
    assert metrics(at) == KS_HEADLINES
    assert url(at)["dato"] == "2007-08-28"


@pytest.mark.parametrize("params, bad", [
    ({"dato": "2099-01-01"}, "dato"),
    ({"dato": "ikke-en-dato"}, "dato"),
    ({"tema": "klima_energi,tull"}, "tema"),
    ({"fylke": "99"}, "fylke"),
    ({"fylke": "03"}, "fylke"),  # Oslo: a real county, but no network there
    ({"dato": "28.08.2007garbage"}, "dato"),
    ({"nettverk": "'; DROP TABLE network; --"}, "nettverk"),
])
def test_bad_links_give_a_notice_and_the_defaults(params, bad):
    at = open_app(**params)
    assert not at.exception
    assert any(f"ukjent verdi for {bad}" in w.value for w in at.warning)
    assert metrics(at) == KS_HEADLINES
    assert url(at) == {"dato": "2007-08-28"}


def test_empty_values_in_a_link_mean_nothing_chosen():
    at = open_app(fylke="", tema="")
    assert not at.exception
    assert not at.warning
    assert metrics(at) == KS_HEADLINES
    assert url(at) == {"dato": "2007-08-28"}


def test_network_table_lists_the_networks_of_the_day():
    at = open_app()
    table = networks_element(at).value
    assert len(table) == 34
    assert (table["Status"] == "Etablert").sum() == 20
    assert table["Medlemmer"].sum() == 168
    assert table["Medlemmer"].between(4, 7).all()
    assert networks_element(at).proto.placeholder == "–"  # missing values show "–", not "None"
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Last ned tabellen (CSV for Excel)" in labels and "Excel (.xlsx)" in labels


def networks_element(at):
    """The network table (the charts' own table comes before it, folded away)."""
    return next(df for df in at.dataframe if "Nettverk" in df.value.columns)


def test_the_charts_numbers_are_in_a_table_too():
    at = open_app()
    table = next(df.value for df in at.dataframe if "Etablerte nettverk" in df.value.columns).set_index("Tema")
    bars = chart_data(at, 0).set_index("name")
    assert table["Etablerte nettverk"].to_dict() == bars["networks_established"].to_dict()
    assert table.loc["Livskvalitet, friluftsliv og folkehelse", "Etablerte nettverk"] == 16


def test_the_date_box_offers_every_day_of_the_programme_and_shows_a_linked_date():
    at = open_app(dato="2009-03-01")
    box = at.selectbox(key="_w_dato")
    assert box.value == date(2009, 3, 1)
    assert len(box.options) == 1826 and box.options[0] == "01.01.2006" and box.options[-1] == "31.12.2010"
    box.set_value(date(2008, 1, 1)).run()
    assert url(at)["dato"] == "2008-01-01"
