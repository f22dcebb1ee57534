"""An indicator as the app knows it: its metadata (`Indicator`) and which of today's municipalities it
covers (`Coverage`), both read from a row of the catalogue (`queries.indicators`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from kommunedata.text import format_number

# SSB's regions (landsdeler) in today's counties, for a coverage that spans counties of one region
REGIONS = {"Østlandet": frozenset({"Oslo", "Akershus", "Østfold", "Buskerud", "Innlandet", "Vestfold", "Telemark"})}
NATIONAL_COVERAGE = 0.75  # the share of today's municipalities with values that makes a computed national figure
POPULATION_ID = "folkemengde"  # the population: the weights of every mean, and context beside the themes


def judges_across(polarity: str, aggregation: str) -> bool:
    """Indicator.judges_across, for a catalogue's columns."""
    return polarity != "neutral" and aggregation != "sum"


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    unit: str
    polarity: str  # higher_better, lower_better, neutral
    aggregation: str  # sum, weighted_mean
    decimals: int
    is_example: bool
    source: str

    @classmethod
    def from_row(cls, row: Mapping) -> Indicator:
        return cls(row["indicator_id"], row["name"], row["unit"], row["polarity"], row["aggregation"],
                   int(row["decimals"]), bool(row["is_example"]), row["source"])

    @property
    def judges_across(self) -> bool:
        """Whether one municipality's value is judged against others' (position, rank, map colours). A
        sum (a count, an area, a total of tonnes) grows with a municipality's size, so it is not: it is
        compared per inhabitant or per km² instead. Its change over time is still judged by polarity."""
        return judges_across(self.polarity, self.aggregation)

    def format(self, value: float | None, signed: bool = False) -> str:
        text = format_number(value, self.decimals)
        return f"+{text}" if signed and value is not None and not pd.isna(value) and value > 0 and text != "0" else text


@dataclass(frozen=True)
class Coverage:
    """Which of today's municipalities an indicator has values for."""
    municipalities: int  # 2024 municipalities with a value in some year
    total: int  # 2024 municipalities
    county: str | None = None  # the one county they all lie in, if they do
    region: str | None = None  # else the one region (landsdel) they all lie in, if they do

    @property
    def national(self) -> bool:
        """Enough of the country to compute a national figure from."""
        return self.municipalities >= NATIONAL_COVERAGE * self.total

    def shows_country(self, published: float | None = None) -> bool:
        """Whether a figure for the whole country is shown: computed from enough of the country, or the
        publisher's own (the one rule for Nettverk, Utvikling and Kart)."""
        return self.national or (published is not None and not pd.isna(published))

    def text(self) -> str | None:
        """«tall for 17 kommuner i Telemark», «tall for 308 av 357 kommuner»; None for every municipality."""
        if self.municipalities >= self.total:
            return None
        if self.county or self.region:
            return f"tall for {self.municipalities} kommuner{self.where}"
        return f"tall for {self.municipalities} av {self.total} kommuner"

    @property
    def where(self) -> str:
        """Where the figures are, after a noun: « i Telemark», « på Østlandet», « med tall»."""
        if self.county:
            return f" i {self.county}"
        return f" på {self.region}" if self.region else " med tall"


def region_of(counties: Iterable[str]) -> str | None:
    """The region (landsdel) every one of `counties` lies in, if there is one."""
    counties = set(counties)
    return next((name for name, members in REGIONS.items() if counties and counties <= members), None)


def coverage_of(row: Mapping) -> Coverage:
    """An indicator's coverage from its catalogue row (queries.indicators)."""
    counties = row.get("covered_counties")
    return Coverage(int(row.get("covered") or 0), int(row.get("municipalities_2024") or 0),
                    row.get("covered_county") if isinstance(row.get("covered_county"), str) else None,
                    region_of(counties.split("|")) if isinstance(counties, str) else None)


def indicator(catalogue: pd.DataFrame, indicator_id: str) -> tuple[Indicator, Coverage]:
    """One indicator of the catalogue, with its coverage."""
    row = catalogue[catalogue["indicator_id"] == indicator_id].to_dict("records")[0]
    return Indicator.from_row(row), coverage_of(row)
