"""Nettverk in AppTest: the header, the members × indicators grid, one indicator in depth, URL state.

Expected figures come from the DuckDB file (SQL in the test) and the comparison rules worked out in
the test itself, or are literal.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from kommunedata.text import format_number, md
from tests.app.conftest import PAGES, metrics, open_app, open_page, url

HALLINGDAL_2024 = {"3320": "Flå", "3324": "Gol", "3326": "Hemsedal", "3322": "Nes (Buskerud)", "3328": "Ål"}
MMR = "vaksine_mmr_2ar"


def table_with(at, column_start: str):
    """The table on the page with a column whose name starts with `column_start` (in an expander or not)."""
    return next(df.value for df in at.dataframe if any(str(c).startswith(column_start) for c in df.value.columns))


def grid(at):
    """The overview: an indicator a row, a member a column, the network mean last."""
    return table_with(at, "Indikator").set_index("Indikator")


def members_table(at):
    return table_with(at, "Innmeldt").set_index("Kommune")


def depth_table(at):
    return table_with(at, "Plass i nettverket").set_index("Kommune")


def mmr(db, year: int) -> dict[str, float]:
    rows = db.query(
        "SELECT municipality_code, value FROM indicator_value_2024 WHERE indicator_id = $i AND year = $y "
        "AND list_contains($codes, municipality_code)", {"i": MMR, "y": year, "codes": list(HALLINGDAL_2024)})
    return {HALLINGDAL_2024[code]: value for code, value in rows.itertuples(index=False)}


def test_header_and_members_on_the_date():
    at = open_page("nettverk", nettverk="hallingdal", dato="2007-08-28")
    assert metrics(at) == {"Status": "Etablert", "Startet": "13.11.2006", "Etablert": "18.02.2007", "Fylke": "Buskerud"}
    members = members_table(at)
    assert members["Status"].to_dict() == {  # Hol joins on 3 February 2009
        "Flå": "Vedtak fattet", "Gol": "Vedtak fattet", "Hemsedal": "Vedtak fattet", "Hol": "Ikke med ennå",
        "Nes (Buskerud)": "Vedtak fattet", "Ål": "Vedtak fattet",
    }
    assert members.loc["Gol", "Kommunenummer"] == "0617"
    assert any("Eksempeldata" in info.value for info in at.info)
    later = open_page("nettverk", nettverk="hallingdal", dato="2009-09-01")
    members = members_table(later)
    assert members.loc["Hol", "Status"] == "Vedtak fattet" and members.loc["Nes (Buskerud)", "Status"] == "Gått ut"


def test_the_first_view_is_an_established_network():
    at = open_page("nettverk")
    assert url(at)["nettverk"] == "fjellregionen" and metrics(at)["Status"] == "Etablert"  # first by name
    early = open_page("nettverk", dato="2006-04-01")  # only Indre Østfold and Salten have started
    assert url(early)["nettverk"] == "indre-ostfold" and metrics(early)["Status"] == "Under etablering"
    before = open_page("nettverk", dato="2006-01-10")
    assert any("Ingen av nettverkene var startet" in w.value for w in before.warning)


def test_theme_and_county_narrow_the_list_of_networks():
    at = open_app(tema="internasjonalt", fylke="04")
    at.switch_page(PAGES["nettverk"]).run()
    options = at.selectbox(key="_w_nettverk").options
    assert options == ["Hedmarken"] and metrics(at)["Fylke"] == "Hedmark"
    assert [row.split(" (")[0] for row in grid(at).index[1:]] == [
        "Midler til internasjonalt samarbeid", "Vennskapssamarbeid i Sør og Øst"]  # only the chosen theme's


def test_grid_values_and_positions_for_a_known_network(db):
    at = open_page("nettverk", nettverk="hallingdal", dato="2007-08-28", tema="folkehelse", aar="2010")
    shown = grid(at).T  # a member a row here
    column = "Vaksinasjonsdekning meslinger (MMR), 2 år (prosent), 2010"
    values = mmr(db, 2010)
    assert values == {"Gol": 67.5, "Hemsedal": 92.3, "Nes (Buskerud)": 97.5, "Ål": 95.2}  # Flå: none published
    mean = sum(values.values()) / 4  # 88.125
    for name, value in values.items():
        label = "✓ bedre" if value > mean + 1 else "✗ svakere" if value < mean - 1 else "≈ som snittet"
        assert shown.loc[name, column] == f"{format_number(value, 1)} {label}"
    assert shown.loc["Flå", column] == "–"
    assert shown.loc["Nettverkssnitt", column] == "88,1"
    assert shown.loc["Gol", "Folkemengde (personer), 2010"] == format_number(db.query(
        "SELECT value FROM indicator_value_2024 WHERE indicator_id = 'folkemengde' AND year = 2010 "
        "AND municipality_code = '3324'")["value"].iloc[0])
    assert url(at) == {"dato": "2007-08-28", "tema": "folkehelse", "nettverk": "hallingdal",
                       "indikator": "vaksine_kikhoste_2ar", "aar": "2010"}


def test_one_indicator_in_depth(db):
    at = open_page("nettverk", nettverk="hallingdal", dato="2007-08-28", indikator=MMR, aar="2010", basisaar="2007")
    table = depth_table(at)
    assert table["Plass i nettverket"].dropna().to_dict() == {"Nes (Buskerud)": 1, "Ål": 2, "Hemsedal": 3, "Gol": 4}
    base = mmr(db, 2007)
    assert table["Endring siden 2007 (prosentpoeng)"].dropna().to_dict() == pytest.approx(
        {name: round(value - base[name], 1) for name, value in mmr(db, 2010).items()})
    references = table_with(at, "Referanse").set_index("Referanse")
    column = "Vaksinasjonsdekning meslinger (MMR), 2 år 2010 (prosent)"
    assert references.loc["Nettverkssnitt (4 kommuner)", column] == "88,1"
    assert references.loc["Hele landet", column] == "92,6"  # FHI's own national figure for 2010
    assert references.loc["Hele landet", "Grunnlag"] == "publisert av kilden"
    assert "Buskerud" in references.index
    summary = next(m.value for m in at.markdown if "ligger best an" in m.value)
    assert summary.startswith(r"Nes \(Buskerud\) ligger best an i 2010 med 97\,5 prosent\; snittet i nettverket er 88\,1")
    assert r"Gol har hatt størst forbedring \(\+17\,4 prosentpoeng\)" in summary


def test_changing_year_and_base_year_changes_the_figures():
    at = open_page("nettverk", nettverk="hallingdal", dato="2007-08-28", indikator=MMR, aar="2010")
    at.selectbox(key="_w_aar").set_value(2012).run()
    assert url(at)["aar"] == "2012"
    assert all(row.split(" – ")[0].endswith(", 2012") for row in grid(at).index)
    at.selectbox(key="_w_basisaar").set_value(2009).run()
    assert url(at)["basisaar"] == "2009"
    table = depth_table(at)
    assert "Endring siden 2009 (prosentpoeng)" in table.columns
    reopened = open_page("nettverk", **url(at))  # the link reproduces the view
    assert depth_table(reopened).equals(table)


def test_base_year_is_local_to_the_page():
    at = open_page("nettverk", nettverk="hallingdal", indikator=MMR, basisaar="2009")
    assert url(at)["basisaar"] == "2009"
    at.switch_page(PAGES["temastatus"]).run()
    assert "basisaar" not in url(at) and url(at)["dato"] == "2007-08-28"
    at.switch_page(PAGES["nettverk"]).run()
    assert url(at)["basisaar"] == "2009"  # back on its page, it is back


def test_members_that_merged_later(db):
    # Midt-Telemark: Bø and Sauherad merged into Midt-Telemark (4020) in 2020; Nome is unchanged.
    at = open_page("nettverk", nettverk="midt-telemark", dato="2010-12-31", aar="2015")
    shown = grid(at).T
    merged = ["Bø (Telemark)", "Sauherad"]
    overview = next(df for df in at.dataframe if "Indikator" in df.value.columns)
    notes = json.loads(overview.proto.columns)
    assert all(md(f"{name} – i dag en del av Midt-Telemark.") == notes[name]["help"] for name in merged)
    count = next(c for c in shown.columns if c.startswith("Kulturminner med formelt vern"))
    assert (shown.loc[merged, count] == "–").all()  # a count: the successor's total is not theirs
    share = next(c for c in shown.columns if c.startswith("Klimagassutslipp per innbygger (tonn"))  # the example
    successor = db.query("SELECT value FROM indicator_value_2024 WHERE indicator_id = 'klimagass_per_innbygger' "
                         "AND year = 2015 AND municipality_code = '4020'")["value"].iloc[0]
    assert all(cell.startswith(f"{format_number(successor, 1)}*") for cell in shown.loc[merged, share])


@pytest.mark.parametrize("params, bad", [({"nettverk": "atlantis"}, "nettverk"), ({"aar": "1850"}, "år"),
                                         ({"basisaar": "abc"}, "basisår")])
def test_unknown_values_in_a_link_give_a_notice(params, bad):
    at = open_page("nettverk", **params)
    assert not at.exception
    assert any(f"ukjent verdi for {bad}" in w.value for w in at.warning)
    assert url(at)["nettverk"] == "fjellregionen"


def test_choosing_another_indicator_changes_the_depth_view(db):
    at = open_page("nettverk", nettverk="hallingdal", dato="2007-08-28", indikator=MMR, aar="2010")
    at.selectbox(key="_w_indikator").set_value("vaksine_polio_2ar").run()
    assert url(at)["indikator"] == "vaksine_polio_2ar"
    table = depth_table(at)
    column = "Vaksinasjonsdekning poliomyelitt, 2 år 2010 (prosent)"
    polio = db.query("SELECT value FROM indicator_value_2024 WHERE indicator_id = 'vaksine_polio_2ar' AND year = 2010 "
                     "AND municipality_code = '3324'")["value"].iloc[0]
    assert table.loc["Gol", column] == round(polio, 1)


def test_the_first_view_opens_real_data_in_depth():
    at = open_page("nettverk")  # Fjellregionen: areal, folkehelse, produksjon og forbruk
    # FHI's real figures: farmland converted (KOSTRA, real too) is a sum, judged per municipality's own
    # change but not across municipalities, so it is not the first comparison
    assert url(at)["indikator"] == "vaksine_kikhoste_2ar"
    assert not any("Eksempeldata:** «" in w.value for w in at.warning)


def test_every_network_and_theme_opens_in_depth_on_an_indicator_with_figures():
    """The class of «a default is always one with figures»: for each network, «Én indikator i dybden»
    opens on an indicator the members have figures for, also when the link carries Telemark's emissions
    from another network, and the grid has no row without a figure."""
    from kommunedata.ui import data

    on = date(2007, 8, 28)
    headers = data.network_headers(on)
    checked = 0
    for network_id, header in headers.items():
        # its themes together, and klima og energi alone where it has it (real figures only for Telemark)
        for themes in [tuple(header.theme_ids), *([("klima_energi",)] if "klima_energi" in header.theme_ids else [])]:
            shown = data.in_depth(network_id, on, themes, None, None, None, data.caps(None))
            assert shown.indicator_id in shown.choice.offered, (network_id, themes)
            assert not shown.missing and not shown.no_values, (network_id, themes, shown.indicator_id)
            carried = data.in_depth(network_id, on, themes, "klimagassutslipp_miljodir", None, None, data.caps(None))
            assert not carried.missing and not carried.no_values, (network_id, themes)  # Telemark's, elsewhere
            if carried.indicator_id != "klimagassutslipp_miljodir":  # given way, and said so
                assert "klimagassutslipp_miljodir" not in carried.choice.offered and (
                    carried.choice.notice or "klima_energi" not in themes), (network_id, themes)
            overview = data.network_overview(network_id, on, themes, None, data.caps(None))
            assert overview.grid.groupby("indicator_id")["value"].count().min() > 0, (network_id, themes)
            checked += 1
    assert checked >= 60  # 40 networks, and those with klima og energi once more
