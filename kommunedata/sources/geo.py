"""Points and polygons for municipalities (Kartverket via the shipped GeoJSON and point files)."""

from __future__ import annotations

import json

import pandas as pd

from kommunedata.config import DATA_DIR
from kommunedata.sources.klass import valid_on

GEO_DIR = DATA_DIR / "geo"
SHAPE_YEARS = (2017, 2019, 2024)


def load_points() -> pd.DataFrame:
    """One point inside each municipality, per structure year (2006, 2017, 2019, 2024)."""
    points = pd.read_csv(GEO_DIR / "kommune_punkter.csv", dtype={"kommunenummer": str})
    return points.rename(
        columns={"struktur": "structure_year", "kommunenummer": "code", "kommunenavn": "name"}
    )[["structure_year", "code", "name", "lon", "lat"]]


def place_periods(periods: pd.DataFrame, points: pd.DataFrame, successors: pd.DataFrame) -> pd.DataFrame:
    """Give every municipality period a point.

    Preferred: the point of a structure year that falls inside the period; then the latest structure
    with the same code; last (codes that lived only 2020-2023), the point of its main 2024 successor.
    """
    pts = points.assign(starts=pd.to_datetime(points["structure_year"].astype(str) + "-01-01"))
    pairs = periods[["code", "valid_from", "valid_to"]].merge(pts, on="code")
    pairs["inside"] = valid_on(pairs["valid_from"], pairs["valid_to"], pairs["starts"])
    best = pairs.sort_values(["inside", "structure_year"], ascending=False).drop_duplicates(["code", "valid_from"])
    placed = periods.merge(best[["code", "valid_from", "lon", "lat"]], on=["code", "valid_from"], how="left")

    main_successor = successors.sort_values(["code", "weight"], ascending=[True, False]).drop_duplicates("code")
    current = pts[pts["structure_year"] == 2024].set_index("code")
    fallback = main_successor.set_index("code")["successor_code"]
    missing = placed["lon"].isna()
    successor_codes = placed.loc[missing, "code"].map(fallback)
    placed.loc[missing, "lon"] = successor_codes.map(current["lon"]).to_numpy()
    placed.loc[missing, "lat"] = successor_codes.map(current["lat"]).to_numpy()
    if placed["lon"].isna().any():
        raise ValueError(f"No point for {placed.loc[placed['lon'].isna(), 'code'].tolist()}")
    return placed


def load_shapes() -> pd.DataFrame:
    """Polygons as GeoJSON text, one row per municipality and structure year."""
    rows = []
    for year in SHAPE_YEARS:
        collection = json.loads((GEO_DIR / f"kommuner_{year}.geojson").read_text(encoding="utf-8"))
        for feature in collection["features"]:
            props = feature["properties"]
            rows.append(
                {
                    "code": str(props["kommunenummer"]).zfill(4),
                    "structure_year": year,
                    "name": props["kommunenavn"],
                    "geojson": json.dumps(feature["geometry"], separators=(",", ":")),
                }
            )
    return pd.DataFrame(rows)
