"""An import reaches the running app: the indicator is listed as real data and its values are drawn."""

from __future__ import annotations

import shutil

import duckdb

from kommunedata import build as build_module
from kommunedata.__main__ import main
from tests.app.conftest import PAGES, chart_table, open_app


def test_an_imported_indicator_is_shown_as_real_data(db_path, tmp_path, monkeypatch):
    live = tmp_path / "livskraft.duckdb"
    shutil.copy(db_path, live)
    monkeypatch.setenv("LIVSKRAFT_IMPORTS", str(tmp_path / "import"))
    monkeypatch.setenv("LIVSKRAFT_DB", str(live))
    with duckdb.connect(str(live)) as con:
        con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [build_module.source_fingerprint()])
    at = open_app()
    at.switch_page(PAGES["om_dataene"]).run()
    assert "Jordbruksareal" not in set(at.dataframe[1].value["Indikator"])

    csv = tmp_path / "11506.csv"
    csv.write_text('"region";"år";"verdi"\n"0301 Oslo";"2017";"124,3"\n"0301 Oslo";"2018";"125,0"\n', encoding="utf-8")
    assert main(["import", str(csv), "--indicator", "jordbruksareal", "--db", str(live), "--name", "Jordbruksareal",
                 "--unit", "km²", "--theme", "areal", "--polarity", "neutral", "--aggregation", "sum",
                 "--source", "SSB tabell 11506"]) == 0

    at.run()  # the same session: the new file is read on the next rerun
    catalogue = at.dataframe[1].value.set_index("Indikator")
    assert catalogue.loc["Jordbruksareal", "Type"] == "Reelle data"
    assert catalogue.loc["Jordbruksareal", "Kilde"] == "SSB tabell 11506"
    at.switch_page(PAGES["utvikling"])
    at.query_params["kommune"], at.query_params["indikator"] = "0301", "jordbruksareal"
    at.run()
    lines = chart_table(at, 0, "series")
    assert lines[lines["series"] == "Oslo"].set_index("year")["value"].to_dict() == {2017: 124.3, 2018: 125.0}
