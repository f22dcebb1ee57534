"""Municipality names turned into codes (kommunedata.sources.imported.names), as a person would
match them."""

from __future__ import annotations

import pytest

from tests.unit.conftest import NEW, report_of, run, stored


def test_names_are_matched_like_a_person_would(tmp_path, target, capsys):
    content = ('"Kommune";"År";"Verdi"\n'
               '"  oslo ";"2017";"1"\n'  # case and spaces
               '"HERØY (Nordland)";"2017";"2"\n'  # county suffix, Norwegian letters
               '"Tråante";"2023";"3"\n'  # any part of a multi-language name («Trondheim - Tråante» in 2023)
               '"Guovdageaidnu-Kautokeino";"2017";"4"\n'  # spaces around the dash do not matter
               '"Kautokeino";"2018";"5"\n'
               '"Hele landet";"2017";"99"\n')  # the country: left out
    assert run(tmp_path, target, "navn.csv", content, *NEW) == 0
    assert stored(target) == {("0301", 2017): 1.0, ("1818", 2017): 2.0, ("5001", 2023): 3.0, ("2011", 2017): 4.0,
                              ("2011", 2018): 5.0}
    out = report_of(capsys)
    assert "5 ulike kommunenavn er gjort om til kommunenummer etter kommuneinndelingen for hvert år." in out


@pytest.mark.parametrize("content, message", [
    ('"Kommune";"År";"Verdi"\n"Oslo";"2017";"1"\n"Herøy";"2017";"2"\n',
     "linje 3: «Herøy» passer til flere kommuner i 2017 (1515, 1818)"),
    ('"Kommune";"År";"Verdi"\n"Gotham";"2017";"1"\n"Gotham";"2018";"1"\n',
     "linje 2: «Gotham» er ikke et kommunenavn i 2017"),
    ('"Kommune";"År";"Verdi"\n"Midt-Telemark";"2009";"1"\n',  # a 2020 name in 2009
     "linje 2: «Midt-Telemark» er ikke et kommunenavn i 2009"),
])
def test_unknown_and_ambiguous_names_are_refused_with_their_line(tmp_path, target, capsys, content, message):
    before = target.read_bytes()
    assert run(tmp_path, target, "navn.csv", content, *NEW) == 1
    err = capsys.readouterr().err
    assert message in err and "Databasen er ikke endret." in err
    assert target.read_bytes() == before


def test_a_county_suffix_must_fit_and_other_areas_are_left_out(tmp_path, target, capsys):
    # «Bø (Telemark)» in 2021 is not Bø in Nordland (1867), the only Bø then: refused, not guessed
    wrong = '"Kommune";"År";"Verdi"\n"Bø (Telemark)";"2021";"1"\n'
    assert run(tmp_path, target, "a.csv", wrong, *NEW) == 1
    err = capsys.readouterr().err
    assert "linje 2: «Bø (Telemark)»: Bø i 2021 (1867) ligger ikke i Telemark" in err
    assert "--code-structure" not in err  # the hint is for unknown names only
    content = ('"Kommune";"År";"Verdi"\n"Bø (Telemark)";"2017";"1"\n"Bø (Nordland)";"2017";"2"\n'
               '"Trøndelag - Trööndelage";"2021";"9"\n"Svalbard";"2021";"9"\n"Os (Hedmark)";"2017";"3"\n')
    assert run(tmp_path, target, "b.csv", content, *NEW) == 0
    assert stored(target) == {("0821", 2017): 1.0, ("1867", 2017): 2.0, ("0441", 2017): 3.0}
    assert "2 rader for landet, fylker eller andre områder er hoppet over." in capsys.readouterr().out
