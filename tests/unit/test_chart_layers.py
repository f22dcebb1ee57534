"""charts._layer writes what Altair's alt.layer writes."""

from __future__ import annotations

import json

import altair as alt
import pytest
from streamlit.elements.vega_charts import _stabilize_vega_json_spec

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


def test_a_selection_moves_to_the_top_naming_its_layer_as_alt_layer_does():
    line, point, rule = _layers()
    pick = alt.selection_point(name="valg", fields=["year"], toggle=False)
    layers = (line.add_params(pick), point, rule)
    written = alt.layer(*layers, title="Tittel").to_dict(validate=False)
    del written["config"]
    # Altair names the layer by a hash, which Streamlit turns into a number before it sends the spec
    assert (json.loads(_stabilize_vega_json_spec(json.dumps(charts._layer(*layers, title="Tittel"))))
            == json.loads(_stabilize_vega_json_spec(json.dumps(written))))
    spec = charts._layer(*layers, title="Tittel")
    assert spec["params"][0]["views"] == [spec["layer"][0]["name"]] and "params" not in spec["layer"][0]


def test_a_parameter_in_two_layers_is_refused():
    line, point, _rule = _layers()
    pick = alt.selection_point(name="valg")
    with pytest.raises(ValueError, match="two layers"):
        charts._layer(line.add_params(pick), point.add_params(pick))
