"""Presentasjon's view: what a slide says it counts when the deck is narrowed, the footer, and each kind
of slide's headline, numbers and table, on hand-made data and on the KS status of 28.08.2007."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata import charts, indicators, queries, rules, slides, views
from kommunedata.config import STATUS_DATE
from kommunedata.text import HEADLINES, NBSP, plain
from kommunedata.views.common import NetworkHeader
from kommunedata.views.nettverk import Grid

THEME_NAMES = {"klima_energi": "Klima og energi", "areal": "Areal", "folkehelse": "Folkehelse"}
OVERVIEW, THEMES, MAP = slides.parse("oversikt"), slides.parse("temaer"), slides.parse("kart")
THEME, NETWORK = slides.parse("tema:areal"), slides.parse("nettverk:hallingdal")


def test_a_narrowed_deck_says_what_each_slide_counts():
    def scope(slide, theme_ids, county):
        return views.presentasjon.scope(slide, theme_ids, county, THEME_NAMES)

    assert all(scope(slide, [], None) is None for slide in (OVERVIEW, THEMES, THEME, NETWORK, MAP))
    chosen = ["klima_energi", "areal"]
    # themes only: the overview and the map count the chosen themes, the themes slide every theme
    assert scope(OVERVIEW, chosen, None) == "Utvalg: Klima og energi, Areal"
    assert scope(MAP, chosen, None) == "Utvalg: Klima og energi, Areal"
    assert scope(THEMES, chosen, None) == "Utvalg: alle tema"
    assert scope(THEME, chosen, None) is None and scope(NETWORK, chosen, None) is None
    # a county: every slide but the map, which shows the whole country
    assert scope(OVERVIEW, [], "Buskerud") == "Utvalg: Buskerud"
    assert scope(NETWORK, [], "Buskerud") == "Utvalg: Buskerud"
    assert scope(MAP, [], "Buskerud") == "Utvalg: alle tema (kartet viser hele landet)"
    # both
    assert scope(OVERVIEW, chosen, "Buskerud") == "Utvalg: Buskerud · Klima og energi, Areal"
    assert scope(THEMES, chosen, "Buskerud") == "Utvalg: Buskerud · alle tema"
    assert scope(THEME, chosen, "Buskerud") == "Utvalg: Buskerud"
    assert scope(MAP, chosen, "Buskerud") == "Utvalg: Klima og energi, Areal (kartet viser hele landet)"


def test_the_footer_gives_the_date_the_slide_and_the_source():
    about = "Eksempeldata: nettverk og medlemskap er generert\\."
    assert views.presentasjon.footer(about, STATUS_DATE, 3, 12) == (
        "Status 28.08.2007 · Lysbilde 3 av 12 · Eksempeldata: nettverk og medlemskap er generert\\.")


def test_the_overview_slide_on_the_ks_status(db):
    counts = rules.status_on(queries.programme(db), STATUS_DATE)
    [slide] = views.presentasjon.overview(counts)
    assert plain(slide.headline) == ("**128 kommuner har vedtatt å være med og 40 forbereder vedtak; 20 nettverk er "
                                     "etablert og 14 er under etablering.**")
    assert [(m.label, m.value, m.help) for m in slide.metrics] == [
        (label, value, None) for (_field, label, _help), value in zip(HEADLINES, ["128", "40", "20", "14"])]
    [big] = views.presentasjon.overview(rules.StatusCounts(1, 1500, 1, 0))
    assert plain(big.headline) == ("**1 kommune har vedtatt å være med og 1\u00a0500 forbereder vedtak; 1 nettverk er "
                                   "etablert og 0 er under etablering.**")
    assert [m.value for m in big.metrics] == ["1", f"1{NBSP}500", "1", "0"]
    assert slide.chart is None and slide.table is None and slide.map is None


PER_THEME = pd.DataFrame({
    "theme_id": ["klima_energi", "areal", "folkehelse"], "name": ["Klima og energi", "Areal", "Folkehelse"],
    "short_name": ["Klima og energi", "Areal", "Folkehelse"], "sort_order": [1, 2, 3],
    "networks_established": [3, 12, 0], "networks_establishing": [1, 2, 0], "municipalities": [20, 70, 0],
})


def test_the_themes_slide_names_the_most_common_theme_over_a_chart_for_the_back_row():
    chart = views.temastatus.theme_chart(PER_THEME, STATUS_DATE, "networks_established", "Etablerte nettverk per tema",
                                         "Nettverk", [])
    [slide] = views.presentasjon.themes(PER_THEME, rules.StatusCounts(80, 10, 14, 3), chart)
    assert plain(slide.headline) == "**14 nettverk er etablert, og areal er det vanligste temaet (12 nettverk).**"
    assert slide.chart == charts.for_the_back_row(chart) and slide.chart["config"]["axis"]["labelFontSize"] == 20
    assert chart["config"]["axis"]["labelFontSize"] == 14  # the page's chart is left as it was
    [none] = views.presentasjon.themes(PER_THEME.assign(networks_established=0), rules.StatusCounts(0, 0, 0, 0), chart)
    assert plain(none.headline) == "**Ingen nettverk har startet ennå.**"


def _networks(n: int) -> pd.DataFrame:
    """n networks as common.network_table gives them, the largest first."""
    return pd.DataFrame({"name": [f"Nett*{i}" for i in range(n)], "status": ["established"] * (n - 1) + ["establishing"],
                         "members": [n + 5 - i for i in range(n)], "decided": [3] * n,
                         "county_name": [None] + ["Buskerud"] * (n - 1)})


def test_a_theme_slide_continues_on_a_next_part_rather_than_pointing_elsewhere():
    first, second = views.presentasjon.theme("areal", PER_THEME, _networks(14))
    assert plain(first.headline) == ("**Areal: 12 etablerte nettverk og 2 under etablering, med 70 kommuner. Størst er "
                                     "Nett*0 (19 kommuner).**")
    assert second.headline == first.headline  # each part says what it is about
    assert len(first.table) == len(second.table) == 7  # as even as they go
    assert first.table.columns.tolist() == ["Nettverk", "Status", "Kommuner", "Med vedtak", "Fylke"]
    assert first.table["Nettverk"].iloc[0] == "Nett\\*0"  # Markdown-safe: no emphasis from a name
    assert first.table["Fylke"].iloc[0] == "–" and first.table["Fylke"].iloc[1] == "Buskerud"
    assert [*first.table["Kommuner"], *second.table["Kommuner"]] == list(range(19, 5, -1))  # every network, once
    [short] = views.presentasjon.theme("areal", PER_THEME, _networks(views.presentasjon.THEME_ROWS))
    assert len(short.table) == views.presentasjon.THEME_ROWS
    assert short.table["Status"].iloc[-1] == "Under etablering"
    [empty] = views.presentasjon.theme("folkehelse", PER_THEME, _networks(1).iloc[0:0])
    assert plain(empty.headline) == "**Ingen nettverk arbeider med folkehelse på denne datoen.**"
    assert empty.table is None


def _header(status: str | None) -> NetworkHeader:
    return NetworkHeader("alfa", "Alfa", status, date(2006, 3, 1), date(2006, 9, 1) if status == "established" else None,
                         date(2006, 9, 1), "Hedmark", ["areal", "klima_energi"])


MEMBERS = pd.DataFrame({"municipality_code": ["0401", "0402", "0403"], "municipality_name": ["Aby", "Bby", "Cby"],
                        "status": [rules.DECIDED, rules.PENDING, rules.LEFT]})


def test_a_network_slide_shows_the_rows_the_members_have_figures_for():
    grid = Grid(
        pd.DataFrame({"Indikator": ["Folkemengde (personer), 2007", "Utslipp (tonn), 2007", "Jord (dekar), –"],
                      "Aby": ["1 200", "5,0 ✓ bedre", "–"], "Bby": ["800", "7,0 ✗ svakere", "–"],
                      "Nettverkssnitt": ["1 000", "6,0", "–"]}),
        pd.DataFrame({"Indikator": [None] * 3, "Aby": [None, "better", None], "Bby": [None, "worse", None],
                      "Nettverkssnitt": [None] * 3}),
        {})
    [slide] = views.presentasjon.network(_header("established"), MEMBERS, THEME_NAMES, grid, "utslipp",
                                         ["Aby er best.", "Bby er svakest."])
    assert plain(slide.headline) == ("**Alfa er etablert (01.09.2006): 2 kommuner er med, 1 med vedtak, og nettverket "
                                     "arbeider med areal og klima og energi.**")
    assert plain(slide.summary) == "Aby er best. Bby er svakest."
    assert slide.table["Indikator"].map(plain).tolist() == ["Folkemengde (personer), 2007", "Utslipp (tonn), 2007"]
    assert slide.table.loc[1, "Aby"] == "5\\,0 ✓ bedre"  # Markdown-safe cells
    assert slide.colours.loc[1].tolist() == ["", charts.POSITION_BACKGROUNDS["better"],
                                             charts.POSITION_BACKGROUNDS["worse"], ""]
    assert slide.colours.loc[0].tolist() == ["", "", "", ""] and slide.indicator_id == "utslipp"
    [without] = views.presentasjon.network(_header("established"), MEMBERS, THEME_NAMES, grid, None, None)
    assert without.summary is None and without.indicator_id is None
    [later] = views.presentasjon.network(_header(None), MEMBERS, THEME_NAMES, None, "utslipp", None)
    assert plain(later.headline) == "**Alfa har ikke startet på denne datoen (starter 01.03.2006).**"
    assert later.table is None and later.indicator_id == "utslipp"  # «Avslutt» still opens the indicator


def test_the_map_slide_counts_members_then_and_municipalities_now():
    view = views.kart.MapView([], {}, [], pd.DataFrame(), members_then=168, lit=145, note=None)
    [slide] = views.presentasjon.map_slide(view, 34, STATUS_DATE)
    assert plain(slide.headline) == "**168 kommuner tar del 28.08.2007, i 145 av dagens kommuner og 34 nettverk.**"
    assert slide.map is view
    nobody = views.kart.MapView([], {}, [], pd.DataFrame(), members_then=0, lit=0, note=None)
    assert plain(views.presentasjon.map_slide(nobody, 0, date(2006, 1, 1))[0].headline) == (
        "**Ingen kommuner tar del 01.01.2006.**")


def test_the_network_slide_of_hallingdal_on_the_ks_status(db):
    """As kommunedata.ui.data.slide puts it together: Hol has joined but its network had not counted it
    yet on 28.08.2007 (not_yet), so five members are compared."""
    programme, catalogue = queries.programme(db), queries.indicators(db)
    successors = queries.main_successors(db).set_index("code")
    names = successors[successors.index == successors["successor_code"]]["name"].to_dict()
    header = views.common.network_headers(programme, STATUS_DATE)["hallingdal"]
    members = views.common.members_by_network(programme, STATUS_DATE)["hallingdal"]
    compared = views.common.members_to_compare(members, successors, names)
    population = indicators.indicator(catalogue, indicators.POPULATION_ID)[0]
    shown, left_out = views.nettverk.grid_indicators(population, views.common.indicators_for(catalogue, header.theme_ids))
    values = {i.indicator_id: queries.indicator_series(db, i.indicator_id) for i in shown}
    grid = views.nettverk.overview_table(views.nettverk.network_overview(compared, shown, left_out, values, None))
    themes = queries.themes(db)
    parts = views.presentasjon.network(header, members, dict(zip(themes["theme_id"], themes["short_name"])), grid,
                                       "vaksine_mmr_2ar", ["Gol har økt mest."])
    for slide in parts:  # every part names the network's themes
        assert plain(slide.headline) == ("**Hallingdal er etablert (18.02.2007): 5 kommuner er med, 5 med vedtak, og "
                                         "nettverket arbeider med folkehelse og kulturarv.**")
        assert slide.table.columns.tolist() == ["Indikator", "Flå", "Gol", "Hemsedal", "Nes (Buskerud)", "Ål",
                                                "Nettverkssnitt"]
        assert slide.colours.shape == slide.table.shape
    assert plain(parts[0].summary) == "Gol har økt mest." and all(p.summary is None for p in parts[1:])
    table = pd.concat([p.table for p in parts])
    member_cells = table.drop(columns=["Indikator", "Nettverkssnitt"])
    assert not (member_cells == "–").all(axis=1).any()  # every row shown has some member's figure
    assert len(table) == int((~(grid.table[member_cells.columns] == "–").all(axis=1)).sum()) > 0  # each once
    assert table.index.is_unique and len(parts) > 1  # Hallingdal's seven rows do not fit one screen


def test_a_grid_row_takes_the_lines_its_label_or_its_cells_wrap_to():
    lines = views.presentasjon.grid_row_lines
    padding = views.presentasjon.ROW_PADDING
    assert lines("Folkemengde (personer), 2026", ["1 122", "4 902"]) == 2 + padding  # the label wraps once
    assert lines("Areal, 2024", ["5,0", "6,0"]) == 1 + padding
    assert lines("Areal, 2024", ["5,0 ✓ bedre"]) == 2 + padding
    assert lines("Areal, 2024", ["93,4 ≈ som snittet"]) == 3 + padding
    long = "Klimagassutslipp per innbygger (tonn CO₂-ekv. per innbygger), 2024 – eksempeldata"
    assert lines(long, ["5,0"]) == 5 + padding
