"""Norwegian number and date formatting, safe Markdown, and CSV downloads for Norwegian Excel."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata.export import to_excel_csv
import re

import pytest
from markdown_it import MarkdownIt

from kommunedata.text import bad_param_notice, format_date, format_number, md, plain, successor_notice


def test_numbers_use_space_thousands_and_decimal_comma():
    assert format_number(1234.5, 1) == "1\u00a0234,5"
    assert format_number(5_550_203) == "5\u00a0550\u00a0203"
    assert format_number(-1234.567, 2) == "−1\u00a0234,57"
    assert format_number(-0.04, 1) == "0,0"
    assert format_number(None) == "–"
    assert format_number(float("nan")) == "–"


def test_dates_are_day_month_year():
    assert format_date(date(2007, 8, 28)) == "28.08.2007"


def test_notice_is_norwegian_and_short():
    notice = bad_param_notice("år", "x" * 100)
    assert notice.startswith("Lenken har en ukjent verdi for år")
    assert len(notice) < 150


def test_csv_opens_in_norwegian_excel():
    frame = pd.DataFrame({"Nettverk": ["Hallingdal", "Sør-Troms; nord"], "Andel": [12.5, 3.0],
                          "Etablert": pd.to_datetime(["2007-02-18", None])})
    data = to_excel_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Nettverk;Andel;Etablert"
    assert lines[1] == "Hallingdal;12,5;18.02.2007"
    assert lines[2] == '"Sør-Troms; nord";3,0;'


def test_successor_notice_names_every_part():
    merged = successor_notice("Frei", "1556", [("Kristiansund", "1505")])
    assert merged.startswith("Frei (1556) er i dag en del av Kristiansund (1505).")
    split = successor_notice("Tysfjord", "1850", [("Narvik", "1806"), ("Hamarøy", "1875")])
    assert "fordelt på Narvik (1806) og Hamarøy (1875)" in split and "Tallene gjelder Narvik (1806)" in split
    assert "fordelt på A (1), B (2) og C (3)" in successor_notice("X", "9", [("A", "1"), ("B", "2"), ("C", "3")])
    assert successor_notice("Haram", "1534", [("Haram", "1580")], renumbered=True) == (
        "Haram har i dag kommunenummer 1580 (tidligere 1534)."
    )
    assert successor_notice("Ålesund", "1504", [("Ålesund", "1508")]).startswith(  # merged, same name
        "Ålesund (1504) er i dag en del av Ålesund (1508)."
    )
    assert successor_notice("Tysfjord", "1850", [("Narvik", "1806")], renumbered=True) == (
        "Tysfjord (1850) heter i dag Narvik (1806)."
    )


HOSTILE = ["[Logg inn](https://example.org/x)", "![x](https://example.org/p.png)", "https://example.org/a",
           "www.example.org", "_www.example.org", "(www.example.org)", "mail@example.org", ":material/warning:", ":material_warning:", ":streamlit:",
           ":smile:", ":red[rød]", "$x^2$", "<b>fet</b>", "# overskrift", "- liste", "> sitat", "a -> b -- c",
           "back\\slash", "Sør-Trøndelag (5001)", "10 % – 1 234,5"]


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_from_data_shows_its_text_and_nothing_else(value):
    escaped = md(value)
    assert plain(escaped) == value  # the reader sees the value itself
    html = MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render(escaped)
    assert "<a " not in html and "<img" not in html and html.count("<p>") == 1
    for pattern in ("://", "www.", "@e", ":m", ":r", ":s", "->"):
        assert pattern not in escaped  # each split by an escape or a word joiner, so no plugin sees it
    assert not re.search(r"(?<!\\)[$\[\]()<>*_`#]", escaped)  # maths, links, HTML, emphasis: all escaped


def test_markdown_escaping_keeps_plain_names_as_they_are():
    assert md("Ålesund") == "Ålesund" and md(1234) == "1234"
    assert md("Sør-Trøndelag (5001)") == r"Sør\-Trøndelag \(5001\)"
    assert md("linje1\nlinje2\r\n") == "linje1 linje2 "


def test_notices_escape_what_they_quote():
    notice = bad_param_notice("tema", "[Logg inn](https://example.org/x)")
    assert f"«{md('[Logg inn](https://example.org/x)')}»" in notice
    assert "](" not in notice
    merged = successor_notice("[x](https://e.org)", "1556", [("Kristiansund", "1505")])
    assert merged.startswith(md("[x](https://e.org)") + " (1556)")


def test_csv_cells_that_would_be_formulas_are_text():
    frame = pd.DataFrame({
        "Kommune": ["=1+1", "+47 123", "-2+3", "@SUM(A1)", "\tx", "\rx", "Sør-Fron", "a=b"],
        "Verdi": [-5.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    })
    lines = to_excel_csv(frame).decode("utf-8-sig").split("\r\n")
    cells = [line.split(";")[0] for line in lines[1:9]]
    assert cells[:4] == ["'=1+1", "'+47 123", "'-2+3", "'@SUM(A1)"]
    assert cells[4] == "'\tx" and cells[5].startswith('"\'\r')  # quoted by the CSV writer, then text
    assert cells[6:] == ["Sør-Fron", "a=b"]  # only a formula's first character counts
    assert lines[1].split(";")[1] == "-5,5"  # numbers stay numbers, negative ones too
    header = to_excel_csv(pd.DataFrame({"=cmd": [1]})).decode("utf-8-sig").split("\r\n")[0]
    assert header == "'=cmd"


@pytest.mark.parametrize("value", ["Tabell: Folkemengde", "Kilde: SSB · Enhet: prosent", "Merk:  to mellomrom", "Svar: @ alle"])
def test_a_colon_before_a_space_gets_no_word_joiner(value):
    """A reader who copies «Tabell: Folkemengde» gets those characters: the invisible joiner goes only
    where a link, an address or an icon could start, never before a space."""
    assert "\u2060" not in md(value)
    assert plain(md(value)) == value


def test_a_colon_that_could_start_a_pattern_keeps_its_joiner():
    # at the end too: text may follow it in the Markdown the value is put into
    assert md("kl. 12:30: :smile:") == "kl\\. 12\\:\u206030\\: \\:\u2060smile\\:\u2060"
    assert plain(md("mailto:a@example.org")) == "mailto:a@example.org"
