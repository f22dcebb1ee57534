"""Om dataene's view: the sources and their attributions, the list of indicators with what is real and
what is generated, where the programme comes from, and the build; and that what the page says about
the generated programme holds for the bundled database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import queries, rules, views
from kommunedata.config import STATUS_DATE
from kommunedata.text import plain
from kommunedata.views.common import ProgrammeOrigin

SOURCES = pd.DataFrame({
    "source_id": ["ssb", "eksempel"], "name": ["Folkemengde", "Eksempeldata"],
    "publisher": ["Statistisk sentralbyrå (SSB)", "Livskraft (generert)"], "licence": ["CC BY 4.0", "CC0"],
    "attribution": ["Folkemengde: SSB [tabell 07459](https://ssb.no) — CC BY 4.0", "Eksempeldata: *generert*"],
    "is_example": [False, True],
})


def test_the_sources_are_listed_with_their_licence_and_kind():
    table = views.om_dataene.sources_table(SOURCES)
    assert table.to_dict("records") == [
        {"Kilde": "Folkemengde", "Utgiver": "Statistisk sentralbyrå (SSB)", "Lisens": "CC BY 4.0", "Type": "Reelle data"},
        {"Kilde": "Eksempeldata", "Utgiver": "Livskraft (generert)", "Lisens": "CC0", "Type": "Eksempeldata"},
    ]


def test_an_attribution_is_shown_as_written_never_as_a_link():
    shown = views.om_dataene.attributions(SOURCES)
    assert [plain(text) for text in shown] == SOURCES["attribution"].tolist()
    assert shown[0].startswith("Folkemengde\\:") and "\\[tabell 07459\\]\\(https\\:" in shown[0]
    assert shown[1].endswith("\\*generert\\*")
    assert views.om_dataene.attributions(SOURCES.iloc[0:0]) == []


CATALOGUE = pd.DataFrame({
    "indicator_id": ["folkemengde", "utslipp", "vaksine", "avfall"],
    "name": ["Folkemengde", "Klimagassutslipp", "Vaksinasjonsdekning", "Husholdningsavfall"],
    "theme_name": [None, "Klima og energi", "Folkehelse", "Produksjon og forbruk"],
    "unit": ["personer", "tonn", "prosent", "kg per innbygger"],
    "polarity": ["neutral", "lower_better", "higher_better", "lower_better"],
    "first_year": [2005, 2009, 2006, 2005], "last_year": [2026, 2024, 2018, 2024],
    "covered": [357, 17, 341, 357], "covered_county": [None, "Telemark", None, None],
    "municipalities_2024": [357, 357, 357, 357],
    "is_example": [False, False, False, True],
    "source": ["SSB 07459", "Miljødirektoratet", "FHI", "Livskraft"],
    "description": ["Folkemengde 1. januar.", "Utslipp i kommunen.", "Andel fullvaksinert.", "Generert."],
})


def test_every_indicator_is_listed_with_its_years_coverage_and_kind():
    listing = views.om_dataene.indicator_listing(CATALOGUE)
    frame = listing.frame
    assert frame.columns.tolist() == ["Indikator", "Tema", "Enhet", "Retning", "Første år", "Siste år", "Dekning", "Type", "Kilde",
                                      "Beskrivelse"]
    assert frame["Tema"].tolist() == ["Bakgrunn", "Klima og energi", "Folkehelse", "Produksjon og forbruk"]
    assert frame["Retning"].tolist() == ["Nøytral", "Lavere er bedre", "Høyere er bedre", "Lavere er bedre"]
    assert frame["Første år"].tolist() == [2005, 2009, 2006, 2005] and frame["Siste år"].tolist() == [2026, 2024, 2018, 2024]
    assert frame["Dekning"].tolist() == ["alle kommuner", "tall for 17 kommuner i Telemark", "tall for 341 av 357 kommuner",
                                         "alle kommuner"]
    assert frame["Type"].tolist() == ["Reelle data", "Reelle data", "Reelle data", "Eksempeldata"]
    assert frame["Kilde"].tolist() == CATALOGUE["source"].tolist()
    assert (listing.name, listing.title, listing.what) == ("livskraft-indikatorer", "Indikatorene i Livskraft",
                                                           "indikatorlisten")
    assert "eksempeldata" not in listing.name
    assert not listing.example  # a list of real and generated indicators, each row with its own kind


def test_the_programme_is_described_by_where_it_comes_from():
    example = views.om_dataene.programme_text(ProgrammeOrigin(True), "20070828", 40, 210, 95)
    assert example == views.om_dataene.EXAMPLE_PROGRAMME.format(seed="20070828")
    assert "fast tilfeldighetsgenerator (20070828)" in example and "**ikke reelt**" in example
    real = ProgrammeOrigin(False, "KS, deltakerliste 1.1.2009", "programmet [ny].xlsx", date(2009, 2, 1))
    text = views.om_dataene.programme_text(real, "20070828", 41, 230, 95)
    assert plain(text) == ("**Reelle data.** Nettverk og medlemskap: KS, deltakerliste 1.1.2009, importert 01.02.2009 "
                           "fra «programmet [ny].xlsx». 41 nettverk, 230 medlemskap og 95 nettverkstemaer. Ved neste "
                           "bygging av databasen tas den samme arbeidsboken inn igjen.")
    assert "\\[ny\\]" in text and "tilfeldighetsgenerator" not in text  # the file name escaped; no examples
    bare = views.om_dataene.programme_text(ProgrammeOrigin(False, "KS"), "1", 1, 2, 3)
    assert plain(bare).startswith("**Reelle data.** Nettverk og medlemskap: KS. 1 nettverk, 2 medlemskap og 3 ")


def test_the_build_is_named_by_its_time_and_fingerprint():
    info = {"built_at": "2026-12-07T00:20:24+00:00", "fingerprint": "68338aa0df27a72f", "schema_version": "4"}
    built = views.om_dataene.built(info)
    assert plain(built) == "Databasen ble bygd 2026-12-07T00:20:24+00:00 (kildeversjon 68338aa0df27a72f)."
    assert "\\(kildeversjon" in built  # Markdown-safe
    assert plain(views.om_dataene.built({})) == "Databasen ble bygd ? (kildeversjon ?)."


@pytest.fixture(scope="module")
def bundled(db_path):
    from kommunedata.db import Database
    db = Database(db_path)
    yield (queries.programme(db), queries.themes(db), queries.data_sources(db), queries.indicators(db),
           queries.build_info(db))
    db.close()


def test_the_bundled_sources_and_indicators_are_labelled_real_or_generated(bundled):
    _programme, _themes, sources, catalogue, info = bundled
    table = views.om_dataene.sources_table(sources)
    assert table["Type"].tolist() == ["Reelle data"] * (len(sources) - 1) + ["Eksempeldata"]  # examples last
    assert len(views.om_dataene.attributions(sources)) == len(sources)
    listing = views.om_dataene.indicator_listing(catalogue).frame.set_index(catalogue["indicator_id"])
    assert listing.loc["folkemengde", ["Tema", "Dekning", "Type"]].tolist() == ["Bakgrunn", "alle kommuner",
                                                                                "Reelle data"]
    assert listing.loc["klimagassutslipp_miljodir", "Dekning"] == "tall for 17 kommuner i Telemark"
    example = catalogue.set_index("indicator_id")["is_example"]
    assert (listing["Type"] == example.map({True: "Eksempeldata", False: "Reelle data"})).all()
    assert {"Eksempeldata", "Reelle data"} == set(listing["Type"])
    assert plain(views.om_dataene.built(info)) == (f"Databasen ble bygd {info['built_at']} (kildeversjon "
                                                   f"{info['fingerprint']}).")


def test_what_the_page_says_of_the_generated_programme_holds(bundled):
    """EXAMPLE_PROGRAMME: 40 networks, each municipality in at most one; on 28.08.2007 exactly KS's status
    (128 + 40, 20 + 14, and 10/10/16/2/6/9 established per theme); 150 with a decision on 1.1.2008; over
    200 in 40 networks at the end of 2010, most of them with klima og energi."""
    programme, themes, _sources, _catalogue, info = bundled
    origin = views.common.programme_origin(programme, info)
    assert origin.is_example
    text = views.om_dataene.programme_text(origin, info["example_seed"], 0, 0, 0)
    assert f"({info['example_seed']})" in text
    assert "128 kommuner med vedtak og 40 som forbereder vedtak" in text and "10/10/16/2/6/9" in text
    assert len(programme.networks) == 40
    assert programme.memberships.groupby("municipality_code")["network_id"].nunique().max() == 1
    assert rules.status_on(programme, STATUS_DATE) == rules.StatusCounts(128, 40, 20, 14)
    per_theme = rules.theme_status_on(programme, themes, STATUS_DATE)
    assert per_theme["networks_established"].tolist() == [10, 10, 16, 2, 6, 9]
    assert rules.status_on(programme, date(2008, 1, 1)).municipalities_decided == 150
    end = date(2010, 12, 31)
    at_end = rules.status_on(programme, end)
    assert at_end.municipalities_decided + at_end.municipalities_pending > 200
    assert at_end.networks_established + at_end.networks_establishing == 40
    last = rules.theme_status_on(programme, themes, end)
    assert last.loc[last["networks_established"].idxmax(), "theme_id"] == "klima_energi"
    assert last.set_index("theme_id").loc["klima_energi", "networks_established"] > 20  # most of the 40


def test_what_is_real_is_listed_per_theme_with_licences():
    catalogue = CATALOGUE.assign(source_id=["ssb", "miljodir", "fhi", "eksempel"])
    sources = pd.DataFrame({"source_id": ["ssb", "miljodir", "fhi", "eksempel"],
                            "publisher": ["SSB", "Miljødirektoratet", "FHI", "Livskraft (generert)"],
                            "licence": ["CC BY 4.0", "NLOD 2.0", "NLOD", "CC0"]})
    headline, table = views.om_dataene.real_per_theme(catalogue, sources)
    assert headline == "2 av 3 tema har minst én indikator med reelle tall."  # population is background, no theme
    assert table.to_dict("records") == [
        {"Tema": "Klima og energi", "Reelle indikatorer": "Klimagassutslipp (tall for 17 kommuner i Telemark)",
         "Kilder og lisens": "Miljødirektoratet (NLOD 2.0)"},
        {"Tema": "Folkehelse", "Reelle indikatorer": "Vaksinasjonsdekning (tall for 341 av 357 kommuner)",
         "Kilder og lisens": "FHI (NLOD)"},
        {"Tema": "Produksjon og forbruk", "Reelle indikatorer": "ingen (bare eksempeldata)", "Kilder og lisens": "–"},
    ]
    lines = [plain(line) for line in views.om_dataene.theme_lines(table)]
    assert lines[0] == "- **Klima og energi**: Klimagassutslipp (tall for 17 kommuner i Telemark). Kilder: " \
                       "Miljødirektoratet (NLOD 2.0)"
    assert lines[2] == "- **Produksjon og forbruk**: ingen (bare eksempeldata)."


def test_the_bundled_data_have_real_figures_in_four_of_six_themes(db):
    headline, table = views.om_dataene.real_per_theme(queries.indicators(db), queries.data_sources(db))
    assert headline == "4 av 6 tema har minst én indikator med reelle tall."
    by_theme = table.set_index("Tema")
    assert "Omdisponert dyrka jord (tall for 121 kommuner på Østlandet)" in by_theme.loc["Areal", "Reelle indikatorer"]
    assert "Automatisk fredete kulturminner (tall for 17 kommuner i Telemark)" in by_theme.loc["Kulturarv",
                                                                                             "Reelle indikatorer"]
    assert by_theme.loc["Kulturarv", "Kilder og lisens"] == "Riksantikvaren (NLOD)"
    assert by_theme.loc["Internasjonalt", "Reelle indikatorer"] == "ingen (bare eksempeldata)"
