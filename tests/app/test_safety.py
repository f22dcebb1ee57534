"""Text from a link or from the database reaches the page as text: never a link, an image, an icon,
coloured text or a formula; and a running app reads a replaced database on the next rerun."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest
from markdown_it import MarkdownIt

from kommunedata.text import md

from tests.app.conftest import PAGES, metrics, open_app, open_page, url

RENDER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
LINK = "[Logg inn](https://example.org/x)"
IMAGE = "![x](https://example.org/p.png)"


def markdown_bodies(at) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown."""
    bodies = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                   "error", "success") for e in getattr(at, kind)]
    bodies += [m.proto.body for m in at.metric] + [m.label for m in at.metric] + [m.proto.help for m in at.metric]
    return bodies


def assert_inert(at, *payloads: str) -> None:
    for body in markdown_bodies(at):
        html = RENDER.render(body)
        assert "<a " not in html and "<img" not in html, body
        for payload in payloads:
            assert payload not in body, body


@pytest.mark.parametrize("name, raw", [("tema", LINK), ("fylke", IMAGE), ("dato", LINK), ("nettverk", IMAGE),
                                       ("kommune", "https://example.org/k"), ("indikator", ":red[rød] $x$"),
                                       ("aar", ":material/warning:")])
def test_a_bad_value_in_a_link_is_quoted_as_text(name, raw):
    at = open_app(**{name: raw})
    assert not at.exception
    notice = next(w.value for w in at.warning if "ukjent verdi" in w.value)
    assert notice.startswith("Lenken har en ukjent verdi for")
    assert_inert(at, raw)
    assert f"«{md(raw)}»" in notice
    assert url(at) == {"dato": "2007-08-28"}


@pytest.fixture
def hostile_database(db_path, tmp_path, monkeypatch):
    """A copy of the database whose names and texts try every Markdown trick."""
    path = tmp_path / "hostile.duckdb"
    shutil.copy(db_path, path)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE theme SET short_name = 'Klima [lenke](https://example.org/t)' WHERE theme_id = 'klima_energi'")
        con.execute("UPDATE county SET county_name = 'Buskerud ![x](https://example.org/p.png)' WHERE county_code = '06'")
        con.execute("UPDATE municipality SET county_name = 'Buskerud ![x](https://example.org/p.png)' WHERE county_code = '06'")
        con.execute("UPDATE municipality SET name = 'Frei :red[rød] https://example.org/f' WHERE code = '1556'")
        con.execute("""UPDATE indicator SET unit = 'personer $x^2$', source = 'SSB www.example.org',
                       description = '# Overskrift :material/warning: mail@example.org' WHERE indicator_id = 'folkemengde'""")
        con.execute("UPDATE data_source SET attribution = attribution || ' [kilde](https://example.org/a)'")
    monkeypatch.setenv("LIVSKRAFT_DB", str(path))
    return path


def test_text_from_the_database_is_shown_as_text_on_every_page(hostile_database):
    pages = {
        "temastatus": {"fylke": "06", "tema": "klima_energi"},
        "nettverk": {"nettverk": "hallingdal"},
        "utvikling": {"kommune": "1556", "indikator": "folkemengde"},
        "kart": {},
        "om_dataene": {},
    }
    for page, params in pages.items():
        at = open_page(page, **params)
        assert not at.exception, page
        assert_inert(at, "](https", ":red[", "$x^2$", ":material/warning:")
    status = open_page("temastatus", fylke="06", tema="klima_energi")
    assert md("Klima [lenke](https://example.org/t)") in status.header[0].value
    nettverk = open_page("nettverk", nettverk="hallingdal")
    assert metrics(nettverk)["Fylke"] == md("Buskerud ![x](https://example.org/p.png)")
    trend = open_page("utvikling", kommune="1556", indikator="folkemengde")
    assert any(md("Frei :red[rød] https://example.org/f") + " (1556)" in info.value for info in trend.info)


def test_a_running_app_reads_a_replaced_database_on_the_next_rerun(db_path, tmp_path, monkeypatch):
    live = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, live)
    monkeypatch.setenv("LIVSKRAFT_DB", str(live))
    at = open_app()
    assert metrics(at)["Nettverk etablert"] == "20"
    at.switch_page(PAGES["nettverk"]).run()
    assert metrics(at)["Status"] == "Etablert"

    # A new build renames a different file into place (here: Fjellregionen established a year later).
    new = tmp_path / ".livskraft.duckdb.new"
    shutil.copy(db_path, new)
    with duckdb.connect(str(new)) as con:
        con.execute("UPDATE network SET established_on = DATE '2008-04-20' WHERE network_id = 'fjellregionen'")
    os.replace(new, live)

    at.run()
    assert metrics(at)["Status"] == "Under etablering"  # the same session, no restart
    assert url(at)["nettverk"] == "fjellregionen"
    at.switch_page(PAGES["temastatus"]).run()
    assert metrics(at)["Nettverk etablert"] == "19" and metrics(at)["Nettverk under etablering"] == "15"
