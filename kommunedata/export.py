"""Downloads that open cleanly in Norwegian Excel: semicolon-separated, decimal comma, UTF-8 with BOM."""

from __future__ import annotations

import pandas as pd


def to_excel_csv(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(sep=";", decimal=",", index=False, date_format="%d.%m.%Y", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")
