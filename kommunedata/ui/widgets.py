"""Widgets bound to the selections in the URL state, and the small pieces of layout several pages share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import streamlit as st

from kommunedata import charts
from kommunedata.config import PROGRAMME_END, PROGRAMME_START
from kommunedata.params import PARAMS
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE, NBSP, example_indicator_notice, format_date, join_names, md
from kommunedata.ui import data, state
from kommunedata.views.common import Chart, IndicatorChoice, Metric, ProgrammeOrigin
from kommunedata.views.nettverk import Grid


def _bound(name: str, keep_on_none: bool = False) -> dict[str, Any]:
    return {"key": state.widget_key(name), "on_change": state.from_widget, "args": (name, keep_on_none)}


def programme_notice(where=st) -> ProgrammeOrigin:
    """The example notice when the networks are generated (nothing when they were imported); returns
    where the programme comes from, for the page's downloads."""
    origin = data.programme_origin()
    if origin.is_example:
        where.info(EXAMPLE_PROGRAMME_NOTICE, icon=":material/science:")
    return origin


def until_notice(newer: list[str]) -> None:
    """A link made before newer figures were imported shows the figures it had: say so, and offer them."""
    if newer:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.info(md(f"Tallene vises slik de var da lenken ble laget. Nyere tall finnes nå for {join_names(newer)}."),
                    icon=":material/history:")
            st.button("Vis de nyeste tallene", on_click=state.set_value, args=("tom", None))


# Every day of the programme, for the date's select box: five years, 1 826 options
PROGRAMME_DAYS = tuple(PROGRAMME_START + timedelta(days=n) for n in range((PROGRAMME_END - PROGRAMME_START).days + 1))


def date_picker(where=st, help: str | None = None) -> None:
    """The date as a select box of every day of the programme: «28.08.2007» typed and Enter applies it.

    Not st.date_input: in Streamlit 1.67 its calendar button is labelled «Choose date» whatever the app's
    language, its months and weekdays follow the browser's language (English, weeks from Sunday, in an
    English browser), and a typed date is applied only when the field loses focus. None of that has a
    setting. A select box speaks only the app's words and commits on Enter."""
    current = state.get("dato")
    options = PROGRAMME_DAYS if current in PROGRAMME_DAYS else tuple(sorted({*PROGRAMME_DAYS, current}))
    where.selectbox(PARAMS["dato"].title, options=options, format_func=format_date, filter_mode="contains",
                    help=" ".join(filter(None, [help, "Skriv en dato som 28.08.2007 og trykk Enter, eller bla i listen."])),
                    **_bound("dato"))


def theme_picker(where, theme_names: Mapping[str, str]) -> None:
    chosen_list(where, "tema", list(theme_names), theme_names.get, state.get("tema") or [], "Alle tema")


def county_picker(where, county_names: Mapping[str, str]) -> None:
    """Counties with networks; the first option, «Alle fylker», is no county ("")."""
    choice(where, "fylke", ["", *county_names], lambda code: county_names.get(code, "Alle fylker"))


def choice(where, name: str, options: list[Any], format_func: Callable[[Any], str], label: str | None = None,
           help: str | None = None) -> None:
    where.selectbox(label or PARAMS[name].title, options=options, format_func=format_func, help=help,
                    **_bound(name))


def indicator_choice(where, shown: IndicatorChoice, format_func: Callable[[Any], str]) -> None:
    """The indicators with figures to choose among, a line on those without (named in its help), and a
    notice when the one asked for (e.g. carried over from another network) had none."""
    choice(where, "indikator", shown.offered, format_func)
    if shown.notice:
        where.info(shown.notice, icon=":material/swap_horiz:")
    if shown.without:
        where.caption(shown.without, help=shown.without_names)


def note(where, short: str, more: str, about: str = "sammenligningen") -> None:
    """A rule in one sentence, and the rest of it behind «Mer om …» (plain text in, shown as text)."""
    where.caption(md(short))
    with where.expander(f"Mer om {about}"):
        st.caption(md(more))


_NONE = ""  # the widget's stand-in for None: a select box shows None as "nothing chosen yet"


def optional_choice(where, name: str, options: list[Any], format_func: Callable[[Any], str], none_label: str,
                    help: str | None = None) -> None:
    """A select box whose first option means None (e.g. «each indicator's latest year»)."""
    key = f"_w_{name}"
    current = state.get(name)
    state.prime(key, current if current in options else _NONE)  # _NONE: e.g. a year this indicator lacks
    where.selectbox(PARAMS[name].title, options=[_NONE, *options], help=help, key=key, on_change=_from_optional, args=(name,),
                    format_func=lambda value: none_label if value == _NONE else format_func(value))


def _from_optional(name: str) -> None:
    value = st.session_state[f"_w_{name}"]
    state.set_value(name, None if value == _NONE else value)


def list_choice(where, name: str, options: list[Any], format_func: Callable[[Any], str], default: list[Any],
                max_selections: int | None = None) -> None:
    """A list selection whose None means `default` (the page's own choice)."""
    current = state.get(name)
    chosen_list(where, name, options, format_func, default if current is None else current, "Ingen", max_selections)


def chosen_list(where, name: str, options: list[Any], format_func: Callable[[Any], str], chosen: list[Any],
                none_label: str, max_selections: int | None = None) -> None:
    """A list selection as a select box that adds one option (a name typed and Enter adds that one) and
    the chosen ones as pills below it, each removed by a click.

    Not st.multiselect: in Streamlit 1.67 it offers «Select all» (Enter on a typed name picked every
    fuzzy match), says «No results», and labels its buttons «Clear all» and «Remove …» for screen
    readers, in English whatever the app's language. `select_all=False` removes only the first."""
    chosen = [value for value in chosen if value in options]
    left = [value for value in options if value not in chosen]
    full = max_selections is not None and len(chosen) >= max_selections
    add, remove = f"_w_{name}_legg_til", f"_w_{name}"
    placeholder = (f"Høyst {max_selections}: fjern ett valg først" if full
                   else f"{none_label}: skriv eller velg for å legge til" if not chosen else "Skriv eller velg for å legge til")
    box = where.container(gap="small")
    box.selectbox(PARAMS[name].title, options=left, index=None, format_func=format_func, placeholder=placeholder,
                  disabled=full or not left, filter_mode="contains", key=add, on_change=_added, args=(name, chosen),
                  help="Klikk et valgt navn under feltet for å fjerne det.")
    if chosen:
        state.prime(remove, list(chosen))
        box.pills(f"Valgt i «{PARAMS[name].title}» (klikk for å fjerne)", options=chosen, format_func=format_func,
                  selection_mode="multi", key=remove, on_change=_removed, args=(name,), label_visibility="collapsed")


def _added(name: str, chosen: list[Any]) -> None:
    key = f"_w_{name}_legg_til"
    value, st.session_state[key] = st.session_state[key], None  # the box is empty again, ready for the next
    if value is not None:
        state.set_value(name, [*chosen, value])


def _removed(name: str) -> None:
    state.set_value(name, list(st.session_state[f"_w_{name}"]))


def toggle(where, name: str, help: str | None = None) -> None:
    where.toggle(PARAMS[name].title, help=help, **_bound(name))


def example_notice(where, name: str) -> None:
    """The notice above an indicator of generated figures."""
    where.warning(example_indicator_notice(name), icon=":material/science:")


def metrics(where, shown: list[Metric]) -> None:
    """Headline numbers side by side, one column each."""
    for column, one in zip(where.columns(len(shown)), shown):
        metric(column, one)


def dates(*columns: str) -> dict:
    """A table's date columns shown as Norwegian dates."""
    return {column: st.column_config.DateColumn(format="DD.MM.YYYY") for column in columns}


def position_grid(where, grid: Grid) -> None:
    """The members × indicators grid: each cell tinted by its position against the network mean (its
    text says the same: colour never stands alone), a help text on every column."""
    tints = grid.positions.map(lambda p: charts.POSITION_BACKGROUNDS.get(p, ""))
    where.dataframe(grid.table.style.apply(lambda _: tints, axis=None), hide_index=True, width="stretch",
                    column_config={c: st.column_config.TextColumn(help=md(h)) for c, h in grid.help_texts.items()})


_PICKS = "_livskraft_picks"  # chart or map key -> how many picks it has had


def picking_key(name: str) -> str:
    """The key of a chart or map whose click leads somewhere: a new key after each pick (picked()), so
    the next run draws it afresh instead of keeping Streamlit's selection (which fades the rest)."""
    return f"{name}_{st.session_state.get(_PICKS, {}).get(name, 0)}"


def picked(name: str) -> None:
    picks = st.session_state.setdefault(_PICKS, {})
    picks[name] = picks.get(name, 0) + 1


def opening_chart(where, chart: Chart, selection: str, field: str, name: str) -> str | None:
    """A chart whose click leads on (e.g. a member's bar to its trend): the clicked point's `field`, or
    None. The chart gets a new key after each click, so it comes back without the selection."""
    event = where.vega_lite_chart(chart.spec, width="stretch", on_select="rerun", selection_mode=selection,
                                  key=picking_key(name))
    clicked = [point[field] for point in event.selection.get(selection, []) if field in point]
    if clicked:
        picked(name)
        return clicked[0]
    return None


def number_table(where, table, decimals: int) -> None:
    """A table of numbers in Norwegian format (1 234,5; «–» for none)."""
    where.dataframe(table.style.format(precision=decimals, decimal=",", thousands=NBSP, na_rep="–"),
                    hide_index=True, width="stretch")


def metric(where, shown: Metric) -> None:
    where.metric(shown.label, shown.value, help=shown.help, delta=shown.delta, delta_color=shown.delta_color)
