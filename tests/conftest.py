"""Shared fixtures: one database built per test session, from the shipped data."""

from __future__ import annotations

import pytest

from kommunedata.build import build
from kommunedata.db import Database


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "livskraft.duckdb"
    build(path, progress=lambda _msg: None)
    return path


@pytest.fixture(scope="session")
def db(db_path):
    database = Database(db_path)
    yield database
    database.close()
