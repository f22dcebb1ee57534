"""Every download of every page, opened as an analyst opens it: numbers are numbers (not text with a
thousands space, not a number and a verdict in one cell), and «Datagrunnlag» says per row what the
row's own figures are."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator

from kommunedata.export import EXAMPLE_COLUMN, EXAMPLE_VALUE
from tests.app.conftest import PAGES, open_page

# «1 122», «93,4 ≈ som snittet», «12,5*»: a number written as text, alone or with something after it
NUMBER_AS_TEXT = re.compile(r"^[-−]?\d{1,3}([\u00a0\u202f ]\d{3})+(,\d+)?|^[-−]?\d+(,\d+)?\s*[^\d\s.,:/-]")
VIEWS = {  # a view of each page with real and example figures side by side
    "temastatus": {"tema": "folkehelse"},
    "nettverk": {"nettverk": "hallingdal", "indikator": "vaksine_mmr_2ar"},  # folkehelse (real), kulturarv (example)
    "utvikling": {"kommune": "3324", "indikator": "vaksine_mmr_2ar", "indikatorer": "folkemengde,klimagass_per_innbygger"},
    "kart": {"farge": "indikator", "indikator": "folkemengde"},
    "om_dataene": {},
    "presentasjon": {},
}


@pytest.fixture
def files(monkeypatch) -> dict[str, bytes]:
    """Every download's file as a click would make it (the pages pass callables), by file name."""
    made: dict[str, bytes] = {}
    original = DeltaGenerator.download_button

    def download_button(self, label, data, file_name=None, *args, **kwargs):
        raw = data() if callable(data) else data
        made[file_name] = raw.encode() if isinstance(raw, str) else bytes(raw)
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", download_button)
    return made


def tables(made: dict[str, bytes]) -> dict[str, pd.DataFrame]:
    """Each CSV as text cells, and each workbook's string cells below its header row."""
    found = {}
    for name, raw in made.items():
        if name.endswith(".csv"):
            found[name] = pd.read_csv(io.BytesIO(raw), sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        elif name.endswith(".xlsx"):
            rows = list(openpyxl.load_workbook(io.BytesIO(raw))["Tabell"].iter_rows(values_only=True))
            header = next(i for i, row in enumerate(rows) if sum(cell is not None for cell in row) > 1)
            found[name] = pd.DataFrame([[c if isinstance(c, str) else "" for c in row] for row in rows[header + 1:]],
                                       columns=[str(c) for c in rows[header]])
    return found


@pytest.mark.parametrize("page", sorted(set(VIEWS) & set(PAGES)))
def test_every_download_holds_numbers_as_numbers(page, files):
    at = open_page(page, **VIEWS[page])
    assert not at.exception
    found = tables(files)
    if page != "presentasjon":  # presentation mode offers no tables
        assert found, f"{page} offers no table"
    for name, frame in found.items():
        for column in frame.columns:
            as_text = [cell for cell in frame[column] if NUMBER_AS_TEXT.match(cell)]
            assert not as_text, f"{name}, «{column}»: numbers written as text: {as_text[:3]}"


def test_the_network_overview_has_a_row_per_member_and_indicator_with_its_own_basis(files):
    at = open_page("nettverk", **VIEWS["nettverk"])
    assert not at.exception
    overview = pd.read_csv(io.BytesIO(next(raw for name, raw in files.items() if "oversikt" in name and name.endswith(".csv"))),
                           sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kommunenummer": str})
    flå = overview[(overview["Indikator"] == "Folkemengde") & (overview["Kommune"] == "Flå")].iloc[0]
    assert flå["Verdi"] == 1122 and flå["Mot nettverkssnittet"] == "nøytral" and flå["Kommunenummer"] == "0615"
    mmr = overview[overview["Indikator"].str.startswith("Vaksinasjonsdekning meslinger")]
    assert set(mmr[EXAMPLE_COLUMN]) == {"Reelle tall; nettverk og medlemskap er eksempeldata"}  # FHI's own figures
    assert mmr["Verdi"].dtype == float and mmr["Nettverkssnitt"].nunique() == 1
    generated = overview[overview["Kilde"].str.startswith("Eksempeldata")]
    assert not generated.empty and set(generated[EXAMPLE_COLUMN]) == {EXAMPLE_VALUE}
    assert set(overview["Mot nettverkssnittet"].dropna()) <= {"✓ bedre", "✗ svakere", "≈ som snittet", "nøytral"}
