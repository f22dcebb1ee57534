"""Benchmark: build time, query times and every page's run times. Run: python bench/bench_app.py

Kept for the README's command; the benchmark itself is bench/server.py (python -m bench.server, with
--db to time a scaled database). Speed is measured there, never asserted in tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
