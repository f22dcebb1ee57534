"""The version of the database this rerun reads, and the app's one cache: answers kept per version.

    @cached(entries=32)                 # shared: every caller gets the same object, read-only by contract
    def network_headers(db, on): ...
    @cached(entries=8, copy=True)       # a table callers may change: each gets its own shallow copy
    def programme(db): ...

A cached function takes the database version it reads as its first argument and callers leave it out:
the version this rerun has pinned (`database()`) is put in. The key is that version (the file's path
and identity, never the object's id) and the other arguments, so a build or an import that replaces
the file gives every session new answers on its next rerun, and the old version's answers age out of
the `entries` that are kept (the versions' together).

Shared answers are `st.cache_resource` entries handed out as they are: nothing may change them. With
`copy=True` a DataFrame or a Programme is handed out as a shallow copy, which pandas' copy-on-write
keeps apart from the cached original, so a caller's change never reaches the next caller.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from kommunedata.build import ensure_database
from kommunedata.config import db_path
from kommunedata.db import Database, DatabaseFile
from kommunedata.rules import Programme

_PINNED = "_livskraft_database"


@st.cache_resource(show_spinner="Bygger databasen fra kildedataene …")
def _database_file(path: str) -> DatabaseFile:
    """Once per process: build the file when it is missing or out of date, then follow its versions."""
    ensure_database(Path(path))
    return DatabaseFile(Path(path))


def refresh() -> Database:
    """The newest version of the database, pinned for this rerun (one `stat` when nothing changed), so
    one page never mixes two versions. app.py calls it once per rerun."""
    path = str(db_path())
    try:
        db = _database_file(path).current()
    except FileNotFoundError:  # removed while the app ran: build it again
        _database_file.clear(path)
        db = _database_file(path).current()
    st.session_state[_PINNED] = db
    return db


def database() -> Database:
    """The version this rerun reads."""
    pinned = st.session_state.get(_PINNED)
    return pinned if pinned is not None and pinned.path == db_path() else refresh()


def version_key(db: Database) -> tuple[str, str]:
    return str(db.path), db.version


def cached(entries: int, copy: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Keep `function(db, *args)` per database version and arguments, at most `entries` answers."""
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        kept = st.cache_resource(show_spinner=False, hash_funcs={Database: version_key},
                                 max_entries=entries)(function)

        @functools.wraps(function)
        def call(*args, **kwargs):
            answer = kept(database(), *args, **kwargs)
            return _shallow_copy(answer) if copy else answer

        def clear(*args, **kwargs) -> None:
            """Forget the answer for these arguments (of this rerun's version), or every answer."""
            if args or kwargs:
                kept.clear(database(), *args, **kwargs)
            else:
                kept.clear()

        call.clear = clear
        return call

    return decorate


def _shallow_copy(value: Any) -> Any:
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, Programme):
        return dataclasses.replace(value, **{field.name: getattr(value, field.name).copy(deep=False)
                                             for field in dataclasses.fields(value)})
    raise TypeError(f"no shallow copy for {type(value).__name__}: share it read-only instead")
