"""The only reader of the DuckDB file: one read-only version of the file, and a fresh cursor per query.

DuckDB connections are not safe to share between threads (Streamlit runs each session in its own),
so every query takes its own cursor; parameters are always bound, never formatted into SQL.

A build or an import replaces the file by renaming a new one into place. `DatabaseFile.current()`
notices that from the file's identity (inode, size, modification time: one `stat`) and opens the new
version, so every reader sees new data on its next question. DuckDB hands `duckdb.connect(path)` the
database it already has open for that path, so while any connection to the old file lived, a new
`connect` would still read the old file; each version is therefore ATTACHed to a private in-memory
database of its own, which really opens the file anew. A reader still busy with the old version
keeps it until its last reference is gone, and DuckDB closes it then.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

CATALOG = "livskraft"  # the name each version is attached under


def file_version(path: Path) -> str:
    """The file's identity: changes whenever the file is replaced or rewritten. Raises OSError when
    there is no file."""
    stat = os.stat(path)
    return f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"


class Database:
    """One version of the database file, opened read-only."""

    def __init__(self, path: Path):
        self.path = Path(path)
        for attempt in range(5):
            before = file_version(self.path)
            con = duckdb.connect(":memory:")
            con.execute(f"ATTACH $path AS {CATALOG} (READ_ONLY)", {"path": str(self.path)})
            if file_version(self.path) == before or attempt == 4:  # not replaced while being opened
                break
            con.close()
        self.version = before
        self._con = con

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            cursor.execute(f"USE {CATALOG}")  # a cursor starts in the in-memory catalog
            return cursor.execute(sql, params or {}).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class DatabaseFile:
    """The database at a path as it is now: `current()` is the newest version of the file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._current: Database | None = None
        self._lock = threading.Lock()

    def current(self) -> Database:
        """The version on disk now, opened once (a `stat` per call). Raises OSError when the file is
        gone."""
        version = file_version(self.path)
        current = self._current
        if current is not None and current.version == version:
            return current
        with self._lock:
            if self._current is None or self._current.version != file_version(self.path):
                # The old version is not closed here: a reader may still be using it. It closes when
                # the last reference to it goes.
                self._current = Database(self.path)
            return self._current
