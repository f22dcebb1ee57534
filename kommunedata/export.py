"""Downloads for a meeting: CSV that opens cleanly in Norwegian Excel (semicolon-separated, decimal
comma, UTF-8 with BOM), .xlsx with real number formats and the source written in, and chart images
(SVG, PNG) drawn offline with the title, source and date inside the picture.

Text cells that a spreadsheet would take for a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or a leading
tab or carriage return) are written with a leading apostrophe, as OWASP advises against CSV
injection: the spreadsheet shows the text and runs nothing. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import io
import math
from datetime import date

import pandas as pd

EXAMPLE_COLUMN = "Datagrunnlag"
EXAMPLE_VALUE = "Eksempeldata (generert av Livskraft, ikke reelle tall)"
REAL_VALUE = "Reelle tall"
EXAMPLE_PROGRAMME_VALUE = "Reelle tall; nettverk og medlemskap er eksempeldata"
ESTIMATE_VALUE = "Estimat"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell that would start a formula, as text that cannot; anything else unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [name for name in frame.columns
            if pd.api.types.is_object_dtype(frame[name]) or pd.api.types.is_string_dtype(frame[name])]


def data_basis(figures_example: bool, programme_example: bool = False, estimate: bool = False) -> str:
    """A row's «Datagrunnlag»: what its figures are. Example figures are example data whatever else;
    real figures of members of a generated programme are real, and say the networks are not."""
    if figures_example:
        return EXAMPLE_VALUE
    basis = EXAMPLE_PROGRAMME_VALUE if programme_example else REAL_VALUE
    return f"{basis} ({ESTIMATE_VALUE.lower()})" if estimate else basis


def with_basis(frame: pd.DataFrame, example: bool, basis: str | None) -> pd.DataFrame:
    """The table with its «Datagrunnlag» column, so the label travels with the figures when the file is
    opened, copied or merged elsewhere: `basis` (data_basis) on every row where given, else «Eksempeldata»
    on every row of an `example` table. A table that holds its own per row keeps it."""
    if EXAMPLE_COLUMN in frame.columns or not (basis or example):
        return frame
    return frame.assign(**{EXAMPLE_COLUMN: basis or EXAMPLE_VALUE})


def to_excel_csv(frame: pd.DataFrame, example: bool = False, basis: str | None = None) -> bytes:
    """The table as CSV bytes, with its «Datagrunnlag» (with_basis)."""
    frame = with_basis(frame, example, basis)
    frame = frame.rename(columns={name: neutralise(name) for name in frame.columns if isinstance(name, str)})
    frame = frame.assign(**{name: frame[name].map(neutralise) for name in _text_columns(frame)})
    text = frame.to_csv(sep=";", decimal=",", index=False, date_format="%d.%m.%Y", lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _about(source: str, made: date, example: bool) -> list[str]:
    lines = [f"Kilde: {source}", f"Hentet fra Livskraft {made.strftime('%d.%m.%Y')}"]
    if example:
        lines.append(f"{EXAMPLE_VALUE}: vises bare for å prøve verktøyet.")
    return lines


def to_xlsx(frame: pd.DataFrame, title: str, source: str, made: date, example: bool = False,
            decimals: int | dict[str, int] = 1, basis: str | None = None) -> bytes:
    """The table as an Excel workbook: the title, source, date and (for example data) the example note
    above a bold header row with a filter, numbers as numbers with a Norwegian-readable format (`decimals`
    for all number columns or per column), dates as dates. Text is always written as text, never as a
    formula (xlsxwriter's strings_to_formulas=False), so a name like «=1+1» stays «=1+1». Its
    «Datagrunnlag» as with_basis."""
    import xlsxwriter  # only when a workbook is asked for

    frame = with_basis(frame, example, basis)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Tabell")
    bold = book.add_format({"bold": True})
    big = book.add_format({"bold": True, "font_size": 14})
    warning = book.add_format({"bold": True, "font_color": "#9c3d00"})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    date_format = book.add_format({"num_format": "dd.mm.yyyy"})
    number_formats: dict[int, object] = {}

    def number_format(places: int):
        if places not in number_formats:
            number_formats[places] = book.add_format({"num_format": "#,##0" + ("." + "0" * places if places else "")})
        return number_formats[places]

    sheet.write_string(0, 0, title, big)
    about = _about(source, made, example)
    for row, line in enumerate(about, start=1):
        sheet.write_string(row, 0, line, warning if line.startswith(EXAMPLE_VALUE) else None)
    top = len(about) + 2
    columns = [str(c) for c in frame.columns]
    for col, name in enumerate(columns):
        sheet.write_string(top, col, name, header)
        sheet.set_column(col, col, min(max(len(name), 10) + 2, 48))
    for row_number, row in enumerate(frame.itertuples(index=False), start=top + 1):
        for col, value in enumerate(row):
            name = columns[col]
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
                continue
            if isinstance(value, (pd.Timestamp, date)):
                sheet.write_datetime(row_number, col, pd.Timestamp(value).to_pydatetime(), date_format)
            elif isinstance(value, bool):
                sheet.write_string(row_number, col, "ja" if value else "nei")
            elif isinstance(value, (int, float)) and not isinstance(value, bool) or pd.api.types.is_number(value):
                places = decimals.get(name, 1) if isinstance(decimals, dict) else decimals
                if float(value).is_integer() and pd.api.types.is_integer_dtype(frame.iloc[:, col]):
                    places = 0
                sheet.write_number(row_number, col, float(value), number_format(places))
            else:
                sheet.write_string(row_number, col, str(value))
    sheet.freeze_panes(top + 1, 0)
    if len(frame):
        sheet.autofilter(top, 0, top + len(frame), max(len(columns) - 1, 0))
    book.set_properties({"title": title, "comments": " · ".join(about)})
    book.close()
    return buffer.getvalue()


def chart_image(spec: dict, kind: str, source: str, made: date, example: bool = False,
                context: str | None = None) -> bytes:
    """A Vega-Lite chart as SVG or PNG, drawn offline by vl-convert, with what it shows (`context`, e.g.
    the status date), the source and the date it was taken (and the example note) under the chart's
    title, so the picture carries them into a report."""
    import vl_convert  # only when an image is asked for

    spec = dict(spec)
    title = spec.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    subtitle = title.get("subtitle") or []
    subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    spec["title"] = {**title, "text": title.get("text", ""),
                     "subtitle": [*subtitle, *([context] if context else []), *_about(source, made, example)],
                     "anchor": "start"}
    if kind == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    if kind == "png":
        return vl_convert.vegalite_to_png(spec, scale=2)
    raise ValueError(kind)
