"""Presentasjon: what each slide shows, from the same views as the normal pages: its title, what the
deck is narrowed to, a headline sentence from its numbers (kommunedata.slides), and its numbers,
chart, table or map."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kommunedata import charts, slides
from kommunedata import rules
from kommunedata.text import HEADLINES, STATUS_LABELS, format_date, format_number, md
from kommunedata.views.common import Metric, NetworkHeader
from kommunedata.views.kart import MapView
from kommunedata.views.nettverk import MEAN_COLUMN, Grid

# How much table one 1024×768 screen holds, in lines of its type (the rest continues on the next part of
# the slide), checked in Chromium for every theme and network (tests/e2e/test_presentasjon.py). A theme's
# networks take a line each. A network's grid row takes as many lines as its label wraps to or its
# members' cells («93,4 ≈ som snittet» in a column of seven members), and the first part also holds the
# comparison's summary.
THEME_ROWS = 12
GRID_LINES, GRID_LINES_FIRST = 18, 11
LABEL_CHARACTERS = 22  # a grid label's characters per line, with its column beside seven members'
ROW_PADDING = 0.4  # a row's padding and border, in lines


def grid_row_lines(label: str, cells: list[str]) -> float:
    """About how many lines a grid row takes on a slide (an estimate that errs high: what
    tests/e2e/test_presentasjon.py measures must fit)."""
    label_lines = math.ceil(len(label) * 1.15 / LABEL_CHARACTERS)  # words do not break where characters do
    cell_lines = max((3 if "som snittet" in cell else 2 if " " in cell.strip() else 1) for cell in cells) if cells else 1
    return max(label_lines, cell_lines) + ROW_PADDING


@dataclass(frozen=True)
class SlideView:
    """One slide; every text Markdown-safe."""
    headline: str
    metrics: list[Metric] = field(default_factory=list)
    chart: dict | None = None  # Vega-Lite, sized for the back row
    summary: str | None = None
    table: pd.DataFrame | None = None  # cells Markdown-safe
    colours: pd.DataFrame | None = None  # CSS per cell of `table`
    map: MapView | None = None
    indicator_id: str | None = None  # a network slide's indicator: «Avslutt» opens Nettverk on it


def scope(slide: slides.Slide, theme_ids: list[str], county_name: str | None,
          theme_names: Mapping[str, str]) -> str | None:
    """What a slide counts when the deck is narrowed, so that its numbers are read right (plain text)."""
    if not theme_ids and not county_name:
        return None
    parts = []
    if county_name:
        parts.append(county_name)
    if theme_ids and slide.kind in (slides.OVERVIEW, slides.MAP):
        parts.append(", ".join(theme_names[t] for t in theme_ids))
    if slide.kind == slides.MAP and county_name:
        return "Utvalg: " + " · ".join(parts[1:] or ["alle tema"]) + " (kartet viser hele landet)"
    if slide.kind == slides.THEMES and theme_ids:
        parts.append("alle tema")
    return "Utvalg: " + " · ".join(parts) if parts else None


def overview(counts: rules.StatusCounts) -> list[SlideView]:
    return [SlideView(f"**{md(slides.overview_headline(counts))}**",
                     [Metric(label, format_number(getattr(counts, name))) for name, label, _help in HEADLINES])]


def themes(per_theme: pd.DataFrame, counts: rules.StatusCounts, chart: dict) -> list[SlideView]:
    """`per_theme`: rules.theme_status_on; `counts`: every theme's; `chart`: the networks per theme."""
    headline = slides.themes_headline(per_theme, counts.networks_established, counts.networks_establishing)
    return [SlideView(f"**{md(headline)}**", chart=charts.for_the_back_row(chart))]


def theme(theme_id: str, per_theme: pd.DataFrame, networks: pd.DataFrame) -> list[SlideView]:
    """`networks`: common.network_table of the theme. A part per screen of networks, each with the headline."""
    row = per_theme.set_index("theme_id").loc[theme_id]
    headline = f"**{md(slides.theme_headline(row['short_name'], row, networks))}**"
    if networks.empty:
        return [SlideView(headline)]
    table = pd.DataFrame({"Nettverk": networks["name"].map(md), "Status": networks["status"].map(STATUS_LABELS),
                          "Kommuner": networks["members"], "Med vedtak": networks["decided"],
                          "Fylke": networks["county_name"].fillna("–").map(md)})
    return [SlideView(headline, table=table.iloc[rows]) for rows in slides.split([1] * len(table), THEME_ROWS)]


def network(header: NetworkHeader, members: pd.DataFrame, theme_names: Mapping[str, str], grid: Grid | None,
              indicator_id: str | None, summary: list[str] | None) -> list[SlideView]:
    """`members`: common.members_by_network of the network; `grid`: nettverk.overview_table of its
    themes; `indicator_id`: nettverk.first_to_compare; `summary`: that indicator's comparison's
    sentences (None: no comparison). A part per screen of the grid, each with the headline (which names
    the network's themes); the summary on the first."""
    headline = slides.network_headline(header.name, header.status, header.created_on, header.established_on,
                                       members, [theme_names[t] for t in header.theme_ids])
    if header.status is None:  # not started on the date: nothing to compare yet
        return [SlideView(f"**{md(headline)}**", indicator_id=indicator_id)]
    shown = grid.table
    columns = [c for c in shown.columns if c not in ("Indikator", MEAN_COLUMN)]
    keep = ~(shown[columns] == "–").all(axis=1)  # a slide shows what the members have figures for
    table = shown[keep].map(md)
    colours = grid.positions[keep].map(lambda p: charts.POSITION_BACKGROUNDS.get(p, ""))
    text = md(" ".join(summary)) if summary is not None else None
    lines = [grid_row_lines(str(row["Indikator"]), [str(row[c]) for c in columns]) for _, row in shown[keep].iterrows()]
    return [SlideView(f"**{md(headline)}**", summary=text if i == 0 else None, table=table.iloc[rows],
                      colours=colours.iloc[rows], indicator_id=indicator_id)
            for i, rows in enumerate(slides.split(lines, GRID_LINES, GRID_LINES_FIRST if text else GRID_LINES))]


def map_slide(view: MapView, networks: int, on: date) -> list[SlideView]:
    """`networks`: how many networks the map's date and themes hold."""
    return [SlideView(f"**{md(slides.map_headline(view.members_then, view.lit, networks, on))}**", map=view)]


def footer(about: str, on: date, position: int, length: int) -> str:
    """`about`: where the programme comes from (Markdown-safe)."""
    return f"Status {format_date(on)} · Lysbilde {position} av {length} · {about}"
