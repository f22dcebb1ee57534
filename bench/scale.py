"""A database at Kolada scale: the normal build plus synthetic indicators for every 2024 municipality.

    python -m bench.scale --indicators 6000 --years 19 --output /tmp/scaled.duckdb

Runs `kommunedata.build.build` (the same file `python -m kommunedata build` writes), then adds
`--indicators` synthetic indicators with a value for each of the 357 current municipalities
(`municipality.valid_to IS NULL`) in each of the last `--years` years up to `--last-year` (default
2024): 6000 × 357 × 19 ≈ 40.7 million rows in `indicator_value`. The rows are generated entirely in
DuckDB SQL (`range()` and `hash()`), never by a Python loop over rows, and are stored in
(indicator_id, municipality_code, year) order, the order the build writes, so each row group holds a
few indicators and DuckDB's zonemaps let a read of one indicator skip the rest of the table.

The synthetic indicators are honest about what they are: `is_example` true, source
`livskraft_eksempel`, a description saying they are synthetic benchmark data. Themes cycle through
the theme table; polarity and aggregation cycle through the values the schema allows. Weighted means
need a population weight for each (code, year) (the build's check «weighted value without a
population weight»), so `weighted_mean` is used only when `population_weight` covers every year
asked for; otherwise every synthetic indicator is a `sum`.

The build's `build_info` fingerprint is kept unchanged, so the app (`ensure_database`) takes the file
as up to date and does not rebuild it on start; one extra row, `bench_synthetic`, says what was added.
The data contract (`kommunedata.store.CHECKS`) is checked on the result with
`kommunedata.build.validate`, and timed. The file is written beside `--output` and renamed into place.

Prints rows written, seconds per step, the file size and how many row groups a one-indicator read
touches; writes bench/results/scale-*.json. About a minute for the full size on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import duckdb

from bench.common import PROJECT, machine, write_results

sys.path.insert(0, str(PROJECT))

from kommunedata.build import build  # noqa: E402
from kommunedata.store import CHECKS, summarise, validate  # noqa: E402
from kommunedata.config import EXAMPLE_SEED  # noqa: E402
from kommunedata.sources.example import SOURCE_ID  # noqa: E402

POLARITIES = ["higher_better", "lower_better", "neutral"]  # the schema's CHECK values
AGGREGATIONS = ["weighted_mean", "sum"]


def indicator_ids_prefix(count: int) -> tuple[str, int]:
    """`syn0001` …: DuckDB keeps only a prefix of a string column's min/max per row group (8 bytes in
    DuckDB 1.x, 12 in 2.0), so ids that differ only after it (`synthetic_00001`) would defeat the zonemaps
    this layout is for. 8 bytes at most works with both."""
    width = max(4, len(str(count)))
    if 3 + width > 8:
        raise ValueError("at most 99 999 synthetic indicators (ids must differ within 8 bytes)")
    return "syn", width


def add_synthetic(con: duckdb.DuckDBPyConnection, indicators: int, years: int, last_year: int,
                  seed: int = EXAMPLE_SEED, log=print) -> dict:
    """Insert the synthetic catalogue and values into an open, freshly built database; returns counts."""
    prefix, width = indicator_ids_prefix(indicators)
    first_year = last_year - years + 1
    # Variables instead of joins: a join could reorder the generated rows; these are read once.
    con.execute("SET VARIABLE codes = (SELECT list(code ORDER BY code) FROM municipality WHERE valid_to IS NULL)")
    con.execute("SET VARIABLE themes = (SELECT list(theme_id ORDER BY sort_order) FROM theme)")
    municipalities = con.execute("SELECT len(getvariable('codes'))").fetchone()[0]
    missing_weights = con.execute(
        """SELECT count(*) FROM unnest(getvariable('codes')) AS c(code) CROSS JOIN range($first, $last + 1) AS y(year)
           ANTI JOIN population_weight AS p ON p.code = c.code AND p.year = y.year""",
        {"first": first_year, "last": last_year}).fetchone()[0]
    aggregations = AGGREGATIONS if missing_weights == 0 else ["sum"]
    con.execute("SET VARIABLE aggregations = $a", {"a": aggregations})
    con.execute("SET VARIABLE polarities = $p", {"p": POLARITIES})

    # Indicator i (from 0): theme i mod 6, polarity (i div 6) mod 3, aggregation (i div 18) mod 2, so
    # every theme gets every polarity and both aggregations.
    started = time.perf_counter()
    con.execute(
        f"""
        INSERT INTO indicator (indicator_id, name, theme_id, unit, polarity, aggregation, source, source_id,
                               is_example, decimals, description)
        WITH numbered AS (
            SELECT i,
                   getvariable('themes')[i % len(getvariable('themes')) + 1] AS theme_id,
                   getvariable('polarities')[(i // 6) % 3 + 1] AS polarity,
                   getvariable('aggregations')[(i // 18) % len(getvariable('aggregations')) + 1] AS aggregation
            FROM range($n) AS r(i)
        )
        SELECT '{prefix}' || lpad((i + 1)::VARCHAR, {width}, '0'),
               'Syntetisk indikator ' || (i + 1),
               theme_id,
               CASE aggregation WHEN 'sum' THEN 'antall' ELSE 'prosent' END,
               polarity, aggregation,
               'Livskraft ytelsestest (syntetisk)', '{SOURCE_ID}', true,
               CASE aggregation WHEN 'sum' THEN 0 ELSE 1 END,
               'Syntetiske ytelsestestdata (bench/scale.py): tilfeldige tall for å måle appen med mange '
               || 'indikatorer. Ikke reelle tall.'
        FROM numbered ORDER BY i
        """,
        {"n": indicators},
    )
    catalogue_s = time.perf_counter() - started

    # Values: row k of range(indicators × municipalities × years) is indicator k div (m·y), municipality
    # (k div y) mod m, year k mod y: generated in (indicator, code, year) order and inserted in that order
    # (DuckDB preserves insertion order). A per-(indicator, municipality) level and trend from hash() plus
    # yearly noise; rounded to the indicator's decimals (which also lets DuckDB compress the doubles).
    con.execute("SET VARIABLE m = len(getvariable('codes'))")
    per_indicator = municipalities * years
    rows = indicators * per_indicator

    # The real values sort around «syn…» (a… to o… before, v… after): move those after it to the end, so
    # the whole table is in (indicator_id, municipality_code, year) order, as the build writes it.
    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE later_values AS SELECT * FROM indicator_value WHERE indicator_id > '{prefix}'")
    moved = con.execute("SELECT count(*) FROM later_values").fetchone()[0]
    con.execute(f"DELETE FROM indicator_value WHERE indicator_id > '{prefix}'")
    con.execute(
        f"""
        INSERT INTO indicator_value (indicator_id, municipality_code, year, value, is_estimate)
        WITH k AS (
            SELECT k // {per_indicator} AS i, (k // {years}) % {municipalities} AS c, k % {years} AS y
            FROM range({rows}) AS r(k)
        ),
        draws AS (
            SELECT i, c, y,
                   (hash(i, c, {seed}) % 1000000) / 1e6 AS level,       -- per indicator and municipality
                   (hash(i, c, {seed} + 1) % 1000000) / 1e6 - 0.5 AS trend,
                   (hash(i, c, y, {seed} + 2) % 1000000) / 1e6 - 0.5 AS noise
            FROM k
        )
        SELECT '{prefix}' || lpad((i + 1)::VARCHAR, {width}, '0'),
               getvariable('codes')[c + 1],
               {first_year} + y,
               CASE WHEN getvariable('aggregations')[(i // 18) % len(getvariable('aggregations')) + 1] = 'sum'
                    THEN round(greatest(0, 1000 * level * (1 + 0.02 * trend * y) + 50 * noise))
                    ELSE round(least(100, greatest(0, 100 * level + 1.5 * trend * y + 2 * noise)), 1) END,
               false
        FROM draws
        """
    )
    con.execute("INSERT INTO indicator_value SELECT * FROM later_values ORDER BY indicator_id, municipality_code, year")
    values_s = time.perf_counter() - started
    log(f"  {rows:,} values in {values_s:.1f} s ({moved:,} real values moved behind them)")

    con.execute("INSERT INTO build_info VALUES ('bench_synthetic', $v)", {"v": json.dumps(
        {"indicators": indicators, "years": [first_year, last_year], "municipalities": municipalities,
         "rows": rows, "aggregations": aggregations, "seed": seed})})
    return {"indicators": indicators, "municipalities": municipalities, "years": [first_year, last_year],
            "rows": rows, "aggregations": aggregations, "catalogue_s": round(catalogue_s, 2),
            "values_s": round(values_s, 2)}


def row_groups_per_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> tuple[int, int]:
    """(row groups a filter on this indicator cannot skip, row groups in all), from the zonemaps: the
    min/max of indicator_id that DuckDB keeps per row group (a prefix of the strings)."""
    segments = con.execute(
        """SELECT row_group_id, stats FROM pragma_storage_info('indicator_value')
           WHERE column_name = 'indicator_id' AND segment_type = 'VARCHAR'""").fetchall()
    may_hold: dict[int, bool] = {}
    for group, stats in segments:
        low, high = str(stats.get("min", "")), str(stats.get("max", "\uffff"))
        inside = low <= indicator_id[:len(low)] and indicator_id[:len(high)] <= high
        may_hold[group] = may_hold.get(group, False) or inside
    return sum(may_hold.values()), len(may_hold)


def scale(output: Path, indicators: int, years: int, last_year: int = 2024, seed: int = EXAMPLE_SEED,
          log=print) -> dict:
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.with_name(f".{output.name}.{os.getpid()}.scaling")
    report: dict = {"output": str(output)}
    total = time.perf_counter()
    try:
        started = time.perf_counter()
        build(work, progress=lambda _msg: None)
        report["build_s"] = round(time.perf_counter() - started, 2)
        log(f"build: {report['build_s']} s")
        con = duckdb.connect(str(work))
        try:
            fingerprint = con.execute("SELECT value FROM build_info WHERE key = 'fingerprint'").fetchone()[0]
            report.update(add_synthetic(con, indicators, years, last_year, seed, log))
            started = time.perf_counter()
            summarise(con)  # where each indicator has values, as the build and every import keep it
            report["summarise_s"] = round(time.perf_counter() - started, 2)
            log(f"indicator presence and years: {report['summarise_s']} s")
            started = time.perf_counter()
            con.execute("CHECKPOINT")
            report["checkpoint_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            validate(con)  # raises BuildError when a contract check finds rows
            report["validate_s"] = round(time.perf_counter() - started, 2)
            log(f"data contract ({len(CHECKS)} checks): "
                f"passed in {report['validate_s']} s")
            assert con.execute("SELECT value FROM build_info WHERE key = 'fingerprint'").fetchone()[0] == fingerprint
            report["fingerprint"] = fingerprint
            report["indicator_values_total"] = con.execute("SELECT count(*) FROM indicator_value").fetchone()[0]
            prefix, width = indicator_ids_prefix(indicators)
            touched, groups = row_groups_per_indicator(con, f"{prefix}{'1'.zfill(width)}")
            report["row_groups"] = groups
            report["row_groups_for_one_indicator"] = touched
        finally:
            con.close()
        for leftover in (work.with_name(work.name + ".wal"),):
            leftover.unlink(missing_ok=True)
        os.replace(work, output)
    except BaseException:
        for path in (work, work.with_name(work.name + ".wal")):
            path.unlink(missing_ok=True)
        raise
    report["total_s"] = round(time.perf_counter() - total, 2)
    report["bytes"] = output.stat().st_size
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=6000)
    parser.add_argument("--years", type=int, default=19)
    parser.add_argument("--last-year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=EXAMPLE_SEED)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    report = scale(args.output, args.indicators, args.years, args.last_year, args.seed)
    print(f"\n{args.output}: {report['rows']:,} synthetic rows ({report['indicators']} indicators × "
          f"{report['municipalities']} municipalities × {args.years} years {report['years'][0]}–{report['years'][1]}), "
          f"{report['indicator_values_total']:,} values in all")
    print(f"aggregations used: {', '.join(report['aggregations'])}")
    print(f"seconds: build {report['build_s']}, values {report['values_s']}, summary {report['summarise_s']}, "
          f"checkpoint {report['checkpoint_s']}, "
          f"contract checks {report['validate_s']}, total {report['total_s']}")
    print(f"file size: {report['bytes'] / 1e6:,.0f} MB; a one-indicator read touches "
          f"{report['row_groups_for_one_indicator']} of {report['row_groups']} row groups (zonemaps)")
    print(f"fingerprint kept: {report['fingerprint']}")
    write_results("scale", {"machine": machine(), "args": vars(args), **report})
    return 0


if __name__ == "__main__":
    sys.exit(main())
