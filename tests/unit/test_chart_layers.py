"""charts._layer writes what Altair's alt.layer writes, for layers without parameters."""

from __future__ import annotations

import altair as alt
import pytest

from kommunedata import charts


def _layers():
    shared = alt.Chart(alt.Data(name="lines")).encode(x=alt.X("year:Q"), y=alt.Y("value:Q"))
    other = alt.Chart(alt.Data(name="markers")).mark_rule().encode(x=alt.X("year:Q"))
    return shared.mark_line(), shared.mark_point(size=55), other


@pytest.mark.parametrize("top", [
    {"title": "Tittel", "height": 340, "description": "Beskrivelse"},
    {"title": alt.Title("Tittel", subtitle=["Eksempeldata"]), "height": alt.Step(22)},
])
def test_layers_are_written_as_alt_layer_writes_them(top):
    line, point, rule = _layers()
    for layers in [(line, point), (line, point, rule)]:  # shared data goes to the top, mixed data stays
        written = alt.layer(*layers, **top).to_dict(validate=False)
        del written["config"]  # Altair's default; charts._finish sets Livskraft's
        assert charts._layer(*layers, **top) == written


def test_shared_data_moves_to_the_top_and_mixed_data_stays_in_the_layers():
    line, point, rule = _layers()
    assert charts._layer(line, point)["data"] == {"name": "lines"}
    assert "data" not in charts._layer(line, point)["layer"][0]
    assert "data" not in charts._layer(line, point, rule)
    assert [layer["data"]["name"] for layer in charts._layer(line, point, rule)["layer"]] == ["lines", "lines", "markers"]


def test_a_layer_with_a_selection_is_refused():
    line, point, _rule = _layers()
    with pytest.raises(ValueError, match="parameters"):
        charts._layer(line.add_params(alt.selection_point(name="valg")), point)
