"""Utvikling's view on hand-made data: which indicators a municipality opens on, its lines against its
network's mean and the country, the change since joining as a headline, and what the notes say."""

from __future__ import annotations

import pandas as pd
import pytest

from kommunedata import trend, views
from kommunedata.indicators import Coverage, Indicator
from kommunedata.text import ESTIMATE_NOTICE, plain
from kommunedata.views.utvikling import Trend
from tests.unit.test_programme import small_programme

D = pd.Timestamp

# real data first, as queries.indicators orders them; population has no theme
CATALOGUE = pd.DataFrame({
    "indicator_id": ["folkemengde", "andel_eldre", "utslipp_reelt", "utslipp_eksempel", "bebygd", "jord",
                     "vaksine", "kulturminner"],
    "theme_id": [None, None, "klima_energi", "klima_energi", "areal", "areal", "folkehelse", "kulturarv"],
    "polarity": ["neutral", "neutral", "lower_better", "lower_better", "neutral", "lower_better", "higher_better",
                 "neutral"],
    "first_year": [2005, 2005, 2009, 2005, 2017, 2005, 2006, 2005],
    "last_year": [2024, 2024, 2022, 2024, 2022, 2024, 2018, 2024],
    "is_example": [False, False, False, True, False, True, False, True],
})
EVERY = frozenset(CATALOGUE["indicator_id"])  # a municipality with figures for every indicator
NAMES = {"3101": "Storby", "3103": "Fjellby", "3104": "Ødeby"}
LABELS = {"bebygd": "Bebygd areal", "jord": "Dyrka jord", "vaksine": "Vaksinasjon", "folkemengde": "Folkemengde"}
SUCCESSORS = pd.DataFrame({"successor_code": ["3101", "3101", "3103", "3101", "3103", "3104"]},
                          index=pd.Index(["0101", "0102", "0103", "3101", "3103", "3104"], name="code"))
SHARE = Indicator("gjenvunnet", "Andel gjenvunnet", "prosent", "higher_better", "weighted_mean", 1, False,
                  "Testkilde")


def networks_of(*rows: tuple[str, str, str, str | None]) -> pd.DataFrame:
    """The networks a municipality took part in, as common.member_networks gives them."""
    frame = pd.DataFrame({
        "joined_on": [D(joined) for _id, _name, joined, _decision in rows],
        "decision_on": [D(decision) if decision else pd.NaT for _id, _name, _joined, decision in rows],
        "members": [["Gamleby"] for _row in rows],
        "network_name": [name for _id, name, _joined, _decision in rows],
    }, index=pd.Index([network_id for network_id, *_rest in rows], name="network_id"))
    return frame.astype({"joined_on": "datetime64[ns]", "decision_on": "datetime64[ns]"})


NONE = networks_of()
ALFA = networks_of(("a", "Alfa", "2007-03-01", "2007-05-01"))


def test_a_member_opens_with_population_and_a_judging_indicator_of_each_of_its_themes():
    programme = small_programme()  # Alfa works on klima_energi and areal, from 2009 kulturarv too
    defaults = views.utvikling.default_indicators
    assert defaults(CATALOGUE, programme, ALFA, "utslipp_reelt", EVERY) == [
        "folkemengde", "jord"]  # areal: the first that judges; klima_energi's first is the main one
    assert defaults(CATALOGUE, programme, ALFA, "vaksine", EVERY) == [
        "folkemengde", "utslipp_reelt", "jord"]  # the themes' order; kulturarv has only a neutral indicator
    assert defaults(CATALOGUE, programme, ALFA, "folkemengde", EVERY) == ["utslipp_reelt", "jord"]
    beta = networks_of(("b", "Beta", "2007-01-01", None))
    assert defaults(CATALOGUE, programme, beta, "jord", EVERY) == ["folkemengde", "vaksine"]
    assert defaults(CATALOGUE, programme, NONE, "jord", EVERY) == []  # never took part


def test_a_default_indicator_has_figures_for_the_municipality():
    programme, defaults = small_programme(), views.utvikling.default_indicators
    # outside the area the real emissions cover: the example indicator, not a chart of «Ingen tall»
    outside = EVERY - {"utslipp_reelt"}
    assert defaults(CATALOGUE, programme, ALFA, "vaksine", outside) == ["folkemengde", "utslipp_eksempel", "jord"]
    # a theme with nothing the municipality has figures for gives no default
    assert defaults(CATALOGUE, programme, ALFA, "vaksine", outside - {"utslipp_eksempel"}) == ["folkemengde", "jord"]
    real_last = CATALOGUE.iloc[[0, 1, 3, 2, 4, 5, 6, 7]]  # example listed first: real data still wins
    assert defaults(real_last, programme, ALFA, "vaksine", EVERY) == ["folkemengde", "utslipp_reelt", "jord"]


def test_the_list_holds_the_chosen_themes_indicators_or_all():
    assert views.utvikling.listed_indicators(CATALOGUE, ["areal", "folkehelse"]) == ["bebygd", "jord", "vaksine"]
    assert views.utvikling.listed_indicators(CATALOGUE, []) == CATALOGUE["indicator_id"].tolist()
    # a theme without indicators narrows nothing away
    assert views.utvikling.listed_indicators(CATALOGUE, ["internasjonalt"]) == CATALOGUE["indicator_id"].tolist()


def test_the_page_opens_on_the_indicator_asked_for_else_one_with_figures():
    programme, listed = small_programme(), ["bebygd", "jord", "vaksine"]
    page = views.utvikling.page("3101", None, CATALOGUE, listed, "vaksine", EVERY, programme, ALFA, NAMES, LABELS, None)
    assert page.indicator_id == "vaksine" and page.index_years == list(range(2006, 2019))
    assert page.choice.offered == listed and page.choice.notice is None
    assert page.default_extra == ["folkemengde", "utslipp_reelt", "jord"]
    assert page.extra_options == ["bebygd", "jord", "folkemengde"]  # population stays, as context
    assert page.extra == ["folkemengde", "jord"]  # a default outside the list is not shown
    assert page.compare_options == ["3103", "3104"] and page.note == ""
    # asked for one without figures (e.g. carried from another page): the first with, and a notice
    carried = views.utvikling.page("3101", None, CATALOGUE, listed, "bebygd", frozenset({"jord", "vaksine"}),
                                   programme, ALFA, NAMES, LABELS, None)
    assert carried.indicator_id == "jord" and carried.choice.offered == ["jord", "vaksine"]
    assert plain(carried.choice.notice) == "Bebygd areal har ingen tall for Storby. Viser Dyrka jord i stedet."
    assert carried.extra_options == ["vaksine"]  # nor offered beside it
    assert views.utvikling.page("3101", None, CATALOGUE, ["folkemengde", *listed], None, EVERY, programme, ALFA,
                                NAMES, LABELS, None).indicator_id == "folkemengde"  # none asked for: population
    nothing = views.utvikling.page("3101", None, CATALOGUE, listed, None, frozenset(), programme, ALFA, NAMES,
                                   LABELS, None)
    assert nothing.indicator_id == "bebygd" and nothing.choice.offered == []  # the chart says «Ingen tall»
    chosen = views.utvikling.page("3104", "merknad", CATALOGUE, listed, "jord", frozenset({"jord", "vaksine"}),
                                  programme, NONE, NAMES, LABELS, ["vaksine", "utslipp_reelt", "jord"])
    assert chosen.extra == ["vaksine"]  # the main one and those not offered are left out
    assert chosen.default_extra == [] and chosen.notice == "merknad"
    assert plain(chosen.note) == "Ødeby var ikke med i noe nettverk i Livskraftige kommuner: ingen nettverkslinje."


def _over_time(indicator: Indicator = SHARE, national: bool = True) -> views.utvikling.IndicatorOverTime:
    years = list(range(2006, 2011))
    values = pd.concat([
        pd.DataFrame({"municipality_code": "3101", "year": years, "value": [40.0, 42.0, 45.0, 47.0, 50.0],
                      "is_estimate": [True, False, False, False, False]}),
        pd.DataFrame({"municipality_code": "3103", "year": years, "value": [30.0, 31.0, 32.0, 33.0, 34.0],
                      "is_estimate": False}),
    ], ignore_index=True)
    country = pd.DataFrame({"year": years, "value": [35.0, 36.0, 37.0, 38.0, 39.0], "published": False})
    return views.utvikling.IndicatorOverTime(indicator, Coverage(3, 3), values,
                                             country if national else country.iloc[0:0], not national)


MEANS = {"a": pd.DataFrame({"year": [2007, 2008, 2009, 2010], "value": [41.0, 43.0, 44.0, 46.0],
                            "members": [3, 3, 3, 3]})}


def _trend(code="3101", others=(), index_base=None, moving=False, networks=ALFA, series=None) -> Trend:
    return views.utvikling.municipality_trend(series or _over_time(), SUCCESSORS, NAMES, code, list(others),
                                              index_base, moving, networks, MEANS)


def test_a_municipality_against_its_network_the_country_and_others():
    result = _trend(others=["0103", "3104", "3101"])  # Fjellby by its old number; Ødeby has no figures
    lines = result.lines
    assert list(dict.fromkeys(lines["series"])) == ["Storby", "Snitt i Alfa", "Hele landet", "Fjellby"]
    assert list(dict.fromkeys(lines["kind"])) == ["kommune", "nettverk", "land", "sammenlign"]
    assert lines[lines["series"] == "Snitt i Alfa"]["value"].tolist() == [41.0, 43.0, 44.0, 46.0]
    assert result.without_values == ["Ødeby"] and result.without_mean == []
    assert result.markers.to_dict("records") == [{"year": 2007, "label": "2007: innmeldt i Alfa, vedtak"}]
    # since joining in 2007: 42,0 -> 50,0
    change = result.change
    assert (change.from_year, change.to_year, change.absolute, change.improved) == (2007, 2010, 8.0, True)
    assert result.sentence == ("Andel gjenvunnet i Storby har økt med 8,0 prosentpoeng siden innmeldingen "
                               "i 2007, til 50,0 prosent i 2010 – en forbedring. Det er over snittet i Alfa "
                               "(46,0 prosent).")
    table = views.utvikling.trend_table(result)
    assert table.columns.tolist() == ["År", "Storby", "Snitt i Alfa", "Hele landet", "Fjellby"]
    assert table.set_index("År").loc[2006].isna().tolist() == [False, True, False, False]  # no mean in 2006
    # an index: the network's line has no value in 2006 and is left out
    indexed = _trend(index_base=2006)
    assert indexed.index_base == 2006 and indexed.not_indexed == ["Snitt i Alfa"]
    own = indexed.lines[indexed.lines["series"] == "Storby"]["value"].tolist()
    assert own == pytest.approx([100.0, 105.0, 112.5, 117.5, 125.0])
    nothing = _trend(index_base=2001)  # no line has a value that year: the plain figures
    assert nothing.index_base is None and nothing.not_indexed == ["Hele landet", "Snitt i Alfa", "Storby"]
    moving = _trend(moving=True)
    storby = moving.lines[moving.lines["series"] == "Storby"]  # a mean of three years, from the third on
    assert storby["year"].tolist() == [2008, 2009, 2010]
    assert storby["value"].tolist() == pytest.approx([(40 + 42 + 45) / 3, (42 + 45 + 47) / 3, (45 + 47 + 50) / 3])


def _made(change: trend.Change | None, indicator: Indicator = SHARE, networks: pd.DataFrame = ALFA, **fields) -> Trend:
    lines = pd.DataFrame({"series": ["X", "X"], "kind": "kommune", "year": [2007, 2010], "value": [1.0, 2.0],
                          "is_estimate": False})
    return Trend(**{"code": "3101", "name": "Storby", "indicator": indicator, "lines": lines,
                    "markers": pd.DataFrame(columns=["year", "label"]), "networks": networks, "change": change,
                    "sentence": "", "index_base": None, "not_indexed": [], "national_published": False,
                    "without_values": [], "without_mean": [], **fields})


def test_the_change_since_joining_is_the_headline_number():
    better = views.utvikling.change_headline(_made(trend.Change(2007, 80.0, 2010, 90.5, 10.5, 13.125, True)))
    assert better.label == "Endring siden innmelding (2007–2010)"
    assert plain(better.value) == "+10,5 prosentpoeng"  # a share in per cent changes in percentage points
    assert (better.delta, better.delta_color) == ("+10,5 p.p.", "normal")  # no percentage change of a percentage

    emissions = Indicator("utslipp", "Utslipp", "tonn", "lower_better", "sum", 0, False, "Kilde")
    lower = views.utvikling.change_headline(
        _made(trend.Change(2006, 1000.0, 2009, 750.0, -250.0, -25.0, True), emissions, NONE))
    assert lower.label == "Endring (2006–2009)"  # never a member: over the years shown
    assert plain(lower.value) == "−250 tonn"  # the typographic minus in the value
    assert (lower.delta, lower.delta_color) == ("-25,0 %", "inverse")  # an ASCII minus: Streamlit reads its sign

    agreements = Indicator("avtaler", "Avtaler", "antall", "neutral", "sum", 0, True, "Kilde")
    from_none = views.utvikling.change_headline(_made(trend.Change(2007, 0.0, 2010, 5.0, 5.0, None, None), agreements))
    assert plain(from_none.value) == "+5"  # a count has no unit after it
    assert (from_none.delta, from_none.delta_color) == (None, "off")  # no percentage from 0
    assert views.utvikling.change_headline(_made(None)) is None


def test_the_notes_say_what_the_chart_leaves_out_or_changes():
    assert views.utvikling.notes(_made(None), None, False) == []
    estimate = _made(None).lines.assign(is_estimate=[True, False])
    everything = _made(None, lines=estimate, index_base=2007, not_indexed=["Snitt i Alfa", "Fjellby"],
                       coverage="tall for 17 kommuner i Telemark", without_country=True, without_mean=["Alfa", "Beta"],
                       without_values=["Ødeby"])
    assert views.utvikling.notes(everything, 2007, True) == [
        ESTIMATE_NOTICE,
        "Uten tall i 2007, så ikke med som indeks: Snitt i Alfa, Fjellby.",
        "Andel gjenvunnet: tall for 17 kommuner i Telemark.",
        "Hele landet vises ikke: indikatoren har tall for bare en del av landet.",
        "Ikke noe nettverkssnitt for Alfa, Beta: færre enn tre av medlemmene har egne tall (et antall for en "
        "kommune som i dag er del av en større, telles ikke).",
        "Ingen tall for Ødeby.",
        "Glidende snitt: hvert år viser snittet av året og de to før.",
    ]
    no_index = _made(None, not_indexed=["Storby"])  # asked for an index no line has a value for
    assert views.utvikling.notes(no_index, 1990, False) == [
        "Ingen av linjene har tall i 1990: viser vanlige tall i stedet for indeks."]


def test_the_chart_its_table_and_a_municipality_without_figures():
    shown = views.utvikling.trend_chart(_trend(), None, False, main=True, height=420)
    assert shown.empty is None and not shown.example and shown.name == "Andel gjenvunnet"
    assert shown.headline.label == "Endring siden innmelding (2007–2010)"
    assert plain(shown.about) == "prosent · Høyere er bedre · Kilde: Testkilde"
    assert plain(shown.notes) == ESTIMATE_NOTICE + " "  # Storby's 2006 is an estimate
    assert shown.table.name == shown.chart.name == "livskraft-3101-gjenvunnet"
    assert shown.table.frame.columns.tolist() == ["År", "Storby", "Snitt i Alfa", "Hele landet"]
    assert shown.table.frame["Storby"].tolist() == [40.0, 42.0, 45.0, 47.0, 50.0]
    assert (shown.table.key, shown.chart.key, shown.table.what) == ("table_gjenvunnet", "chart_gjenvunnet", "tallene")
    beside = views.utvikling.trend_chart(_trend(), None, False, main=False, height=340)
    assert beside.headline is None  # only the main chart has the change as a headline

    example = Indicator("gjenvunnet", "Andel gjenvunnet", "prosent", "higher_better", "weighted_mean", 1, True, "Livskraft")
    generated = views.utvikling.trend_chart(_trend(series=_over_time(example)), None, False, True, 420)
    assert generated.example and generated.chart.example and generated.table.example

    empty = views.utvikling.trend_chart(_trend("3104", networks=NONE, series=_over_time(national=False)),
                                        None, False, True, 420)
    assert plain(empty.empty) == "Ingen tall for Andel gjenvunnet i Ødeby." and empty.chart is None


def test_a_sum_meets_the_country_only_as_an_index():
    people = Indicator("folk", "Folkemengde", "personer", "neutral", "sum", 0, False, "SSB")
    plain_figures = _trend(series=_over_time(people))
    assert "land" not in set(plain_figures.lines["kind"]) and plain_figures.sum_without_index
    assert any("bare som indeks" in note for note in views.utvikling.notes(plain_figures, None, False))
    indexed = _trend(series=_over_time(people), index_base=2007)
    assert "land" in set(indexed.lines["kind"]) and not indexed.sum_without_index
    assert not _trend().sum_without_index  # a share meets the country as it is


def test_a_sum_is_not_set_against_the_network_mean_in_words():
    people = Indicator("folk", "Folkemengde", "personer", "neutral", "sum", 0, False, "SSB")
    result = _trend(series=_over_time(people))
    assert "snittet" not in result.sentence and result.sentence.startswith("Folkemengde i Storby har økt")
    assert "over snittet i Alfa" in _trend().sentence  # a share is
