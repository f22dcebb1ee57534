"""The map: which 2024 municipality is lit up how, colours that neighbouring networks do not share,
indicator classes, and county outlines, all from the GeoJSON polygons (no GIS library, no internet).

Plain functions (kommunedata.deck draws their answers with pydeck):
- A member colours its main 2024 successor; a 2024 municipality that holds members of two networks is
  drawn as «flere nettverk»; a pending member is drawn lighter.
- Networks are coloured from an 8-colour palette that stays apart for colour-blind readers (Okabe-Ito),
  greedily, so that networks whose municipalities border each other or lie close get different colours.
- Indicator values are cut into five classes: around the national value (diverging, better and worse
  by polarity) for indicators that judge, by quantiles (sequential) for neutral ones.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from kommunedata.indicators import Indicator

# Okabe & Ito (2008): distinguishable with every common colour vision deficiency.
PALETTE = [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178), (213, 94, 0),
           (204, 121, 167), (120, 94, 60)]
NOT_MEMBER = (226, 230, 235)
NO_VALUE = (170, 170, 170)  # darker than the lightest class, so «ingen tall» stands apart
SEVERAL = (60, 60, 60)  # «flere nettverk»: dark, with a white outline
PENDING_ALPHA, DECIDED_ALPHA = 120, 235
# Five classes: blue for better, red for worse (diverging, ColorBrewer RdBu); light to dark blue (sequential).
DIVERGING = [(33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43)]
SEQUENTIAL = [(239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156)]
NEAR_KM = 40  # networks whose members lie this close count as neighbours too


def _rings(geometry: Mapping) -> list[list]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


DIGITS = 4  # about 10 m: plenty for a map of the country, and a third of the bytes of the source


def _point(coordinate) -> tuple[float, float]:
    return round(coordinate[0], DIGITS), round(coordinate[1], DIGITS)


def polygon_rows(shapes: Mapping) -> list[dict]:
    """One row per polygon (a MultiPolygon gives several) with its rings, `code` and `name`: the data
    of a pickable SolidPolygonLayer (Streamlit's map selection does not reach into GeoJsonLayer)."""
    rows = []
    for feature in shapes["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            rows.append({"polygon": [[list(_point(c)) for c in ring] for ring in polygon],
                         "code": feature["properties"]["code"], "name": feature["properties"]["name"]})
    return rows


@dataclass(frozen=True)
class Geometry:
    """What the map needs from the polygons, whatever it colours: worked out once per set of shapes."""
    polygons: list[dict]  # polygon_rows
    neighbours: dict[str, set[str]]
    centres: dict[str, tuple[float, float]]


def geometry(shapes: Mapping) -> Geometry:
    """polygon_rows, neighbours and centres of `shapes` (the app keeps them per database version)."""
    return Geometry(polygon_rows(shapes), neighbours(shapes), centres(shapes))


def centres(shapes: Mapping) -> dict[str, tuple[float, float]]:
    """Code -> a rough centre (the mean of the vertices of its largest ring): enough to tell what lies near."""
    found: dict[str, tuple[int, tuple[float, float]]] = {}
    for feature in shapes["features"]:
        for ring in _rings(feature["geometry"]):
            code = feature["properties"]["code"]
            if code not in found or len(ring) > found[code][0]:
                found[code] = (len(ring), (sum(c[0] for c in ring) / len(ring), sum(c[1] for c in ring) / len(ring)))
    return {code: centre for code, (_size, centre) in found.items()}


def neighbours(shapes: Mapping) -> dict[str, set[str]]:
    """Code -> the codes whose polygons share a vertex with it."""
    owners: dict[tuple, set[str]] = defaultdict(set)
    for feature in shapes["features"]:
        for ring in _rings(feature["geometry"]):
            for coordinate in ring:
                owners[_point(coordinate)].add(feature["properties"]["code"])
    adjacent: dict[str, set[str]] = defaultdict(set)
    for codes in owners.values():
        for code in codes:
            adjacent[code] |= codes - {code}
    return dict(adjacent)


def _edges(shapes: Mapping) -> dict[tuple, list[str]]:
    """Every polygon edge (its two points, in order) -> the codes whose outline has it."""
    users: dict[tuple, list[str]] = defaultdict(list)
    for feature in shapes["features"]:
        for ring in _rings(feature["geometry"]):
            points = [_point(c) for c in ring]
            for a, b in zip(points, points[1:]):
                if a != b:
                    users[(a, b) if a <= b else (b, a)].append(feature["properties"]["code"])
    return users


def border_segments(shapes: Mapping, county_of: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """The borders as line segments ({"s": point, "t": point}, for deck.gl's LineLayer): the municipal
    borders that are not county borders, and the county borders (with the coast and the national border:
    every edge only one municipality has). Each edge once, in one of the two.

    Segments, not paths: a PathLayer joins its segments with mitres, which in software WebGL cost more
    than the rest of the map together."""
    municipal, county = [], []
    for (a, b), codes in _edges(shapes).items():
        crosses = len(codes) == 1 or len({county_of.get(code, code) for code in codes}) > 1
        (county if crosses else municipal).append({"s": list(a), "t": list(b)})
    return municipal, county


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2)) * 111.32
    return math.hypot(dx, (a[1] - b[1]) * 110.57)


def network_colours(network_codes: Mapping[str, Iterable[str]], adjacent: Mapping[str, set[str]],
                    points: Mapping[str, tuple[float, float]] | None = None) -> dict[str, tuple[int, int, int]]:
    """A palette colour per network, different from every neighbouring network's where the palette
    allows (networks that border each other, or whose municipalities lie within NEAR_KM)."""
    codes = {network: set(c) for network, c in network_codes.items()}
    touching: dict[str, set[str]] = {network: set() for network in codes}
    for a in codes:
        around = set().union(*(adjacent.get(code, set()) for code in codes[a])) | codes[a]
        for b in codes:
            if a == b:
                continue
            near = points is not None and any(
                _km(points[x], points[y]) < NEAR_KM for x in codes[a] for y in codes[b] if x in points and y in points)
            if around & codes[b] or near:
                touching[a].add(b)
                touching[b].add(a)
    colours: dict[str, int] = {}
    uses = [0] * len(PALETTE)
    for network in sorted(codes, key=lambda n: (-len(touching[n]), n)):  # Welsh-Powell: busiest first
        used = {colours[other] for other in touching[network] if other in colours}
        free = [i for i in range(len(PALETTE)) if i not in used]
        if free:  # the least used free colour, so the whole palette is used and far networks differ too
            colours[network] = min(free, key=lambda i: (uses[i], i))
        else:
            colours[network] = min(range(len(PALETTE)), key=lambda i: sum(colours.get(o) == i for o in touching[network]))
        uses[colours[network]] += 1
    return {network: PALETTE[i] for network, i in colours.items()}


LABEL_FONT_PX = 13  # the names' size on the map (deck.py's TextLayer)


def mercator_y(latitude: float) -> float:
    """Web Mercator's y of a latitude, in radians (the world is 2π across)."""
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at `zoom` (deck.gl's 512-pixel world at zoom 0)."""
    size = 512 * 2 ** zoom
    return (lon + 180) / 360 * size, (1 - mercator_y(lat) / math.pi) / 2 * size


def spaced_labels(labels: list[dict], zoom: float, weight: Mapping[str, float] | None = None) -> list[dict]:
    """The labels ({"p": [lon, lat], "name"}) that can be written at `zoom` without two overlapping: the
    heaviest first (e.g. most members), then by name; a label whose box would touch one kept is left
    out. Done here, not with deck.gl's CollisionFilterExtension: Streamlit's deck renderer does not
    apply it (checked in Chromium: the names still overlapped)."""
    order = sorted(labels, key=lambda label: (-(weight or {}).get(label["name"], 0), label["name"]))
    kept, boxes = [], []
    for label in order:
        x, y = _pixels(label["p"][0], label["p"][1], zoom)
        half_width, half_height = (len(label["name"]) * 0.55 * LABEL_FONT_PX + 8) / 2, (LABEL_FONT_PX + 6) / 2
        box = (x - half_width, y - half_height, x + half_width, y + half_height)
        if all(box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1] for b in boxes):
            kept.append(label)
            boxes.append(box)
    return kept


def value_classes(values: pd.Series, indicator: Indicator, national: float | None) -> tuple[list[float], list, str]:
    """Class breaks (4 inner breaks, 5 classes), their colours and the kind («divergerende» around the
    national value, or «sekvensiell»). For `lower_better` the colours turn, so blue is always better."""
    present = values.dropna()
    if present.empty:
        return [], SEQUENTIAL, "sekvensiell"
    if not indicator.judges_across or national is None or pd.isna(national):
        breaks = sorted(set(float(b) for b in present.quantile([0.2, 0.4, 0.6, 0.8])))
        return breaks, SEQUENTIAL[-(len(breaks) + 1):], "sekvensiell"
    spread = max(abs(present - national).quantile(0.9), 1e-9)
    breaks = [national - spread * 0.6, national - spread * 0.15, national + spread * 0.15, national + spread * 0.6]
    colours = DIVERGING if indicator.polarity == "lower_better" else DIVERGING[::-1]
    return breaks, colours, "divergerende"


def class_of(value: float, breaks: list[float]) -> int | None:
    if value is None or pd.isna(value):
        return None
    return sum(value > b for b in breaks)


def class_labels(breaks: list[float], indicator: Indicator) -> list[str]:
    """«under 4,2», «4,2–5,0», …, «7,3 og over» in Norwegian number format."""
    if not breaks:
        return ["alle"]
    fmt = indicator.format
    labels = [f"under {fmt(breaks[0])}"]
    labels += [f"{fmt(a)}–{fmt(b)}" for a, b in zip(breaks, breaks[1:])]
    return labels + [f"{fmt(breaks[-1])} og over"]
