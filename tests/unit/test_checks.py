"""A read file checked against the data (kommunedata.sources.imported.checks): codes in their year
or one structure, zeros, sums."""

from __future__ import annotations

from tests.unit.conftest import GOOD_HEADER, NEW, report_of, run, stored


def test_errors_name_lines_and_stop_at_ten_examples(tmp_path, target, capsys):
    rows = "".join(f'"9{i:03d}";"2017";"1"\n' for i in range(30))
    assert run(tmp_path, target, "a.csv", GOOD_HEADER + rows, *NEW) == 1
    err = capsys.readouterr().err
    assert "30 verdier har et kommunenummer" in err and "linje 2: 9000 i 2017" in err
    assert err.count("  – linje") == 9  # nine examples and what to do
    assert "oppgi den med --code-structure ÅR" in err


def test_one_code_structure_for_every_year(tmp_path, target, capsys):
    # 3301 Drammen and 4003 Skien are 2024 codes; the data are for 2017
    content = '"kommunenummer";"år";"verdi"\n"3301";"2017";"40,1"\n"4003";"2017";"51,5"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 1
    err = capsys.readouterr().err
    assert "2 verdier har et kommunenummer som ikke gjaldt det året" in err
    assert "alle kommunenumrene fantes i 2024" in err and "oppgi --code-structure 2024" in err
    assert run(tmp_path, target, "a.csv", content, *NEW, "--code-structure", "2024") == 0
    assert stored(target) == {("3301", 2017): 40.1, ("4003", 2017): 51.5}
    assert "Alle år er lest med kommunenumrene og -navnene fra 2024 (--code-structure 2024)." in report_of(capsys)
    # names are then read as 2024's: «Midt-Telemark» in 2009 is 4020
    names = '"Kommune";"År";"Verdi"\n"Midt-Telemark";"2009";"7"\n'
    assert run(tmp_path, target, "b.csv", names, *NEW, "--code-structure", "2024") == 0
    assert stored(target) == {("4020", 2009): 7.0}
    # a code that is not in the declared structure (0602 Drammen ended in 2020)
    assert run(tmp_path, target, "c.csv", '"kommunenummer";"år";"verdi"\n"0602";"2017";"1"\n', *NEW,
               "--code-structure", "2024") == 1
    assert "1 verdier har et kommunenummer som ikke fantes i kommuneinndelingen for 2024" in capsys.readouterr().err


def test_zero_as_missing_is_explicit_and_counted(tmp_path, target, capsys):
    content = '"kommunenummer";"2018";"2019"\n"0301";"0";"124,5"\n"0602";"0,00";"0"\n"1103";"51";"51,4"\n'
    assert run(tmp_path, target, "a.csv", content, *NEW) == 0
    assert stored(target)[("0602", 2018)] == 0.0  # without the option a zero is a value
    capsys.readouterr()
    assert run(tmp_path, target, "a.csv", content, *NEW, "--zero-as-missing") == 0
    assert stored(target) == {("0301", 2019): 124.5, ("1103", 2018): 51.0, ("1103", 2019): 51.4}
    assert ("3 nuller er lest som manglende verdi (--zero-as-missing): 0301 (2018); 0602 (2018, 2019)."
            in report_of(capsys))


def test_rows_are_summed_only_when_asked(tmp_path, target, capsys):
    content = ('Kommune,År,Sektor,Utslippskilde,Utslipp\n'
               'Skien,2009,Veitrafikk,Personbiler  ,100.25\n'
               'Skien,2009,Veitrafikk,Personbiler  ,0.5\n'  # the same source again: another gas
               'Skien,2009,Jordbruk,Husdyr  ,10\n'
               'Bamble,2009,Veitrafikk,Personbiler  ,7\n')
    flags = [*NEW, "--code-structure", "2024", "--value-column", "Utslipp"]
    assert run(tmp_path, target, "u.csv", content, *flags) == 1
    err = capsys.readouterr().err
    assert "3 verdier har samme kommune og år" in err and "--sum-rows" in err and "linje 3: 4003 2009" in err
    assert run(tmp_path, target, "u.csv", content, *flags, "--sum-rows") == 0
    assert stored(target) == {("4003", 2009): 110.75, ("4012", 2009): 7.0}
    out = report_of(capsys)
    assert "Summert (--sum-rows): 4 rader ble til 2 verdier (1–3 rader per verdi, oftest 1)." in out
    assert "Ikke brukt: Sektor, Utslippskilde." in out


def test_missing_parts_of_a_sum_are_reported(tmp_path, target, capsys):
    content = 'Kommune,År,Kilde,Utslipp\nSkien,2009,a,10\nSkien,2009,b,..\n'
    assert run(tmp_path, target, "u.csv", content, *NEW, "--code-structure", "2024", "--sum-rows") == 0
    out = capsys.readouterr().out
    assert "1 celle uten tall («..», «:», «.» eller tomme) er ikke tatt med; summene mangler de delene" in out
    assert "Summert (--sum-rows): 1 rad ble til 1 verdi (1 rader per verdi)." in out
