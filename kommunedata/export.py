"""Downloads that open cleanly in Norwegian Excel: semicolon-separated, decimal comma, UTF-8 with BOM."""

from __future__ import annotations

import pandas as pd


EXAMPLE_COLUMN = "Datagrunnlag"
EXAMPLE_VALUE = "Eksempeldata (generert av Livskraft, ikke reelle tall)"


def to_excel_csv(frame: pd.DataFrame, example: bool = False) -> bytes:
    """The table as CSV bytes; `example` adds a column that marks every row as example data, so the
    label travels with the figures when the file is opened, copied or merged elsewhere."""
    if example:
        frame = frame.assign(**{EXAMPLE_COLUMN: EXAMPLE_VALUE})
    text = frame.to_csv(sep=";", decimal=",", index=False, date_format="%d.%m.%Y", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
