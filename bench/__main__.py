"""Every benchmark in one command, then docs/performance.md filled in from the results:

    python -m bench            # bundled and 40 M-value database: about 45 minutes on 2 cores
    python -m bench --quick    # the bundled database only, fewer browser rounds: about 15 minutes

Runs bench.scale (a database with 6 000 synthetic indicators, 40.7 M values, in a temporary folder),
bench.server and bench.browser on the bundled and the scaled database, bench.load on the bundled one,
and bench.report. Each step can be run on its own (see bench/__init__.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import browser, load, report, scale, server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="the bundled database only, 3 browser rounds")
    args = parser.parse_args(argv)
    rounds = ["--rounds", "3"] if args.quick else []
    failed = server.main([]) != 0
    failed |= browser.main(rounds) != 0
    failed |= load.main([]) != 0
    if not args.quick:
        with tempfile.TemporaryDirectory(prefix="livskraft-scaled-") as folder:
            scaled = str(Path(folder) / "scaled.duckdb")
            failed |= scale.main(["--indicators", "6000", "--years", "19", "--output", scaled]) != 0
            failed |= server.main(["--db", scaled, "--no-first-runs"]) != 0
            failed |= browser.main(["--db", scaled, "--rounds", "4"]) != 0
    report.main([])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
