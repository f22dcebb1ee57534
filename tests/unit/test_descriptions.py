"""Charts read without seeing them: the sentences screen readers get, generated from the numbers."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kommunedata import charts


def test_a_bar_chart_names_its_largest_and_smallest_bar_and_the_date():
    names = pd.Series(["Klima og energi", "Areal", "Folkehelse", "Kulturarv"])
    assert charts.describe_bars(names, pd.Series([10, 10, 16, 2]), "Etablerte nettverk per tema", "28.08.2007",
                                "nettverk") == ("Etablerte nettverk per tema 28.08.2007: flest i Folkehelse "
                                                "(16 nettverk), færrest i Kulturarv (2 nettverk).")
    assert charts.describe_bars(names, pd.Series([3, 3, 1, 1]), "Kommuner per tema", "01.01.2008", "kommuner") == (
        "Kommuner per tema 01.01.2008: flest i Klima og energi og Areal (3 kommuner), færrest i Folkehelse og "
        "Kulturarv (1 kommuner).")
    assert charts.describe_bars(names, pd.Series([0, 0, 0, 0]), "T", "d", "x") == (
        "T d: flest i Klima og energi, Areal, Folkehelse og Kulturarv (0 x).")


def test_the_growth_chart_names_the_marked_date_and_the_peak():
    timeline = pd.DataFrame({"date": pd.to_datetime(["2006-01-01", "2007-01-01", "2008-01-01"]),
                             "networks_established": [0, 12, 20], "networks_establishing": [3, 9, 1]})
    text = charts.describe_growth(timeline, ["networks_established", "networks_establishing"], "Nettverk",
                                  date(2007, 8, 28))
    assert text == ("Nettverk 2006–2008: 28.08.2007 var det 12 etablerte nettverk og 9 nettverk under etablering. "
                    "Flest etablerte nettverk: 20 (01.01.2008).")
