"""Command line: `python -m kommunedata build [--output PATH]` and `python -m kommunedata import FILE …`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from kommunedata.build import BuildError, build, ensure_database
from kommunedata.config import db_path
from kommunedata.importer import AGGREGATIONS, POLARITIES, Meta, import_file
from kommunedata.sources.imported import ImportRefused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kommunedata", description="Livskraft data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the DuckDB file from data/ and the example generator")
    build_cmd.add_argument(
        "--output", type=Path, default=None, help="where to write (default: env LIVSKRAFT_DB or data/livskraft.duckdb)"
    )
    imp = commands.add_parser("import", help="import one indicator from an SSB CSV, JSON-stat 2 or Excel/CSV file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--indicator", required=True, help="the indicator's id (new or existing)")
    imp.add_argument("--name")
    imp.add_argument("--unit")
    imp.add_argument("--theme", help="a theme id, or 'ingen' for a background indicator")
    imp.add_argument("--polarity", choices=POLARITIES)
    imp.add_argument("--aggregation", choices=AGGREGATIONS)
    imp.add_argument("--source")
    imp.add_argument("--description")
    imp.add_argument("--decimals", type=int)
    imp.add_argument("--value-column", help="the column (or JSON-stat category) that holds the values")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    imp.add_argument("--db", type=Path, default=None, help="the database (default: env LIVSKRAFT_DB or data/…)")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            build(args.output or db_path(), progress=lambda msg: print(f"• {msg}", flush=True))
        except BuildError as error:
            print(f"Bygging feilet, forrige fil er beholdt.\n{error}", file=sys.stderr)
            return 1
        return 0
    target = args.db or db_path()
    try:
        ensure_database(target, progress=lambda msg: print(f"• {msg}", flush=True))
        meta = Meta(args.indicator, args.name, args.unit, args.theme, args.polarity, args.aggregation, args.source,
                    args.description, args.decimals, args.value_column)
        report = import_file(args.file, meta, target, dry_run=args.dry_run)
    except ImportRefused as refused:
        print(f"Import avvist: {refused.describe()}\nDatabasen er ikke endret.", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"Import avvist: datakontrakten ville blitt brutt.\n{error}\nDatabasen er ikke endret.", file=sys.stderr)
        return 1
    except (OSError, ValueError, duckdb.Error) as error:  # e.g. an unreadable file: say so, without a traceback
        print(f"Import avbrutt: {type(error).__name__}: {error}\nDatabasen er ikke endret.", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
