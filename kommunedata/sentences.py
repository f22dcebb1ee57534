"""Plain Norwegian sentences generated from the numbers: a network's members on one indicator, and a
municipality's development since it joined. Plain text: escape it (text.md) before it reaches Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kommunedata.indicators import Indicator
from kommunedata.text import PERCENT_UNIT, after_number, change_unit, format_number, join_names, lower_first

if TYPE_CHECKING:
    from kommunedata.trend import Change


def _as_2024(table: pd.DataFrame) -> pd.DataFrame:
    """One row per 2024 municipality: members that are one today are named together («Bø og Sauherad
    (i dag Midt-Telemark)»), so the sentences never pick a winner among identical figures."""
    rows = []
    for _successor, group in table.groupby("successor_code", sort=False):
        row = group.iloc[0].copy()
        if len(group) > 1:
            row["municipality_name"] = f"{join_names(group['municipality_name'].tolist())} (i dag {row['successor_name']})"
        rows.append(row)
    return pd.DataFrame(rows)


def _quoted(name: str) -> str:
    """An indicator's name inside a sentence: in «» where a comma would break the sentence."""
    name = lower_first(name)
    return f"«{name}»" if "," in name else name


def network_summary(table: pd.DataFrame, mean: float, indicator: Indicator, year: int, base_year: int | None,
                    min_reference: int) -> list[str]:
    """Plain Norwegian sentences from the numbers (`table` from compare.change_from_base, with `rank`), one 2024
    municipality counted once. Plain text: escape it (text.md) before it reaches Markdown."""
    name, unit = _quoted(indicator.name), indicator.unit
    table = _as_2024(table)
    with_value = table.dropna(subset=["value"])
    sentences = []
    if with_value.empty:
        return [f"Ingen av kommunene har tall for {name} i {year}."]
    if len(with_value) == 1:
        only = with_value.iloc[0]
        sentences.append(f"Bare {only['municipality_name']} har tall for {name} i {year} "
                         f"({indicator.format(only['value'])} {unit}): for få til et nettverkssnitt.")
    elif indicator.judges_across:
        best = with_value.sort_values(["rank", "municipality_name"]).iloc[0]
        tied = with_value[with_value["rank"] == best["rank"]]
        who = join_names(tied["municipality_name"].tolist())
        sentences.append(
            f"{who} ligger best an i {year} med {indicator.format(best['value'])} {unit}"
            + (f"; snittet i nettverket er {indicator.format(mean)} {unit}." if not pd.isna(mean) else ".")
        )
    elif not pd.isna(mean):
        sentences.append(f"Snittet i nettverket er {indicator.format(mean)} {unit} i {year}.")
    if pd.isna(mean) and len(with_value) > 1:
        sentences.append(f"For få av kommunene har tall for {name} i {year} til et nettverkssnitt "
                         f"({len(with_value)}; minst {min_reference} trengs).")
    if year == base_year:
        return sentences
    # one base year asked for, or each member's own year of joining (compare.change_since)
    since, both = (f"siden {base_year}", f"både {base_year} og {year}") if base_year else (
        "siden innmeldingen", f"både innmeldingsåret og {year}")
    compared = table.dropna(subset=["change"])
    if compared.empty:
        sentences.append(f"Ingen av kommunene har tall for {both}.")
        return sentences
    if len(compared) == 1:
        only = compared.iloc[0]
        verb = "økt" if only["change"] > 0 else "redusert" if only["change"] < 0 else "holdt uendret"
        sentences.append(f"{only['municipality_name']} har {verb} {name} {since} "
                         f"({indicator.format(only['change'], signed=True)} {change_unit(unit)}).")
        return sentences
    if len(compared) == len(table):
        of = f"{len(compared)} kommuner"
    else:
        of = f"de {len(compared)} kommunene med tall for {both}"
    if indicator.polarity == "neutral":
        higher = int((compared["change"] > 0).sum())
        sentences.append(f"{higher} av {of} har høyere {name} i {year} enn "
                         + (f"i {base_year}." if base_year else "da de meldte seg inn."))
        return sentences
    improved = int(compared["improved"].eq(True).sum())
    verb = "redusert" if indicator.polarity == "lower_better" else "økt"
    sentences.append(f"{improved} av {of} har {verb} {name} {since}.")
    if improved:
        sign = 1 if indicator.polarity == "higher_better" else -1
        gains = compared.assign(gain=compared["change"] * sign)
        top = gains[gains["gain"] == gains["gain"].max()]
        sentences.append(
            f"{join_names(sorted(top['municipality_name']))} har hatt størst forbedring "
            f"({indicator.format(top['change'].iloc[0], signed=True)} {change_unit(unit)})."
        )
    return sentences


def trend_summary(name: str, indicator: Indicator, change: Change | None, joined_year: int | None,
                  network_gap: tuple[str, float, float] | None = None) -> str:
    """One plain Norwegian sentence: how the municipality developed since it joined (or over the
    years shown), and whether it ended above or below its network's mean. Plain text: escape it
    (text.md) before it reaches Markdown."""
    if change is None:
        return f"{name} har for få tall for {lower_first(indicator.name)} til å vise en utvikling."
    unit, level_unit = after_number(change_unit(indicator.unit)), after_number(indicator.unit)
    since = f"siden innmeldingen i {joined_year}" if joined_year else f"fra {change.from_year}"
    level = f"{indicator.format(change.to_value)}{level_unit} i {change.to_year}"
    if change.absolute == 0:
        sentence = f"{indicator.name} i {name} er uendret {since} ({level})."
    else:
        direction = "har økt" if change.absolute > 0 else "har gått ned"
        percent = (f" ({format_number(abs(change.percent), 1)} %)"
                   if change.percent is not None and indicator.unit != PERCENT_UNIT else "")  # no % of a %
        judged = {True: " – en forbedring", False: " – en forverring", None: ""}[change.improved]
        sentence = (f"{indicator.name} i {name} {direction} med {indicator.format(abs(change.absolute))}{unit}"
                    f"{percent} {since}, til {level}{judged}.")
    if network_gap is not None and not any(pd.isna(v) for v in network_gap[1:]):
        network, own, mean = network_gap
        side = "over" if own > mean else "under" if own < mean else "på"
        sentence += f" Det er {side} snittet i {network} ({indicator.format(mean)}{level_unit})."
    return sentence
