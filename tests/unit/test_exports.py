"""Exports: CSV and .xlsx give back exactly the numbers in Norwegian formats, text stays text (never a
formula), and chart images carry their title, source and date."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from kommunedata import charts
from kommunedata.export import EXAMPLE_COLUMN, EXAMPLE_VALUE, chart_image, to_excel_csv, to_xlsx

TABLE = pd.DataFrame({
    "Kommune": ["Ål", "=1+1", "+47 99", "@SUM(A1)", "Nes (Buskerud)"],
    "Innbyggere": [5106, 1122, 4902, 0, 3234],
    "Andel (prosent)": [12.345, 0.5, -1.25, None, 100.0],
    "Innmeldt": [pd.Timestamp("2007-02-18"), pd.NaT, pd.Timestamp("2008-01-01"), pd.NaT, pd.NaT],
})
MADE = date(2026, 11, 27)


def test_csv_round_trips_the_numbers_in_norwegian_format():
    raw = to_excel_csv(TABLE)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert "Ål;5106;12,345;18.02.2007" in text
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["Innbyggere"].tolist() == TABLE["Innbyggere"].tolist()
    assert back["Andel (prosent)"].tolist()[:3] == [12.345, 0.5, -1.25]
    assert back["Kommune"].tolist()[1:4] == ["'=1+1", "'+47 99", "'@SUM(A1)"]  # shown as text, never run


def test_xlsx_round_trips_numbers_and_keeps_text_as_text():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(TABLE, "Medlemmer i Hallingdal", "SSB tabell 07459", MADE,
                                                      example=True, decimals={"Andel (prosent)": 1})))
    sheet = book["Tabell"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Medlemmer i Hallingdal"
    assert rows[1][0] == "Kilde: SSB tabell 07459" and rows[2][0] == "Hentet fra Livskraft 27.11.2026"
    assert rows[3][0].startswith(EXAMPLE_VALUE)
    header = rows.index((*TABLE.columns, EXAMPLE_COLUMN))  # every row says what it is
    body = rows[header + 1:]
    assert {r[-1] for r in body} == {EXAMPLE_VALUE}
    assert [r[1] for r in body] == [5106, 1122, 4902, 0, 3234]
    assert [r[2] for r in body] == [12.345, 0.5, -1.25, None, 100.0]  # exact values; the format rounds the view
    assert [r[0] for r in body] == ["Ål", "=1+1", "+47 99", "@SUM(A1)", "Nes (Buskerud)"]
    formula_cell = sheet.cell(row=header + 3, column=1)
    assert formula_cell.value == "=1+1" and formula_cell.data_type == "s"  # a string cell, not a formula
    assert sheet.cell(row=header + 2, column=3).number_format == "#,##0.0"
    assert sheet.cell(row=header + 2, column=2).number_format == "#,##0"
    assert body[0][3].date().isoformat() == "2007-02-18"
    assert sheet.freeze_panes == f"A{header + 2}" and sheet.auto_filter.ref.startswith(f"A{header + 1}")
    real = openpyxl.load_workbook(io.BytesIO(to_xlsx(TABLE, "T", "SSB", MADE)))["Tabell"]
    assert not any(str(c.value or "").startswith(EXAMPLE_VALUE) for c in real["A"])  # no note for real data


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_a_chart_image_carries_title_source_and_date(kind):
    status = pd.DataFrame({"theme_id": ["klima_energi", "areal"], "name": ["Klima og energi", "Areal"],
                           "short_name": ["Klima og energi", "Areal"], "sort_order": [1, 2],
                           "networks_established": [10, 1234]})
    spec = charts.theme_bars(status, "networks_established", "Etablerte nettverk per tema", "Nettverk", [])
    image = chart_image(spec, kind, "Livskraft (eksempeldata)", MADE, example=True, context="Status 28.08.2007")
    if kind == "png":
        assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 10_000
        return
    svg = image.decode("utf-8")
    for text in ["Etablerte nettverk per tema", "Status 28.08.2007", "Kilde: Livskraft (eksempeldata)",
                 "Hentet fra Livskraft 27.11.2026", "Klima og energi", EXAMPLE_VALUE]:
        assert text in svg
    assert "1\u00a0234" in svg or "1 234" in svg  # Norwegian thousands
