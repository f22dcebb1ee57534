"""Command line: `python -m kommunedata build [--output PATH]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kommunedata.build import BuildError, build
from kommunedata.config import db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kommunedata", description="Livskraft data tools")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the DuckDB file from data/ and the example generator")
    build_cmd.add_argument(
        "--output", type=Path, default=None, help="where to write (default: env LIVSKRAFT_DB or data/livskraft.duckdb)"
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            build(args.output or db_path(), progress=lambda msg: print(f"• {msg}", flush=True))
        except BuildError as error:
            print(f"Bygging feilet, forrige fil er beholdt.\n{error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
