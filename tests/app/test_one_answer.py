"""One answer to "what changed since joining, against which mean": Nettverk, Utvikling and the generated
sentences give a coordinator the same numbers for the same member, indicator and date."""

from __future__ import annotations

from kommunedata.text import plain
from tests.app.conftest import metrics, open_page

VIEW = {"dato": "2007-08-28", "indikator": "vaksine_mmr_2ar"}  # FHI's real figures, 2006–2018


def test_nettverk_and_utvikling_agree_on_change_since_joining_and_the_network_mean():
    network = open_page("nettverk", nettverk="hallingdal", **VIEW)
    assert not network.exception
    table = next(d.value for d in network.dataframe if "Endring siden innmelding (prosentpoeng)" in d.value.columns)
    gol = table.set_index("Kommune").loc["Gol"]
    assert (gol["Fra år"], gol["Endring siden innmelding (prosentpoeng)"]) == (2006, 33.0)  # 60,8 → 93,8
    references = next(d.value for d in network.dataframe if "Referanse" in d.value.columns).set_index("Referanse")
    mean = references.filter(like="Nettverkssnitt", axis=0).iloc[0, 0]
    assert plain(mean) == "95,9"
    assert any("siden innmeldingen" in plain(m.value) for m in network.markdown)

    trend = open_page("utvikling", kommune="3324", **VIEW)
    assert not trend.exception
    assert metrics(trend)["Endring siden innmelding (2006–2018)"] == "\\+33\\,0 prosentpoeng"
    sentence = next(plain(m.value) for m in trend.markdown if "i Gol har økt" in plain(m.value))
    assert "med 33,0 prosentpoeng siden innmeldingen i 2006" in sentence
    assert "snittet i Hallingdal (95,9 prosent)" in sentence
    assert "%" not in sentence  # no percentage change of a percentage


def test_a_later_date_changes_the_mean_on_both_pages_alike():
    later = {**VIEW, "dato": "2010-12-31"}
    network = open_page("nettverk", nettverk="hallingdal", **later)
    references = next(d.value for d in network.dataframe if "Referanse" in d.value.columns).set_index("Referanse")
    mean = plain(references.filter(like="Nettverkssnitt", axis=0).iloc[0, 0])
    trend = open_page("utvikling", kommune="3324", **later)
    sentence = next(plain(m.value) for m in trend.markdown if "i Gol har økt" in plain(m.value))
    assert f"snittet i Hallingdal ({mean} prosent)" in sentence
