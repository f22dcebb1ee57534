"""Temastatus: where the programme stands, theme by theme, on a date: the headline numbers, networks and
municipalities per theme, the programme's growth 2006–2010 and the table of networks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import charts
from kommunedata import rules
from kommunedata.sources.example import slug
from kommunedata.text import HEADLINES, STATUS_LABELS, format_date, format_number, md
from kommunedata.views.common import Chart, Metric, ProgrammeOrigin, Table, file_name

# The two theme charts: (the theme_status column, title, axis title, subtitle, the chart's key)
THEME_CHARTS = [
    ("networks_established", "Etablerte nettverk per tema", "Nettverk", None, "chart_networks"),
    ("municipalities", "Kommuner per tema", "Kommuner", "medlemmer i nettverk med temaet", "chart_municipalities"),
]
# The two growth charts: (title, the timeline's columns)
GROWTH_CHARTS = [
    ("Nettverk", ("networks_established", "networks_establishing")),
    ("Kommuner", ("municipalities_decided", "municipalities_pending")),
]


@dataclass(frozen=True)
class Temastatus:
    heading: str  # Markdown-safe
    metrics: list[Metric]
    theme_charts: list[Chart]
    theme_numbers: pd.DataFrame  # the theme charts' numbers
    growth_charts: list[Chart]
    growth_table: pd.DataFrame  # the growth charts' numbers, month by month
    networks: Table
    networks_note: str  # Markdown-safe


def theme_chart(per_theme: pd.DataFrame, on: date, value: str, title: str, axis_title: str,
                selected: list[str], subtitle: str | None = None) -> dict:
    """Bars of one column of the theme status (rules.theme_status_on), with its description."""
    description = charts.describe_bars(per_theme["short_name"], per_theme[value], title, format_date(on),
                                       axis_title.lower())
    return charts.theme_bars(per_theme, value, title, axis_title, selected, description, subtitle)


def growth_chart(growth_lines: dict, timeline: pd.DataFrame, columns: tuple[str, ...], title: str, on: date) -> dict:
    """A growth chart (charts.growth_lines of the timeline) with the date marked and described."""
    spec = charts.mark_date(growth_lines, on)
    return {**spec, "description": charts.describe_growth(timeline, list(columns), title, on)}


def page(on: date, theme_ids: list[str], county: str, theme_names: Mapping[str, str], county_names: Mapping[str, str],
         counts: rules.StatusCounts, per_theme: pd.DataFrame, timeline: pd.DataFrame,
         growth_lines: Mapping[str, dict], networks: pd.DataFrame, origin: ProgrammeOrigin) -> Temastatus:
    """`per_theme`: rules.theme_status_on; `timeline`: rules.timeline; `growth_lines`: title ->
    charts.growth_lines of the timeline (GROWTH_CHARTS); `networks`: common.network_table."""
    scope = (", ".join(theme_names[t] for t in theme_ids) if theme_ids else "alle tema") + (
        f" – {county_names[county]}" if county else "")
    heading = md(f"Status {format_date(on)} – {scope}")
    place = slug(county_names[county]) if county else None  # in the file names
    metrics = [Metric(label, format_number(getattr(counts, field)), help_text) for field, label, help_text in HEADLINES]
    source, example = origin.source_text, origin.is_example
    theme_charts = [
        Chart(theme_chart(per_theme, on, value, title, axis, theme_ids, subtitle),
              file_name(slug(title), place, example=example, on=on), source, example, key,
              f"Status {format_date(on)} – {scope}")
        for value, title, axis, subtitle, key in THEME_CHARTS
    ]
    numbers = pd.DataFrame({"Tema": per_theme["name"], "Etablerte nettverk": per_theme["networks_established"],
                            "Nettverk under etablering": per_theme["networks_establishing"],
                            "Kommuner": per_theme["municipalities"]})
    growth = [Chart(growth_chart(growth_lines[title], timeline, columns, title, on),
                    file_name("utvikling", slug(title), place, example=example), source, example,
                    f"growth_{title}", scope)
              for title, columns in GROWTH_CHARTS]
    growth_table = pd.DataFrame({"Dato": timeline["date"],
                                 **{label: timeline[column] for column, label in charts.SERIES_LABELS.items()}})
    table = pd.DataFrame({
        "Nettverk": networks["name"],
        "Status": networks["status"].map(STATUS_LABELS),
        "Tema": networks["theme_ids"].map(lambda ids: ", ".join(theme_names[t] for t in ids)),
        "Medlemmer": networks["members"],
        "Med vedtak": networks["decided"],
        "Fylke": networks["county_name"],
        "Startet": networks["created_on"],
        "Etablert": networks["established_on"],
    })
    download = Table(table, file_name("nettverk", example=example, on=on), f"Nettverk {format_date(on)}", source,
                     example, decimals=0)
    return Temastatus(heading, metrics, theme_charts, numbers, growth, growth_table, download,
                      md(f"{len(table)} nettverk. {origin.describe()}"))
