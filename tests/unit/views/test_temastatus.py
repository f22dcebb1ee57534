"""Temastatus's view: the heading and headline numbers, the theme and growth figures, and the table of
networks with its download, on hand-made data and on the KS status of 28.08.2007."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kommunedata import charts, queries, rules, views
from kommunedata.config import PROGRAMME_END, PROGRAMME_START, STATUS_DATE
from kommunedata.text import EXAMPLE_PROGRAMME_SOURCE, HEADLINES, NBSP, plain
from kommunedata.views.common import ProgrammeOrigin
from tests.unit.test_programme import small_programme

THEMES = pd.DataFrame({
    "theme_id": ["klima_energi", "areal", "folkehelse", "kulturarv"],
    "name": ["Klima og energi", "Viktige arealpolitiske hensyn", "Livskvalitet, friluftsliv og folkehelse",
             "Kulturarven som grunnlag"],
    "short_name": ["Klima og energi", "Areal", "Folkehelse", "Kulturarv"],
    "sort_order": [1, 2, 3, 4],
})
THEME_NAMES = dict(zip(THEMES["theme_id"], THEMES["short_name"]))
COUNTY_NAMES = {"04": "Hedmark", "05": "Oppland"}
EXAMPLE = ProgrammeOrigin(True)
REAL = ProgrammeOrigin(False, "KS, deltakerliste 1.1.2009", "programmet.xlsx", date(2009, 2, 1))
ON = date(2008, 6, 1)  # small_programme: Alfa established, Beta and Gamma being established


def temastatus(programme: rules.Programme, themes: pd.DataFrame, on: date, theme_ids: list[str], county: str,
               origin: ProgrammeOrigin, county_names=COUNTY_NAMES, counts: rules.StatusCounts | None = None):
    """The page as kommunedata.ui.data.temastatus puts it together."""
    scoped = rules.restrict_to_county(programme, county)
    timeline = rules.timeline(scoped, PROGRAMME_START, PROGRAMME_END, theme_ids=theme_ids)
    growth = {title: charts.growth_lines(timeline, list(columns), title)
              for title, columns in views.temastatus.GROWTH_CHARTS}
    networks = views.common.network_table(programme, on, theme_ids)
    if county:
        networks = networks[networks["county_code"] == county].reset_index(drop=True)
    return views.temastatus.page(
        on, theme_ids, county, dict(zip(themes["theme_id"], themes["short_name"])), county_names,
        counts or rules.status_on(scoped, on, theme_ids), rules.theme_status_on(scoped, themes, on), timeline, growth,
        networks, origin)


def test_the_heading_names_the_date_the_themes_and_the_county():
    page = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE)
    assert plain(page.heading) == "Status 01.06.2008 – alle tema"
    assert "01\\.06\\.2008" in page.heading  # Markdown-safe: the dots are escaped
    narrowed = temastatus(small_programme(), THEMES, ON, ["klima_energi", "areal"], "04", EXAMPLE)
    assert plain(narrowed.heading) == "Status 01.06.2008 – Klima og energi, Areal – Hedmark"
    # the theme charts' pictures say what they count
    assert [chart.context for chart in narrowed.theme_charts] == ["Status 01.06.2008 – Klima og energi, Areal – Hedmark"] * 2
    assert [chart.name for chart in narrowed.theme_charts] == [
        "livskraft-etablerte-nettverk-per-tema-hedmark-eksempeldata-2008-06-01",
        "livskraft-kommuner-per-tema-hedmark-eksempeldata-2008-06-01"]  # Norwegian, the county, the example tag
    assert [(chart.name, chart.context) for chart in narrowed.growth_charts] == [
        ("livskraft-utvikling-nettverk-hedmark-eksempeldata", "Klima og energi, Areal – Hedmark"),
        ("livskraft-utvikling-kommuner-hedmark-eksempeldata", "Klima og energi, Areal – Hedmark")]
    assert [chart.key for chart in narrowed.theme_charts] == ["chart_networks", "chart_municipalities"]


def test_the_headline_numbers_are_the_four_counts_in_norwegian_format():
    counts = rules.StatusCounts(1234, 40, 20, 0)
    page = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE, counts=counts)
    assert [(m.label, m.value) for m in page.metrics] == [
        ("Kommuner med vedtak", f"1{NBSP}234"), ("Kommuner som forbereder vedtak", "40"),
        ("Nettverk etablert", "20"), ("Nettverk under etablering", "0")]
    assert [m.help for m in page.metrics] == [help_text for _field, _label, help_text in HEADLINES]
    # worked out from the programme: 0401, 0402, 0501 and 0404 (decided that day) decided, 0502 pending,
    # 0403 has left; Alfa established, Beta and Gamma being established
    worked_out = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE)
    assert [m.value for m in worked_out.metrics] == ["4", "1", "1", "2"]


def test_the_theme_figures_and_the_growth_month_by_month():
    page = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE)
    assert page.theme_numbers.to_dict("list") == {
        "Tema": THEMES["name"].tolist(),
        "Etablerte nettverk": [1, 1, 0, 0],  # Alfa: klima_energi and areal (kulturarv only from 2009)
        "Nettverk under etablering": [1, 0, 1, 0],  # Gamma: klima_energi; Beta: folkehelse
        "Kommuner": [3, 2, 2, 0],  # klima_energi: Alfa's two members and Gamma's one
    }
    networks_chart = page.theme_charts[0].spec
    assert networks_chart["description"] == (
        "Etablerte nettverk per tema 01.06.2008: flest i Klima og energi og Areal (1 nettverk), færrest i "
        "Folkehelse og Kulturarv (0 nettverk).")
    assert page.growth_table.columns.tolist() == ["Dato", "Etablerte nettverk", "Nettverk under etablering",
                                                  "Kommuner med vedtak", "Kommuner som forbereder vedtak"]
    assert page.growth_table.iloc[0, 1:].tolist() == [0, 0, 0, 0]  # 01.01.2006: nothing yet
    june = page.growth_table[page.growth_table["Dato"] == pd.Timestamp(ON)]
    assert june.iloc[0, 1:].tolist() == [1, 2, 4, 1]
    assert [chart.key for chart in page.growth_charts] == ["growth_Nettverk", "growth_Kommuner"]
    assert page.growth_charts[0].spec["description"].startswith(
        "Nettverk 2006–2010: 01.06.2008 var det 1 etablerte nettverk og 2 nettverk under etablering.")


def test_the_table_of_networks_shows_each_network_as_it_stands_on_the_date():
    page = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE)
    table = page.networks.frame
    assert table.columns.tolist() == ["Nettverk", "Status", "Tema", "Medlemmer", "Med vedtak", "Fylke", "Startet",
                                      "Etablert"]
    assert table["Nettverk"].tolist() == ["Alfa", "Beta", "Gamma"]  # established first, then by name
    assert table["Status"].tolist() == ["Etablert", "Under etablering", "Under etablering"]
    assert table["Tema"].tolist() == ["Areal, Klima og energi", "Folkehelse", "Klima og energi"]
    assert table["Medlemmer"].tolist() == [2, 2, 1] and table["Med vedtak"].tolist() == [2, 1, 1]
    assert table["Fylke"].tolist() == ["Hedmark", "Oppland", "Hedmark"]
    assert table.loc[0, "Etablert"] == pd.Timestamp("2006-09-01")
    assert table["Etablert"][1:].isna().all()  # Gamma's establishment (01.09.2008) is still to come
    assert (page.networks.title, page.networks.decimals) == ("Nettverk 01.06.2008", 0)
    in_hedmark = temastatus(small_programme(), THEMES, ON, [], "04", EXAMPLE)
    assert in_hedmark.networks.frame["Nettverk"].tolist() == ["Alfa", "Gamma"]
    assert plain(in_hedmark.networks_note).startswith("2 nettverk. ")


def test_only_example_data_is_labelled_and_tagged_as_such():
    example = temastatus(small_programme(), THEMES, ON, [], "", EXAMPLE)
    assert example.networks.name == "livskraft-nettverk-eksempeldata-2008-06-01"
    assert example.networks.example and example.networks.source == EXAMPLE_PROGRAMME_SOURCE
    assert plain(example.networks_note) == "3 nettverk. Eksempeldata: nettverk og medlemskap er generert, ikke reelle."
    assert all(chart.example and chart.source == EXAMPLE_PROGRAMME_SOURCE
               for chart in example.theme_charts + example.growth_charts)

    real = temastatus(small_programme(), THEMES, ON, [], "", REAL)
    assert real.networks.name == "livskraft-nettverk-2008-06-01"
    assert not real.networks.example and real.networks.source == "nettverk og medlemskap: KS, deltakerliste 1.1.2009"
    assert plain(real.networks_note) == ("3 nettverk. Nettverk og medlemskap: KS, deltakerliste 1.1.2009, importert "
                                         "01.02.2009 fra «programmet.xlsx».")
    assert not any(chart.example for chart in real.theme_charts + real.growth_charts)
    assert all("eksempeldata" not in chart.name for chart in real.theme_charts + real.growth_charts)


@pytest.fixture(scope="module")
def bundled(db_path):
    from kommunedata.db import Database
    db = Database(db_path)
    programme, themes = queries.programme(db), queries.themes(db)
    origin = views.common.programme_origin(programme, queries.build_info(db))
    counties = views.common.counties_with_networks(programme)
    yield programme, themes, origin, dict(zip(counties["county_code"], counties["county_name"]))
    db.close()


def test_the_ks_status_of_28_august_2007(bundled):
    """KS, 28.08.2007: 128 municipalities with a decision and 40 preparing one, 20 networks established
    and 14 being established; of the 20, 10/10/16/2/6/9 per theme."""
    programme, themes, origin, county_names = bundled
    page = temastatus(programme, themes, STATUS_DATE, [], "", origin, county_names)
    assert plain(page.heading) == "Status 28.08.2007 – alle tema"
    assert [m.value for m in page.metrics] == ["128", "40", "20", "14"]
    assert page.theme_numbers["Etablerte nettverk"].tolist() == [10, 10, 16, 2, 6, 9]
    assert page.theme_numbers["Tema"].tolist() == themes.sort_values("sort_order")["name"].tolist()
    table = page.networks.frame
    assert len(table) == 34 and table["Status"].tolist() == ["Etablert"] * 20 + ["Under etablering"] * 14
    assert int(table["Medlemmer"].sum()) == 168 and int(table["Med vedtak"].sum()) == 128
    assert origin.is_example and page.networks.name == "livskraft-nettverk-eksempeldata-2007-08-28"
    assert plain(page.networks_note) == "34 nettverk. Eksempeldata: nettverk og medlemskap er generert, ikke reelle."
    september = rules.status_on(programme, date(2007, 9, 1))
    growth = page.growth_table.set_index("Dato").loc[pd.Timestamp("2007-09-01")]
    assert growth.to_dict() == {"Etablerte nettverk": september.networks_established,
                                "Nettverk under etablering": september.networks_establishing,
                                "Kommuner med vedtak": september.municipalities_decided,
                                "Kommuner som forbereder vedtak": september.municipalities_pending}
