"""Presentasjon: what each slide shows, from the same views as the normal pages: its title, what the
deck is narrowed to, a headline sentence from its numbers (kommunedata.slides), and its numbers,
chart, table or map."""

from __future__ import annotations

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

MAX_ROWS = 10  # rows of a table on a slide: the rest is a line below it


@dataclass(frozen=True)
class SlideView:
    """One slide; every text Markdown-safe."""
    headline: str
    metrics: list[Metric] = field(default_factory=list)
    chart: dict | None = None  # Vega-Lite, sized for the back row
    summary: str | None = None
    table: pd.DataFrame | None = None  # cells Markdown-safe
    colours: pd.DataFrame | None = None  # CSS per cell of `table`
    more: str | None = None  # the rows a table leaves out
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


def overview(counts: rules.StatusCounts) -> SlideView:
    return SlideView(f"**{md(slides.overview_headline(counts))}**",
                     [Metric(label, format_number(getattr(counts, name))) for name, label, _help in HEADLINES])


def themes(per_theme: pd.DataFrame, counts: rules.StatusCounts, chart: dict) -> SlideView:
    """`per_theme`: rules.theme_status_on; `counts`: every theme's; `chart`: the networks per theme."""
    headline = slides.themes_headline(per_theme, counts.networks_established, counts.networks_establishing)
    return SlideView(f"**{md(headline)}**", chart=charts.for_the_back_row(chart))


def theme(theme_id: str, per_theme: pd.DataFrame, networks: pd.DataFrame) -> SlideView:
    """`networks`: common.network_table of the theme."""
    row = per_theme.set_index("theme_id").loc[theme_id]
    headline = f"**{md(slides.theme_headline(row['short_name'], row, networks))}**"
    if networks.empty:
        return SlideView(headline)
    table = pd.DataFrame({"Nettverk": networks["name"].map(md), "Status": networks["status"].map(STATUS_LABELS),
                          "Kommuner": networks["members"], "Med vedtak": networks["decided"],
                          "Fylke": networks["county_name"].fillna("–").map(md)})
    more = md(f"… og {len(table) - MAX_ROWS} nettverk til (se Temastatus).") if len(table) > MAX_ROWS else None
    return SlideView(headline, table=table.head(MAX_ROWS), more=more)


def network(header: NetworkHeader, members: pd.DataFrame, theme_names: Mapping[str, str], grid: Grid | None,
            indicator_id: str | None, summary: list[str] | None) -> SlideView:
    """`members`: common.members_by_network of the network; `grid`: nettverk.overview_table of its
    themes; `indicator_id`: nettverk.first_to_compare; `summary`: that indicator's comparison's
    sentences (None: no comparison)."""
    headline = slides.network_headline(header.name, header.status, header.created_on, header.established_on,
                                       members, [theme_names[t] for t in header.theme_ids])
    if header.status is None:  # not started on the date: nothing to compare yet
        return SlideView(f"**{md(headline)}**", indicator_id=indicator_id)
    shown = grid.table
    columns = [c for c in shown.columns if c not in ("Indikator", MEAN_COLUMN)]
    keep = ~(shown[columns] == "–").all(axis=1)  # a slide shows what the members have figures for
    colours = grid.positions[keep].map(lambda p: charts.POSITION_BACKGROUNDS.get(p, ""))
    return SlideView(f"**{md(headline)}**", summary=md(" ".join(summary)) if summary is not None else None,
                     table=shown[keep].map(md), colours=colours, indicator_id=indicator_id)


def map_slide(view: MapView, networks: int, on: date) -> SlideView:
    """`networks`: how many networks the map's date and themes hold."""
    return SlideView(f"**{md(slides.map_headline(view.members_then, view.lit, networks, on))}**", map=view)


def footer(about: str, on: date, position: int, length: int) -> str:
    """`about`: where the programme comes from (Markdown-safe)."""
    return f"Status {format_date(on)} · Lysbilde {position} av {length} · {about}"
