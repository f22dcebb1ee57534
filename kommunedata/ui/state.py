"""Selections kept in the URL and in session state, for the parameters declared in `kommunedata.params`.

Streamlit's page menu drops the query string, so every value also lives in session state: shared
parameters (`Param.shared`) in one store that follows the user from page to page, page-local ones in a
store per page that comes back when the user returns. Each rerun `read_url()` (app.py) takes what the
URL says, and the page's `use(...)` writes back exactly the parameters that page shows.

Why by hand rather than Streamlit's `bind="query-params"`: a bound widget writes its option's label,
not its id (`?tema=Klima og energi`), wants repeated keys for a multiselect (`?tema=a&tema=b`) where our
documented links use comma lists, drops an invalid value without a notice, and forbids writing its
key through `st.query_params` (which a chart click, a button or a notice's fallback must do). Links
between pages use `st.page_link` / `st.switch_page(..., query_params=...)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from kommunedata.params import PARAMS, Choices, dump_params, is_valid, parse_params
from kommunedata.text import bad_param_notice

_SHARED = "_livskraft_shared"
_LOCAL = "_livskraft_local"  # page -> {name: value}
_PAGE = "_livskraft_page"  # (page, names the page shows)
_RAN = "_livskraft_ran"  # (the page of the previous run, whether this run shows the same page)
_RESOLVED = "_livskraft_resolved"  # name -> the value a default of this run resolved to (for links)


def _store(name: str) -> dict[str, Any]:
    if PARAMS[name].shared:
        return st.session_state.setdefault(_SHARED, {})
    page = st.session_state.get(_PAGE, ("", ()))[0]
    return st.session_state.setdefault(_LOCAL, {}).setdefault(page, {})


def read_url(page: str, choices: Choices) -> list[str]:
    """Once per rerun, before the page runs: URL -> session state. Returns Norwegian notices
    (Markdown-safe) for values the data does not hold; those fall back to the defaults."""
    st.session_state[_PAGE] = (page, ())
    st.session_state[_RAN] = (page, st.session_state.get(_RAN, ("", False))[0] == page)
    st.session_state[_RESOLVED] = {}
    query = {name: st.query_params[name] for name in PARAMS if name in st.query_params}
    values, errors = parse_params(query, choices)
    for name, value in values.items():
        if value is None:  # an empty value: nothing chosen
            _store(name).pop(name, None)
        else:
            _store(name)[name] = value
    for name, _raw in errors:
        _store(name).pop(name, None)
    # A value kept from an earlier page may not fit the data any more (e.g. a rebuilt database).
    for name in PARAMS:
        store = _store(name)
        if name in store and not is_valid(name, store[name], choices):
            del store[name]
    return [bad_param_notice(PARAMS[name].label, raw) for name, raw in errors]


def use(names: Iterable[str], choices: Choices) -> dict[str, Any]:
    """The page's selections, by name, defaults filled in from the data (in declaration order, so a
    default may depend on an earlier value); the URL shows exactly these."""
    page = st.session_state.get(_PAGE, ("", ()))[0]
    names = [name for name in PARAMS if name in set(names)]
    st.session_state[_PAGE] = (page, tuple(names))
    values: dict[str, Any] = {}
    for name in PARAMS:
        store = _store(name)
        if name in store:
            values[name] = store[name]
        elif name in names:
            values[name] = store[name] = PARAMS[name].default(choices, values)
    write_url()
    return {name: values[name] for name in names}


def write_url() -> None:
    """Session state -> URL for the parameters the current page shows; every other one leaves it."""
    names = st.session_state.get(_PAGE, ("", ()))[1]
    wanted = dump_params({name: _store(name)[name] for name in names if name in _store(name)}, names)
    for name in PARAMS:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def page() -> str:
    """The id of the page this rerun shows (as read_url was told)."""
    return st.session_state.get(_PAGE, ("", ()))[0]


def get(name: str) -> Any:
    return _store(name).get(name)


def set_value(name: str, value: Any) -> None:
    _store(name)[name] = value
    write_url()


def resolved(name: str, value: Any) -> None:
    """What a default left out of the URL (None) stood for in this run's view: «Kopier lenke» and the
    links to other pages write it, so they reopen the same figures after the data has grown. The
    address bar stays short."""
    kept = st.session_state.setdefault(_RESOLVED, {})
    if isinstance(value, dict):  # a map (the last years of the indicators shown): what the URL lacks of it
        value = {**kept.get(name, {}), **{k: v for k, v in value.items() if k not in (get(name) or {})}}
        if value:
            kept[name] = value
    elif value is not None and get(name) is None:
        kept[name] = value


def link_params(**params: Any) -> dict[str, str]:
    """A link to another page: `params` in URL form, and «tom» when set, so the page opened in a new
    tab shows the figures this one does."""
    until = {"tom": get("tom")} if get("tom") is not None else {}
    return {**{name: str(value) for name, value in params.items()}, **dump_params(until, list(until))}


def with_resolved(query: dict[str, str]) -> dict[str, str]:
    """`query` (the URL's parameters) and, after them, what this run's defaults resolved to (a map joined
    with the URL's)."""
    kept = {name: ({**value, **(get(name) or {})} if isinstance(value, dict) else value)
            for name, value in st.session_state.get(_RESOLVED, {}).items()
            if isinstance(value, dict) or name not in query}
    return {**query, **dump_params(kept, list(kept))}


def widget_key(name: str) -> str:
    """The key for the widget that edits selection `name`, primed with the current value.

    Pass `on_change=state.from_widget, args=(name,)` to the widget.
    """
    key = f"_w_{name}"
    prime(key, get(name))
    return key


def prime(key: str, value: Any) -> None:
    """Give the widget with `key` the value it is to show: on a page's first run (a value left by the
    same key on another page would not reach this page's widget) and whenever it would show another
    value, but not again on a rerun where it shows this one: a key assigned in a run makes Streamlit
    send the widget with its value set, which the browser then applies again on every rerun."""
    same_page = st.session_state.get(_RAN, ("", False))[1]
    if not same_page or key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


def from_widget(name: str, keep_on_none: bool = False) -> None:
    value = st.session_state[f"_w_{name}"]
    if value is None and keep_on_none:  # a cleared date field: keep the date it had
        return
    set_value(name, value)
