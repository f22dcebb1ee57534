"""Kart: the programme's networks, themes or an indicator on a map of today's municipalities, each
municipality's facts, the legend, and the map as a table."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import compare, mapping, params
from kommunedata import rules
from kommunedata.indicators import POPULATION_ID, Coverage, Indicator, coverage_of, judges_across
from kommunedata.text import MAP_POLARITY, MEMBER_STATUS_LABELS, format_date, format_number, join_names, md
from kommunedata.deck import NORWAY
from kommunedata.export import data_basis
from kommunedata.views.common import ProgrammeOrigin, Table, file_name

MAP_MODES = dict(zip(params.MAP_MODES, ["Nettverk", "Tema", "Indikator"]))  # labels of the declared modes
# «vedtak fattet», «forbereder vedtak»: a member's status inside a line of text
MEMBER_STATUS_TEXT = {status: MEMBER_STATUS_LABELS[status].lower() for status in (rules.DECIDED, rules.PENDING)}


@dataclass(frozen=True)
class MapView:
    polygons: list[dict]  # mapping.polygon_rows with `fill` (RGBA) and `tooltip` (plain text) on each
    facts: dict[str, str]  # 2024 code -> the tooltip's text, for the selected municipality's panel
    legend: list[tuple[tuple, str]]  # (RGBA colour, Norwegian label)
    table: pd.DataFrame  # what the map shows, as a table
    members_then: int  # municipalities taking part, as they were on the date
    lit: int  # 2024 municipalities lit up
    note: str | None  # e.g. «Eksempeldata» or no theme chosen (plain text)
    national: float | None = None  # the country in the indicator's year (indikator mode)
    focus: list[list[float]] | None = None  # [lon, lat] points to fit the view to: a part of the country only
    summary: str = ""  # the map in one sentence (plain text): its text alternative with the table
    labels: list[dict] = ()  # {"p": [lon, lat], "name"}: each network's name over its members (nettverk mode)


def national_value(indicator: Indicator, coverage: Coverage, values: pd.DataFrame, population: pd.DataFrame,
                   published: float | None) -> float | None:
    """The country in a year, by compare.country_reference; None where the indicator covers too little
    of the country to compute one and the publisher has none. `values`, `population`: every 2024
    municipality that year."""
    by_code = values.set_index("municipality_code")["value"]
    if by_code.dropna().empty:
        return None
    if not coverage.shows_country(published):
        return None
    return compare.country_reference(by_code, population.set_index("municipality_code")["value"], indicator,
                                     published).value


def _members_by_2024(members: pd.DataFrame, successors: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The members taking part, grouped by the 2024 municipality they are part of today."""
    return dict(tuple(members.assign(successor_code=members["municipality_code"].map(successors["successor_code"]))
                      .groupby("successor_code")))


def map_view(
    programme: rules.Programme, successors: pd.DataFrame, shapes: Mapping, geometry: mapping.Geometry,
    theme_names: Mapping[str, str], on: date, theme_ids: list[str], mode: str, indicator: Indicator | None = None,
    values: pd.DataFrame | None = None, national: float | None = None, coverage: str | None = None,
    within: Collection[str] | None = None,
) -> MapView:
    """What each 2024 municipality looks like on the map on `on` in colour mode `mode` (nettverk, tema
    or indikator; `values`: municipality_code, value of the indicator's year). `geometry`:
    mapping.geometry of `shapes`. `within`: the 2024 codes of a chosen county (its networks are in
    `programme`, common.programme_for): the view fits them, and the table and summary hold only them."""
    members = rules.members_on(programme, on, theme_ids).reset_index(drop=True)
    by_2024 = _members_by_2024(members, successors)
    themes_of = rules.themes_on(programme.network_themes, on).groupby("network_id")["theme_id"].agg(sorted)
    # Colours over all members ever, so a network keeps its colour as the date moves
    network_codes = {nid: set(group["municipality_code"].map(successors["successor_code"]))
                     for nid, group in programme.memberships.groupby("network_id")}
    colours = (mapping.network_colours(network_codes, geometry.neighbours, geometry.centres)
               if mode == "nettverk" else {})
    value_of = {} if values is None else dict(zip(values["municipality_code"], values["value"]))
    breaks, class_colours, kind = (mapping.value_classes(pd.Series(list(value_of.values()), dtype=float), indicator,
                                                         national) if mode == "indikator" else ([], [], ""))
    facts, fills, rows = {}, {}, []
    for feature in shapes["features"]:
        code, name = feature["properties"]["code"], feature["properties"]["name"]
        group = by_2024.get(code)
        lines = [f"{name} ({code})"]
        row = {"Kommune (2024)": name, "Kommunenummer": code}
        fill = [*mapping.NOT_MEMBER, 255]
        if group is not None:
            networks = list(dict.fromkeys(group["network_name"]))
            decided = (group["status"] == rules.DECIDED).all()
            alpha = mapping.DECIDED_ALPHA if decided else mapping.PENDING_ALPHA
            themes = sorted({t for nid in group["network_id"] for t in themes_of.get(nid, [])})
            historical = [f"{was} ({then})" for was, then in zip(group["municipality_name"], group["municipality_code"])
                          if was != name or then != code]
            if historical:
                lines.append("Medlem: " + ", ".join(historical))
            lines.append("Nettverk: " + ", ".join(networks))
            lines.append("Tema: " + ", ".join(theme_names.get(t, t) for t in themes))
            lines.append("Status: " + ", ".join(dict.fromkeys(MEMBER_STATUS_TEXT[s] for s in group["status"])))
            row.update({"Medlemmer (slik de var)": ", ".join(group["municipality_name"]), "Nettverk": ", ".join(networks),
                        "Status": ", ".join(dict.fromkeys(MEMBER_STATUS_TEXT[s] for s in group["status"])),
                        "Tema": ", ".join(theme_names.get(t, t) for t in themes)})
            if mode == "nettverk" and len(networks) > 1:
                fill = [*mapping.SEVERAL, mapping.DECIDED_ALPHA]  # «flere nettverk»: one style, pending or not
            elif mode == "nettverk":
                fill = [*colours[group["network_id"].iloc[0]], alpha]
            elif mode == "tema":
                fill = [*mapping.PALETTE[4], alpha]
        if mode == "indikator":
            value = value_of.get(code)
            cls = mapping.class_of(value, breaks)
            fill = [*class_colours[cls], 235] if cls is not None else [*mapping.NO_VALUE, 160]
            lines.append(f"{indicator.name}: {indicator.format(value)} {indicator.unit}" if cls is not None
                         else f"{indicator.name}: ingen tall")
            row[f"{indicator.name} ({indicator.unit})"] = None if value is None or pd.isna(value) else round(value, indicator.decimals)
        facts[code], fills[code] = "\n".join(lines), fill
        if (group is not None or mode == "indikator") and (within is None or code in within):
            rows.append(row)

    legend = _map_legend(mode, colours, by_2024, members, theme_ids, theme_names, indicator, breaks, class_colours, kind)
    note = None
    if mode == "tema" and not theme_ids:
        note = "Velg ett eller flere tema for å se hvilke kommuner som arbeider med dem; nå vises alle medlemmer."
    if mode == "nettverk" and within is None:
        note = ("Over hele landet står navnene der det er plass: pek på en kommune for å se nettverket, eller velg "
                "et fylke for å få alle navnene.")
    if mode == "indikator" and coverage:
        note = f"{indicator.name}: {coverage}; de andre kommunene er grå (ingen tall)" + (
            "." if national is not None else ", og det er ikke regnet noe tall for hele landet.")
    polygons = [{**row, "fill": fills[row["code"]], "tooltip": facts[row["code"]]}
                for row in geometry.polygons]
    focus = None
    if mode == "indikator" and coverage and national is None:  # e.g. one county: show that county
        with_value = {code for code, value in value_of.items() if value is not None and not pd.isna(value)}
        focus = [point for row in polygons if row["code"] in with_value for ring in row["polygon"] for point in ring]
    if within is not None:
        focus = [point for row in polygons if row["code"] in within for ring in row["polygon"] for point in ring]
        value_of = {code: value for code, value in value_of.items() if code in within}
    if mode == "indikator":
        names = {row["code"]: row["name"] for row in polygons}
        known = pd.Series({code: v for code, v in value_of.items() if v is not None and not pd.isna(v)}, dtype=float)
        summary = (f"{indicator.name}: ingen kommuner har tall." if known.empty else
                   f"{indicator.name}: {len(known)} kommuner har tall; høyest i "
                   f"{join_names([names.get(c, c) for c in known[known == known.max()].index])} "
                   f"({indicator.format(known.max())} {indicator.unit}), lavest i "
                   f"{join_names([names.get(c, c) for c in known[known == known.min()].index])} "
                   f"({indicator.format(known.min())} {indicator.unit}).")
    else:
        themes = f" i nettverk som arbeider med {', '.join(theme_names.get(t, t) for t in theme_ids)}" if theme_ids else ""
        summary = (f"{format_date(on)}: {len(members)} kommuner (slik de var) tar del{themes}, i {len(by_2024)} av "
                   f"dagens kommuner og {members['network_id'].nunique()} nettverk.")
    return MapView(polygons, facts, legend, pd.DataFrame(rows), len(members), len(by_2024), note,
                   national if mode == "indikator" else None, focus or None, summary,
                   network_labels(members, successors, geometry, within is None) if mode == "nettverk" else [])


def network_labels(members: pd.DataFrame, successors: pd.DataFrame, geometry: mapping.Geometry,
                   whole_country: bool = False) -> list[dict]:
    """Each network's name at the middle of its members' centres: 34 networks share 8 colours, so the
    map names them where they are, and the colour need not be matched against the legend. Over the
    whole country the south's would overlap: there only those with room (mapping.spaced_labels, the
    networks with most members first); a county's map names them all."""
    codes = members.assign(code=members["municipality_code"].map(successors["successor_code"]))
    labels = []
    for name, group in codes.dropna(subset=["code"]).groupby("network_name"):
        points = [geometry.centres[code] for code in dict.fromkeys(group["code"]) if code in geometry.centres]
        if points:
            labels.append({"p": [sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)],
                           "name": name})
    if whole_country:
        return mapping.spaced_labels(labels, NORWAY["zoom"], codes.groupby("network_name").size().to_dict())
    return labels


def _map_legend(mode, colours, by_2024, members, theme_ids, theme_names, indicator, breaks, class_colours, kind):
    legend = []
    pending = (members["status"] == rules.PENDING).any()
    if mode == "nettverk":
        names = members.drop_duplicates("network_id").set_index("network_id")["network_name"]
        for network_id in sorted(names.index, key=names.get):
            legend.append(([*colours[network_id], mapping.DECIDED_ALPHA], names[network_id]))
        if any(group["network_id"].nunique() > 1 for group in by_2024.values()):
            legend.append(([*mapping.SEVERAL, mapping.DECIDED_ALPHA], "Flere nettverk i én kommune i dag"))
        if pending:
            legend.append(([*mapping.PALETTE[4], mapping.PENDING_ALPHA], "Lysere farge: forbereder vedtak"))
    elif mode == "tema":
        chosen = ", ".join(theme_names.get(t, t) for t in theme_ids) or "alle tema"
        legend.append(([*mapping.PALETTE[4], mapping.DECIDED_ALPHA], f"Nettverket arbeider med {chosen}"))
        if pending:
            legend.append(([*mapping.PALETTE[4], mapping.PENDING_ALPHA], "Lysere farge: forbereder vedtak"))
    else:
        labels = mapping.class_labels(breaks, indicator)
        legend += [([*colour, 235], label) for colour, label in zip(class_colours, labels)]
        legend.append(([*mapping.NO_VALUE, 160], "Ingen tall"))
    if mode != "indikator":
        legend.append(([*mapping.NOT_MEMBER, 255], "Ikke med"))
    return legend


# --- The page ---------------------------------------------------------------------------------------------

def default_indicator(catalogue: pd.DataFrame, theme_ids: list[str]) -> str | None:
    """The indicator a map coloured by indicator opens on: of the chosen themes, one that judges across
    municipalities (not neutral, not a sum), covering the country before part of it, real before example data; population when no
    theme is chosen or none of the themes' judges."""
    judging = pd.Series([judges_across(p, a) for p, a in zip(catalogue["polarity"], catalogue["aggregation"])],
                        index=catalogue.index, dtype=bool)
    rows = catalogue[catalogue["theme_id"].isin(theme_ids) & judging]
    if not rows.empty:
        partial = rows.apply(lambda row: not coverage_of(row).national, axis=1)
        return rows.assign(partial=partial).sort_values(["partial", "is_example"], kind="stable")["indicator_id"].iloc[0]
    ids = catalogue["indicator_id"].tolist()
    return POPULATION_ID if POPULATION_ID in ids else (ids[0] if ids else None)


@dataclass(frozen=True)
class IndicatorYear:
    """The year an indicator map shows: the one asked for where the indicator has figures, else its last."""
    year: int
    options: list[int]  # the indicator's years, latest first
    latest: int
    note: str | None  # plain text: the year asked for has no figures


def indicator_year(first: int, last: int, asked: int | None) -> IndicatorYear:
    year = asked if asked and first <= asked <= last else last
    note = f"Indikatoren har tall for {first}–{last}: kartet viser {last}." if asked and year != asked else None
    return IndicatorYear(year, list(range(last, first - 1, -1)), last, note)


@dataclass(frozen=True)
class Kart:
    """The side panel and the table beside the map (`view`: map_view) for the selected municipality."""
    view: MapView
    code: str  # the selected municipality (2024)
    name: str  # Markdown-safe
    summary: str  # Markdown-safe: the map in one sentence
    note: str | None  # Markdown-safe
    trend_link: str  # Markdown-safe
    indicator: str | None  # Markdown-safe: the indicator, its year and unit
    national: str | None  # Markdown-safe: the country's figure and what the colours mean
    networks: list[tuple[str, str]]  # (Markdown-safe label, network id) of the municipality's networks
    table: Table


def page(view: MapView, code: str, mode: str, on: date, indicator: Indicator | None, year: int | None,
         networks: pd.DataFrame, origin: ProgrammeOrigin) -> Kart:
    """`networks`: the networks the municipality took part in (common.member_networks)."""
    name = next(row["name"] for row in view.polygons if row["code"] == code)
    heading = national = None
    if indicator is not None:
        heading = f"**{md(indicator.name)} {year}** ({md(indicator.unit)})"
        if view.national is not None:
            meaning = f" {MAP_POLARITY[indicator.polarity]}" if indicator.judges_across else ""
            national = md(f"{compare.country_label(indicator.aggregation)}: "
                          f"{format_number(view.national, indicator.decimals)}.{meaning}")
    links = [(md(f"Nettverket {network['network_name']}"), network_id) for network_id, network in networks.iterrows()]
    source = origin.source_text if indicator is None else f"{indicator.source}; {origin.source_text}"
    example = origin.is_example or bool(indicator is not None and indicator.is_example)
    table = Table(view.table, file_name("kart", mode, *([indicator.indicator_id, year] if indicator else []),
                                        example=example, on=on),
                  f"Kart: {f'{indicator.name} {year},' if indicator else MAP_MODES[mode].lower()} {format_date(on)}",
                  source, example, indicator.decimals if indicator is not None else 1,
                  basis=data_basis(indicator.is_example, origin.is_example) if indicator is not None else None)
    return Kart(view, code, md(name), md(view.summary), md(view.note) if view.note else None, md(f"{name} over tid"),
                heading, national, links, table)
