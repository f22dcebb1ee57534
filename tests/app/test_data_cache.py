"""The app's cache hands out copies: what one caller changes, the next caller never sees."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from kommunedata import queries


def _change_what_you_get():
    import streamlit as st

    from kommunedata.ui import data

    successors, programme, catalogue = data.main_successors(), data.programme(), data.indicators()
    successors.loc[successors.index[0], "successor_code"] = "0000"
    successors["added"] = 1
    programme.memberships["network_id"] = "borte"
    catalogue["name"] = "endret"
    today = data.municipalities_2024()
    today.loc["0301", "name"] = "Christiania"
    again = data.main_successors()
    st.text(again["successor_code"].iloc[0])
    st.text("added" in again.columns)
    st.text(data.programme().memberships["network_id"].nunique())
    st.text(data.indicators()["name"].iloc[0])
    st.text(data.municipalities_2024().loc["0301", "name"])


def test_a_changed_table_does_not_reach_the_next_caller(db):
    at = AppTest.from_function(_change_what_you_get, default_timeout=60).run()
    assert not at.exception
    successors = queries.main_successors(db)
    networks = queries.programme(db).memberships["network_id"].nunique()
    assert [t.value for t in at.text] == [successors["successor_code"].iloc[0], "False", str(networks),
                                         queries.indicators(db)["name"].iloc[0], "Oslo"]
    assert networks > 30
