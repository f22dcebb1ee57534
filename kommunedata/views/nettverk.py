"""Nettverk: one network on a date. Its header and members, the members × indicators grid against the
network mean, and one indicator in depth against the county, the country and municipalities of the
same size, with ranks, change since a base year and sentences from the numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kommunedata import charts, compare
from kommunedata.export import EXAMPLE_COLUMN, data_basis
from kommunedata import rules
from kommunedata.indicators import Coverage, Indicator
from kommunedata.text import (
    MEMBER_STATUS_LABELS, POLARITY_LABELS, POSITION_LABELS, POSITION_SYMBOLS, STATUS_LABELS, VIA_SUCCESSOR_MARK,
    change_unit, format_date, join_names, md,
)
from kommunedata.views.common import (
    Chart, IndicatorChoice, Metric, NetworkHeader, ProgrammeOrigin, Table, file_name, taking_part, year_values,
)

# A grid a meeting can read. With Kolada's thousands of indicators a theme has hundreds: the grid then
# shows the first ones (real data first) and the page offers every one of them one at a time.
OVERVIEW_LIMIT = 25
MEAN_COLUMN = "Nettverkssnitt"
GRID_NOTE = "Fargen og teksten viser hvor kommunen ligger mot nettverkssnittet, ikke om et mål er nådd."
GRID_MORE = (  # behind «Mer om sammenligningen»
    "«≈ som snittet» er innenfor ±5 % av snittet (±1 prosentpoeng for andeler i prosent). Nøytrale indikatorer "
    "og antall eller summer (de vokser med kommunens størrelse) vurderes ikke. "
    f"{VIA_SUCCESSOR_MARK} Tall for dagens kommune (kommunen ble senere slått sammen). "
    "«–»: ingen tall, eller et antall for en kommune som i dag er del av en større; i snittet: færre enn tre "
    "medlemmer har tall."
)


# --- Which network ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkChoice:
    options: list[str]
    network_id: str | None  # the one to show: the chosen one where it is an option, else the default
    notice: str | None  # Markdown-safe


def network_choice(programme: rules.Programme, on: date, theme_ids: list[str] | None,
                   county_code: str | None) -> NetworkChoice:
    """The networks to choose from, by name (those working on the chosen themes on the date, in the
    chosen county; all when none is chosen), and the one a page opens on when none is chosen."""
    scoped = rules.restrict_to_county(programme, county_code)
    keep = rules.networks_with_themes(scoped, on, theme_ids)
    options = scoped.networks[scoped.networks["network_id"].isin(keep)].sort_values("name")["network_id"].tolist()
    if not options:
        return NetworkChoice([], None, "Ingen nettverk arbeider med de valgte temaene i det valgte fylket på denne datoen.")
    network_id = rules.default_network(programme, on, theme_ids, county_code)
    started = rules.network_status(programme.networks[programme.networks["network_id"].isin(options)], on).notna()
    notice = None if started.any() else "Ingen av nettverkene var startet på denne datoen. Viser det første som startet."
    return NetworkChoice(options, network_id if network_id in options else options[0], notice)


def chosen_network(choice: NetworkChoice, chosen: str | None) -> NetworkChoice:
    """The choice with the user's network where it is one of the options."""
    return NetworkChoice(choice.options, chosen, choice.notice) if chosen in choice.options else choice


# --- The grid -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overview:
    members: pd.DataFrame  # compare.member_successors
    indicators: list[Indicator]  # population first, then the themes' indicators
    years: dict[str, int | None]  # per indicator: the year shown
    grid: pd.DataFrame  # compare.overview, long
    left_out: int = 0  # the themes' indicators beyond OVERVIEW_LIMIT, not in the grid
    without: tuple[str, ...] = ()  # the names of those without figures for any member: not rows of «–»


def grid_indicators(population: Indicator | None, of_themes: list[Indicator]) -> tuple[list[Indicator], int]:
    """The grid's indicators (population first, then the themes', at most OVERVIEW_LIMIT in all) and how
    many of the themes' are left out."""
    first = [population] if population else []
    shown = first + of_themes[:OVERVIEW_LIMIT - len(first)]
    return shown, len(of_themes) - (len(shown) - len(first))


def _counted_codes(indicator: Indicator, members: pd.DataFrame) -> list[str]:
    """The 2024 codes whose values speak for members: all for rates, only whole members for counts."""
    counted = members if indicator.aggregation == "weighted_mean" else members[members["whole"]]
    return sorted(set(counted["successor_code"]))


def network_overview(members: pd.DataFrame, indicators: list[Indicator], left_out: int,
                     values: Mapping[str, pd.DataFrame], year: int | None) -> Overview:
    """The members × indicators grid: each indicator in `year`, or in its own default year (the latest
    with figures for every member). `values`: indicator id -> every 2024 municipality's values, all
    years (queries.indicator_series), for each of `indicators` (grid_indicators)."""
    codes = sorted(set(members["successor_code"]))
    ids = [i.indicator_id for i in indicators]
    series = pd.concat([values[i][values[i]["municipality_code"].isin(codes)] for i in ids], keys=ids,
                       names=["indicator_id", None]).reset_index(level=0).reset_index(drop=True)
    if year is None:
        years = compare.default_years(series, {i.indicator_id: _counted_codes(i, members) for i in indicators})
    else:
        years = {indicator.indicator_id: year for indicator in indicators}
    grid = compare.overview(members, [(i, years[i.indicator_id]) for i in indicators], series)
    # an indicator no member has figures for is named under the grid, not shown as a row of «–»
    present = set(grid.loc[grid["value"].notna(), "indicator_id"])
    kept = [i for i in indicators if i.indicator_id in present]
    grid = grid[grid["indicator_id"].isin(present)].reset_index(drop=True)
    return Overview(members, kept, years, grid, left_out, tuple(i.name for i in indicators if i not in kept))


def member_label(row: Mapping) -> str:
    """«Gol», or «Frei – i dag en del av Kristiansund» for a member that merged later."""
    if row["whole"]:
        return row["municipality_name"]
    return f"{row['municipality_name']} – i dag en del av {row['successor_name']}"


@dataclass(frozen=True)
class Grid:
    """The grid as text: an indicator a row («Folkemengde (personer), 2024»), a member a column with
    «1 234,5 ✓ bedre» and the network mean last; the positions behind each cell (for its colour); and a
    help text per column (plain text)."""
    table: pd.DataFrame
    positions: pd.DataFrame
    help_texts: dict[str, str]


def overview_table(overview: Overview) -> Grid:
    grid, members = overview.grid, overview.members
    names = members["municipality_name"].tolist()
    cells_of: dict[str, list[dict]] = {}  # the grid's rows per indicator, in order: one pass, not a filter each
    for cell in grid[["indicator_id", "value", "via_successor", "position", "mean"]].to_dict("records"):
        cells_of.setdefault(cell["indicator_id"], []).append(cell)
    rows, positions = [], []
    for indicator in overview.indicators:
        cells = cells_of.get(indicator.indicator_id, [])
        year = overview.years[indicator.indicator_id]
        label = f"{indicator.name} ({indicator.unit}), {year if year else '–'}"
        row, row_positions = {"Indikator": label + (" – eksempeldata" if indicator.is_example else "")}, {"Indikator": None}
        for name, cell in zip(names, cells):
            text = indicator.format(cell["value"]) + (VIA_SUCCESSOR_MARK if cell["via_successor"] else "")
            if position_label := POSITION_LABELS.get(cell["position"]):
                text += f" {position_label}"
            row[name], row_positions[name] = text, cell["position"]
        mean = cells[0]["mean"] if cells else None
        row[MEAN_COLUMN], row_positions[MEAN_COLUMN] = indicator.format(mean), None
        rows.append(row)
        positions.append(row_positions)
    help_texts = {"Indikator": "Indikator (enhet) og året tallene gjelder: det siste året med tall for alle "
                               "medlemmene, om ikke et år er valgt."}
    for member in members.to_dict("records"):
        if not member["whole"]:
            help_texts[member["municipality_name"]] = member_label(member) + "."
    help_texts[MEAN_COLUMN] = "Uvektet snitt av medlemmene med tall; en kommune som i dag rommer to medlemmer, telles én gang."
    columns = ["Indikator", *names, MEAN_COLUMN]
    return Grid(pd.DataFrame(rows, columns=columns), pd.DataFrame(positions, columns=columns), help_texts)


def overview_download(overview: Overview, programme_example: bool) -> pd.DataFrame:
    """The grid as an analyst takes it away: a row per indicator and member, the value and the network
    mean as numbers, the verdict and the flags in columns of their own, and each row's «Datagrunnlag»
    from its own indicator (export.data_basis)."""
    by_id = {i.indicator_id: i for i in overview.indicators}
    grid = overview.grid[overview.grid["indicator_id"].isin(by_id)]
    indicator = grid["indicator_id"].map(by_id)
    return pd.DataFrame({
        "Indikator": indicator.map(lambda i: i.name),
        "Enhet": indicator.map(lambda i: i.unit),
        "År": grid["year"].astype("Int64"),
        "Kommune": [member_label(row) for row in grid.to_dict("records")],
        "Kommunenummer": grid["municipality_code"],
        "Verdi": [None if pd.isna(v) else round(float(v), i.decimals) for v, i in zip(grid["value"], indicator)],
        "Mot nettverkssnittet": grid["position"].map(lambda p: POSITION_LABELS.get(p, "nøytral" if p == "neutral" else "")),
        "Tall for dagens kommune": grid["via_successor"].map({True: "ja", False: ""}),
        MEAN_COLUMN: [None if pd.isna(v) else round(float(v), i.decimals) for v, i in zip(grid["mean"], indicator)],
        "Medlemmer med tall i snittet": grid["counted"].astype("Int64"),
        "Kilde": indicator.map(lambda i: i.source),
        EXAMPLE_COLUMN: [data_basis(i.is_example, programme_example, bool(e)) for i, e in zip(indicator, grid["is_estimate"])],
    }).reset_index(drop=True)


def first_to_compare(overview: Overview) -> str | None:
    """The indicator a network is first shown in depth by: one that judges across (Indicator.judges_across) and that the
    members have figures for, real figures before examples; else the first there is."""
    with_values = set(overview.grid.loc[overview.grid["value"].notna(), "indicator_id"])
    judging = [i.indicator_id for i in sorted(overview.indicators,
                                              key=lambda i: (i.indicator_id not in with_values, i.is_example))
               if i.judges_across]
    return (judging or [i.indicator_id for i in overview.indicators] or [None])[0]


# --- One indicator in depth ------------------------------------------------------------------------------

def comparison_year(indicator: Indicator, members: pd.DataFrame, values: pd.DataFrame, year: int | None) -> int | None:
    """The year shown: the chosen one, else the latest with figures for every member that counts; None
    when the members have no figures at all."""
    if year is not None:
        return year
    codes = _counted_codes(indicator, members)
    return compare.default_year(values[values["municipality_code"].isin(codes)], codes)


def indicator_areas(indicator: Indicator, coverage: Coverage, values: pd.DataFrame, population: pd.DataFrame,
                    counties: pd.DataFrame, national: float | None, year: int) -> compare.Areas:
    """What every network's members are compared with in `year` (compare.areas): from every 2024
    municipality's values and population (all years, queries.indicator_series) and the publisher's
    national figure. `counties`: 2024 code -> county_code, county_name (index code)."""
    in_year = year_values(population, year).set_index("municipality_code")["value"]
    return compare.areas(indicator, year_values(values, year), in_year, counties, national, coverage)


def network_comparison(members: pd.DataFrame, year: int, base_year: int | None, values: pd.DataFrame,
                       areas: compare.Areas) -> compare.Comparison:
    """One indicator in depth for the members in `year` against `areas` (indicator_areas of that year),
    and each member's change since it joined (the one rule, trend.change_over), or since `base_year`
    for all when one is asked for. `values`: every 2024 municipality's values, all years; `members`:
    common.members_to_compare."""
    since = [base_year] * len(members) if base_year else members["joined_year"].tolist()
    return compare.compare_with_areas(members, year, since, values, areas, base_year)


def comparison_rows(comparison: compare.Comparison) -> pd.DataFrame:
    """The comparison's member rows with what a chart needs: `label`, `value_text` («12,3* ✓») and
    `order` (best first by polarity, highest first for neutral indicators, members without a value last)."""
    table, indicator = comparison.table, comparison.indicator
    records = table.to_dict("records")
    value_text = [
        indicator.format(row["value"]) + (VIA_SUCCESSOR_MARK if row["via_successor"] else "")
        + (f" {POSITION_SYMBOLS[row['position']]}" if row["position"] in POSITION_SYMBOLS else "")
        for row in records
    ]
    ascending = indicator.polarity == "lower_better"
    order = table["value"].rank(ascending=ascending, method="first", na_option="bottom")
    return table.assign(label=[member_label(row) for row in records], value_text=value_text, order=order)


def comparison_table(comparison: compare.Comparison, rows: pd.DataFrame) -> pd.DataFrame:
    """The comparison as a table in Norwegian (`rows`: comparison_rows of it): the chart's text
    alternative and its download."""
    indicator = comparison.indicator
    rows = rows.sort_values("order")
    return pd.DataFrame({
        "Kommune": rows["label"],
        f"{indicator.name} {comparison.year} ({indicator.unit})": rows["value"].round(indicator.decimals),
        "Plass i nettverket": rows["rank"],
        "Mot nettverkssnittet": rows["position"].map(lambda p: POSITION_LABELS.get(p, "–" if p is None else "nøytral")),
        "Tall for dagens kommune": rows["via_successor"].map({True: "ja", False: ""}),
        "Innbyggere (størrelsesklasse)": rows["size_class"],
        "Snitt for samme størrelse": rows["size_class_mean"].round(indicator.decimals),
        "Fra år": rows["base_year"],
        f"{indicator.name} fra år": rows["base_value"].round(indicator.decimals),
        f"Endring siden {comparison.base_year or 'innmelding'} ({change_unit(indicator.unit)})":
            rows["change"].round(indicator.decimals),
        "Forbedring": rows["improved"].map({True: "ja", False: "nei"}),
    }).reset_index(drop=True)


def references_table(comparison: compare.Comparison) -> pd.DataFrame:
    indicator = comparison.indicator
    return pd.DataFrame({
        "Referanse": [r.label for r in comparison.references],
        f"{indicator.name} {comparison.year} ({indicator.unit})": [indicator.format(r.value) for r in comparison.references],
        "Grunnlag": [r.note for r in comparison.references],
    })


# --- The page ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Nettverk:
    """The page down to the grid; `network_id` None: no network to show (the notice says why)."""
    choice: NetworkChoice
    header: NetworkHeader | None = None
    facts: list[Metric] = ()
    themes: str = ""  # Markdown-safe
    members_title: str = ""
    members: Table | None = None
    grid: Grid | None = None
    grid_themes: tuple[str, ...] = ()
    left_out: str | None = None  # the indicators the grid leaves out, and where to find them
    overview: Table | None = None
    indicator_ids: tuple[str, ...] = ()  # the grid's


def page(choice: NetworkChoice, header: NetworkHeader | None, members: pd.DataFrame | None,
         overview: Overview | None, grid_themes: tuple[str, ...], theme_names: Mapping[str, str], on: date,
         origin: ProgrammeOrigin) -> Nettverk:
    """`members`: the network's memberships with their status (common.members_by_network); `overview`:
    network_overview of the network's themes (`grid_themes`: those of them chosen)."""
    if choice.network_id is None:
        return Nettverk(choice)
    network_id, source = choice.network_id, origin.source_text
    planned = header.planned_established_on if header.planned_established_on and not header.established_on else None
    facts = [
        Metric("Status", STATUS_LABELS.get(header.status, "Ikke startet")),
        Metric("Startet", format_date(header.created_on)),
        Metric("Etablert", format_date(header.established_on) if header.established_on else "–",
               f"Etableres {format_date(planned)}." if planned else None),
        Metric("Fylke", md(header.county_name) if header.county_name else "–"),  # a metric value is Markdown too
    ]
    themes = "**Tema:** " + (md(", ".join(theme_names[t] for t in header.theme_ids)) or "ingen valgt ennå")
    counted = len(taking_part(members))
    title = (f"Medlemmer {format_date(on)}: {counted} med"
             + (f", {len(members) - counted} ikke med (ennå eller lenger)" if len(members) > counted else "")
             + " – med inn- og vedtaksdatoer")
    listing = pd.DataFrame({
        "Kommune": members["municipality_name"], "Kommunenummer": members["municipality_code"],
        "Fylke": members["county_name"], "Status": members["status"].map(MEMBER_STATUS_LABELS),
        "Innmeldt": members["joined_on"], "Vedtak": members["decision_on"], "Utmeldt": members["left_on"],
    })
    member_table = Table(listing, file_name(network_id, "medlemmer", example=origin.is_example, on=on),
                         f"Medlemmer i {header.name} {format_date(on)}", source, origin.is_example,
                         what="medlemslisten")
    grid = overview_table(overview)
    notes = [f"Oversikten viser de {len(overview.indicators)} første indikatorene (reelle tall først). "
             f"{overview.left_out} til for temaene kan velges én og én under «Én indikator i dybden»."
             ] if overview.left_out else []
    if overview.without:
        notes.append(f"Uten tall for medlemmene, så ikke i oversikten: {join_names(list(overview.without))}.")
    left_out = md(" ".join(notes)) if notes else None
    example = origin.is_example or any(i.is_example for i in overview.indicators)
    overview_file = Table(overview_download(overview, origin.is_example),
                              file_name(network_id, "oversikt", example=example, on=on),
                              f"{header.name}: medlemmene mot nettverkssnittet {format_date(on)}", source, example,
                              what="oversikten")
    return Nettverk(choice, header, facts, themes, title, member_table, grid, grid_themes, left_out, overview_file,
                    tuple(i.indicator_id for i in overview.indicators))


@dataclass(frozen=True)
class InDepth:
    """«Én indikator i dybden»: what the page shows of one indicator, up to where it stops (`missing`:
    no figures at all; `no_values`: none of the members has figures in the year)."""
    indicator_id: str | None
    choice: IndicatorChoice  # of the grid's themes' indicators (population first): those with figures
    missing: str | None = None  # Markdown-safe
    example: bool = False  # the indicator is example data
    name: str = ""  # the indicator's
    no_values: str | None = None  # Markdown-safe
    facts: str = ""  # Markdown-safe
    summary: str = ""  # Markdown-safe
    omitted: str = ""  # Markdown-safe: the references not drawn, and why
    chart: Chart | None = None
    links: list[tuple[str, str]] = ()  # (Markdown-safe label, municipality code) for Utvikling
    table: pd.DataFrame | None = None
    decimals: int = 1
    references: pd.DataFrame | None = None
    downloads: list[Table] = ()


NO_FIGURES = "Medlemmene har ingen tall for noen av indikatorene til temaene."


def in_depth(indicator_id: str, choice: IndicatorChoice, label: str, comparison: compare.Comparison | None,
             first_year: int, last_year: int, coverage: Coverage, header: NetworkHeader, on: date,
             origin: ProgrammeOrigin) -> InDepth:
    """`choice`: the indicators to choose among (common.indicator_choice); `comparison`: network_comparison of the indicator
    (None: the members have no figures at all);
    `first_year`, `last_year`: the indicator's years."""
    if comparison is None:
        return InDepth(indicator_id, choice, md(f"Ingen tall for {label} for medlemmene."))
    indicator, year = comparison.indicator, comparison.year
    covered = int(comparison.table["value"].notna().sum())
    if not covered:
        return InDepth(indicator_id, choice, None, indicator.is_example, indicator.name,
                       md(f"Ingen av medlemmene har tall for {indicator.name} i {year}. Indikatoren har tall for "
                          f"{first_year}–{last_year}: velg et annet år."))
    text = coverage.text()
    facts = (f"**{md(indicator.name)}** · {md(indicator.unit)} · {POLARITY_LABELS[indicator.polarity]} · "
             f"Kilde: {md(indicator.source)} · {covered} av {len(comparison.table)} medlemmer har tall for {year}"
             + (f" · Indikatoren har {md(text)}" if text else ""))
    rows = comparison_rows(comparison)
    sentences = " ".join(comparison.summary)
    spec = charts.member_bars(rows, comparison.references, indicator.name, indicator.unit, indicator.decimals,
                              f"{indicator.name} {year}", sentences, indicator.is_example)
    source = f"{indicator.source}; {origin.source_text}"
    example = indicator.is_example or origin.is_example
    chart = Chart(spec, file_name(header.network_id, indicator_id, year, example=example), source, example, "member_chart",
                  f"{header.name}, {format_date(on)}")
    links = [(md(row["municipality_name"]), row["municipality_code"]) for row in comparison.table.to_dict("records")]
    table, references = comparison_table(comparison, rows), references_table(comparison)
    downloads = [Table(frame, file_name(header.network_id, indicator_id, year, what, example=example),
                       f"{indicator.name} {year}: {header.name}", source, example, indicator.decimals, what=what,
                       key=f"table_{what}", basis=data_basis(indicator.is_example, origin.is_example))
                 for what, frame in [("tabellen", table), ("referansene", references)]]
    return InDepth(indicator_id, choice, None, indicator.is_example, indicator.name, None, facts,
                   " ".join(md(sentence) for sentence in comparison.summary), md(" ".join(comparison.omitted)),
                   chart, links, table, indicator.decimals, references, downloads)
