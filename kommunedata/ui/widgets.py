"""Widgets bound to the shared selections: each reads its value from, and writes it to, the URL state."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from kommunedata.params import PARAMS
from kommunedata.text import EXAMPLE_PROGRAMME_NOTICE
from kommunedata.ui import data, state
from kommunedata.views import ProgrammeOrigin
from kommunedata.config import PROGRAMME_END, PROGRAMME_START


def _bound(name: str, keep_on_none: bool = False) -> dict[str, Any]:
    return {"key": state.widget_key(name), "on_change": state.from_widget, "args": (name, keep_on_none)}


def programme_notice(where=st) -> ProgrammeOrigin:
    """The example notice when the networks are generated (nothing when they were imported); returns
    where the programme comes from, for the page's downloads."""
    origin = data.programme_origin()
    if origin.is_example:
        where.info(EXAMPLE_PROGRAMME_NOTICE, icon=":material/science:")
    return origin


def date_picker(where=st) -> None:
    where.date_input(PARAMS["dato"].title, min_value=PROGRAMME_START, max_value=PROGRAMME_END, format="DD.MM.YYYY",
                     **_bound("dato", keep_on_none=True))


def theme_picker(where, theme_names: Mapping[str, str]) -> None:
    where.multiselect(PARAMS["tema"].title, options=list(theme_names), format_func=theme_names.get, placeholder="Alle tema",
                      **_bound("tema"))


def county_picker(where, county_names: Mapping[str, str]) -> None:
    """Counties with networks; the first option, «Alle fylker», is no county ("")."""
    choice(where, "fylke", ["", *county_names], lambda code: county_names.get(code, "Alle fylker"))


def choice(where, name: str, options: list[Any], format_func: Callable[[Any], str], label: str | None = None,
           help: str | None = None) -> None:
    where.selectbox(label or PARAMS[name].title, options=options, format_func=format_func, help=help,
                    **_bound(name))


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
    """A multiselect for a list selection whose None means `default` (the page's own choice)."""
    key = f"_w_{name}"
    current = state.get(name)
    state.prime(key, [v for v in (default if current is None else current) if v in options])
    where.multiselect(PARAMS[name].title, options=options, format_func=format_func, key=key,
                      max_selections=max_selections, placeholder="Ingen", on_change=state.from_widget, args=(name,))


def toggle(where, name: str, help: str | None = None) -> None:
    where.toggle(PARAMS[name].title, help=help, **_bound(name))
