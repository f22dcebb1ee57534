"""Altair chart builders with Norwegian labels and number format, sized for a projector.

Built so that Altair neither validates against nor hashes the Vega-Lite schema, work that would otherwise
be repeated for every chart on every rerun; the parts Altair would check are written as plain dicts.
Channels are Altair's classes (`alt.X("year:Q")`, `alt.Text(...)`, `alt.XValue(9)`), not shorthand
strings or `alt.value(...)`, which Altair turns into channels through `from_dict`, hashing the whole
schema each time; a layer's title, height and description go to the layer itself, not to `.properties()`,
which checks each against the schema; layered charts are written layer by layer (`_layer`), not through
Altair's LayerChart; data is joined by name (`_named`). And Altair's check of every object against the
schema as it is made (its «debug mode») is off: the finished specs of every page are checked in the tests
(tests/app/test_chart_specs.py), as `_finish` explains.
"""

from __future__ import annotations

import copy
import math
from datetime import date

import altair as alt
import pandas as pd
from altair.utils import schemapi

from kommunedata.text import (
    ALTAIR_LOCALE, ESTIMATE_LABEL, EXAMPLE_LABEL, POSITION_NAMES, format_date, format_number, join_names,
)

# Process-wide, which is fine: nothing else in the app builds Altair objects, and every finished spec is
# validated whole in tests/app/test_chart_specs.py instead of object by object on each rerun.
schemapi.disable_debug_mode()

PRIMARY = "#1d4f91"
MUTED = "#7b8794"  # 3.6:1 on white: an unselected bar is still seen (WCAG 1.4.11)
ACCENT = "#e07b00"
THEME_SELECTION = "tema"  # the selection parameter's name: st.altair_chart reports selections under it


# Livskraft's look, the same for every chart: Norwegian locale, type for a projector, no frame.
CONFIG = alt.Config(
    locale=ALTAIR_LOCALE,
    axis=alt.AxisConfig(labelFontSize=14, titleFontSize=14, labelLimit=260),
    title=alt.TitleConfig(fontSize=17, anchor="start"),
    view=alt.ViewConfig(stroke=None),
).to_dict()


def _layer(*layers: alt.Chart, **top) -> dict:
    """The spec `alt.layer(*layers, **top).to_dict()` writes: the layers written one by one, data they
    all share moved to the top, and the layers' parameters too, a selection naming the layer it is made
    in (`views`; Streamlit numbers the names), as `alt.layer` does; `top` (title, height, description,
    resolve) added. Hand-written, on Altair internals (`to_dict(validate=False)`, `schemapi.SchemaBase`),
    because `alt.layer` deep-copies the layers (whose channel objects carry every property of the schema)
    and validates the result, for every chart on every rerun; the specs are checked in the tests instead."""
    shared = layers[0].data
    if shared is alt.Undefined or any(layer.data is not shared for layer in layers):
        shared = alt.Undefined
    specs, params = [], []
    for layer in layers:
        spec = layer.to_dict(validate=False)
        schema = spec.pop("$schema")
        spec.pop("config", None)  # Altair's default: _finish sets Livskraft's
        if shared is not alt.Undefined:
            del spec["data"]
        for param in spec.pop("params", []):
            if "select" in param:
                spec.setdefault("name", f"view_{sum('name' in s for s in specs) + 1}")
                param = {**param, "views": [spec["name"]]}
            params.append(param)
        specs.append(spec)
    if len({param["name"] for param in params}) < len(params):
        raise ValueError("a parameter in two layers: use alt.layer, which merges them")
    chart = {"layer": specs}
    if shared is not alt.Undefined:
        chart["data"] = shared.to_dict(validate=False)
    if params:
        chart["params"] = params
    for key, value in sorted(top.items()):
        chart[key] = value.to_dict(validate=False) if isinstance(value, schemapi.SchemaBase) else value
    return {**chart, "$schema": schema}


def _finish(spec: dict, datasets: dict[str, list[dict]]) -> dict:
    """A layered spec (`_layer`) with Livskraft's look and its data (`_named`).

    Why not `chart.configure_…(…).to_dict()`: each `configure_*` copies the whole chart and `to_dict()`
    validates it against the Vega-Lite schema with jsonschema, a cost paid for every chart on every
    rerun. The config is built once here, and the schema check runs in the unit tests
    (tests/app/test_chart_specs.py validates every chart of every page), not on every click.
    """
    return {**spec, "config": copy.deepcopy(CONFIG), "datasets": datasets}


def _named(datasets: dict[str, list[dict]], name: str, frame: pd.DataFrame) -> alt.Data:
    """`frame` as a dataset the chart refers to by name (Vega-Lite's top-level `datasets`, which is what
    Altair makes of a DataFrame too), its rows as plain records with None for a missing value. Given
    the DataFrame itself, Altair would sanitise a copy for every layer and walk every value through its
    schema classes, on every rerun. The spec gets the records in `_finish`."""
    datasets[name] = [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]
    return alt.Data(name=name)


def _plain(value):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()  # as Altair writes a date (Vega-Lite reads ISO 8601)
    return value


def describe_bars(names: pd.Series, values: pd.Series, title: str, when: str, unit: str) -> str:
    """A bar chart in one Norwegian sentence, for screen readers: the largest and smallest bar.
    «Etablerte nettverk per tema 28.08.2007: flest i Folkehelse (16 nettverk), færrest i Internasjonalt
    (2 nettverk).»"""
    if values.empty:
        return f"{title} {when}: ingen tall."
    top = values.max()
    most = join_names(names[values == top].tolist())
    least = join_names(names[values == values.min()].tolist())
    sentence = f"{title} {when}: flest i {most} ({format_number(top)} {unit})"
    if values.min() != top:
        sentence += f", færrest i {least} ({format_number(values.min())} {unit})"
    return sentence + "."


def theme_bars(status: pd.DataFrame, value: str, title: str, axis_title: str, selected: list[str],
               description: str = "", subtitle: str | None = None) -> dict:
    """Horizontal bars, one per theme; clicking a bar selects the theme (parameter `tema`). `description`
    is read by screen readers."""
    selection = alt.selection_point(
        name=THEME_SELECTION,
        fields=["theme_id"],
        value=[{"theme_id": theme_id} for theme_id in selected] or None,
        toggle=False,
    )
    # Titled for screen readers (the bars' aria labels), but the theme names speak for themselves.
    y = alt.Y("short_name:N", sort=alt.EncodingSortField("sort_order"), title="Tema", axis=alt.Axis(title=None))
    datasets: dict[str, list[dict]] = {}
    base = alt.Chart(_named(datasets, "themes", status)).encode(
        y=y,
        x=alt.X(f"{value}:Q", title=axis_title, axis=alt.Axis(format="d", tickMinStep=1)),
        tooltip=[alt.Tooltip("name:N", title="Tema"), alt.Tooltip(f"{value}:Q", title=axis_title, format=",d")],
    )
    bars = base.mark_bar(cornerRadiusEnd=3, cursor="pointer").encode(
        color=alt.condition(selection, alt.value(PRIMARY), alt.value(MUTED)),
    ).add_params(selection)
    labels = base.mark_text(align="left", dx=6, fontSize=15, fontWeight="bold", color="#14202e").encode(
        text=alt.Text(f"{value}:Q", format=",d")
    )
    heading = alt.Title(title, subtitle=subtitle, subtitleFontSize=13) if subtitle else title
    # a step, not a fixed height: a subtitle would otherwise squeeze the bars until labels drop out
    return _finish(_layer(bars, labels, title=heading, height=alt.Step(38), description=description),
                         datasets)


SERIES_LABELS = {
    "networks_established": "Etablerte nettverk",
    "networks_establishing": "Nettverk under etablering",
    "municipalities_decided": "Kommuner med vedtak",
    "municipalities_pending": "Kommuner som forbereder vedtak",
}


MARKER_DATA = "marked_date"


def growth_lines(timeline: pd.DataFrame, columns: list[str], title: str) -> dict:
    """The programme's growth over time as a Vega-Lite spec; `mark_date` adds the chosen date.

    The marker reads a named dataset, so the costly part of the spec is built once per selection
    and only the marker changes with the date.
    """
    long = timeline.melt(id_vars="date", value_vars=columns, var_name="series", value_name="count")
    long["series"] = long["series"].map(SERIES_LABELS)
    order = [SERIES_LABELS[c] for c in columns]
    datasets: dict[str, list[dict]] = {}
    lines = alt.Chart(_named(datasets, "growth", long)).mark_line(interpolate="step-after", strokeWidth=3).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("count:Q", title="Antall", axis=alt.Axis(format="d", tickCount=5)),
        color=alt.Color("series:N", sort=order, title=None,
                        scale=alt.Scale(domain=order, range=[PRIMARY, ACCENT][: len(order)]),
                        legend=alt.Legend(orient="bottom", labelFontSize=14, labelLimit=0, symbolStrokeWidth=4)),
        # a line style as well as a colour: the two series are told apart without seeing colour
        strokeDash=alt.StrokeDash("series:N", sort=order, title=None, legend=None,
                                  scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]][: len(order)])),
        tooltip=[alt.Tooltip("date:T", title="Dato", format="%d.%m.%Y"), alt.Tooltip("series:N", title="Serie"),
                 alt.Tooltip("count:Q", title="Antall", format=",d")],
    )
    marker = alt.Chart(alt.NamedData(name=MARKER_DATA))
    rule = marker.mark_rule(color="#14202e", strokeDash=[5, 4], strokeWidth=2).encode(x=alt.X("date:T"))
    label = marker.mark_text(align="left", dx=5, dy=-6, fontSize=13, color="#14202e").encode(
        x=alt.X("date:T"), y=alt.YValue(0), text=alt.Text("label:N")
    )
    return _finish(_layer(lines, rule, label, title=title, height=280), datasets)


def describe_growth(timeline: pd.DataFrame, columns: list[str], title: str, day: date) -> str:
    """The growth chart in Norwegian for screen readers: each series on the marked date and at its highest.
    «Nettverk 2006–2010: 28.08.2007 var det 20 etablerte nettverk og 14 nettverk under etablering. Flest
    etablerte nettverk: 40 (01.12.2010).»"""
    if timeline.empty:
        return f"{title}: ingen tall."
    upto = timeline[timeline["date"] <= pd.Timestamp(day)]
    now = (upto if len(upto) else timeline).iloc[-1]
    first, last = timeline["date"].min().year, timeline["date"].max().year
    parts = [f"{format_number(int(now[c]))} {SERIES_LABELS[c].lower()}" for c in columns]
    peak = timeline.loc[timeline[columns[0]].idxmax()]
    return (f"{title} {first}–{last}: {format_date(day)} var det {join_names(parts)}. Flest "
            f"{SERIES_LABELS[columns[0]].lower()}: {format_number(int(peak[columns[0]]))} "
            f"({format_date(peak['date'].date())}).")


def mark_date(spec: dict, day: date) -> dict:
    """A copy of a growth spec with the vertical marker on `day`."""
    marker = [{"date": pd.Timestamp(day).isoformat(), "label": format_date(day)}]
    return {**spec, "datasets": {**spec.get("datasets", {}), MARKER_DATA: marker}}


def _number_format(decimals: int) -> str:
    return f",.{decimals}f"


def _axis_format(decimals: int) -> str:
    """An axis's ticks are round numbers: «20», «2,5», never «20,0» (d3's `~` trims trailing zeros)."""
    return f",.{decimals}~f"


AXIS_TICKS = 6  # about this many ticks on a value axis, not one every 5 %: Vega picks round steps near it


MEMBER_SELECTION = "kommune"  # the selection parameter of the member bars: a click opens the member
POSITION_COLOURS = {  # blue and orange stay apart for every common colour vision deficiency
    "better": "#2b6cb0", "same": "#8a96a3", "worse": "#dd6b20", "neutral": PRIMARY, "unjudged": PRIMARY,
    "none": MUTED,
}
POSITION_BACKGROUNDS = {  # light tints of the same colours for table cells (text stays dark)
    "better": "background-color: #dbe7f5", "same": "background-color: #eceff2",
    "worse": "background-color: #fbe3cf",
}
REFERENCE_DASHES = {"network": [1, 0], "county": [8, 4], "country": [2, 3]}


def member_bars(table: pd.DataFrame, references: list, name: str, unit: str, decimals: int, title: str,
                description: str, is_example: bool = False) -> dict:
    """The members as horizontal bars (best first), coloured and labelled by their position against the
    network mean, with the network mean, county and country as vertical rules and the mean of
    municipalities of the member's size as a tick on each bar. Clicking a bar selects the member
    (parameter `kommune`). `description` is read by screen readers. A Vega-Lite spec."""
    fmt = _number_format(decimals)
    key = table["position"].where(table["position"].notna(), table["value"].notna().map({True: "unjudged",
                                                                                         False: "none"}))
    data = table.assign(
        position_key=key,
        position_name=key.map(POSITION_NAMES),
        shown=table["value"].map(lambda v: None if pd.isna(v) else v),
    )[["municipality_code", "label", "shown", "position_key", "position_name", "value_text", "size_class",
       "size_class_mean", "order"]]
    sort = data.sort_values("order")["label"].tolist()  # a list: a sort field is dropped across layers
    y = alt.Y("label:N", sort=sort, title=None, axis=alt.Axis(labelLimit=320, labelFontSize=14))
    selection = alt.selection_point(name=MEMBER_SELECTION, fields=["municipality_code"], toggle=False)
    keys = [k for k in POSITION_COLOURS if k in set(data["position_key"])]
    datasets: dict[str, list[dict]] = {}
    members = _named(datasets, "members", data)
    bars = alt.Chart(members).mark_bar(cornerRadiusEnd=3, cursor="pointer").encode(
        y=y,
        x=alt.X("shown:Q", title=unit, axis=alt.Axis(format=_axis_format(decimals), tickCount=AXIS_TICKS)),
        color=alt.Color("position_name:N", title="Mot nettverkssnittet",
                        scale=alt.Scale(domain=[POSITION_NAMES[k] for k in keys],
                                        range=[POSITION_COLOURS[k] for k in keys]),
                        legend=alt.Legend(orient="bottom", labelFontSize=13, labelLimit=0)),
        tooltip=[alt.Tooltip("label:N", title="Kommune"), alt.Tooltip("shown:Q", title=name, format=fmt),
                 alt.Tooltip("position_name:N", title="Mot snittet"),
                 alt.Tooltip("size_class_mean:Q", title="Snitt, samme størrelse", format=fmt)],
    ).add_params(selection)
    # Each value in a column right of the plot, where no reference rule can cross it (at a bar's end the
    # network mean's rule, just beside it, went through the text)
    labels = [alt.Chart(members).mark_text(align="left", dx=8, fontSize=14, color="#14202e").encode(
        y=y, x=alt.value("width"), text=alt.Text("value_text:N"))]
    # the size class's mean only on a bar: a member without figures has an empty row
    ticks = alt.Chart(members).transform_filter("isValid(datum.shown)").mark_tick(
        color="#14202e", thickness=3, size=26).encode(
        y=y, x=alt.X("size_class_mean:Q"),
        tooltip=[alt.Tooltip("size_class:N", title="Kommuner med innbyggere"),
                 alt.Tooltip("size_class_mean:Q", title="Snitt", format=fmt)])
    rules = pd.DataFrame([{"key": r.key, "label": r.label, "value": r.value} for r in references
                          if r.key in REFERENCE_DASHES and not pd.isna(r.value)])
    layers = [bars, ticks]
    if len(rules):
        layers.append(alt.Chart(_named(datasets, "references", rules)).mark_rule(color="#14202e", strokeWidth=2).encode(
            x=alt.X("value:Q"),
            strokeDash=alt.StrokeDash("label:N", title="Referanser",
                                      scale=alt.Scale(domain=rules["label"].tolist(),
                                                      range=[REFERENCE_DASHES[k] for k in rules["key"]]),
                                      legend=alt.Legend(orient="top", labelFontSize=13, labelLimit=0,
                                                        symbolStrokeWidth=2, symbolSize=600)),
            tooltip=[alt.Tooltip("label:N", title="Referanse"), alt.Tooltip("value:Q", title=name, format=fmt)]))
    layers += labels
    subtitle = ["Strekene: snitt og referanser. Svart merke på søylen: snitt for kommuner av samme størrelse."]
    if is_example:
        subtitle.insert(0, f"{EXAMPLE_LABEL}: ikke reelle tall")
    chart = _layer(
        *layers,
        # A step, not a fixed height: Streamlit fits title and legends into a fixed height, squeezing the bars
        title=alt.Title(title, subtitle=subtitle, subtitleFontSize=13), height=alt.Step(44),
        description=description, resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent",
                                                                               strokeDash="independent")),
    )
    return _finish(chart, datasets)


TREND_COLOURS = {"kommune": PRIMARY, "land": "#5f6b7a"}
NETWORK_COLOURS = [ACCENT, "#8c510a"]  # a municipality can hold members of two networks
OTHER_COLOURS = ["#7b3294", "#008837", "#a6611a", "#0571b0"]  # up to four municipalities to compare with
TREND_DASHES = {"kommune": [1, 0], "nettverk": [7, 4], "land": [2, 3], "sammenlign": [1, 0]}


def trend_lines(lines: pd.DataFrame, markers: pd.DataFrame, name: str, axis_title: str, decimals: int, title: str,
                description: str, is_example: bool = False, height: int = 380) -> dict:
    """Several series over the years: the municipality (thick), its network's mean (dashed), the country
    (dotted) and municipalities to compare with, each told apart by colour, dash and its legend name;
    estimates are hollow points; vertical rules mark joining and decision. A Vega-Lite spec."""
    fmt = _number_format(decimals)
    series = list(dict.fromkeys(lines["series"]))
    kinds = dict(zip(lines["series"], lines["kind"]))
    others, networks = iter(OTHER_COLOURS), iter(NETWORK_COLOURS)
    colours = [TREND_COLOURS.get(kinds[s]) or next(networks if kinds[s] == "nettverk" else others) for s in series]
    plain = EXAMPLE_LABEL if is_example else "Publisert"
    data = lines.assign(note=lines["is_estimate"].map({True: ESTIMATE_LABEL, False: plain}),
                        width=lines["kind"].map({"kommune": 4}).fillna(2.5))
    datasets: dict[str, list[dict]] = {}
    lines_data = _named(datasets, "lines", data[["series", "kind", "year", "value", "is_estimate", "note", "width"]]
                        .astype({"year": int, "value": float, "is_estimate": bool}))
    base = alt.Chart(lines_data).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1, labelFontSize=13),
                scale=alt.Scale(domain=[int(lines["year"].min()), int(lines["year"].max())], nice=False)),
        y=alt.Y("value:Q", title=axis_title, scale=alt.Scale(zero=False),
                axis=alt.Axis(format=_axis_format(decimals), tickCount=AXIS_TICKS)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=colours),
                        legend=alt.Legend(orient="bottom", labelFontSize=13, labelLimit=0, columns=3)),
        tooltip=[alt.Tooltip("series:N", title="Linje"), alt.Tooltip("year:Q", title="År", format="d"),
                 alt.Tooltip("value:Q", title=name, format=fmt), alt.Tooltip("note:N", title="Tall")],
    )
    line = base.mark_line().encode(
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series, range=[TREND_DASHES[kinds[s]] for s in series]),
                                  legend=None),
        strokeWidth=alt.StrokeWidth("width:Q", legend=None, scale=None),
    )
    points = base.mark_point(size=55, strokeWidth=2, opacity=1, shape="circle").encode(
        fill=alt.condition(alt.datum.is_estimate, alt.value("white"),
                           alt.Fill("series:N", scale=alt.Scale(domain=series, range=colours), legend=None)),
    )
    layers = [line, points]
    if len(markers):
        # Labels one row below the other in turn (pixels from the top): joining and decision often fall
        # in neighbouring years, and their labels would otherwise be written over each other
        rows = markers[["year", "label"]].astype({"year": int}).sort_values("year")
        marks = alt.Chart(_named(datasets, "markers", rows.assign(top=[2 + 16 * (i % 2) for i in range(len(rows))])))
        layers.append(marks.mark_rule(color="#14202e", strokeDash=[4, 3]).encode(x=alt.X("year:Q")))
        # Inside the plot (from its top edge down): text above it would overflow the chart's box
        layers.append(marks.mark_text(align="left", dx=4, fontSize=12, color="#14202e", baseline="top").encode(
            x=alt.X("year:Q"), y=alt.Y("top:Q", scale=None), text=alt.Text("label:N")))
    subtitle = [f"{EXAMPLE_LABEL}: ikke reelle tall"] if is_example else []
    chart = _layer(*layers, title=alt.Title(title, subtitle=subtitle, subtitleFontSize=13) if subtitle else title,
                   height=height, description=description)
    return _finish(chart, datasets)


def legend_chart(items: list[tuple[list[int], str]], title: str, columns: int = 1, column_width: int = 235) -> dict:
    """A map legend as a chart: a coloured square and its label a row (text, never Markdown), in
    `columns` columns of `column_width` pixels read down then across (a slide's legend beside a map
    of the whole country). A Vega-Lite spec."""
    per_column = max(1, math.ceil(len(items) / columns))
    data = pd.DataFrame({
        "label": [label for _colour, label in items],
        "colour": ["#{:02x}{:02x}{:02x}".format(*colour[:3]) for colour, _label in items],
        "opacity": [colour[3] / 255 if len(colour) > 3 else 1.0 for colour, _label in items],
        "order": range(len(items)),
        "row": [i % per_column for i in range(len(items))],
        "left": [i // per_column * column_width for i in range(len(items))],
    })
    if columns == 1:
        y, at = alt.Y("label:N", sort=data["label"].tolist(), title=None, axis=None), 0
    else:
        y, at = alt.Y("row:O", title=None, axis=None), 1
    datasets: dict[str, list[dict]] = {}
    base = alt.Chart(_named(datasets, "legend", data)).encode(y=y, tooltip=[alt.Tooltip("label:N", title=title)])
    square_x = alt.XValue(9) if not at else alt.X("square_x:Q", scale=None, axis=None)
    label_x = alt.XValue(24) if not at else alt.X("label_x:Q", scale=None, axis=None)
    if at:
        base = base.transform_calculate(square_x="datum.left + 9", label_x="datum.left + 24")
    squares = base.mark_square(size=260, stroke="#8a96a3", strokeWidth=0.5).encode(
        x=square_x, fill=alt.Color("colour:N", scale=None), opacity=alt.Opacity("opacity:Q", scale=None))
    labels = base.mark_text(align="left", fontSize=13, color="#14202e").encode(x=label_x, text=alt.Text("label:N"))
    top = {"width": columns * column_width} if at else {}
    chart = _layer(squares, labels, title=title, height=alt.Step(22), **top,
                   description=f"{title}: " + "; ".join(label for _colour, label in items) + ".")
    return _finish(chart, datasets)


def for_the_back_row(spec: dict) -> dict:
    """A chart's type made larger for a projector: axis labels, titles and the value labels on the bars."""
    spec = copy.deepcopy(spec)  # the cached spec stays as the pages use it
    config = spec.setdefault("config", {})
    config.setdefault("axis", {}).update(labelFontSize=20, titleFontSize=18)
    config.setdefault("title", {}).update(fontSize=24)
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            mark["fontSize"] = 22
    if isinstance(spec.get("height"), dict) and "step" in spec["height"]:
        spec["height"] = {"step": 54}
    return spec
