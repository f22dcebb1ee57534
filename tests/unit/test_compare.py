"""Comparing network members, on hand-made numbers where every answer is worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kommunedata import compare
from kommunedata.compare import BETTER, NEUTRAL, SAME, WORSE
from kommunedata.indicators import Coverage, Indicator, region_of

# Four members as they were: Alfa and Beta unchanged; Gamma and Delta merged into Gammadelta (0190).
MEMBERS = pd.DataFrame({"municipality_code": ["0101", "0102", "0103", "0104"],
                        "municipality_name": ["Alfa", "Beta", "Gamma", "Delta"]})
SUCCESSORS = pd.DataFrame({
    "code": ["0101", "0102", "0103", "0104"],
    "successor_code": ["0101", "0102", "0190", "0190"],
    "renumbered": [False, False, False, False],
}).set_index("code")
NAMES_2024 = {"0101": "Alfa", "0102": "Beta", "0190": "Gammadelta", "0150": "Epsilon", "0160": "Storby"}
# 2024 municipalities: the members' three, one more in their county, a large one elsewhere.
VALUES = pd.DataFrame({"municipality_code": ["0101", "0102", "0190", "0150", "0160"],
                       "value": [10.0, 20.0, 30.0, 40.0, 100.0], "is_estimate": [False] * 5})
BASE = pd.DataFrame({"municipality_code": ["0101", "0102", "0190"], "value": [12.0, 15.0, 30.0],
                     "is_estimate": [False] * 3})
POPULATION = pd.Series({"0101": 1_000, "0102": 3_000, "0190": 6_000, "0150": 10_000, "0160": 60_000})
COUNTIES = pd.DataFrame({"county_code": ["01", "01", "01", "01", "02"],
                         "county_name": ["Østfold", "Østfold", "Østfold", "Østfold", "Oslo"]},
                        index=["0101", "0102", "0190", "0150", "0160"])

SHARE = Indicator("andel", "Andel x", "prosent", "higher_better", "weighted_mean", 1, False, "test")
COUNT = Indicator("antall", "Antall x", "antall", "higher_better", "sum", 0, False, "test")


def members():
    return compare.member_successors(MEMBERS, SUCCESSORS, NAMES_2024)


def test_members_merged_later_are_not_whole():
    table = members().set_index("municipality_name")
    assert table["whole"].to_dict() == {"Alfa": True, "Beta": True, "Gamma": False, "Delta": False}
    assert table.loc["Gamma", "successor_name"] == "Gammadelta"


def test_a_renumbered_member_is_whole():
    renumbered = SUCCESSORS.assign(successor_code=["0101", "0102", "5001", "0190"],
                                   renumbered=[False, False, True, False])
    table = compare.member_successors(MEMBERS, renumbered, NAMES_2024).set_index("municipality_name")
    assert table.loc["Gamma", "whole"] and not table.loc["Delta", "whole"]


def test_shares_show_the_successors_value_and_counts_show_none():
    shares = compare.member_values(members(), VALUES, "weighted_mean").set_index("municipality_name")
    assert shares["value"].to_dict() == {"Alfa": 10, "Beta": 20, "Gamma": 30, "Delta": 30}
    assert shares["via_successor"].to_dict() == {"Alfa": False, "Beta": False, "Gamma": True, "Delta": True}
    counts = compare.member_values(members(), VALUES, "sum").set_index("municipality_name")
    assert counts["value"].isna().to_dict() == {"Alfa": False, "Beta": False, "Gamma": True, "Delta": True}
    assert not counts["via_successor"].any()


def test_network_mean_counts_a_shared_successor_once():
    assert compare.network_mean(compare.member_values(members(), VALUES, "weighted_mean")) == (20.0, 3)
    mean, count = compare.network_mean(compare.member_values(members(), VALUES, "sum"))
    assert math.isnan(mean) and count == 2  # two members with figures make no mean (three are needed)
    mean, count = compare.network_mean(compare.member_values(members(), VALUES.iloc[:0], "sum"))
    assert math.isnan(mean) and count == 0


def test_coverage_names_one_county_and_decides_the_national_figure():
    telemark = Coverage(17, 357, "Telemark")
    assert telemark.text() == "tall for 17 kommuner i Telemark" and not telemark.national
    assert Coverage(308, 357).text() == "tall for 308 av 357 kommuner"
    assert Coverage(308, 357).national  # 86 %: enough to compute the country
    assert Coverage(357, 357).text() is None
    east = Coverage(121, 357, None, region_of(["Akershus", "Oslo", "Telemark", "Østfold", "Innlandet"]))
    assert east.text() == "tall for 121 kommuner på Østlandet" and east.where == " på Østlandet"
    assert region_of(["Akershus", "Vestland"]) is None and region_of([]) is None
    assert telemark.where == " i Telemark" and Coverage(308, 357).where == " med tall"
    assert compare.too_few("Nettverkssnittet", 1) == "Nettverkssnittet vises ikke: bare 1 kommune har tall (minst 3 trengs)."


@pytest.mark.parametrize("value, expected", [(21.0, SAME), (19.0, SAME), (21.1, BETTER), (18.9, WORSE), (None, None)])
def test_position_in_per_cent_uses_one_percentage_point(value, expected):
    assert compare.position(value, 20.0, SHARE) == expected


@pytest.mark.parametrize("value, polarity, expected", [
    (105.0, "higher_better", SAME), (105.1, "higher_better", BETTER), (94.9, "higher_better", WORSE),
    (105.1, "lower_better", WORSE), (94.9, "lower_better", BETTER), (150.0, "neutral", NEUTRAL),
])
def test_position_elsewhere_uses_five_per_cent_of_the_mean(value, polarity, expected):
    indicator = Indicator("kg", "Avfall", "kg per innbygger", polarity, "weighted_mean", 0, False, "test")
    assert compare.position(value, 100.0, indicator) == expected


def test_ranks_follow_polarity_and_share_ties():
    values = pd.Series([10.0, 20.0, 30.0, 30.0, math.nan])
    assert compare.ranks(values, "higher_better").tolist() == [4, 3, 1, 1, pd.NA]
    assert compare.ranks(values, "lower_better").tolist() == [1, 2, 3, 3, pd.NA]
    assert compare.ranks(values, "neutral").isna().all()


def test_county_and_country_follow_the_aggregation():
    values = VALUES.set_index("municipality_code")["value"]
    county = values[["0101", "0102", "0190", "0150"]]
    assert compare.aggregate(county, POPULATION, "weighted_mean") == 32.5  # 650 000 / 20 000
    assert compare.aggregate(values, POPULATION, "weighted_mean") == 83.125  # 6 650 000 / 80 000
    assert compare.aggregate(values, POPULATION, "sum") == 200


def test_size_classes():
    assert [compare.size_class(n) for n in (0, 4_999, 5_000, 19_999, 20_000, 49_999, 50_000)] == [
        "under 5 000", "under 5 000", "5 000–19 999", "5 000–19 999", "20 000–49 999", "20 000–49 999",
        "50 000 eller flere"]
    means = compare.size_class_means(VALUES.set_index("municipality_code")["value"], POPULATION)
    assert {label: count for label, (_mean, count) in means.items()} == {
        "under 5 000": 2, "5 000–19 999": 2, "50 000 eller flere": 1}
    assert all(math.isnan(mean) for mean, _count in means.values())  # fewer than three: no mean
    small = pd.Series({"a": 10.0, "b": 20.0, "c": 60.0})
    assert compare.size_class_means(small, pd.Series({"a": 100, "b": 200, "c": 4_999})) == {"under 5 000": (30.0, 3)}


def test_default_year_is_the_latest_with_every_member():
    series = pd.DataFrame({"municipality_code": ["a", "b", "a", "b", "a"], "year": [2018, 2018, 2019, 2019, 2020],
                           "value": [1, 2, 3, 4, 5]})
    assert compare.default_year(series, ["a", "b"]) == 2019
    assert compare.default_year(series, ["a", "c"]) == 2020  # never complete: the latest with any
    assert compare.default_year(series, ["z"]) is None


def test_default_years_of_many_indicators_at_once():
    series = pd.DataFrame({"indicator_id": ["rate"] * 5 + ["count"] * 4,
                           "municipality_code": ["a", "b", "a", "b", "a", "a", "b", "a", "b"],
                           "year": [2018, 2018, 2019, 2019, 2020, 2021, 2021, 2022, 2022],
                           "value": [1, 2, 3, 4, 5, 6, 7, 8, None]})
    # each indicator its own codes (a count counts only whole members): «b» is not needed for the count
    years = compare.default_years(series, {"rate": ["a", "b"], "count": ["a"], "none": ["a"]})
    assert years == {"rate": 2019, "count": 2022, "none": None}
    assert compare.default_years(series, {"count": ["a", "b"]}) == {"count": 2021}  # 2022: b has no value


def test_comparison_of_a_share():
    result = compare.compare_members(members(), SHARE, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    table = result.table.set_index("municipality_name")
    assert table["position"].to_dict() == {"Alfa": WORSE, "Beta": SAME, "Gamma": BETTER, "Delta": BETTER}
    assert table["rank"].tolist() == [3, 2, 1, 1]  # Gamma and Delta are one municipality today: ranked once
    assert table["change"].to_dict() == {"Alfa": -2.0, "Beta": 5.0, "Gamma": 0.0, "Delta": 0.0}
    # no change is neither better nor worse (trend.change_over, the one rule for change since joining)
    assert table["improved"].to_dict() == {"Alfa": False, "Beta": True, "Gamma": None, "Delta": None}
    assert table["size_class_mean"].isna().all()  # two municipalities in each size class: no mean
    references = {r.key: r for r in result.references if r.key != "size"}
    assert (references["network"].value, references["network"].label) == (20.0, "Nettverkssnitt (3 kommuner)")
    assert (references["county"].label, references["county"].value) == ("Østfold", 32.5)
    assert (references["country"].value, references["country"].note) == (83.125, "beregnet fra alle kommuner")
    assert [r.label for r in result.references if r.key == "size"] == []
    assert result.omitted == [
        "Snittet for kommuner med under 5 000 innbyggere vises ikke: bare 2 kommuner har tall (minst 3 trengs).",
        "Snittet for kommuner med 5 000–19 999 innbyggere vises ikke: bare 2 kommuner har tall (minst 3 trengs)."]
    assert result.summary == [
        "Gamma og Delta (i dag Gammadelta) ligger best an i 2020 med 30,0 prosent; snittet i nettverket er 20,0 prosent.",
        "1 av 3 kommuner har økt andel x siden 2015.",
        "Beta har hatt størst forbedring (+5,0 prosentpoeng).",
    ]


def test_counts_are_compared_with_the_total_per_municipality():
    result = compare.compare_members(members(), COUNT, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    references = {r.key: r for r in result.references}
    assert (references["county"].label, references["county"].value) == ("Østfold, snitt per kommune", 25.0)
    assert references["county"].note.endswith("sum 100 antall fordelt på 4 kommuner")
    assert (references["country"].label, references["country"].value) == ("Hele landet, snitt per kommune", 40.0)
    # Alfa and Beta only (Gamma and Delta are parts of Gammadelta): too few for a network mean
    assert "network" not in references
    assert result.omitted[0] == "Nettverkssnittet vises ikke: bare 2 kommuner har tall (minst 3 trengs)."
    assert result.table["position"].isna().all()


def test_a_county_indicator_has_no_national_figure():
    telemark = Coverage(4, 357, "Østfold")
    result = compare.compare_members(members(), SHARE, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES,
                                     coverage=telemark)
    assert [r.key for r in result.references] == ["network", "county"]
    assert "Hele landet vises ikke: indikatoren har tall for 4 kommuner i Østfold." in result.omitted
    published = compare.compare_members(members(), SHARE, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES,
                                        national=91.5, coverage=telemark)
    assert [r.key for r in published.references] == ["network", "county", "country"]  # the publisher's own figure


def test_a_published_national_figure_is_used_and_said_so():
    result = compare.compare_members(members(), SHARE, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES, national=91.5)
    country = next(r for r in result.references if r.key == "country")
    assert (country.value, country.note) == (91.5, "publisert av kilden")


def test_comparison_of_a_count_and_a_lower_is_better_summary():
    waste = Indicator("avfall", "Husholdningsavfall per innbygger", "kg per innbygger", "lower_better",
                      "weighted_mean", 0, True, "test")
    result = compare.compare_members(members(), waste, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    assert result.summary == [
        "Alfa ligger best an i 2020 med 10 kg per innbygger; snittet i nettverket er 20 kg per innbygger.",
        "1 av 3 kommuner har redusert husholdningsavfall per innbygger siden 2015.",
        "Alfa har hatt størst forbedring (−2 kg per innbygger).",
    ]
    counts = compare.compare_members(members(), COUNT, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    assert counts.table["value"].isna().tolist() == [False, False, True, True]
    assert not any("ligger best an" in sentence for sentence in counts.summary)  # a count is not ranked across
    assert counts.summary[0:2] == [
        "For få av kommunene har tall for antall x i 2020 til et nettverkssnitt (2; minst 3 trengs).",
        "1 av de 2 kommunene med tall for både 2015 og 2020 har økt antall x siden 2015."]


def test_summary_without_values_says_so():
    result = compare.compare_members(members(), SHARE, 2020, 2015, VALUES.iloc[:0], BASE, POPULATION, COUNTIES)
    assert result.summary == ["Ingen av kommunene har tall for andel x i 2020."]


def test_ranks_count_a_shared_successor_once():
    values = pd.Series([10.0, 30.0, 30.0, 20.0])
    successors = pd.Series(["a", "b", "b", "c"])
    assert compare.ranks(values, "higher_better", successors).tolist() == [3, 1, 1, 2]
    assert compare.ranks(values, "higher_better").tolist() == [4, 1, 1, 3]  # without: members one by one


def test_summary_of_a_neutral_indicator_and_of_one_municipality():
    population = Indicator("folk", "Folkemengde", "personer", "neutral", "sum", 0, False, "test")
    result = compare.compare_members(members(), population, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    assert result.summary == ["For få av kommunene har tall for folkemengde i 2020 til et nettverkssnitt "
                              "(2; minst 3 trengs).",
                              "1 av de 2 kommunene med tall for både 2015 og 2020 har høyere folkemengde i 2020 enn i 2015."]
    alone = compare.member_successors(MEMBERS.iloc[:1], SUCCESSORS, NAMES_2024)
    single = compare.compare_members(alone, SHARE, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    assert single.summary == ["Bare Alfa har tall for andel x i 2020 (10,0 prosent): for få til et nettverkssnitt.",
                              "Alfa har redusert andel x siden 2015 (−2,0 prosentpoeng)."]


def test_a_name_with_a_comma_is_quoted_in_sentences():
    vaccine = Indicator("v", "Vaksinasjonsdekning kikhoste, 2 år", "prosent", "higher_better", "weighted_mean", 1,
                        False, "test")
    result = compare.compare_members(members(), vaccine, 2020, 2015, VALUES, BASE, POPULATION, COUNTIES)
    assert "har økt «vaksinasjonsdekning kikhoste, 2 år» siden 2015." in result.summary[1]


def test_missing_values_and_a_mean_of_zero():
    rate = Indicator("rate", "Rate", "kg per innbygger", "higher_better", "weighted_mean", 0, False, "test")
    zeros = VALUES.assign(value=[0.0, 0.0, 0.0, 5.0, 5.0])
    result = compare.compare_members(members(), rate, 2020, 2015, zeros, BASE, POPULATION, COUNTIES)
    assert (result.mean, result.counted) == (0.0, 3)
    assert result.table["position"].tolist() == [SAME] * 4  # within ±5 % of 0 means exactly 0
    gaps = VALUES.assign(value=[0.0, 0.0, math.nan, 5.0, 5.0])
    counts = compare.compare_members(members(), COUNT, 2020, 2015, gaps, BASE, POPULATION, COUNTIES)
    assert counts.table["position"].iloc[2:].isna().all()  # counts of a municipality that is part of a larger one


def test_the_overview_grid_keeps_the_columns_order_and_each_ones_mean():
    """Shares and counts interleaved (they are worked out in groups), and an indicator without figures;
    each column takes its indicator's values in its own year, none of another year or indicator."""
    unseen = Indicator("uten_tall", "Uten tall", "prosent", "higher_better", "weighted_mean", 1, False, "test")
    values = pd.concat([VALUES.assign(indicator_id="antall", year=2020), VALUES.assign(indicator_id="andel", year=2021),
                        VALUES.assign(indicator_id="andel", year=2020, value=99.0),  # another year: not shown
                        VALUES.assign(indicator_id="annen", year=2021, value=99.0)], ignore_index=True)
    grid = compare.overview(members(), [(COUNT, 2020), (SHARE, 2021), (unseen, None)], values)
    assert grid["indicator_id"].tolist() == ["antall"] * 4 + ["andel"] * 4 + ["uten_tall"] * 4
    assert grid["municipality_name"].tolist() == ["Alfa", "Beta", "Gamma", "Delta"] * 3
    assert grid["year"].tolist() == [2020] * 4 + [2021] * 4 + [None] * 4
    shares = grid.iloc[4:8]  # Gammadelta's 30 counted once: (10 + 20 + 30) / 3
    assert shares["mean"].tolist() == [20.0] * 4 and shares["counted"].tolist() == [3] * 4
    assert shares["position"].tolist() == [WORSE, SAME, BETTER, BETTER]
    counts = grid.iloc[0:4]  # a merged member's count is its successor's, not its own: two values, no mean
    assert counts["value"].isna().tolist() == [False, False, True, True] and counts["mean"].isna().all()
    assert counts["counted"].tolist() == [2] * 4 and counts["position"].tolist() == [None] * 4
    missing = grid.iloc[8:]
    assert missing["value"].isna().all() and missing["counted"].tolist() == [0] * 4
    assert compare.overview(members().iloc[0:0], [(SHARE, 2021)], values).empty
