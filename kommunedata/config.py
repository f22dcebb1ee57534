"""Where things live: shipped data, the built DuckDB file, and the facts the programme is measured by."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
SCHEMA_FILE = PACKAGE_DIR / "schema.sql"

DEFAULT_DB_PATH = DATA_DIR / "livskraft.duckdb"

# The date of the status given in the KS presentation «FNF-samlingen, Granavolden», Kjetil Bjørklund, KS, 28 August 2007.
STATUS_DATE = date(2007, 8, 28)
PROGRAMME_START = date(2006, 1, 1)
PROGRAMME_END = date(2010, 12, 31)
TODAY_STRUCTURE = date(2024, 1, 1)  # the municipal structure every series is harmonised to

# Seed used by every generator of example data: the same build gives the same data.
EXAMPLE_SEED = 20070828


def db_path() -> Path:
    """The DuckDB file the app reads: env LIVSKRAFT_DB, else data/livskraft.duckdb."""
    override = os.environ.get("LIVSKRAFT_DB")
    return Path(override).expanduser().resolve() if override else DEFAULT_DB_PATH


def import_dir() -> Path:
    """Where imported files and their metadata are kept for the build to replay: env LIVSKRAFT_IMPORTS,
    else data/import."""
    override = os.environ.get("LIVSKRAFT_IMPORTS")
    return Path(override).expanduser().resolve() if override else DATA_DIR / "import"
