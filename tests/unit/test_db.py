"""Reading the database: read-only, and a replaced file is read anew while old readers finish."""

from __future__ import annotations

import os
import shutil
import threading

import duckdb
import pytest

from kommunedata.db import Database, DatabaseFile


def _copy_with(db_path, target, established: int):
    """A copy of the built file in which `established` networks have an establishment date."""
    shutil.copy(db_path, target)
    with duckdb.connect(str(target)) as con:
        con.execute(
            """UPDATE network SET established_on = NULL
               WHERE network_id NOT IN (SELECT network_id FROM network ORDER BY network_id LIMIT $n)""",
            {"n": established},
        )
    return target


def _established(db: Database) -> int:
    return int(db.query("SELECT count(*) AS n FROM network WHERE established_on IS NOT NULL")["n"].iloc[0])


def test_a_replaced_file_is_read_on_the_next_question(db_path, tmp_path):
    live = _copy_with(db_path, tmp_path / "livskraft.duckdb", established=40)
    database = DatabaseFile(live)
    old = database.current()
    assert _established(old) == 40
    assert database.current() is old  # nothing changed: the same version, no reopening

    os.replace(_copy_with(db_path, tmp_path / "new.duckdb", established=3), live)
    new = database.current()
    assert new is not old and new.version != old.version
    assert _established(new) == 3
    assert _established(old) == 40  # a reader still holding the old version finishes on it


def test_a_plain_connection_to_the_path_would_have_kept_the_old_file(db_path, tmp_path):
    """Why each version is attached on its own: DuckDB reuses an open database for the same path."""
    live = _copy_with(db_path, tmp_path / "livskraft.duckdb", established=40)
    first = duckdb.connect(str(live), read_only=True)
    os.replace(_copy_with(db_path, tmp_path / "new.duckdb", established=3), live)
    second = duckdb.connect(str(live), read_only=True)
    stale = second.execute("SELECT count(*) FROM network WHERE established_on IS NOT NULL").fetchone()[0]
    first.close(), second.close()
    assert stale == 40
    assert _established(DatabaseFile(live).current()) == 3


def test_readers_in_many_threads_while_the_file_is_replaced(db_path, tmp_path):
    live = _copy_with(db_path, tmp_path / "livskraft.duckdb", established=40)
    replacement = _copy_with(db_path, tmp_path / "new.duckdb", established=3)
    database = DatabaseFile(live)
    seen, errors = [], []

    def read():
        try:
            for _ in range(20):
                seen.append(_established(database.current()))
        except Exception as error:  # noqa: BLE001 - any error is the failure
            errors.append(error)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    os.replace(replacement, live)
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(seen) <= {40, 3}
    assert _established(database.current()) == 3


def test_the_database_is_read_only(db_path):
    with pytest.raises(duckdb.Error):
        Database(db_path).query("DELETE FROM network")


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        DatabaseFile(tmp_path / "missing.duckdb").current()


def test_valid_on_is_one_rule_in_sql_and_in_python(db):
    """The macro `valid_on` stored in the file (read through Database: the file attached, `USE livskraft`)
    and kommunedata.sources.klass.valid_on agree on every municipality period, on each day a period
    begins or ends, the days either side and the status date."""
    import pandas as pd

    from kommunedata.sources import klass

    bounds = db.query("SELECT valid_from AS day FROM municipality UNION SELECT valid_to FROM municipality "
                      "WHERE valid_to IS NOT NULL")["day"]
    days = sorted({day + pd.Timedelta(days=shift) for day in bounds for shift in (-1, 0, 1)}
                  | {pd.Timestamp("2007-08-28")})
    rows = db.query(
        """SELECT m.code, m.valid_from, m.valid_to, d.day, valid_on(m.valid_from, m.valid_to, d.day) AS in_sql
           FROM municipality AS m CROSS JOIN (SELECT unnest($days::DATE[]) AS day) AS d""",
        {"days": [day.date() for day in days]},
    )
    in_python = klass.valid_on(rows["valid_from"], rows["valid_to"], rows["day"])
    assert len(rows) == len(days) * len(db.query("SELECT code FROM municipality")) and len(days) > 30
    assert (rows["in_sql"] == in_python).all()
    assert rows["in_sql"].any() and not rows["in_sql"].all()
    on_2024 = rows[rows["day"] == pd.Timestamp("2024-01-01")]
    assert on_2024["in_sql"].sum() == 357
    one = rows.iloc[0]  # single values, as the workbook check asks
    assert klass.valid_on(one["valid_from"], one["valid_to"], one["day"]) == one["in_sql"]
