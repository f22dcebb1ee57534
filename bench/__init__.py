"""Benchmarks for Livskraft: speed is measured here, never asserted in tests.

One command per question (each module's docstring says how to run it and what it reports):

    python -m bench.scale --indicators 6000 --years 19 --output /tmp/scaled.duckdb   # a large database
    python -m bench.server [--db PATH]                                                # AppTest reruns per page
    python -m bench.browser [--db PATH] [--rounds N]                                  # Chromium: open + interact
    python -m bench.load [--db PATH]                                                  # 20 sessions at once
    python -m bench.same_map [--db PATH]                                              # Kart, baseline with the real map
    python -m bench.replicas [--sessions 20,40] [--replicas 1,2]                      # through HAProxy: per replica

Results are printed as Markdown and written as JSON to bench/results/ (not committed), so
docs/performance.md can be regenerated from them.
"""
