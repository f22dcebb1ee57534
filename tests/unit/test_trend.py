"""A municipality over time, on hand-made numbers worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from kommunedata import compare, sentences, trend
from kommunedata import rules
from kommunedata.indicators import Indicator
from tests.unit.test_programme import edge_programme

WASTE = Indicator("avfall", "Husholdningsavfall per innbygger", "kg per innbygger", "lower_better", "weighted_mean",
                  0, True, "test")
SHARE = Indicator("andel", "Andel x", "prosent", "higher_better", "weighted_mean", 1, False, "test")


def long(series: str, values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"series": series, "year": list(values), "value": list(values.values())})


def test_index_sets_the_base_year_to_100():
    frame = pd.concat([long("a", {2010: 50.0, 2011: 55.0}), long("b", {2011: 7.0}), long("c", {2010: 0.0, 2011: 1.0})])
    indexed = trend.index_series(frame, 2010).set_index(["series", "year"])["value"]
    assert indexed[("a", 2010)] == 100 and indexed[("a", 2011)] == pytest.approx(110)
    assert math.isnan(indexed[("b", 2011)])  # no value in the base year: no index
    assert math.isnan(indexed[("c", 2011)])  # a base of 0 cannot be indexed


def test_moving_average_needs_three_years_in_a_row():
    averaged = trend.moving_average(long("a", {2010: 1.0, 2011: 2.0, 2012: 3.0, 2013: 4.0, 2014: 5.0}))
    assert averaged["value"].tolist()[2:] == [2.0, 3.0, 4.0]
    assert averaged["value"].iloc[:2].isna().all()
    gap = trend.moving_average(long("b", {2010: 1.0, 2011: 2.0, 2013: 4.0, 2014: 5.0, 2015: 6.0}))
    assert gap.set_index("year")["value"].isna().to_dict() == {2010: True, 2011: True, 2013: True, 2014: True,
                                                                2015: False}


def test_change_since_joining():
    series = long("a", {2005: 10.0, 2008: 12.0, 2010: 9.0})
    change = trend.change_over(series, 2007, "lower_better")  # no value for 2007: from 2008
    assert (change.from_year, change.to_year, change.absolute, change.percent) == (2008, 2010, -3.0, -25.0)
    assert change.improved is True
    assert trend.change_over(series, 2007, "higher_better").improved is False
    assert trend.change_over(series, 2007, "neutral").improved is None
    assert trend.change_over(series, 2010, "lower_better") is None  # one value is no development
    zero = trend.change_over(long("z", {2008: 0.0, 2009: 2.0}), 2008, "higher_better")
    assert zero.percent is None and zero.absolute == 2.0


def test_network_mean_is_over_the_members_on_the_date_in_every_year():
    programme = edge_programme()  # 0902 leaves on 1 September 2007; 0904 and 0905 merge into 9999
    successor_of = {"0901": "0901", "0902": "0902", "0903": "0903", "0904": "9999", "0905": "9999"}
    successors = pd.DataFrame({"successor_code": successor_of, "renumbered": False})

    def members_of(memberships):
        return compare.member_successors(memberships, successors, {})

    values = pd.DataFrame({
        "municipality_code": ["0901", "0902", "0903", "9999"] * 2,
        "year": [2006] * 4 + [2007] * 4,
        "value": [10.0, 10.0, 10.0, 10.0, 10.0, 100.0, 20.0, 30.0],
        "is_estimate": False,
    })
    # On 1 September 2007 0902 has left: 0901, 0903 and 9999 (once) make the mean in every year, 2006 too
    lines = trend.network_mean_lines(programme, members_of, values, "weighted_mean", date(2007, 9, 1))
    assert lines["n"].to_dict("records") == [{"year": 2006, "value": 10.0, "members": 3},
                                             {"year": 2007, "value": 20.0, "members": 3}]
    # On 31 August it still takes part: the same four in both years
    lines = trend.network_mean_lines(programme, members_of, values, "weighted_mean", date(2007, 8, 31))
    assert lines["n"].to_dict("records") == [{"year": 2006, "value": 10.0, "members": 4},
                                             {"year": 2007, "value": 40.0, "members": 4}]
    # Before the network starts, every membership it has (rules.members_compared, as Nettverk shows them)
    before = trend.network_mean_lines(programme, members_of, values, "weighted_mean", date(2007, 1, 1))
    assert before["n"]["members"].tolist() == [4, 4]

    # a second network, from 2006, with three of the same municipalities: each network its own members
    other = pd.DataFrame({"network_id": "m", "municipality_code": ["0901", "0902", "0903"],
                          "municipality_name": ["Før", "Ut", "Sein"], "joined_on": pd.Timestamp("2006-02-01"),
                          "decision_on": pd.Timestamp("2006-03-01"), "left_on": pd.NaT, "lon": 8.0, "lat": 58.5})
    network = programme.networks.assign(network_id="m", name="Annet", created_on=pd.Timestamp("2006-01-01"),
                                        established_on=pd.Timestamp("2006-01-01"))
    both = rules.Programme(pd.concat([programme.networks, network], ignore_index=True), programme.network_themes,
                           pd.concat([programme.memberships, other], ignore_index=True))
    lines = trend.network_mean_lines(both, members_of, values, "weighted_mean", date(2007, 9, 1))
    assert lines["n"]["value"].tolist() == [10.0, 20.0]
    assert lines["m"].round(2).to_dict("records") == [{"year": 2006, "value": 10.0, "members": 3},
                                                      {"year": 2007, "value": 43.33, "members": 3}]
    # a network with too few members with figures has no line
    assert "n" not in trend.network_mean_lines(programme, members_of, values.iloc[[4, 5]], "weighted_mean",
                                               date(2007, 9, 1))


def test_the_change_to_a_year_shown_needs_a_value_in_that_year():
    series = long("a", {2006: 60.8, 2010: 80.0, 2018: 93.8})
    assert trend.change_over(series, 2006, "higher_better", until=2018).absolute == pytest.approx(33.0)
    assert trend.change_over(series, 2007, "higher_better", until=2018).from_year == 2010  # first after joining
    assert trend.change_over(series, 2006, "higher_better", until=2012) is None  # no value in 2012
    assert trend.change_over(series, 2018, "higher_better", until=2018) is None  # joined the year shown


def test_the_country_is_the_published_figure_or_computed():
    values = pd.DataFrame({"municipality_code": ["a", "b"] * 2, "year": [2010, 2010, 2011, 2011],
                           "value": [10.0, 20.0, 30.0, 40.0]})
    population = values.assign(value=[1_000, 3_000, 1_000, 3_000])
    published = pd.DataFrame({"year": [2010], "value": [99.0]})
    shares = trend.national_series(values, population, "weighted_mean", published).set_index("year")
    assert shares.loc[2010].tolist() == [99.0, True]  # the publisher's own
    assert shares.loc[2011].tolist() == [37.5, False]  # (30·1000 + 40·3000) / 4000
    counts = trend.national_series(values, population, "sum").set_index("year")["value"]
    assert counts.tolist() == [15.0, 35.0]  # the total per municipality


def test_summary_sentence():
    change = trend.change_over(long("a", {2007: 400.0, 2024: 352.0}), 2007, "lower_better")
    assert sentences.trend_summary("Gol", WASTE, change, 2007, ("Hallingdal", 352.0, 380.0)) == (
        "Husholdningsavfall per innbygger i Gol har gått ned med 48 kg per innbygger (12,0 %) siden innmeldingen "
        "i 2007, til 352 kg per innbygger i 2024 – en forbedring. Det er under snittet i Hallingdal (380 kg per innbygger)."
    )
    count = Indicator("k", "Kulturminner", "antall", "higher_better", "sum", 0, True, "test")
    flat = trend.change_over(long("a", {2007: 18.0, 2024: 18.0}), 2007, "higher_better")
    assert sentences.trend_summary("Gol", count, flat, 2007) == "Kulturminner i Gol er uendret siden innmeldingen i 2007 (18 i 2024)."
    rise = trend.change_over(long("a", {2006: 90.0, 2010: 92.5}), 2006, "higher_better")
    assert sentences.trend_summary("Oslo", SHARE, rise, None) == (
        "Andel x i Oslo har økt med 2,5 prosentpoeng fra 2006, til 92,5 prosent i 2010 – en forbedring.")
    assert sentences.trend_summary("Oslo", SHARE, None, None) == "Oslo har for få tall for andel x til å vise en utvikling."


def test_an_index_with_no_base_value_at_all_is_empty_not_an_error():
    frame = pd.DataFrame({"series": ["Oslo", "Oslo"], "year": [2011, 2012], "value": [1.0, 2.0]})
    assert trend.index_series(frame, 2010)["value"].isna().all()


def test_the_trend_table_has_a_column_per_line_and_the_years_in_order():
    """A year only a later line has (the compared municipality's 2020, which the chosen one lacks) takes
    its place among the others, not the last row."""
    from kommunedata.views import utvikling

    lines = pd.concat([long("Hitra", {2019: 1.0, 2021: 3.0}).assign(kind="kommune"),
                       long("Hele landet", {2019: 5.0, 2020: 6.0, 2021: 7.0}).assign(kind="land"),
                       long("Oslo", {2020: 9.25}).assign(kind="sammenlign")], ignore_index=True)
    result = utvikling.Trend("5056", "Hitra", SHARE, lines.assign(is_estimate=False), pd.DataFrame(), pd.DataFrame(), None,
                         "", None, [], False, [], [])
    table = utvikling.trend_table(result)
    assert table.columns.tolist() == ["År", "Hitra", "Hele landet", "Oslo"]
    assert table["År"].tolist() == [2019, 2020, 2021]
    assert table["Oslo"].tolist()[1] == 9.2 and math.isnan(table["Hitra"].iloc[1])  # one decimal, as the indicator
