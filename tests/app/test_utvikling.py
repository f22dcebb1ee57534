"""Utvikling over tid in AppTest: the plotted series against the DuckDB file, index, moving average,
network and country lines, markers, comparisons, historical names and bad links."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric

from kommunedata.config import DATA_DIR
from tests.app.conftest import PAGES, add, chart_table, chosen, open_app, open_page, url


def lines(at, index: int = 0) -> pd.DataFrame:
    return chart_table(at, index, "series")


def series(at, name: str, index: int = 0) -> dict[int, float]:
    frame = lines(at, index)
    return frame[frame["series"] == name].set_index("year")["value"].to_dict()


def test_the_plotted_series_is_ssbs_published_figure():
    at = open_page("utvikling", kommune="3301", indikator="folkemengde")
    published = pd.read_csv(DATA_DIR / "indikatorer" / "folkemengde_2024grenser.csv", dtype={"kommunenummer": str})
    drammen = published[published["kommunenummer"] == "3301"].set_index("aar")["folkemengde"].to_dict()
    assert series(at, "Drammen") == drammen  # SSB's figures on 2024 borders, 2005-2026
    assert drammen[2005] == 85_111 and len(drammen) == 22
    main = lines(at)
    assert set(main.loc[main["series"] == "Drammen", "note"]) == {"Publisert"}  # real data: no example label
    assert not any("Hule punkter" in caption.value for caption in at.caption)  # no estimates for Drammen


def test_index_is_value_over_base_times_100(db):
    at = open_page("utvikling", kommune="3301", indikator="folkemengde", indeks="2010")
    raw = db.query("SELECT year, value FROM indicator_value_2024 WHERE indicator_id = 'folkemengde' "
                   "AND municipality_code = '3301'").set_index("year")["value"]
    indexed = series(at, "Drammen")
    assert indexed[2010] == 100
    for year in (2005, 2015, 2024):
        assert indexed[year] == pytest.approx(raw[year] / raw[2010] * 100)
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert "Indeks (2010 = 100)" in spec
    assert url(at)["indeks"] == "2010"


def test_moving_average_of_three_years(db):
    at = open_page("utvikling", kommune="3301", indikator="vaksine_mmr_2ar", glidende="1")
    raw = db.query("SELECT year, value FROM indicator_value_2024 WHERE indicator_id = 'vaksine_mmr_2ar' "
                   "AND municipality_code = '3301'").set_index("year")["value"]
    averaged = series(at, "Drammen")
    assert min(averaged) == raw.index.min() + 2  # the first two years have no full window
    assert averaged[2012] == pytest.approx((raw[2010] + raw[2011] + raw[2012]) / 3)


def test_network_and_country_lines_and_the_join_marker():
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar")  # Gol, in Hallingdal
    frame = lines(at)
    assert set(frame["series"]) == {"Gol", "Snitt i Hallingdal", "Hele landet"}
    assert series(at, "Hele landet")[2010] == 92.6  # FHI's own national figure
    markers = chart_table(at, 0, "label").set_index("year")["label"].to_dict()
    assert markers == {2006: "2006: innmeldt i Hallingdal", 2007: "2007: vedtak"}  # joined 13.11.2006
    rows = chart_table(at, 0, "label").set_index("year")["top"].to_dict()
    assert rows == {2006: 2, 2007: 18}  # neighbouring years: the labels on two rows, not over each other
    summary = at.markdown[0].value
    assert summary.startswith("**Vaksinasjonsdekning meslinger \\(MMR\\)\\, 2 år i Gol har")
    assert "siden innmeldingen i 2006" in summary


def test_a_municipality_holding_members_of_two_networks_shows_both_means():
    at = open_page("utvikling", kommune="3907", indikator="husholdningsavfall_per_innbygger")  # Sandefjord
    assert {"Snitt i Nord-Vestfold", "Snitt i Sør-Vestfold"} <= set(lines(at)["series"])


def test_a_municipality_that_never_took_part():
    at = open_page("utvikling", kommune="0301", indikator="folkemengde")
    assert set(lines(at)["series"]) == {"Oslo"}  # a sum meets the country only as an index
    assert any("var ikke med i noe nettverk" in caption.value for caption in at.caption)
    indexed = open_page("utvikling", kommune="0301", indikator="folkemengde", indeks="2010")
    assert set(lines(indexed)["series"]) == {"Oslo", "Hele landet, snitt per kommune"}
    assert len(at.get("vega_lite_chart")) == 1  # no default extra indicators for a non-member


def test_comparison_lines_and_more_indicators():
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar", sammenlign="3326,0301",
                   indikatorer="folkemengde")
    assert {"Hemsedal", "Oslo"} <= set(lines(at)["series"])
    assert len(at.get("vega_lite_chart")) == 2
    assert set(lines(at, 1)["series"]) >= {"Gol", "Hemsedal", "Oslo"}
    assert url(at)["sammenlign"] == "3326,0301" and url(at)["indikatorer"] == "folkemengde"
    flaa = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar", sammenlign="3320")
    assert "Flå" not in set(lines(flaa)["series"])  # FHI publishes no figures for Flå
    assert any("Ingen tall for Flå" in caption.value for caption in flaa.caption)


def test_choices_hold_when_other_widgets_change_their_options():
    """A widget's key is assigned again only when its value is not shown (state.widget_key): choices
    made in widgets whose options change with another choice stay chosen, in the widget and the URL."""
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar", sammenlign="3326,0301",
                   indikatorer="folkemengde")
    at.selectbox(key="_w_kommune").set_value("3328").run()  # «Sammenlign med» now offers Gol, not Nes
    assert chosen(at, "sammenlign") == ["3326", "0301"]
    at.selectbox(key="_w_indikator").set_value("vaksine_kikhoste_2ar").run()  # other extra indicators offered
    assert chosen(at, "indikatorer") == ["folkemengde"]
    assert at.selectbox(key="_w_kommune").value == "3328"
    assert {k: url(at)[k] for k in ("kommune", "indikator", "sammenlign", "indikatorer")} == {
        "kommune": "3328", "indikator": "vaksine_kikhoste_2ar", "sammenlign": "3326,0301", "indikatorer": "folkemengde"}
    at.switch_page(PAGES["kart"]).run()
    assert at.selectbox(key="_w_kommune").value == "3328"  # the same key on another page: its value reaches it


def test_a_members_default_is_population_and_an_indicator_per_theme():
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar")  # Hallingdal: folkehelse, kulturarv
    assert chosen(at, "indikatorer") == ["folkemengde", "vaksine_kikhoste_2ar", "kulturminner_vernet"]
    assert len(at.get("vega_lite_chart")) == 4
    at.pills(key="_w_indikatorer").set_value([]).run()
    assert url(at)["indikatorer"] == "ingen" and len(at.get("vega_lite_chart")) == 1
    assert len(open_page("utvikling", **url(at)).get("vega_lite_chart")) == 1  # the link keeps it empty


def test_an_old_name_in_the_selector_leads_to_todays_municipality():
    at = open_page("utvikling", kommune="0301", indikator="folkemengde")
    box = at.selectbox(key="_w_kommune")
    assert "Frei (1556) → Kristiansund" in box.options
    box.set_value("1556").run()
    assert any("Frei (1556) er i dag en del av Kristiansund (1505)" in info.value for info in at.info)
    assert url(at)["kommune"] == "1505"


def test_an_old_number_of_a_renumbered_municipality_works_in_a_link_not_in_the_list():
    at = open_page("utvikling", kommune="1201", indikator="folkemengde")
    assert any("Bergen har i dag kommunenummer 4601 (tidligere 1201)" in info.value for info in at.info)
    box = at.selectbox(key="_w_kommune")
    assert box.value == "4601" and url(at)["kommune"] == "4601"
    assert "Bergen (4601)" in box.options and not any("(1201)" in option for option in box.options)


def test_the_theme_narrows_the_indicator_list():
    at = open_page("utvikling", kommune="0301", tema="klima_energi")
    options = at.selectbox(key="_w_indikator").options
    # only those with figures for Oslo are offered; the Telemark ones are named below, not chosen
    assert options == ["Klimagassutslipp per innbygger (eksempeldata)", "Stasjonær energibruk per innbygger (eksempeldata)"]
    left_out = next(c for c in at.caption if "uten tall for Oslo er ikke å velge" in c.value)
    assert "Klimagassutslipp i alt" in left_out.proto.help and "Elektrisitetsforbruk i alt" in left_out.proto.help
    # the theme's first that Oslo has figures for (the real ones are for Telemark), not population
    assert url(at)["indikator"] == "klimagass_per_innbygger"
    at = open_page("utvikling", kommune="4003", tema="klima_energi")
    assert url(at)["indikator"] == "elforbruk"  # Skien has real figures: they come first (by name)


def test_estimates_across_a_split_are_marked():
    at = open_page("utvikling", kommune="1580", indikator="folkemengde")  # Haram, merged into Ålesund 2020-2023
    frame = lines(at)
    haram = frame[frame["series"] == "Haram"].set_index("year")
    assert haram.loc[haram["is_estimate"]].index.tolist() == [2020, 2021, 2022, 2023]
    assert set(haram.loc[haram["is_estimate"], "note"]) == {"Anslag"}
    assert haram.loc[2019, "value"] == 9_383
    assert any("Hule punkter er anslag" in caption.value for caption in at.caption)


def test_old_codes_are_followed_and_every_part_of_a_split_is_named():
    at = open_page("utvikling", kommune="1613", indikator="folkemengde")  # Snillfjord, split three ways 2020
    notice = next(info.value for info in at.info if "Snillfjord (1613)" in info.value)
    assert "fordelt på Heim (5055), Hitra (5056) og Orkland (5059)" in notice
    assert url(at)["kommune"] == "5055"
    old_haram = open_page("utvikling", kommune="1534", indikator="folkemengde")
    assert any("Haram har i dag kommunenummer 1580 (tidligere 1534)" in info.value for info in old_haram.info)


def test_example_indicators_are_labelled():
    at = open_page("utvikling", kommune="0301", indikator="klimagass_per_innbygger")
    assert any("Eksempeldata" in w.value for w in at.warning)
    frame = lines(at)
    assert set(frame["note"]) == {"Eksempeldata"}  # the tooltip of every point says so


@pytest.mark.parametrize("params, bad", [({"kommune": "9999"}, "kommune"), ({"sammenlign": "0301,abc"}, "sammenligning"),
                                         ({"indeks": "1800"}, "indeks"), ({"glidende": "ja"}, "glidende snitt"),
                                         ({"indikatorer": "tull"}, "indikatorer")])
def test_unknown_values_give_a_notice(params, bad):
    at = open_page("utvikling", **params)
    assert not at.exception
    assert any(f"ukjent verdi for {bad}" in w.value for w in at.warning)


def test_page_local_choices_stay_with_the_page():
    at = open_page("utvikling", kommune="3301", indikator="folkemengde", indeks="2010", glidende="1")
    at.switch_page(PAGES["kart"]).run()
    assert "indeks" not in url(at) and "glidende" not in url(at)
    at.switch_page(PAGES["utvikling"]).run()
    assert url(at)["indeks"] == "2010" and url(at)["glidende"] == "1" and url(at)["kommune"] == "3301"


def test_the_headline_change_since_joining_is_judged_by_polarity(db):
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar", indikatorer="ingen")  # Gol
    raw = db.query("SELECT year, value FROM indicator_value_2024 WHERE indicator_id = 'vaksine_mmr_2ar' "
                   "AND municipality_code = '3324' AND year >= 2006 ORDER BY year")
    first, last = raw.iloc[0], raw.iloc[-1]
    headline = at.metric[0]
    assert headline.label == f"Endring siden innmelding ({int(first['year'])}–{int(last['year'])})"
    change = last["value"] - first["value"]
    assert headline.value.startswith(("\\+" if change > 0 else "−") + f"{abs(change):.1f}".replace(".", "\\,"))
    assert (Metric.MetricColor.Name(headline.proto.color), Metric.MetricDirection.Name(headline.proto.direction)) == (
        "GREEN", "UP")  # higher is better: a rise is an improvement
    waste = open_page("utvikling", kommune="3907", indikator="husholdningsavfall_per_innbygger", indikatorer="ingen")
    assert Metric.MetricColor.Name(waste.metric[0].proto.color) == "RED"  # Sandefjord: more waste, and lower is better


def test_an_index_year_without_figures_shows_plain_figures_and_says_so():
    at = open_page("utvikling", kommune="3301", indikator="vaksine_mmr_2ar", indeks="2025", indikatorer="ingen")
    assert not at.exception
    assert any("Ingen av linjene har tall i 2025" in caption.value for caption in at.caption)
    moving = open_page("utvikling", kommune="3301", indikator="folkemengde", indeks="2005", glidende="1",
                       indikatorer="ingen")
    assert not moving.exception  # the moving average has no value in the first year


def test_a_falling_value_is_red_when_higher_is_better_and_green_when_lower_is_better():
    at = open_page("utvikling", kommune="3301", indikator="klimagass_per_innbygger", indikatorer="ingen")
    headline = at.metric[0]
    assert headline.proto.delta.startswith("-")  # an ASCII minus: Streamlit reads the direction from it
    assert Metric.MetricDirection.Name(headline.proto.direction) == "DOWN"
    assert Metric.MetricColor.Name(headline.proto.color) == "GREEN"  # less emissions: better


def test_an_old_code_to_compare_with_leads_to_todays_municipality():
    at = open_page("utvikling", kommune="3301", indikator="folkemengde", sammenlign="0602", indikatorer="ingen")
    assert "Drammen" in set(lines(at)["series"])  # 0602 is (part of) Drammen itself: not drawn twice
    other = open_page("utvikling", kommune="0301", indikator="folkemengde", sammenlign="0602", indikatorer="ingen")
    assert {"Oslo", "Drammen"} <= set(lines(other)["series"])


def test_every_members_first_view_draws_every_default_chart(db_path):
    """A default is never a chart that says «Ingen tall»: for one member of every network, the page
    opened on the municipality alone draws each of its default indicators."""
    from kommunedata import queries
    from kommunedata.db import Database

    with Database(db_path) as db:
        members = queries.programme(db).memberships.drop_duplicates("network_id")["municipality_code"]
    assert len(members) == 40  # every network of the programme, also those not yet established in 2007
    for code in members:
        at = open_page("utvikling", kommune=code)
        assert not at.exception, code
        empty = [notice.value for notice in at.info if "Ingen tall" in notice.value]
        assert not empty, (code, empty)
        assert len(at.get("vega_lite_chart")) == 1 + len(chosen(at, "indikatorer")), code


def test_compare_adds_one_name_at_a_time_and_a_click_on_a_chosen_one_removes_it():
    """«Sammenlign med» is a select box that adds the one name picked and chosen names shown as pills:
    no «Select all» that could add every match of what was typed (Streamlit's multiselect had one)."""
    at = open_page("utvikling", kommune="3324", indikator="vaksine_mmr_2ar")
    assert chosen(at, "sammenlign") == [] and at.selectbox(key="_w_sammenlign_legg_til").value is None
    for code in ["3440", "3320", "0301", "3326"]:
        add(at, "sammenlign", code)
        assert at.selectbox(key="_w_sammenlign_legg_til").value is None  # empty again for the next name
    assert chosen(at, "sammenlign") == ["3440", "3320", "0301", "3326"]
    assert url(at)["sammenlign"] == "3440,3320,0301,3326"
    box = at.selectbox(key="_w_sammenlign_legg_til")
    assert box.disabled and "Høyst 4" in box.placeholder  # four is the most: a full list says so
    assert "3440" not in box.options and "Øyer (3440)" not in box.options  # a chosen name is not offered again
    at.pills(key="_w_sammenlign").set_value(["3440", "0301", "3326"]).run()
    assert url(at)["sammenlign"] == "3440,0301,3326" and not at.selectbox(key="_w_sammenlign_legg_til").disabled
    assert chosen(open_page("utvikling", **url(at)), "sammenlign") == ["3440", "0301", "3326"]
