"""The app's cached access to the data: the current version of the database, and cached answers.

Pages call these instead of `queries` or `views` directly, so a rerun costs no query when nothing
changed. Every answer is cached per database version (`st.cache_data` hashes the `Database` argument
by its version), so when a build or an import replaces the file, each session gets the new figures on
its next rerun, without a restart. `refresh()` runs once per rerun (app.py) and pins the version that
rerun reads, so one page never mixes two versions. Cached DataFrames are copies for each caller, so
pages may change them freely: pickled copies (`st.cache_data`) for the answers to a selection, and for
the tables nearly every rerun reads several times (`_per_version_table`) shallow copies that pandas'
copy-on-write keeps apart from the cached original.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from kommunedata import charts, compare, mapping, queries, slides, views
from kommunedata import importer
from kommunedata import programme as rules
from kommunedata.build import ensure_database
from kommunedata.config import PROGRAMME_END, PROGRAMME_START, TODAY_STRUCTURE, db_path
from kommunedata.db import Database, DatabaseFile
from kommunedata.params import Choices
from kommunedata.text import format_date

_PINNED = "_livskraft_database"


@st.cache_resource(show_spinner="Bygger databasen fra kildedataene …")
def _database_file(path: str) -> DatabaseFile:
    """Once per process: build the file when it is missing or out of date, then follow its versions."""
    ensure_database(Path(path))
    return DatabaseFile(Path(path))


def refresh() -> Database:
    """The newest version of the database, pinned for this rerun (one `stat` when nothing changed)."""
    path = str(db_path())
    try:
        db = _database_file(path).current()
    except FileNotFoundError:  # removed while the app ran: build it again
        _database_file.clear(path)
        db = _database_file(path).current()
    st.session_state[_PINNED] = db
    return db


def database() -> Database:
    pinned = st.session_state.get(_PINNED)
    return pinned if pinned is not None and pinned.path == db_path() else refresh()


def _version(db: Database) -> tuple[str, str]:
    return str(db.path), db.version


# Bounded, so the answers for versions replaced long ago do not pile up in memory.
MAX_ENTRIES = 256


def _per_version(function):
    """Cache `function(db, *args)` per database version and arguments; callers leave out `db`."""
    cached = st.cache_data(show_spinner=False, hash_funcs={Database: _version}, max_entries=MAX_ENTRIES)(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        return cached(database(), *args, **kwargs)

    return call


def _kept(max_entries: int):
    """Cache `function(db, *args)` per database version and arguments, not copied for each caller:
    read-only by contract. `max_entries`: how many answers it keeps, the versions' together."""
    return st.cache_resource(show_spinner=False, hash_funcs={Database: _version}, max_entries=max_entries)


# Answers asked on every rerun with the same few arguments.
_shared = _kept(4)


def _per_version_table(function):
    """As `_per_version`, for the tables that nearly every rerun reads, several times (the programme,
    the catalogue, today's municipalities, the successors): kept once (`st.cache_resource`) and handed
    out as shallow copies. Under pandas' copy-on-write a change to a shallow copy copies what it changes
    and never reaches the cached original, so callers may still change what they get. A pickled copy
    each time (`st.cache_data`) cost 1.5–2 ms for the successors, which a Utvikling rerun asks for five
    times: a third of that rerun went to copies."""
    cached = _shared(function)

    @functools.wraps(function)
    def call(*args, **kwargs):
        return _shallow_copy(cached(database(), *args, **kwargs))

    return call


def _shallow_copy(value):
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, rules.Programme):
        return dataclasses.replace(value, **{field.name: getattr(value, field.name).copy(deep=False)
                                             for field in dataclasses.fields(value)})
    raise TypeError(f"no shallow copy for {type(value).__name__}: cache it with _per_version")


@_per_version_table
def themes(db: Database) -> pd.DataFrame:
    return queries.themes(db)


@_per_version
def theme_names(db: Database) -> dict[str, str]:
    frame = themes()
    return dict(zip(frame["theme_id"], frame["short_name"]))


@_per_version_table
def programme(db: Database) -> rules.Programme:
    return queries.programme(db)


@_per_version
def network_names(db: Database) -> dict[str, str]:
    networks = queries.programme(db).networks
    return dict(zip(networks["network_id"], networks["name"]))


@_per_version
def counties_with_networks(db: Database) -> pd.DataFrame:
    return views.counties_with_networks(programme())


@_per_version_table
def main_successors(db: Database) -> pd.DataFrame:
    return queries.main_successors(db).set_index("code")


@_per_version_table
def indicators(db: Database) -> pd.DataFrame:
    return queries.indicators(db)


@_shared
def _indicator_labels(db: Database) -> dict[str, str]:
    return views.indicator_labels(indicators())


def indicator_labels() -> dict[str, str]:
    """Every indicator's name as lists show it (shared, never changed: thousands at Kolada's scale)."""
    return _indicator_labels(database())


@_kept(64)  # a few theme sets a version
def _theme_indicators(db: Database, theme_ids: tuple[str, ...]) -> tuple[compare.Indicator, ...]:
    """Every indicator of the themes, in the catalogue's order (shared, never changed)."""
    return tuple(views.indicators_for(indicators(), list(theme_ids)))


def theme_indicator_ids(theme_ids: tuple[str, ...]) -> list[str]:
    """Population, then every indicator of the themes (catalogue order): what «one indicator in depth» offers."""
    return [views.POPULATION_ID, *(i.indicator_id for i in _theme_indicators(database(), theme_ids))]


@_shared
def _choices(db: Database) -> Choices:
    return views.choices(themes(), programme(), main_successors(), indicators())


def choices() -> Choices:
    """Every value a URL parameter may take, for validating links (shared, never changed)."""
    return _choices(database())


def programme_for(county_code: str | None) -> rules.Programme:
    return rules.restrict_to_county(programme(), county_code)


@_per_version
def status(db: Database, on: date, county_code: str, theme_ids: tuple[str, ...]) -> rules.StatusCounts:
    return rules.status_on(programme_for(county_code), on, list(theme_ids))


@_per_version
def theme_status(db: Database, on: date, county_code: str | None) -> pd.DataFrame:
    if county_code:  # looked up among every county's, worked out in one pass the first time a county is asked for
        every = _theme_status_by_county(on)
        rows = every[every["county_code"] == county_code]
        if len(rows):  # (a county without networks has none: worked out below, all zeros)
            return rows.drop(columns="county_code").reset_index(drop=True)
    return rules.theme_status_on(programme_for(county_code), themes(), on)


@_per_version
def _theme_status_by_county(db: Database, on: date) -> pd.DataFrame:
    return rules.theme_status_on(programme(), themes(), on, by_county=True)


@_per_version
def network_table(db: Database, on: date, county_code: str, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    if county_code:  # a county's networks are rows of the whole country's table (each row is one network)
        every = network_table(on, "", theme_ids)
        return every[every["county_code"] == county_code].reset_index(drop=True)
    return views.network_table(programme(), on, list(theme_ids))


@_per_version
def timeline(db: Database, county_code: str | None, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    return rules.timeline(programme_for(county_code), PROGRAMME_START, PROGRAMME_END, theme_ids=list(theme_ids))


@_per_version
def full_deck(db: Database, on: date, theme_ids: tuple[str, ...], county_code: str) -> list[str]:
    return slides.full_deck(programme_for(county_code), list(theme_names()), on, list(theme_ids))


def network_header(network_id: str, on: date) -> views.NetworkHeader:
    return _network_headers(database(), on)[network_id]


def network_members(network_id: str, on: date) -> pd.DataFrame:
    return _shallow_copy(_members_by_network(database(), on)[network_id])


# Every network's header and members on a date, worked out in one pass the first time the date is shown:
# choosing another network is then a lookup. Shared, never changed (network_members hands out copies).
@_kept(32)
def _network_headers(db: Database, on: date) -> dict[str, views.NetworkHeader]:
    return views.network_headers(programme(), on)


@_kept(32)
def _members_by_network(db: Database, on: date) -> dict[str, pd.DataFrame]:
    return views.members_by_network(programme(), on)


@_per_version_table
def municipalities_2024(db: Database) -> pd.DataFrame:
    """Today's municipalities by code, with name and (2024) county."""
    return queries.municipalities_on(db, TODAY_STRUCTURE).set_index("code")[["name", "county_code", "county_name"]]


def network_choice(on: date, theme_ids: tuple[str, ...], county_code: str, chosen: str | None) -> views.NetworkChoice:
    """The networks to choose among and the one to show: worked out once per filter, not again for each
    network chosen (which only picks among the same options)."""
    default = _network_choice(on, theme_ids, county_code)
    return dataclasses.replace(default, network_id=chosen) if chosen in default.options else default


@_per_version
def _network_choice(db: Database, on: date, theme_ids: tuple[str, ...], county_code: str) -> views.NetworkChoice:
    return views.network_choice(programme(), on, list(theme_ids), county_code, None)


@_per_version
def comparison_members(db: Database, network_id: str, on: date) -> pd.DataFrame:
    names = municipalities_2024()["name"].to_dict()
    return views.members_to_compare(network_members(network_id, on), main_successors(), names)


@_per_version
def network_overview(db: Database, network_id: str, on: date, theme_ids: tuple[str, ...],
                     year: int | None) -> views.Overview:
    return views.network_overview(db, indicators(), comparison_members(network_id, on),
                                  list(_theme_indicators(db, theme_ids)), year, lambda i: _indicator_values(db, i))


@_per_version
def network_comparison(db: Database, network_id: str, on: date, indicator_id: str, year: int | None,
                       base_year: int | None) -> compare.Comparison | None:
    base = base_year or views.base_year_for(programme(), indicators(), network_id, indicator_id)
    return views.network_comparison(db, indicators(), comparison_members(network_id, on),
                                    _counties(), indicator_id, year, base, lambda i: _indicator_values(db, i),
                                    lambda i, y: _indicator_areas(db, i, y))


def _counties() -> pd.DataFrame:
    """Today's municipalities by code with their county, as comparisons take them."""
    return municipalities_2024()[["county_code", "county_name"]]


# what every network is compared with for an indicator in a year: the same for each network looked at
@_kept(48)
def _indicator_areas(db: Database, indicator_id: str, year: int) -> compare.Areas:
    return views.indicator_areas(db, indicators(), _counties(), indicator_id, year, lambda i: _indicator_values(db, i))


@_per_version
def municipality_options(db: Database) -> dict[str, str]:
    return views.municipality_options(main_successors(), municipalities_2024()["name"].to_dict())


@_per_version
def indicators_with_values(db: Database, code: str) -> frozenset[str]:
    return frozenset(queries.indicators_with_values(db, code))


@_shared
def _member_networks_by_code(db: Database) -> dict[str, pd.DataFrame]:
    return views.member_networks_by_code(programme(), main_successors())


def member_networks(code: str) -> pd.DataFrame:
    """The networks today's municipality `code` took part in (shared, not copied)."""
    return views.member_networks(programme(), main_successors(), code, _member_networks_by_code(database()))


# Per indicator, shared (not copied): every municipality's values and the country's line, read once
# however many municipalities are looked at. Bounded: a few dozen indicators of a few hundred kB each.
@_kept(48)
def _indicator_series(db: Database, indicator_id: str) -> views.IndicatorSeries:
    return views.indicator_series(db, indicators(), indicator_id, lambda i: _indicator_values(db, i))


# Per indicator, shared: every 2024 municipality's values, all years (what Nettverk's comparison needs of
# an indicator, without the country's line that Utvikling draws; and the population, read once).
@_kept(48)
def _indicator_values(db: Database, indicator_id: str) -> pd.DataFrame:
    return queries.indicator_series(db, indicator_id)


# every network's mean line of an indicator, worked out in one pass the first time the indicator is shown
@_kept(48)
def _network_mean_lines(db: Database, indicator_id: str) -> dict[str, pd.DataFrame]:
    """Network id -> its mean line: the same for each of its members (shared, never changed)."""
    return views.network_mean_lines(_indicator_series(db, indicator_id), programme(), main_successors(),
                                    municipalities_2024()["name"].to_dict())


@_per_version
def municipality_trend(db: Database, code: str, indicator_id: str, others: tuple[str, ...], index_base: int | None,
                       moving: bool) -> views.Trend:
    return views.municipality_trend(_indicator_series(db, indicator_id), programme(), main_successors(),
                                    municipalities_2024()["name"].to_dict(), code, list(others), index_base, moving,
                                    member_networks(code), _network_mean_lines(db, indicator_id))


@_shared
def _map_view(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
              year: int | None) -> views.MapView:
    indicator = values = national = coverage = None
    if mode == "indikator":
        row = indicators()[indicators()["indicator_id"] == indicator_id].to_dict("records")[0]
        indicator, coverage = compare.Indicator.from_row(row), compare.coverage_of(row)
        values = queries.indicator_series(db, indicator_id, None, (year, year))
        national = views.national_value(db, indicator, values, year, coverage)
    return views.map_view(programme(), main_successors(), shapes(2024), theme_names(), on, list(theme_ids), mode,
                          indicator, values, national, coverage.text() if coverage else None)


def map_view(on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
             year: int | None) -> views.MapView:
    """The map's features and legend (shared, not copied: the polygons are a few MB)."""
    return _map_view(database(), on, theme_ids, mode, indicator_id, year)


@_per_version
def map_legend(db: Database, on: date, theme_ids: tuple[str, ...], mode: str, indicator_id: str | None,
               year: int | None, title: str) -> dict:
    """The map's legend as a chart: the same for every municipality chosen in the same view."""
    return charts.legend_chart(_map_view(db, on, theme_ids, mode, indicator_id, year).legend, title)


def follow_to_2024(code: str) -> views.Followed:
    return views.follow_to_2024(main_successors(), municipalities_2024()["name"].to_dict(), code)


@_per_version
def data_sources(db: Database) -> pd.DataFrame:
    return queries.data_sources(db)


@_per_version
def build_info(db: Database) -> dict[str, str]:
    return queries.build_info(db)


@_per_version
def programme_origin(db: Database) -> views.ProgrammeOrigin:
    return views.programme_origin(programme(), build_info())


def programme_template() -> bytes:
    """The programme as the import template (made when the download button is pressed)."""
    return importer.export_programme(database().path)


@_shared
def _shapes(db: Database, structure_year: int) -> dict:
    return queries.shapes(db, structure_year)


@_shared
def _borders(db: Database) -> tuple[list[dict], list[dict]]:
    shapes_2024 = _shapes(db, 2024)
    county_of = municipalities_2024()["county_code"].to_dict()
    return mapping.border_segments(shapes_2024, county_of)


def borders() -> tuple[list[dict], list[dict]]:
    """Today's municipal and county borders as segments, for a map without a basemap (shared, not copied)."""
    return _borders(database())


# The map's large layers are files under the app's static folder (server.enableStaticServing), not part
# of the deck: a deck.gl layer loads its data from a URL, and a deck whose layers keep their URLs lets
# deck.gl keep their polygons drawn. A new municipality chosen on Kart then sends about 3 kB, not
# 1.5 MB, and the browser does not parse and tessellate 31 000 vertices again.
MAP_FILES = Path(__file__).resolve().parents[2] / "static" / "kart"
_placed: dict[int, tuple[list, str]] = {}  # id of a shared layer (cached, never changed) -> (it, its URL)


def map_layer(rows: list[dict]) -> str | list[dict]:
    """A large map layer as the URL of its file (relative to the page, as Streamlit's own assets are, so
    it also works behind a proxy's path), or the rows themselves where no file can be served."""
    kept = _placed.get(id(rows))
    if kept is not None and kept[0] is rows:
        try:
            os.utime(MAP_FILES / kept[1].rsplit("/", 1)[-1])  # in use: the last to be pruned
            return kept[1]
        except OSError:  # pruned meanwhile (maps of many other views, or another process): written again
            pass
    if not st.get_option("server.enableStaticServing"):
        return rows
    try:
        url = "app/static/kart/" + mapping.layer_file(rows, MAP_FILES)
    except OSError:  # a read-only app folder: the layer goes in the deck, as it did before
        return rows
    while len(_placed) >= 16:  # a layer is shared while its view is cached: a few views at a time
        _placed.pop(next(iter(_placed)))
    _placed[id(rows)] = (rows, url)
    return url


def shapes(structure_year: int) -> dict:
    """Municipal polygons as GeoJSON (a few MB: shared, not copied for each caller)."""
    return _shapes(database(), structure_year)


# Chart specs are cached as plain Vega-Lite dicts: building and validating an Altair chart costs
# 40-60 ms, and a presenter moves back and forth between the same few dates and themes.
@_per_version
def theme_chart(db: Database, on: date, county_code: str, value: str, title: str, axis_title: str,
                selected: tuple[str, ...], subtitle: str | None = None) -> dict:
    status = theme_status(on, county_code)
    description = charts.describe_bars(status["short_name"], status[value], title, format_date(on),
                                       axis_title.lower())
    return charts.theme_bars(status, value, title, axis_title, list(selected), description, subtitle)


@_per_version
def _growth_lines(db: Database, county_code: str, theme_ids: tuple[str, ...], columns: tuple[str, ...],
                  title: str) -> dict:
    return charts.growth_lines(timeline(county_code, theme_ids), list(columns), title)


def growth_chart(county_code: str, theme_ids: tuple[str, ...], columns: tuple[str, ...], title: str,
                 marked: date) -> dict:
    spec = charts.mark_date(_growth_lines(county_code, theme_ids, columns, title), marked)
    return {**spec, "description": charts.describe_growth(timeline(county_code, theme_ids), list(columns), title,
                                                          marked)}
