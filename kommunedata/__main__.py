"""Command line: `python -m kommunedata build [--output PATH]`, `import FILE …` (one indicator),
`import-programme FILE.xlsx` and `export-programme FILE.xlsx` (the networks, their themes and members)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kommunedata.build import BuildError, build, ensure_database
from kommunedata.config import db_path
from kommunedata.importer import (
    AGGREGATIONS, FAILURES, POLARITIES, Meta, PerInhabitant, export_programme, failure_text, import_file,
    import_programme,
)
from kommunedata.sources.imported import Options, keep_rows


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
    imp.add_argument("--year-columns", metavar="REGEX",
                     help="wide year columns: a regular expression matching their whole name, its first group the "
                          "year (e.g. 'areal_(\\d{4})'); default: every column whose name holds one four-digit year")
    imp.add_argument("--ignore-columns", metavar="NAME[,NAME…]", default="",
                     help="columns that are not source values (e.g. a change computed by whoever extracted the file)")
    imp.add_argument("--code-structure", type=int, metavar="YEAR",
                     help="every year is keyed to this year's municipality codes and names (e.g. 2024)")
    imp.add_argument("--zero-as-missing", action="store_true",
                     help="a 0 means 'no such municipality that year': import it as missing")
    imp.add_argument("--sum-rows", action="store_true",
                     help="sum several rows per municipality and year (e.g. by sector, source or gas)")
    imp.add_argument("--pivot-cache", type=int, metavar="N",
                     help="read the records of the workbook's pivot cache N (1 = first) instead of a sheet")
    imp.add_argument("--code-column", metavar="NAME", help="the column naming the municipality (code or name)")
    imp.add_argument("--fill-code-from", metavar="COLUMN",
                     help="a blank municipality is taken from the rows with the same value in COLUMN "
                          "(continuation rows, e.g. LokalitetID)")
    imp.add_argument("--keep", metavar="COLUMN=VALUE[,VALUE…]", action="append", default=[],
                     help="only rows whose COLUMN holds one of the values (repeatable), e.g. 'Jordstatus=dyrka'")
    imp.add_argument("--drop", metavar="COLUMN=VALUE[,VALUE…]", action="append", default=[],
                     help="leave out rows whose COLUMN holds one of the values (repeatable), e.g. a subtotal")
    imp.add_argument("--from-year", type=int, metavar="YEAR", help="leave out rows of years before YEAR")
    imp.add_argument("--year", type=int, metavar="YEAR", help="a file without years: every value is of YEAR")
    imp.add_argument("--count-rows", action="store_true",
                     help="each row counts one (a register): the value is the number of rows per municipality")
    imp.add_argument("--per-inhabitant", metavar="ID",
                     help="also write ID: the values per inhabitant (population 1 January of the following year)")
    imp.add_argument("--per-inhabitant-unit", help="its unit (default: the unit + ' per innbygger')")
    imp.add_argument("--per-inhabitant-factor", type=float, default=1.0,
                     help="multiply before dividing (e.g. 1000000 for km² to m² per innbygger)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    imp.add_argument("--db", type=Path, default=None, help="the database (default: env LIVSKRAFT_DB or data/…)")
    prog = commands.add_parser("import-programme", help="replace the networks, themes and members with a workbook "
                                                        "(the template export-programme writes)")
    prog.add_argument("file", type=Path)
    prog.add_argument("--source", help="where the programme data come from (shown on «Om dataene»)")
    prog.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    prog.add_argument("--db", type=Path, default=None, help="the database (default: env LIVSKRAFT_DB or data/…)")
    export = commands.add_parser("export-programme", help="write the programme as the template workbook")
    export.add_argument("file", type=Path)
    export.add_argument("--db", type=Path, default=None, help="the database (default: env LIVSKRAFT_DB or data/…)")
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
        if args.command == "export-programme":  # reads the programme: builds a missing or stale file first
            ensure_database(target, progress=lambda msg: print(f"• {msg}", flush=True))
            args.file.write_bytes(export_programme(target))
            print(f"Skrev programmet til {args.file}.")
            return 0
        if args.command == "import-programme":
            report = import_programme(args.file, target, args.source, dry_run=args.dry_run)
            print("\n".join(report.lines()))
            return 0
        per_inhabitant = (PerInhabitant(args.per_inhabitant, args.per_inhabitant_unit, args.per_inhabitant_factor)
                          if args.per_inhabitant else None)
        meta = Meta(args.indicator, args.name, args.unit, args.theme, args.polarity, args.aggregation, args.source,
                    args.description, args.decimals, per_inhabitant)
        options = Options(args.value_column, args.year_columns,
                          tuple(c.strip() for c in args.ignore_columns.split(",") if c.strip()),
                          args.code_structure, args.zero_as_missing, args.sum_rows, args.pivot_cache,
                          args.code_column, args.fill_code_from, keep_rows(args.keep), args.from_year, args.year,
                          args.count_rows, keep_rows(args.drop, "--drop"))
        report = import_file(args.file, meta, target, dry_run=args.dry_run, options=options)
    except FAILURES as error:
        message, examples = failure_text(error, "Eksport" if args.command == "export-programme" else "Import")
        print(message + "".join(f"\n  – {example}" for example in examples) + "\nDatabasen er ikke endret.",
              file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
