"""Downloads that open cleanly in Norwegian Excel: semicolon-separated, decimal comma, UTF-8 with BOM.

Text cells that a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or a leading
tab or carriage return) are written with a leading apostrophe, as OWASP advises against CSV
injection: the spreadsheet shows the text and runs nothing. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import pandas as pd

EXAMPLE_COLUMN = "Datagrunnlag"
EXAMPLE_VALUE = "Eksempeldata (generert av Livskraft, ikke reelle tall)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell that would start a formula, as text that cannot; anything else unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [name for name in frame.columns
            if pd.api.types.is_object_dtype(frame[name]) or pd.api.types.is_string_dtype(frame[name])]


def to_excel_csv(frame: pd.DataFrame, example: bool = False) -> bytes:
    """The table as CSV bytes; `example` adds a column that marks every row as example data, so the
    label travels with the figures when the file is opened, copied or merged elsewhere."""
    if example:
        frame = frame.assign(**{EXAMPLE_COLUMN: EXAMPLE_VALUE})
    frame = frame.rename(columns={name: neutralise(name) for name in frame.columns if isinstance(name, str)})
    frame = frame.assign(**{name: frame[name].map(neutralise) for name in _text_columns(frame)})
    text = frame.to_csv(sep=";", decimal=",", index=False, date_format="%d.%m.%Y", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
