"""The real theme data on the pages: a one-county indicator says so everywhere it is shown, and draws
no network, county or national reference that rests on too few municipalities."""

from __future__ import annotations

import json

from tests.app.conftest import chart_table, open_app, open_page, url

TELEMARK = "tall for 17 kommuner i Telemark"


def texts(at) -> str:
    """What the page says, as a reader sees it (Markdown escapes and word joiners removed)."""
    shown = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    return shown.replace("\\", "").replace("\u2060", "")


def test_nettverk_says_why_there_is_no_mean_and_no_country():
    at = open_page("nettverk", nettverk="midt-telemark", indikator="klimagassutslipp_miljodir")
    assert not at.exception
    shown = texts(at)
    assert f"Indikatoren har {TELEMARK}" in shown
    assert "Nettverkssnittet vises ikke: bare 2 kommuner har tall (minst 3 trengs)." in shown
    assert f"Hele landet vises ikke: indikatoren har {TELEMARK}." in shown
    bars = chart_table(at, 0, "position_key").set_index("label")
    assert round(bars.loc["Nome", "shown"]) == 28_108
    assert set(bars["position_key"]) == {"unjudged", "none"}  # values, but no mean to judge them by
    picker = next(s for s in at.selectbox if s.label == "Indikator")
    assert f"Klimagassutslipp i alt (Miljødirektoratet) – {TELEMARK}" in picker.options


def test_nettverk_per_inhabitant_counts_a_merged_municipality_once():
    at = open_page("nettverk", nettverk="midt-telemark", indikator="klimagassutslipp_miljodir_per_innbygger",
                   aar="2024")
    assert not at.exception
    shown = texts(at)
    assert "Nettverkssnittet vises ikke" not in shown  # Nome, Notodden and Midt-Telemark (Bø and Sauherad once)
    references = next(df.value for df in at.dataframe if "Referanse" in df.value.columns)
    sizes = [r for r in references["Referanse"] if r.startswith("Kommuner med")]
    assert sizes and all(r.endswith("innbyggere i Telemark") for r in sizes)  # not the whole country's sizes
    assert f"Hele landet vises ikke: indikatoren har {TELEMARK}." in shown


def test_utvikling_has_no_national_line_for_one_county():
    at = open_page("utvikling", kommune="4003", indikator="klimagassutslipp_miljodir")
    assert not at.exception
    lines = chart_table(at, 0, "series")
    assert set(lines["series"]) == {"Skien"}
    skien = lines.set_index("year")["value"]
    assert round(skien[2009], 2) == 165_081.66 and round(skien[2024], 2) == 118_118.63
    shown = texts(at)
    assert f"Klimagassutslipp i alt (Miljødirektoratet): {TELEMARK}." in shown
    assert "Hele landet vises ikke" in shown


def test_utvikling_built_up_area_is_real_and_national():
    at = open_page("utvikling", kommune="0301", indikator="bebygd_areal")
    lines = chart_table(at, 0, "series")
    oslo = lines[lines["series"] == "Oslo"].set_index("year")["value"].to_dict()
    assert oslo[2022] == 124.87 and oslo[2017] == 124.3
    assert "Hele landet, snitt per kommune" not in set(lines["series"])  # a sum: the country only as an index
    indexed = chart_table(open_page("utvikling", kommune="0301", indikator="bebygd_areal", indeks="2017"), 0, "series")
    assert "Hele landet, snitt per kommune" in set(indexed["series"])
    assert not any("Eksempeldata" in w.value for w in at.warning)


def test_kart_zooms_to_telemark_and_names_the_coverage():
    at = open_page("kart", farge="indikator", indikator="klimagassutslipp_miljodir_per_innbygger")
    assert not at.exception
    assert any(TELEMARK in c.value and "ikke regnet noe tall for hele landet" in c.value for c in at.caption)
    deck = at.get("deck_gl_json_chart")[0].proto
    view = json.loads(deck.json)["initialViewState"]
    assert 58.5 < view["latitude"] < 60.5 and 7 < view["longitude"] < 10.5 and view["zoom"] >= 6


def test_om_dataene_and_the_footer_credit_both_sources():
    at = open_page("om_dataene")
    shown = texts(at)
    assert "Klimagassutslipp: Miljødirektoratet" in shown and "NLOD 2.0, etter utgiverens vilkår" in shown
    assert "Bebygd areal: Statistisk sentralbyrå (SSB), tabell 09594" in shown
    footer = open_app().caption[-1].value
    assert "Miljødirektoratet (NLOD 2.0" in footer and "09594" in footer


def test_a_network_outside_telemark_opens_on_an_indicator_its_members_have():
    at = open_page("nettverk", nettverk="fjellregionen", tema="klima_energi")
    assert not at.exception
    assert url(at)["indikator"] == "klimagass_per_innbygger"  # real figures exist only for Telemark
    assert not any("Ingen av medlemmene har tall" in i.value for i in at.info)
    box = next(s for s in at.selectbox if s.label == "Indikator")
    assert f"Klimagassutslipp i alt (Miljødirektoratet) – {TELEMARK}" not in box.options  # no figures: not offered
    left_out = next(c for c in at.caption if "uten tall for medlemmene er ikke å velge" in c.value)
    assert "Klimagassutslipp i alt" in left_out.proto.help


# Kulturarv, farmland and electricity (#28): real figures on the pages, coverage said where they show

MONUMENTS = "kulturminner_automatisk_fredet"


def test_nettverk_shows_real_monuments_for_a_telemark_network():
    at = open_page("nettverk", nettverk="midt-telemark", tema="kulturarv", indikator=f"{MONUMENTS}_per_1000")
    assert not at.exception
    grid = next(df.value for df in at.dataframe if "Indikator" in df.value.columns).set_index("Indikator")
    counts = grid.loc["Automatisk fredete kulturminner (antall), 2022"]
    assert (counts["Nome"], counts["Notodden"]) == ("487", "276")  # Askeladden, rows counted
    assert counts["Bø (Telemark)"] == "–"  # a count for a member that is now part of Midt-Telemark
    decided = grid.loc["Kulturminner fredet ved vedtak eller forskrift (antall), 2022"]
    assert (decided["Nome"], decided["Notodden"]) == ("90", "161")
    bars = chart_table(at, 0, "position_key").set_index("label")
    assert round(bars.loc["Nome", "shown"], 1) == 74.2  # 487 per 6 565 inhabitants (1.1.2023) × 1 000
    assert set(bars["position_key"]) <= {"neutral", "unjudged", "none"}  # a count of monuments is not judged
    shown = texts(at)
    assert f"Indikatoren har {TELEMARK}" in shown
    assert f"Hele landet vises ikke: indikatoren har {TELEMARK}." in shown
    picker = next(s for s in at.selectbox if s.label == "Indikator")
    assert f"Automatisk fredete kulturminner – {TELEMARK}" in picker.options


def test_utvikling_shows_the_real_monuments_of_a_member():
    at = open_page("utvikling", kommune="4018", indikator=MONUMENTS)  # Nome, a member of Midt-Telemark
    assert not at.exception
    lines = chart_table(at, 0, "series")
    nome = lines[lines["series"] == "Nome"].set_index("year")["value"]
    assert nome.to_dict() == {2022: 487}
    assert "Hele landet, snitt per kommune" not in set(lines["series"])
    assert f"Automatisk fredete kulturminner: {TELEMARK}." in texts(at)


def test_kart_colours_telemark_by_real_monuments():
    at = open_page("kart", farge="indikator", indikator=MONUMENTS)
    assert not at.exception
    assert any(TELEMARK in c.value and "ikke regnet noe tall for hele landet" in c.value for c in at.caption)
    table = next(df.value for df in at.dataframe if "Kommunenummer" in df.value.columns).set_index("Kommunenummer")
    column = "Automatisk fredete kulturminner (antall)"
    assert table.loc["4036", column] == 4288 and table.loc["4016", column] == 178  # Vinje and Drangedal
    assert table[column].notna().sum() == 17 and table.loc["0301", column] != table.loc["0301", column]  # Oslo: none
    assert "høyest i Vinje" in texts(at)


def test_farmland_is_real_in_the_east_and_missing_elsewhere():
    at = open_page("kart", farge="indikator", indikator="omdisponert_dyrka_jord", aar="2008")
    assert not at.exception
    assert any("tall for 121 kommuner på Østlandet" in c.value for c in at.caption)
    table = next(df.value for df in at.dataframe if "Kommunenummer" in df.value.columns).set_index("Kommunenummer")
    column = next(c for c in table.columns if c.startswith("Omdisponert dyrka jord"))
    assert table.loc["3107", column] == 751  # Fredrikstad, 0106 in 2008
    assert table.loc["4601", column] != table.loc["4601", column]  # Bergen: no figure, no example value
    assert not any("Eksempeldata" in w.value for w in at.warning)


def test_om_dataene_lists_what_is_real_per_theme():
    at = open_page("om_dataene")
    shown = texts(at)
    assert "4 av 6 tema har minst én indikator med reelle tall." in shown
    assert "Kulturminner: Riksantikvaren, Askeladden" in shown and "Elektrisitetsforbruk: Statistisk sentralbyrå" in shown
    assert "en kommune utenfor disse fylkene har ingen tall" in shown
    footer = open_app().caption[-1].value
    assert "Riksantikvaren" in footer and "14490" in footer
