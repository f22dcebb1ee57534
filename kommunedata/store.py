"""Every write to a DuckDB file, and the data contract each written file is checked against.

`create` writes a new file from the build's tables; `rewriting` gives an import a copy of the file
to change and renames it into place (kommunedata.files), under the file's lock. Inside either, the
changes are `replace_indicators` and `replace_programme`; `summarise` keeps `indicator_presence` and
`indicator_years` beside the values, and `validate` runs the contract's checks before anything is
renamed into place. Reading is kommunedata.db's and kommunedata.queries' job.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from kommunedata import files
from kommunedata.config import SCHEMA_FILE
from kommunedata.rules import Programme


class BuildError(RuntimeError):
    """The sources do not satisfy the data contract; the previous database file is kept."""


# Each check returns rows only when the contract is broken.
CHECKS = {
    "duplicate indicator values": """
        SELECT indicator_id, municipality_code, year FROM indicator_value
        GROUP BY ALL HAVING count(*) > 1 LIMIT 5""",
    "indicator value for unknown code": """
        SELECT DISTINCT municipality_code FROM indicator_value
        WHERE municipality_code NOT IN (SELECT code FROM municipality) LIMIT 5""",
    "indicator value for unknown indicator": """
        SELECT DISTINCT indicator_id FROM indicator_value
        WHERE indicator_id NOT IN (SELECT indicator_id FROM indicator) LIMIT 5""",
    "indicator without values": """
        SELECT indicator_id FROM indicator
        WHERE indicator_id NOT IN (SELECT DISTINCT indicator_id FROM indicator_value)""",
    "indicator with unknown theme": """
        SELECT indicator_id FROM indicator
        WHERE theme_id IS NOT NULL AND theme_id NOT IN (SELECT theme_id FROM theme)""",
    "example indicator not covering every 2024 municipality": """
        SELECT i.indicator_id, count(DISTINCT v.municipality_code) FROM indicator AS i
        JOIN indicator_value AS v USING (indicator_id)
        WHERE i.is_example GROUP BY i.indicator_id
        HAVING count(DISTINCT v.municipality_code)
             <> (SELECT count(*) FROM municipality WHERE valid_to IS NULL) LIMIT 5""",
    "weighted value without a population weight": """
        SELECT DISTINCT v.municipality_code, v.year FROM indicator_value AS v
        JOIN indicator AS i USING (indicator_id)
        LEFT JOIN population_weight AS p ON p.code = v.municipality_code AND p.year = v.year
        WHERE i.aggregation = 'weighted_mean' AND p.population IS NULL LIMIT 5""",
    "successor weights not summing to 1": """
        SELECT code, sum(weight) FROM municipality_successor GROUP BY code
        HAVING abs(sum(weight) - 1) > 1e-9 LIMIT 5""",
    "municipality without successor": """
        SELECT DISTINCT code FROM municipality
        WHERE code NOT IN (SELECT code FROM municipality_successor) LIMIT 5""",
    "member with unknown code": """
        SELECT municipality_code FROM membership
        WHERE municipality_code NOT IN (SELECT code FROM municipality) LIMIT 5""",
    "member of unknown network": """
        SELECT network_id FROM membership WHERE network_id NOT IN (SELECT network_id FROM network) LIMIT 5""",
    "network theme unknown": """
        SELECT network_id, theme_id FROM network_theme
        WHERE theme_id NOT IN (SELECT theme_id FROM theme) OR network_id NOT IN (SELECT network_id FROM network)""",
    "municipality in two networks at once": """
        SELECT a.municipality_code FROM membership a JOIN membership b
          ON a.municipality_code = b.municipality_code AND a.network_id < b.network_id
         AND a.joined_on < coalesce(b.left_on, DATE '9999-12-31')
         AND b.joined_on < coalesce(a.left_on, DATE '9999-12-31') LIMIT 5""",
}


SUMMARY_CHECKS = {
    "indicator_presence not matching the values": """
        (SELECT DISTINCT v.indicator_id, s.successor_code FROM indicator_value AS v
         JOIN municipality_successor AS s ON s.code = v.municipality_code)
        EXCEPT SELECT indicator_id, municipality_code FROM indicator_presence LIMIT 5""",
    "indicator_presence with a pair twice": """
        SELECT indicator_id, municipality_code FROM indicator_presence GROUP BY ALL HAVING count(*) > 1 LIMIT 5""",
    "indicator_years not matching the values": """
        (SELECT indicator_id, min(year), max(year) FROM indicator_value GROUP BY indicator_id)
        EXCEPT SELECT indicator_id, first_year, last_year FROM indicator_years LIMIT 5""",
}


def summarise(con: duckdb.DuckDBPyConnection, indicator_ids: list[str] | None = None) -> None:
    """(Re)write `indicator_presence` and `indicator_years` from the values: for the given indicators
    (an import), or all (the build). Two grouped passes over the values, done once per change instead of
    on every page that lists indicators."""
    only = "" if indicator_ids is None else "WHERE list_contains($ids, indicator_id)"
    params = {} if indicator_ids is None else {"ids": list(indicator_ids)}
    for table in ("indicator_presence", "indicator_years"):
        con.execute(f"DELETE FROM {table} {only}", params)  # table names are ours
    con.execute(f"""
        INSERT INTO indicator_presence
        SELECT DISTINCT v.indicator_id, s.successor_code
        FROM (SELECT DISTINCT indicator_id, municipality_code FROM indicator_value {only}) AS v
        JOIN municipality_successor AS s ON s.code = v.municipality_code
        ORDER BY s.successor_code, v.indicator_id""", params)
    con.execute(f"""
        INSERT INTO indicator_years
        SELECT indicator_id, min(year), max(year) FROM indicator_value {only} GROUP BY indicator_id""", params)


def validate(con: duckdb.DuckDBPyConnection) -> None:
    """Raises BuildError naming every broken check (CHECKS and SUMMARY_CHECKS) with a few of its rows."""
    problems = []
    for name, sql in {**CHECKS, **SUMMARY_CHECKS}.items():
        rows = con.execute(sql).fetchall()
        if rows:
            problems.append(f"{name}: {rows}")
    if problems:
        raise BuildError("Data contract broken:\n  " + "\n  ".join(problems))


def create(path: Path, tables: dict[str, pd.DataFrame], progress: Callable[[str], None]) -> None:
    """A new database file at `path`: the schema, every table's rows, their summaries, the contract
    checked (BuildError when it is broken)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        for table, frame in tables.items():
            _insert(con, table, frame)
        summarise(con)
        progress("Kontrollerer datakontrakten")
        validate(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


@contextmanager
def rewriting(path: Path, fingerprint: Callable[[], str], start_from: Path | None = None,
              ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a copy of the database (or of `start_from`, e.g. a fresh build of a stale file),
    under the file's lock; when the block ends without an error, the copy gets `fingerprint()` (the build
    inputs as they are then: the block may store a file among them) and is renamed into place. Any error
    leaves the old file and removes the copy."""
    with files.lock(path), files.replacing(path) as tmp:
        shutil.copyfile(start_from or path, tmp)
        con = duckdb.connect(str(tmp))
        try:
            yield con
            con.execute("UPDATE build_info SET value = ? WHERE key = 'fingerprint'", [fingerprint()])
            con.execute("CHECKPOINT")
        finally:
            con.close()


def replace_indicators(con: duckdb.DuckDBPyConnection, written: list[tuple[dict, pd.DataFrame]], replaced: set[str],
                       source: dict, kept_sources: set[str]) -> None:
    """An import's indicators (each row with its values, all citing `source`) in place of `replaced` (the
    import they replace, with its per-inhabitant version), whose sources go when nothing cites them and
    they are not in `kept_sources`; then summarised and checked."""
    old_sources = set()
    for indicator_id in replaced:  # e.g. a per-inhabitant version the new import no longer asks for
        old_sources |= {s for (s,) in con.execute("SELECT source_id FROM indicator WHERE indicator_id = ?",
                                                  [indicator_id]).fetchall()}
        con.execute("DELETE FROM indicator_value WHERE indicator_id = ?", [indicator_id])
        con.execute("DELETE FROM indicator WHERE indicator_id = ?", [indicator_id])
    for row, values in written:
        write_indicator(con, row, values, source)
    for source_id in old_sources - kept_sources:  # a source nothing cites any more
        con.execute("DELETE FROM data_source WHERE source_id = ? AND source_id NOT IN "
                    "(SELECT source_id FROM indicator)", [source_id])
    summarise(con, sorted(replaced | {row["indicator_id"] for row, _values in written}))
    validate(con)


def write_indicator(con: duckdb.DuckDBPyConnection, row: dict, values: pd.DataFrame, source: dict) -> None:
    """Replace one indicator: its row, its source and all its values."""
    columns = ["indicator_id", "name", "theme_id", "unit", "polarity", "aggregation", "source", "source_id",
               "is_example", "decimals", "description"]
    con.execute("DELETE FROM indicator_value WHERE indicator_id = ?", [row["indicator_id"]])
    con.execute("DELETE FROM indicator WHERE indicator_id = ?", [row["indicator_id"]])
    con.execute(f"INSERT INTO indicator ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row[c] for c in columns])  # column names are ours
    con.execute("DELETE FROM data_source WHERE source_id = ?", [source["source_id"]])
    con.execute("INSERT INTO data_source VALUES (?, ?, ?, ?, ?, ?)",
                [source[c] for c in ("source_id", "name", "publisher", "licence", "attribution", "is_example")])
    incoming = values.assign(indicator_id=row["indicator_id"])
    if "is_estimate" not in incoming:
        incoming["is_estimate"] = False
    con.register("incoming", incoming)
    con.execute("INSERT INTO indicator_value BY NAME SELECT indicator_id, municipality_code, year, value, is_estimate "
                "FROM incoming")
    con.unregister("incoming")


def replace_programme(con: duckdb.DuckDBPyConnection, programme: Programme,
                      origin: Callable[[pd.DataFrame], tuple[pd.DataFrame, dict[str, str]]]) -> None:
    """Every network, theme choice and membership replaced by `programme`'s; `origin` gives, from the
    `data_source` rows the file has, the rows it is to have and the `build_info` entries to set (where the
    programme came from). Then checked."""
    for table in ("membership", "network_theme", "network"):
        con.execute(f"DELETE FROM {table}")  # table names are ours
    for table, frame in (("network", programme.networks), ("network_theme", programme.network_themes),
                         ("membership", programme.memberships)):
        _insert(con, table, frame)
    sources, info = origin(con.execute("SELECT * FROM data_source").df())
    con.execute("DELETE FROM data_source")
    _insert(con, "data_source", sources)
    con.executemany("INSERT OR REPLACE INTO build_info VALUES (?, ?)", list(info.items()))
    validate(con)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("incoming", frame)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")  # table names are ours
    con.unregister("incoming")
