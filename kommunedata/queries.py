"""Named questions the pages ask of the data. All SQL lives here; values are always bound parameters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import pandas as pd

from kommunedata.db import Database
from kommunedata.rules import Programme


def themes(db: Database) -> pd.DataFrame:
    return db.query("SELECT theme_id, name, short_name, description, sort_order FROM theme ORDER BY sort_order")


def municipalities_on(db: Database, on: date) -> pd.DataFrame:
    """Municipalities valid on the date, with county and a point."""
    return db.query(
        """
        SELECT code, name, county_code, county_name, lon, lat FROM municipality
        WHERE valid_on(valid_from, valid_to, $on)
        ORDER BY code
        """,
        {"on": on},
    )


def municipality_periods(db: Database) -> pd.DataFrame:
    """Every municipality period (code, name, valid_from, valid_to, county_name): what an import's codes
    and names are checked against."""
    return db.query("SELECT code, name, valid_from, valid_to, county_name FROM municipality ORDER BY code, valid_from")


def population_years(db: Database) -> tuple[int, int]:
    """The first and last year with population weights: the years an import may cover."""
    row = db.query("SELECT min(year) AS first, max(year) AS last FROM population_weight").iloc[0]
    return int(row["first"]), int(row["last"])


def main_successors(db: Database) -> pd.DataFrame:
    """Every code's latest name, the 2024 municipality that got most of it (weight ties: lowest code),
    all its 2024 successors (`successor_codes`, largest part first: more than one for a split), and
    `renumbered`: the whole code went to one 2024 municipality that took in no other municipality
    existing at the same time (a new number or name, not a merger)."""
    return db.query(
        """
        WITH lifetime AS (
            SELECT code, arg_max(name, valid_from) AS name, min(valid_from) AS valid_from,
                   max(coalesce(valid_to, DATE '9999-12-31')) AS valid_to
            FROM municipality GROUP BY code
        ),
        merged AS (  -- (code, successor) pairs where another code of the same time went there too
            SELECT DISTINCT a.code, a.successor_code
            FROM municipality_successor AS a
            JOIN lifetime AS la ON la.code = a.code
            JOIN municipality_successor AS b ON b.successor_code = a.successor_code AND b.code <> a.code
            JOIN lifetime AS lb ON lb.code = b.code
            WHERE la.valid_from < lb.valid_to AND lb.valid_from < la.valid_to
        )
        SELECT s.code, any_value(l.name) AS name,
               list(s.successor_code ORDER BY s.weight DESC, s.successor_code)[1] AS successor_code,
               list(s.successor_code ORDER BY s.weight DESC, s.successor_code) AS successor_codes,
               count(*) = 1 AND bool_and(mg.code IS NULL) AS renumbered
        FROM municipality_successor AS s
        JOIN lifetime AS l USING (code)
        LEFT JOIN merged AS mg USING (code, successor_code)
        GROUP BY s.code ORDER BY s.code
        """
    )


def programme(db: Database) -> Programme:
    """Networks (with the county most of their members belong to), their themes and memberships.

    A member's name and county are those valid on the day it joined.
    """
    memberships = db.query(
        """
        SELECT ms.network_id, ms.municipality_code, m.name AS municipality_name,
               m.county_code, m.county_name, m.lon, m.lat, ms.joined_on, ms.decision_on, ms.left_on
        FROM membership AS ms
        JOIN municipality AS m
          ON m.code = ms.municipality_code AND valid_on(m.valid_from, m.valid_to, ms.joined_on)
        ORDER BY ms.network_id, m.name
        """
    )
    networks = db.query(
        """
        WITH member_county AS (
            SELECT ms.network_id, m.county_code, m.county_name, count(*) AS n
            FROM membership AS ms
            JOIN municipality AS m
              ON m.code = ms.municipality_code AND valid_on(m.valid_from, m.valid_to, ms.joined_on)
            GROUP BY ALL
        ),
        main_county AS (
            SELECT network_id, arg_max(county_code, n * 100 - county_code::INTEGER) AS county_code,
                   arg_max(county_name, n * 100 - county_code::INTEGER) AS county_name
            FROM member_county GROUP BY network_id
        )
        SELECT n.network_id, n.name, n.created_on, n.established_on, n.is_example,
               c.county_code, c.county_name
        FROM network AS n LEFT JOIN main_county AS c USING (network_id)
        ORDER BY n.name
        """
    )
    network_themes = db.query("SELECT network_id, theme_id, chosen_on FROM network_theme ORDER BY ALL")
    return Programme(networks=networks, network_themes=network_themes, memberships=memberships)


def indicators(db: Database) -> pd.DataFrame:
    """The indicator catalogue with theme names, each indicator's years and its coverage: how many of
    today's municipalities have a value (`covered`, of `municipalities_2024`) and, when they all lie in
    one county, its name (`covered_county`); the counties, `|`-separated (`covered_counties`)."""
    return db.query(
        """
        WITH today AS (SELECT code, county_name FROM municipality WHERE valid_to IS NULL),
        covered AS (
            SELECT p.indicator_id, count(*) AS covered,
                   CASE WHEN count(DISTINCT t.county_name) = 1 THEN any_value(t.county_name) END AS covered_county,
                   string_agg(DISTINCT t.county_name, '|' ORDER BY t.county_name) AS covered_counties
            FROM indicator_presence AS p JOIN today AS t ON t.code = p.municipality_code
            GROUP BY p.indicator_id
        )
        SELECT i.indicator_id, i.name, i.theme_id, t.short_name AS theme_name, i.unit, i.polarity,
               i.aggregation, i.source, i.source_id, i.is_example, i.decimals, i.description,
               y.first_year, y.last_year, c.covered, c.covered_county, c.covered_counties,
               (SELECT count(*) FROM today) AS municipalities_2024
        FROM indicator AS i
        LEFT JOIN theme AS t USING (theme_id)
        LEFT JOIN indicator_years AS y USING (indicator_id)
        LEFT JOIN covered AS c USING (indicator_id)
        ORDER BY t.sort_order NULLS FIRST, i.is_example, i.name
        """
    )


def indicator_row(db: Database, indicator_id: str) -> dict | None:
    """An indicator's row in the catalogue as stored (every column of `indicator`); None for an unknown id."""
    rows = db.query(
        """SELECT indicator_id, name, theme_id, unit, polarity, aggregation, source, source_id, is_example,
                  decimals, description
           FROM indicator WHERE indicator_id = $indicator_id""",
        {"indicator_id": indicator_id},
    )
    return rows.iloc[0].to_dict() if len(rows) else None


def indicator_sources(db: Database) -> dict[str, str]:
    """Every indicator's `source_id`, by indicator."""
    rows = db.query("SELECT indicator_id, source_id FROM indicator")
    return dict(zip(rows["indicator_id"], rows["source_id"]))


def indicator_values(db: Database, indicator_id: str) -> pd.DataFrame:
    """One indicator's values as stored, on the codes each value was published for (not harmonised to
    2024 borders, unlike `indicator_series`): municipality_code, year, value, is_estimate."""
    return db.query(
        """SELECT municipality_code, year, value, is_estimate FROM indicator_value
           WHERE indicator_id = $indicator_id ORDER BY municipality_code, year""",
        {"indicator_id": indicator_id},
    )


def indicators_with_values(db: Database, code: str) -> set[str]:
    """The indicators with at least one value for a 2024 municipality (on 2024 borders)."""
    rows = db.query("SELECT indicator_id FROM indicator_presence WHERE municipality_code = $code", {"code": code})
    return set(rows["indicator_id"])


def indicator_series(
    db: Database,
    indicator_id: str,
    codes: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One indicator on 2024 codes (harmonised through mergers and splits), optionally for some
    municipalities and a span of years (inclusive)."""
    return indicators_series(db, [indicator_id], codes, years).drop(columns="indicator_id")


def indicators_series(
    db: Database,
    indicator_ids: Sequence[str],
    codes: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Several indicators at once (`indicator_id` tells them apart), as `indicator_series`: one query
    for a page that shows many indicators, instead of one or two per indicator."""
    first, last = years if years else (None, None)
    return db.query(
        """
        SELECT v.indicator_id, v.municipality_code, m.name AS municipality_name, v.year, v.value, v.n_parts,
               v.is_estimate
        FROM indicator_value_2024 AS v
        JOIN municipality AS m ON m.code = v.municipality_code AND m.valid_to IS NULL
        WHERE list_contains($indicator_ids, v.indicator_id)
          AND ($all_codes OR list_contains($codes, v.municipality_code))
          AND ($first IS NULL OR v.year >= $first)
          AND ($last IS NULL OR v.year <= $last)
        ORDER BY v.indicator_id, v.municipality_code, v.year
        """,
        {
            "indicator_ids": list(indicator_ids),
            "all_codes": codes is None,
            "codes": list(codes or []),
            "first": first,
            "last": last,
        },
    )


def national_reference(db: Database, indicator_id: str, year: int) -> float | None:
    """The publisher's own figure for the whole country in a year, where the source has one."""
    rows = db.query(
        """SELECT value FROM indicator_reference
           WHERE indicator_id = $indicator_id AND region_level = 'land' AND year = $year""",
        {"indicator_id": indicator_id, "year": year},
    )
    return float(rows["value"].iloc[0]) if len(rows) else None


def national_references(db: Database, indicator_id: str) -> pd.DataFrame:
    """The publisher's own figures for the whole country (`year`, `value`), where the source has them."""
    return db.query(
        """SELECT year, value FROM indicator_reference
           WHERE indicator_id = $indicator_id AND region_level = 'land' ORDER BY year""",
        {"indicator_id": indicator_id},
    )


def shapes(db: Database, structure_year: int) -> dict:
    """Municipal polygons of one structure year as a GeoJSON FeatureCollection."""
    rows = db.query(
        "SELECT code, name, geojson FROM municipality_shape WHERE structure_year = $year ORDER BY code",
        {"year": structure_year},
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": r.code, "name": r.name}, "geometry": json.loads(r.geojson)}
            for r in rows.itertuples()
        ],
    }


def data_sources(db: Database) -> pd.DataFrame:
    return db.query("SELECT source_id, name, publisher, licence, attribution, is_example FROM data_source ORDER BY is_example, name")


def build_info(db: Database) -> dict[str, str]:
    """What the build (and each import since) recorded: schema_version, fingerprint, built_at,
    example_seed, and where an imported programme came from (programme_*)."""
    return dict(db.query("SELECT key, value FROM build_info").itertuples(index=False, name=None))

