"""Every chart the pages draw is a valid Vega-Lite spec. The app builds specs without Altair's schema
check, which would otherwise run for every chart on every click (kommunedata.charts._finish), so the
check is here."""

from __future__ import annotations

import json

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

from tests.app.conftest import open_page

VIEWS = {
    "temastatus": {"tema": "klima_energi"},
    "nettverk": {"nettverk": "hallingdal", "indikator": "vaksine_mmr_2ar"},
    "utvikling": {"kommune": "3907", "indikator": "husholdningsavfall_per_innbygger", "sammenlign": "0301",
                  "indeks": "2010", "glidende": "1"},
    "kart": {"farge": "indikator", "indikator": "vaksine_mmr_2ar"},
}


@pytest.mark.parametrize("page", list(VIEWS))
def test_every_chart_on_the_page_is_valid_vega_lite(page):
    at = open_page(page, **VIEWS[page])
    assert not at.exception
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert specs, f"{page} draws no chart"
    schema = load_schema()
    for spec in specs:
        validate_jsonschema(spec, schema)  # raises on the first error, naming the path in the spec
        assert spec["config"]["locale"]["number"]["decimal"] == ","  # Livskraft's look reached every chart
