"""Widgets bound to the shared selections: each reads its value from, and writes it to, the URL state."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from kommunedata.ui import state
from kommunedata.config import PROGRAMME_END, PROGRAMME_START


def _bound(name: str) -> dict[str, Any]:
    return {"key": state.widget_key(name), "on_change": state.from_widget, "args": (name,)}


def date_picker(where=st) -> None:
    where.date_input("Dato", min_value=PROGRAMME_START, max_value=PROGRAMME_END, format="DD.MM.YYYY", **_bound("dato"))


def theme_picker(where, theme_names: Mapping[str, str]) -> None:
    where.multiselect("Tema", options=list(theme_names), format_func=theme_names.get, placeholder="Alle tema",
                      **_bound("tema"))


def choice(where, name: str, label: str, options: list[Any], format_func: Callable[[Any], str]) -> None:
    where.selectbox(label, options=options, format_func=format_func, **_bound(name))
