"""The app's data: every table and answer a page needs, read through `kommunedata.queries` and kept per
database version (`kommunedata.ui.cache`), and each page's view (`kommunedata.views`) put together
from them.

Pages call these instead of `queries` or `views` directly, so a rerun costs no query when nothing
changed. The tables come as copies a caller may change; every other answer is shared and read-only.
Arguments come in one order wherever they occur: date, themes, county.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata import charts, compare, indicators as catalogue_rows, mapping, queries, slides, views
from kommunedata import importer
from kommunedata import rules
from kommunedata.config import PROGRAMME_END, PROGRAMME_START, TODAY_STRUCTURE
from kommunedata.db import Database
from kommunedata.indicators import POPULATION_ID, Indicator
from kommunedata.params import Choices
from kommunedata.ui.cache import cached, database
from kommunedata.views.common import year_values

# --- The tables (copies: a caller may change them) ---------------------------------------------------------


@cached(entries=4, copy=True)
def themes(db: Database) -> pd.DataFrame:
    return queries.themes(db)


@cached(entries=4, copy=True)
def programme(db: Database) -> rules.Programme:
    return queries.programme(db)


@cached(entries=4, copy=True)
def main_successors(db: Database) -> pd.DataFrame:
    return queries.main_successors(db).set_index("code")


@cached(entries=4, copy=True)
def indicators(db: Database) -> pd.DataFrame:
    return queries.indicators(db)


@cached(entries=4, copy=True)
def municipalities_2024(db: Database) -> pd.DataFrame:
    """Today's municipalities by code, with name and (2024) county."""
    return queries.municipalities_on(db, TODAY_STRUCTURE).set_index("code")[["name", "county_code", "county_name"]]


@cached(entries=4, copy=True)
def data_sources(db: Database) -> pd.DataFrame:
    return queries.data_sources(db)


# --- Names and what a link may hold (shared, read-only) -----------------------------------------------------

@cached(entries=4)
def theme_names(db: Database) -> dict[str, str]:
    frame = themes()
    return dict(zip(frame["theme_id"], frame["short_name"]))


@cached(entries=4)
def network_names(db: Database) -> dict[str, str]:
    networks = programme().networks
    return dict(zip(networks["network_id"], networks["name"]))


@cached(entries=4)
def county_names(db: Database) -> dict[str, str]:
    """The counties that are some network's main county: code -> name."""
    counties = views.common.counties_with_networks(programme())
    return dict(zip(counties["county_code"], counties["county_name"]))


@cached(entries=4)
def names_2024(db: Database) -> dict[str, str]:
    return municipalities_2024()["name"].to_dict()


@cached(entries=4)
def choices(db: Database) -> Choices:
    """Every value a URL parameter may take, for validating links."""
    return views.common.choices(themes(), programme(), main_successors(), indicators())


@cached(entries=4)
def indicator_labels(db: Database) -> dict[str, str]:
    """Every indicator's name as lists show it."""
    return views.common.indicator_labels(indicators())


@cached(entries=4)
def municipality_options(db: Database) -> dict[str, str]:
    return views.common.municipality_options(main_successors(), names_2024())


@cached(entries=4)
def build_info(db: Database) -> dict[str, str]:
    return queries.build_info(db)


@cached(entries=4)
def programme_origin(db: Database) -> views.common.ProgrammeOrigin:
    return views.common.programme_origin(programme(), build_info())


def programme_template() -> bytes:
    """The programme as the import template (made when the download button is pressed)."""
    return importer.export_programme(database().path)


def follow_to_2024(code: str) -> views.common.Followed:
    return views.common.follow_to_2024(main_successors(), names_2024(), code)


# --- The programme on a date -------------------------------------------------------------------------------

def programme_for(county: str | None) -> rules.Programme:
    return rules.restrict_to_county(programme(), county)


@cached(entries=256)
def status(db: Database, on: date, theme_ids: tuple[str, ...], county: str) -> rules.StatusCounts:
    return rules.status_on(programme_for(county), on, list(theme_ids))


@cached(entries=64)
def _theme_status_by_county(db: Database, on: date) -> pd.DataFrame:
    return rules.theme_status_on(programme(), themes(), on, by_county=True)


@cached(entries=256)
def theme_status(db: Database, on: date, county: str | None) -> pd.DataFrame:
    if county:  # a county's rows of every county's, worked out in one pass per date
        every = _theme_status_by_county(on)
        rows = every[every["county_code"] == county]
        if len(rows):  # (a county without networks has none: worked out below, all zeros)
            return rows.drop(columns="county_code").reset_index(drop=True)
    return rules.theme_status_on(programme_for(county), themes(), on)


@cached(entries=256)
def network_table(db: Database, on: date, theme_ids: tuple[str, ...], county: str) -> pd.DataFrame:
    if county:  # a county's networks are rows of the whole country's table (each row is one network)
        every = network_table(on, theme_ids, "")
        return every[every["county_code"] == county].reset_index(drop=True)
    return views.common.network_table(programme(), on, list(theme_ids))


@cached(entries=256)
def timeline(db: Database, theme_ids: tuple[str, ...], county: str | None) -> pd.DataFrame:
    return rules.timeline(programme_for(county), PROGRAMME_START, PROGRAMME_END, theme_ids=list(theme_ids))


@cached(entries=256)
def growth_lines(db: Database, theme_ids: tuple[str, ...], county: str, title: str) -> dict:
    """A growth chart without its date (the same for every date of a selection)."""
    columns = dict(views.temastatus.GROWTH_CHARTS)[title]
    return charts.growth_lines(timeline(theme_ids, county), list(columns), title)


@cached(entries=32)
def network_headers(db: Database, on: date) -> dict[str, views.common.NetworkHeader]:
    """Every network's header on a date (choosing another network is then a lookup)."""
    return views.common.network_headers(programme(), on)


@cached(entries=32)
def members_by_network(db: Database, on: date) -> dict[str, pd.DataFrame]:
    return views.common.members_by_network(programme(), on)


@cached(entries=256)
def full_deck(db: Database, on: date, theme_ids: tuple[str, ...], county: str) -> list[str]:
    return slides.full_deck(programme_for(county), list(theme_names()), on, list(theme_ids))


# --- Indicators ----------------------------------------------------------------------------------------------

def indicator(indicator_id: str) -> tuple[Indicator, catalogue_rows.Coverage]:
    return catalogue_rows.indicator(indicators(), indicator_id)


@cached(entries=48)
def indicator_values(db: Database, indicator_id: str, until: int | None = None) -> pd.DataFrame:
    """Every 2024 municipality's values of an indicator, all years up to `until` (a link's «tom»; None:
    all), read once however many municipalities and networks are looked at."""
    if until is not None:
        every = indicator_values(indicator_id)
        return every[every["year"] <= until].reset_index(drop=True)
    return queries.indicator_series(db, indicator_id)


Caps = tuple[tuple[str, int], ...]  # a link's «tom» as a cache key: (indicator id, last year shown), sorted


def with_most_figures(indicator_id: str) -> str | None:
    """The municipality (2024 code) with the most years of figures for the indicator, e.g. for a link to
    a newly imported one: a page opened on it shows figures, not «Ingen tall»."""
    values = indicator_values(indicator_id).dropna(subset=["value"])
    if values.empty:
        return None
    counts = values.groupby("municipality_code").size()
    return sorted(counts.index, key=lambda code: (-counts[code], code))[0]


def caps(last_years: dict[str, int] | None) -> Caps:
    return tuple(sorted((last_years or {}).items()))


def _cap(indicator_id: str, until: int | None) -> Caps:
    return ((indicator_id, until),) if until is not None else ()


@cached(entries=4)
def _last_years(db: Database) -> dict[str, int]:
    catalogue = indicators().dropna(subset=["last_year"])
    return dict(zip(catalogue["indicator_id"], catalogue["last_year"].astype(int)))


def last_years(indicator_ids: list[str]) -> dict[str, int]:
    """The last year each indicator has figures for now: what a copied link keeps («tom»)."""
    every = _last_years()
    return {i: every[i] for i in indicator_ids if i in every}


def newer_than(capped: dict[str, int] | None) -> list[str]:
    """The names of the indicators that have figures after the years a link keeps."""
    every = _last_years()
    return [indicator(i)[0].name for i, year in (capped or {}).items() if every.get(i, year) > year]


@cached(entries=16, copy=True)
def catalogue_capped(db: Database, capped: Caps) -> pd.DataFrame:
    """The catalogue as it reads with each capped indicator's figures up to its year."""
    catalogue = indicators()
    if not capped:
        return catalogue
    cap = catalogue["indicator_id"].map(dict(capped))
    return catalogue.assign(last_year=catalogue["last_year"].where(cap.isna(), catalogue["last_year"].clip(upper=cap)))


@cached(entries=64)
def theme_indicators(db: Database, theme_ids: tuple[str, ...]) -> tuple[Indicator, ...]:
    """Every indicator of the themes, in the catalogue's order."""
    return tuple(views.common.indicators_for(indicators(), list(theme_ids)))


@cached(entries=256)
def indicators_with_values(db: Database, code: str) -> frozenset[str]:
    return frozenset(queries.indicators_with_values(db, code))


def _counties() -> pd.DataFrame:
    """Today's municipalities by code with their county, as comparisons take them."""
    return municipalities_2024()[["county_code", "county_name"]]


@cached(entries=48)
def indicator_areas(db: Database, indicator_id: str, year: int) -> compare.Areas:
    """What every network is compared with for an indicator in a year: the same for each network."""
    found, coverage = indicator(indicator_id)
    return views.nettverk.indicator_areas(found, coverage, indicator_values(indicator_id), indicator_values(POPULATION_ID),
                                          _counties(), queries.national_reference(db, indicator_id, year), year)


# --- Temastatus ------------------------------------------------------------------------------------------------

@cached(entries=256)
def temastatus(db: Database, on: date, theme_ids: tuple[str, ...], county: str) -> views.temastatus.Temastatus:
    growth = {title: growth_lines(theme_ids, county, title) for title, _columns in views.temastatus.GROWTH_CHARTS}
    return views.temastatus.page(on, list(theme_ids), county, theme_names(), county_names(),
                                 status(on, theme_ids, county), theme_status(on, county), timeline(theme_ids, county),
                                 growth, network_table(on, theme_ids, county), programme_origin())


# --- Nettverk ----------------------------------------------------------------------------------------------------

@cached(entries=256)
def network_choice(db: Database, on: date, theme_ids: tuple[str, ...], county: str) -> views.nettverk.NetworkChoice:
    """The networks to choose among and the default: once per filter, not again for each network chosen."""
    return views.nettverk.network_choice(programme(), on, list(theme_ids), county)


@cached(entries=256)
def comparison_members(db: Database, network_id: str, on: date) -> pd.DataFrame:
    return views.common.members_to_compare(members_by_network(on)[network_id], main_successors(), names_2024())


@cached(entries=256)
def network_overview(db: Database, network_id: str, on: date, theme_ids: tuple[str, ...],
                     year: int | None, capped: Caps) -> views.nettverk.Overview:
    catalogue = indicators()
    population = catalogue[catalogue["indicator_id"] == POPULATION_ID].to_dict("records")
    shown, left_out = views.nettverk.grid_indicators(Indicator.from_row(population[0]) if population else None,
                                                     list(theme_indicators(theme_ids)))
    values = {i.indicator_id: indicator_values(i.indicator_id, dict(capped).get(i.indicator_id)) for i in shown}
    return views.nettverk.network_overview(comparison_members(network_id, on), shown, left_out, values, year)


@cached(entries=256)
def network_comparison(db: Database, network_id: str, on: date, indicator_id: str, year: int | None,
                       base_year: int | None, until: int | None) -> compare.Comparison | None:
    """One indicator in depth (None when the members have no figures for it)."""
    members, values = comparison_members(network_id, on), indicator_values(indicator_id, until)
    year = views.nettverk.comparison_year(indicator(indicator_id)[0], members, values, year)
    if year is None:
        return None
    return views.nettverk.network_comparison(members, year, base_year, values, indicator_areas(indicator_id, year))


@cached(entries=256)
def nettverk(db: Database, on: date, theme_ids: tuple[str, ...], county: str, chosen: str | None,
             year: int | None, capped: Caps) -> views.nettverk.Nettverk:
    """The Nettverk page down to its grid."""
    choice = views.nettverk.chosen_network(network_choice(on, theme_ids, county), chosen)
    if choice.network_id is None:
        return views.nettverk.page(choice, None, None, None, (), theme_names(), on, programme_origin())
    header = network_headers(on)[choice.network_id]
    grid_themes = tuple(t for t in header.theme_ids if not theme_ids or t in theme_ids)
    return views.nettverk.page(choice, header, members_by_network(on)[choice.network_id],
                               network_overview(choice.network_id, on, grid_themes, year, capped), grid_themes,
                               theme_names(), on, programme_origin())


@cached(entries=256)
def members_with_figures(db: Database, network_id: str, on: date) -> frozenset[str]:
    """The indicators with figures for at least one of the network's members (on 2024 borders)."""
    codes = set(comparison_members(network_id, on)["successor_code"])
    return frozenset().union(*(indicators_with_values(code) for code in codes))


@cached(entries=256)
def in_depth(db: Database, network_id: str, on: date, grid_themes: tuple[str, ...], wanted: str | None,
             year: int | None, base_year: int | None, capped: Caps) -> views.nettverk.InDepth:
    """«Én indikator i dybden»: the indicator asked for where the members have figures for it, else the
    first of the grid that judges (views.nettverk.first_to_compare)."""
    options = [POPULATION_ID, *(i.indicator_id for i in theme_indicators(grid_themes))]
    choice = views.common.indicator_choice(
        options, members_with_figures(network_id, on), wanted,
        views.nettverk.first_to_compare(network_overview(network_id, on, grid_themes, year, capped)),
        indicator_labels(), "medlemmene")
    indicator_id = choice.indicator_id
    if indicator_id is None:
        return views.nettverk.InDepth(None, choice, views.nettverk.NO_FIGURES)
    comparison = network_comparison(network_id, on, indicator_id, year, base_year, dict(capped).get(indicator_id))
    row = catalogue_capped(capped).set_index("indicator_id").loc[indicator_id]
    return views.nettverk.in_depth(indicator_id, choice, indicator_labels()[indicator_id], comparison,
                                   int(row["first_year"]), int(row["last_year"]), indicator(indicator_id)[1],
                                   network_headers(on)[network_id], on, programme_origin())


# --- Utvikling -------------------------------------------------------------------------------------------------

@cached(entries=4)
def _member_networks_by_code(db: Database) -> dict[str, pd.DataFrame]:
    return views.common.member_networks_by_code(programme(), main_successors())


def member_networks(code: str) -> pd.DataFrame:
    """The networks today's municipality `code` took part in."""
    return views.common.member_networks(programme(), _member_networks_by_code(), code)


@cached(entries=48)
def indicator_over_time(db: Database, indicator_id: str, until: int | None) -> views.utvikling.IndicatorOverTime:
    found, coverage = indicator(indicator_id)
    published = queries.national_references(db, indicator_id)
    if until is not None:
        published = published[published["year"] <= until].reset_index(drop=True)
    return views.utvikling.indicator_over_time(found, coverage, indicator_values(indicator_id, until),
                                               indicator_values(POPULATION_ID, until), published)


@cached(entries=48)
def network_mean_lines(db: Database, indicator_id: str, until: int | None, on: date) -> dict[str, pd.DataFrame]:
    """Network id -> its mean line of the indicator over its members on `on`: the same for each of them."""
    return views.utvikling.network_mean_lines(indicator_over_time(indicator_id, until), programme(), main_successors(),
                                              names_2024(), on)


@cached(entries=256)
def utvikling(db: Database, kommune: str, theme_ids: tuple[str, ...], chosen: str | None,
              extra: tuple[str, ...] | None) -> views.utvikling.Utvikling:
    followed = follow_to_2024(kommune)
    listed = views.utvikling.listed_indicators(indicators(), list(theme_ids))
    return views.utvikling.page(followed.code, followed.notice, indicators(), listed, chosen,
                                indicators_with_values(followed.code),
                                programme(), member_networks(followed.code), names_2024(), indicator_labels(),
                                None if extra is None else list(extra))


@cached(entries=256)
def trend_chart(db: Database, code: str, indicator_id: str, others: tuple[str, ...], index_base: int | None,
                moving: bool, main: bool, capped: Caps, on: date) -> views.utvikling.TrendChart:
    until = dict(capped).get(indicator_id)
    result = views.utvikling.municipality_trend(indicator_over_time(indicator_id, until), main_successors(),
                                                names_2024(), code, list(others), index_base, moving,
                                                member_networks(code), network_mean_lines(indicator_id, until, on))
    return views.utvikling.trend_chart(result, index_base, moving, main, 420 if main else 340)


# --- Kart --------------------------------------------------------------------------------------------------------

@cached(entries=4)
def shapes(db: Database, structure_year: int) -> dict:
    """Municipal polygons as GeoJSON."""
    return queries.shapes(db, structure_year)


@cached(entries=4)
def geometry(db: Database) -> mapping.Geometry:
    """Today's polygons, neighbours and centres."""
    return mapping.geometry(shapes(2024))


@cached(entries=4)
def borders(db: Database) -> tuple[list[dict], list[dict]]:
    """Today's municipal and county borders as segments, for a map without a basemap."""
    return mapping.border_segments(shapes(2024), municipalities_2024()["county_code"].to_dict())


@cached(entries=4)  # a few MB each
def map_view(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
             year: int | None, county: str = "") -> views.kart.MapView:
    found = values = national = coverage = None
    if mode == "indikator":
        found, coverage = indicator(indicator_id)
        values = year_values(indicator_values(indicator_id), year)
        national = views.kart.national_value(found, coverage, values, year_values(indicator_values(POPULATION_ID), year),
                                             queries.national_reference(db, indicator_id, year))
    within = None
    if county:  # the programme's counties are those of its time: today's municipalities their parts lie in
        successors = main_successors()
        within = set(successors.loc[successors.index.str[:2] == county, "successor_code"])
    return views.kart.map_view(programme_for(county), main_successors(), shapes(2024), geometry(), theme_names(), on,
                               list(theme_ids), mode, found, values, national, coverage.text() if coverage else None,
                               within)


@cached(entries=256)
def map_legend(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
               year: int | None, county: str = "", columns: int = 1) -> dict:
    """The map's legend as a chart: the same for every municipality chosen in the same view."""
    view = map_view(on, theme_ids, mode, indicator_id, year, county)
    return charts.legend_chart(view.legend, views.kart.MAP_MODES[mode], columns=columns)


@cached(entries=256)
def kart(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None, year: int | None,
         code: str, county: str = "") -> views.kart.Kart:
    """The side panel and table beside the map, for the municipality `code` (2024)."""
    found = indicator(indicator_id)[0] if indicator_id else None
    return views.kart.page(map_view(on, theme_ids, mode, indicator_id, year, county), code, mode, on, found, year,
                           member_networks(code), programme_origin())


@cached(entries=64)
def map_indicator(db: Database, theme_ids: tuple[str, ...]) -> str | None:
    return views.kart.default_indicator(indicators(), list(theme_ids))


def indicator_year(indicator_id: str, asked: int | None, capped: Caps) -> views.kart.IndicatorYear:
    row = catalogue_capped(capped).set_index("indicator_id").loc[indicator_id]
    return views.kart.indicator_year(int(row["first_year"]), int(row["last_year"]), asked)


# --- Presentasjon -----------------------------------------------------------------------------------------------

@cached(entries=128)
def slide(db: Database, slide_id: str, on: date, theme_ids: tuple[str, ...], county: str,
          capped: Caps) -> tuple[views.presentasjon.SlideView, ...]:
    """What one slide shows, a screen a part (kommunedata.slides: the kinds of slide)."""
    return tuple(_slide_parts(slide_id, on, theme_ids, county, capped))


def _slide_parts(slide_id: str, on: date, theme_ids: tuple[str, ...], county: str,
                 capped: Caps) -> list[views.presentasjon.SlideView]:
    shown, target = slides.parse(slide_id), slides.parse(slide_id).target
    if shown.kind == slides.OVERVIEW:
        return views.presentasjon.overview(status(on, theme_ids, county))
    if shown.kind == slides.THEMES:
        per_theme = theme_status(on, county)
        chart = views.temastatus.theme_chart(per_theme, on, "networks_established", "Etablerte nettverk per tema",
                                             "Nettverk", list(theme_ids))
        return views.presentasjon.themes(per_theme, status(on, (), county), chart)
    if shown.kind == slides.THEME:
        return views.presentasjon.theme(target, theme_status(on, county), network_table(on, (target,), county))
    if shown.kind == slides.NETWORK:
        header = network_headers(on)[target]
        grid_themes = tuple(t for t in header.theme_ids if not theme_ids or t in theme_ids)
        overview = network_overview(target, on, grid_themes, None, capped)
        indicator_id = views.nettverk.first_to_compare(overview)
        comparison = (network_comparison(target, on, indicator_id, None, None, dict(capped).get(indicator_id))
                      if indicator_id else None)
        return views.presentasjon.network(header, members_by_network(on)[target], theme_names(),
                                          views.nettverk.overview_table(overview), indicator_id,
                                          comparison.summary if comparison is not None else None)
    view = map_view(on, theme_ids, "nettverk", None, None)
    return views.presentasjon.map_slide(view, len(network_table(on, theme_ids, "")), on)
