"""Importing a file of indicator values: what its steps share.

A file is read (`readers`), its names turned into codes (`names`), checked against the data
(`checks`), and stored for the build to replay (`stored`; kommunedata.importer does the importing).
Every step refuses a file with `ImportRefused`, a Norwegian message and examples; `Options` is how
the user said the file is to be read, and `Read` what a reader gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pandas as pd


def count_text(n: int, one: str, many: str) -> str:
    """«1 rad», «3 rader» (the build reads this module, so it does not import kommunedata.text)."""
    return f"{n} {one if n == 1 else many}"


class ImportRefused(Exception):
    """A file the importer will not take, with the reason in Norwegian and up to ten examples."""

    def __init__(self, message: str, examples: Iterable[str] = ()):
        self.message = message
        self.examples = list(examples)[:10]
        super().__init__(self.describe())

    def describe(self) -> str:
        return self.message + "".join(f"\n  – {example}" for example in self.examples)


@dataclass(frozen=True)
class Options:
    """How to read a file, as the user declared it (`python -m kommunedata import --help`); stored with an
    import so a rebuild reads the file the same way."""
    value_column: str | None = None  # the column (or JSON-stat category) with the values
    year_columns: str | None = None  # a regular expression for wide year columns, its group the year
    ignore_columns: tuple[str, ...] = ()  # columns that are not source values (e.g. a derived change)
    code_structure: int | None = None  # every year keyed to this year's municipality codes and names
    zero_as_missing: bool = False  # 0 means «no such municipality that year», not a true zero
    sum_rows: bool = False  # several rows per municipality and year (sector, source, gas) are summed
    pivot_cache: int | None = None  # read the records of the workbook's pivot cache N (1 = first), not a sheet
    code_column: str | None = None  # the column naming the municipality, where its name is not one Livskraft knows
    fill_code_from: str | None = None  # a blank municipality taken from the rows with the same value in this column
    keep: tuple[tuple[str, tuple[str, ...]], ...] = ()  # only rows whose column holds one of these values
    from_year: int | None = None  # rows of earlier years are left out (a series older than the data)
    year: int | None = None  # a snapshot without a year column: every value is of this year
    count_rows: bool = False  # each row counts one (a register): the value is the number of rows
    drop: tuple[tuple[str, tuple[str, ...]], ...] = ()  # rows whose column holds one of these values are left out

    def to_json(self) -> dict:
        record = {key: (list(value) if isinstance(value, tuple) else value) for key, value in asdict(self).items()}
        record["keep"] = {column: list(values) for column, values in self.keep}
        record["drop"] = {column: list(values) for column, values in self.drop}
        return record

    @classmethod
    def from_json(cls, record: dict) -> Options:
        known = {key: record[key] for key in cls.__dataclass_fields__ if key in record}
        known["ignore_columns"] = tuple(known.get("ignore_columns") or ())
        for key in ("keep", "drop"):
            known[key] = tuple((column, tuple(values)) for column, values in (known.get(key) or {}).items())
        return cls(**known)

    @property
    def summed(self) -> bool:
        """Several rows per municipality and year make one value."""
        return self.sum_rows or self.count_rows


def keep_rows(texts: Iterable[str], flag: str = "--keep") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`--keep 'Jordstatus=dyrka,dyrkbar'` as Options.keep (a column given twice keeps what both allow), or
    `--drop 'Fullstendig tekst=Jord'` as Options.drop (a column given twice drops what either names)."""
    rows: dict[str, tuple[str, ...]] = {}
    for text in texts:
        column, sign, values = text.partition("=")
        named = tuple(v.strip() for v in values.split(",") if v.strip())
        if not sign or not column.strip() or not named:
            raise ImportRefused(f"«{text}» er ikke KOLONNE=VERDI[,VERDI…] ({flag}).")
        before = rows.get(column.strip())
        rows[column.strip()] = (named if before is None else tuple(v for v in before if v in named) if flag == "--keep"
                                else tuple(dict.fromkeys(before + named)))
    return tuple(rows.items())


@dataclass
class Read:
    """What a reader gives: the long table of values and what to tell the user about the file."""
    values: pd.DataFrame  # municipality_code (None where the file names the municipality), label, year, value, line
    kind: str  # Norwegian: what the file was read as
    notes: list[str] = field(default_factory=list)
    where: str = "linje"  # what `line` counts: lines (CSV), rows (Excel), records (a pivot cache) or value positions
    skipped: int = 0  # rows for the country, a county or another area, left out
