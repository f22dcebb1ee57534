"""The member chart drawn as the browser draws it (vl-convert renders the same Vega-Lite offline): round
ticks, values no reference rule crosses, and no size-class mark on the row of a member without figures."""

from __future__ import annotations

import re

import pandas as pd
import vl_convert

from kommunedata import charts
from kommunedata.compare import Reference

TABLE = pd.DataFrame({
    "municipality_code": ["0616", "0619", "0618", "0617", "0615"],
    "label": ["Nes (Buskerud)", "Ål", "Hemsedal", "Gol", "Flå"],
    "value": [97.8, 97.5, 94.3, 93.8, None],
    "position": ["better", "better", "worse", "worse", None],
    "value_text": ["97,8 ✓", "97,5 ✓", "94,3 ✗", "93,8 ✗", "–"],
    "size_class": ["under 5 000"] * 5,  # Flå has a size, though no figures
    "size_class_mean": [92.0] * 5,
    "order": [1, 2, 3, 4, 5],
})
REFERENCES = [Reference("network", "Nettverkssnitt (4 kommuner)", 95.85, ""), Reference("country", "Hele landet", 96.0, "")]


def _svg() -> str:
    spec = charts.member_bars(TABLE, REFERENCES, "MMR", "prosent", 1, "MMR 2018", "Beskrivelse")
    return vl_convert.vegalite_to_svg(spec)


def test_a_percent_axis_has_round_ticks_not_one_every_five():
    ticks = re.findall(r'<text[^>]*>(\d+)</text>', _svg())
    assert ticks[:6] == ["0", "20", "40", "60", "80", "100"]


def test_values_stand_right_of_the_plot_where_no_rule_crosses_them():
    spec = charts.member_bars(TABLE, REFERENCES, "MMR", "prosent", 1, "MMR 2018", "Beskrivelse")
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert [layer["encoding"]["x"] for layer in texts] == [{"value": "width"}]
    assert spec["layer"].index(texts[0]) == len(spec["layer"]) - 1  # drawn over everything else


def test_a_member_without_figures_has_no_size_class_mark():
    spec = charts.member_bars(TABLE, REFERENCES, "MMR", "prosent", 1, "MMR 2018", "Beskrivelse")
    ticks = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "tick")
    assert {"filter": "isValid(datum.shown)"} in ticks["transform"]
    svg = _svg()
    assert svg.count('aria-roledescription="tick"') == 4  # Flå, without figures, has none
