"""A copied link reopens the same figures after newer ones are imported: it carries the last year of
each indicator its view showed («tom»), not only what the address bar holds. Checked on every page
whose defaults follow the data, by importing one more year between copying the link and opening it."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qsl, urlparse

import duckdb
import pytest

from kommunedata import build as build_module
from kommunedata.db import Database
from kommunedata.importer import Meta, import_file
from kommunedata.sources.imported import Options
from tests.app.conftest import open_page
from tests.app.test_sharing import copied_link

MMR = "vaksine_mmr_2ar"  # FHI's figures, 2006-2018: an import adds 2019


@pytest.fixture
def growing(db_path, tmp_path, monkeypatch):
    """A copy of the database the app reads, with an import folder of its own."""
    path = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, path)
    monkeypatch.setenv("LIVSKRAFT_IMPORTS", str(tmp_path / "import"))
    with duckdb.connect(str(path)) as con:  # this test's inputs: nothing rebuilds
        con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [build_module.source_fingerprint()])
    monkeypatch.setenv("LIVSKRAFT_DB", str(path))
    return path


def add_a_year(path, folder) -> None:
    """MMR imported again as a file with every value it has and 2019 as well (2018's, one point higher),
    on 2018's municipal codes as FHI publishes them."""
    with Database(path) as db:
        rows = db.query("SELECT municipality_code, year, value FROM indicator_value WHERE indicator_id = $i",
                        {"i": MMR})
    newest = rows[rows["year"] == 2018].assign(year=2019, value=lambda r: (r["value"] + 1).clip(upper=100))
    lines = ["kommunenummer;år;verdi", *(f"{r.municipality_code};{r.year};{r.value}"
                                        for r in [*rows.itertuples(), *newest.itertuples()])]
    file = folder / "mmr.csv"
    file.write_text("\n".join(lines), encoding="utf-8")
    report = import_file(file, Meta(MMR), path, options=Options(code_structure=2018))  # FHI's codes of 2018
    assert report.written and report.years == (2006, 2019)


def shown(at) -> tuple:
    """What the page shows in figures: every table's values and every text."""
    tables = [frame.value.astype(str).to_dict("records") for frame in at.dataframe]
    return tables, [m.value for m in at.markdown], [c.value for c in at.caption], [m.value for m in at.metric]


VIEWS = [
    ("nettverk", {"nettverk": "hallingdal", "indikator": MMR}),
    ("utvikling", {"kommune": "3324", "indikator": MMR}),
    ("kart", {"farge": "indikator", "indikator": MMR, "kommune": "3324"}),
]


@pytest.mark.parametrize("page, params", VIEWS, ids=[page for page, _params in VIEWS])
def test_a_copied_link_shows_the_same_figures_after_a_newer_year_is_imported(growing, tmp_path, page, params):
    at = open_page(page, **params)
    before = shown(at)
    link = copied_link(at)
    query = dict(parse_qsl(urlparse(link).query))
    assert f"{MMR}:2018" in query["tom"].split(",")
    assert "tom" not in at.query_params  # the address bar stays short

    add_a_year(growing, tmp_path)
    again = open_page(page, **query)
    assert not again.exception
    assert shown(again) == before
    assert any("Nyere tall finnes nå for Vaksinasjonsdekning" in notice.value for notice in again.info)

    newest = open_page(page, **params)  # the same view without the link's years: 2019 now
    assert shown(newest) != before
    shows_newest = [b for b in again.button if b.label == "Vis de nyeste tallene"]
    shows_newest[0].click().run()
    assert "tom" not in again.query_params and shown(again) == shown(newest)
