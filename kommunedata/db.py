"""The only reader of the DuckDB file: a read-only connection and a fresh cursor for every query.

DuckDB connections are not safe to share between threads (Streamlit runs each session in its own),
so every query takes its own cursor; parameters are always bound, never formatted into SQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kommunedata.build import ensure_database
from kommunedata.config import db_path


class Database:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._con = duckdb.connect(str(self.path), read_only=True)

    def query(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            return cursor.execute(sql, params or {}).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self._con.close()


def open_database(path: Path | None = None, build_if_needed: bool = True) -> Database:
    """Open the database read-only, building it first when it is missing or out of date."""
    path = Path(path) if path else db_path()
    if build_if_needed:
        ensure_database(path)
    return Database(path)
