"""Shared selections: read from and written to the URL, kept in session state across pages.

Every selection a page makes (date, themes, county, network, municipality, indicator, year) is a
named URL parameter, so any view can be shared as a link. Streamlit's page menu drops the query
string, so values also live in session state and are written back to the URL on every page.
Parsing is plain Python (`parse_params`) and validates every value against what the data holds;
a bad value gives a Norwegian notice and the default, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from kommunedata.config import PROGRAMME_END, PROGRAMME_START, STATUS_DATE
from kommunedata.text import bad_param_notice

Choices = Mapping[str, Collection[Any]]


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    parse: Callable[[str, Choices], Any]  # raises ValueError for a value the data does not hold
    dump: Callable[[Any], str | None]  # None: leave it out of the URL


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _parse_date(raw: str, _choices: Choices) -> date:
    """2007-08-28 (what the app writes) or 28.08.2007 (what a person types); nothing else."""
    raw = raw.strip()
    if match := _ISO_DATE.fullmatch(raw):
        year, month, day_of_month = match.groups()
    elif match := _NORWEGIAN_DATE.fullmatch(raw):
        day_of_month, month, year = match.groups()
    else:
        raise ValueError(raw)
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError as error:
        raise ValueError(raw) from error
    if not PROGRAMME_START <= day <= PROGRAMME_END:
        raise ValueError(raw)
    return day


def _one_of(name: str) -> Callable[[str, Choices], str]:
    def parse(raw: str, choices: Choices) -> str:
        if raw not in choices.get(name, ()):
            raise ValueError(raw)
        return raw

    return parse


def _many_of(name: str) -> Callable[[str, Choices], list[str]]:
    def parse(raw: str, choices: Choices) -> list[str]:
        values = [part for part in raw.split(",") if part]
        if any(value not in choices.get(name, ()) for value in values):
            raise ValueError(raw)
        return list(dict.fromkeys(values))

    return parse


def _parse_year(raw: str, choices: Choices) -> int:
    if not raw.isdigit() or int(raw) not in choices.get("aar", ()):
        raise ValueError(raw)
    return int(raw)


PARAMS: dict[str, Param] = {
    p.name: p
    for p in [
        Param("dato", STATUS_DATE, _parse_date, lambda d: d.isoformat()),
        Param("tema", [], _many_of("tema"), lambda ids: ",".join(ids) or None),
        Param("fylke", "", _one_of("fylke"), lambda code: code or None),  # "": all counties
        Param("nettverk", None, _one_of("nettverk"), lambda nid: nid),
        Param("kommune", None, _one_of("kommune"), lambda code: code),
        Param("indikator", None, _one_of("indikator"), lambda iid: iid),
        Param("aar", None, _parse_year, lambda year: None if year is None else str(year)),
    ]
}


def parse_params(query: Mapping[str, str], choices: Choices) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Valid values by name, and the (name, raw value) pairs that were not valid.

    An empty value (`?fylke=`) means nothing chosen: the default, without a notice.
    """
    values, errors = {}, []
    for name, param in PARAMS.items():
        if name not in query:
            continue
        if not query[name].strip():
            values[name] = param.default
            continue
        try:
            values[name] = param.parse(query[name], choices)
        except ValueError:
            errors.append((name, query[name]))
    return values, errors


def dump_params(values: Mapping[str, Any], names: Sequence[str]) -> dict[str, str]:
    """The URL parameters for `names`, leaving out empty selections."""
    dumped = {name: PARAMS[name].dump(values.get(name, PARAMS[name].default)) for name in names}
    return {name: text for name, text in dumped.items() if text is not None}


# --- Streamlit glue -----------------------------------------------------------------------------

_STORE = "_livskraft_selections"
_PAGE_PARAMS = "_livskraft_page_params"


def _store() -> dict[str, Any]:
    return st.session_state.setdefault(_STORE, {})


def sync(choices: Choices, page_params: Sequence[str]) -> list[str]:
    """Run once per rerun, before the page: URL -> session state, then session state -> URL.

    Returns Norwegian notices for values in the URL that were not valid (they fall back to defaults).
    """
    store = _store()
    query = {name: st.query_params[name] for name in PARAMS if name in st.query_params}
    values, errors = parse_params(query, choices)
    store.update(values)
    for name, _raw in errors:
        store[name] = PARAMS[name].default
    # A value kept from an earlier page may not fit the data any more (e.g. a rebuilt database).
    for name, value in list(store.items()):
        if name not in values and value != PARAMS[name].default:
            dumped = PARAMS[name].dump(value)
            if dumped is not None and parse_params({name: dumped}, choices)[1]:
                store[name] = PARAMS[name].default
    st.session_state[_PAGE_PARAMS] = list(page_params)
    _write_url()
    return [bad_param_notice(name, raw) for name, raw in errors]


def _write_url() -> None:
    wanted = dump_params(_store(), st.session_state.get(_PAGE_PARAMS, []))
    for name in PARAMS:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def get(name: str) -> Any:
    return _store().get(name, PARAMS[name].default)


def set_value(name: str, value: Any) -> None:
    _store()[name] = value
    _write_url()


def widget_key(name: str) -> str:
    """The key for the widget that edits selection `name`, primed with the current value.

    Pass `on_change=state.from_widget, args=(name,)` to the widget.
    """
    key = f"_w_{name}"
    # Always assign: a value left by the same key on another page would not reach this page's widget.
    st.session_state[key] = get(name)
    return key


def from_widget(name: str) -> None:
    value = st.session_state[f"_w_{name}"]
    if value is None and PARAMS[name].default is not None:  # e.g. a cleared date field: keep the date
        return
    set_value(name, value)


def all_values() -> dict[str, Any]:
    return {name: get(name) for name in PARAMS}
