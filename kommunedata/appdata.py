"""The app's cached access to the data: one read-only connection per process, cached answers.

Pages call these instead of `queries` directly, so a rerun costs no query when nothing changed.
Cached DataFrames are copies for each caller (st.cache_data), so pages may change them freely.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from kommunedata import charts
from kommunedata import programme as rules
from kommunedata import queries
from kommunedata.config import PROGRAMME_END, PROGRAMME_START, db_path
from kommunedata.db import Database, open_database

TODAY_STRUCTURE = date(2024, 1, 1)  # the municipal structure every series is harmonised to


@st.cache_resource(show_spinner="Bygger databasen fra kildedataene …")
def _database(path: str) -> Database:
    return open_database(path)


def database() -> Database:
    return _database(str(db_path()))


@st.cache_data(show_spinner=False)
def themes() -> pd.DataFrame:
    return queries.themes(database())


@st.cache_data(show_spinner=False)
def counties_with_networks() -> pd.DataFrame:
    networks = programme().networks
    return (
        networks[["county_code", "county_name"]].dropna().drop_duplicates().sort_values("county_code")
        .reset_index(drop=True)
    )


@st.cache_data(show_spinner=False)
def main_successors() -> pd.DataFrame:
    return queries.main_successors(database()).set_index("code")


@st.cache_data(show_spinner=False)
def programme() -> rules.Programme:
    return queries.programme(database())


def programme_for(county_code: str | None) -> rules.Programme:
    return rules.restrict_to_county(programme(), county_code)


@st.cache_data(show_spinner=False)
def theme_status(on: date, county_code: str | None) -> pd.DataFrame:
    return rules.theme_status_on(programme_for(county_code), themes(), on)


@st.cache_data(show_spinner=False)
def status(on: date, county_code: str, theme_ids: tuple[str, ...]) -> rules.StatusCounts:
    return rules.status_on(programme_for(county_code), on, list(theme_ids))


@st.cache_data(show_spinner=False)
def network_table(on: date, county_code: str, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    return rules.network_table_on(programme_for(county_code), on, list(theme_ids))


@st.cache_data(show_spinner=False)
def timeline(county_code: str | None, theme_ids: tuple[str, ...]) -> pd.DataFrame:
    return rules.timeline(programme_for(county_code), PROGRAMME_START, PROGRAMME_END, theme_ids=list(theme_ids))


@st.cache_data(show_spinner=False)
def indicators() -> pd.DataFrame:
    return queries.indicators(database())


@st.cache_data(show_spinner=False)
def municipalities_on(on: date) -> pd.DataFrame:
    return queries.municipalities_on(database(), on)


@st.cache_data(show_spinner=False)
def indicator_series(indicator_id: str, codes: tuple[str, ...] | None) -> pd.DataFrame:
    return queries.indicator_series(database(), indicator_id, codes)


@st.cache_data(show_spinner=False)
def data_sources() -> pd.DataFrame:
    return queries.data_sources(database())


@st.cache_data(show_spinner=False)
def build_info() -> dict[str, str]:
    return queries.build_info(database())


@st.cache_data(show_spinner=False)
def choices() -> dict[str, set]:
    """Every value a URL parameter may take, for validating links."""
    years = indicators()
    return {
        "tema": set(themes()["theme_id"]),
        "fylke": set(counties_with_networks()["county_code"]),
        "nettverk": set(programme().networks["network_id"]),
        "kommune": set(main_successors().index),  # every code valid 2006-2024
        "indikator": set(years["indicator_id"]),
        "aar": set(range(int(years["first_year"].min()), int(years["last_year"].max()) + 1)),
    }


@st.cache_data(show_spinner=False)
def shapes(structure_year: int) -> dict:
    return queries.shapes(database(), structure_year)


# Chart specs are cached as plain Vega-Lite dicts: building and validating an Altair chart costs
# 40-60 ms, and a presenter moves back and forth between the same few dates and themes.
@st.cache_data(show_spinner=False)
def theme_chart(on: date, county_code: str, value: str, title: str, axis_title: str,
                selected: tuple[str, ...]) -> dict:
    return charts.theme_bars(theme_status(on, county_code), value, title, axis_title, list(selected)).to_dict()


@st.cache_data(show_spinner=False)
def _growth_lines(county_code: str, theme_ids: tuple[str, ...], columns: tuple[str, ...], title: str) -> dict:
    return charts.growth_lines(timeline(county_code, theme_ids), list(columns), title)


def growth_chart(county_code: str, theme_ids: tuple[str, ...], columns: tuple[str, ...], title: str,
                 marked: date) -> dict:
    return charts.mark_date(_growth_lines(county_code, theme_ids, columns, title), marked)
