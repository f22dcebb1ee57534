"""Benchmark: build time, query times and Temastatus run times. Run: python bench/bench_app.py

Speed is measured here, never asserted in tests. Figures are medians of several runs on this machine.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kommunedata import programme as rules  # noqa: E402
from kommunedata import queries, views  # noqa: E402
from kommunedata.build import build, ensure_database  # noqa: E402
from kommunedata.db import Database, DatabaseFile  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]


def timed(fn, repeat: int = 5) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        rows.append(("build (full, from data/)", timed(lambda: build(path, progress=lambda _m: None), repeat=3)))
        rows.append(("ensure_database (up to date)", timed(lambda: ensure_database(path))))
        db = Database(path)
        live = DatabaseFile(path)
        live.current()
        rows.append(("DatabaseFile.current (file unchanged: one stat)", timed(live.current, repeat=200)))
        rows.append(("Database: open a new version (ATTACH)", timed(lambda: Database(path))))
        rows.append(("one small query (cursor, USE, execute)", timed(lambda: db.query("SELECT 1"), repeat=200)))
        programme = queries.programme(db)
        themes = queries.themes(db)
        on = date(2007, 8, 28)
        rows.append(("queries.programme", timed(lambda: queries.programme(db))))
        rows.append(("queries.indicators", timed(lambda: queries.indicators(db))))
        rows.append(("indicator_series (1 municipality)", timed(lambda: queries.indicator_series(db, "vaksine_mmr_2ar", ["3103"]))))
        rows.append(("indicator_series (all 357, harmonised)", timed(lambda: queries.indicator_series(db, "vaksine_mmr_2ar"))))
        rows.append(("rules.status_on", timed(lambda: rules.status_on(programme, on))))
        rows.append(("rules.theme_status_on", timed(lambda: rules.theme_status_on(programme, themes, on))))
        rows.append(("rules.timeline (61 months)", timed(lambda: rules.timeline(programme, date(2006, 1, 1), date(2010, 12, 31)), repeat=3)))
        successors = queries.main_successors(db).set_index("code")
        today = queries.municipalities_on(db, date(2024, 1, 1)).set_index("code")
        catalogue = queries.indicators(db)
        members = views.comparison_members(programme, successors, today["name"].to_dict(), "hallingdal", on)
        rows.append(("views.network_overview (Hallingdal, 2 themes)",
                     timed(lambda: views.network_overview(db, catalogue, members, ["folkehelse", "kulturarv"], None), repeat=3)))
        rows.append(("views.network_comparison (one indicator in depth)",
                     timed(lambda: views.network_comparison(db, catalogue, members, today[["county_code", "county_name"]],
                                                            "vaksine_mmr_2ar", None, 2007), repeat=3)))
        rows.append(("views.municipality_trend (Sandefjord, two networks)",
                     timed(lambda: views.municipality_trend(db, programme, successors, today["name"].to_dict(), catalogue,
                                                            "3907", "husholdningsavfall_per_innbygger", [], None, False), repeat=3)))
        shapes = queries.shapes(db, 2024)
        theme_names = dict(zip(themes["theme_id"], themes["short_name"]))
        rows.append(("views.map_view (networks, 28.08.2007)",
                     timed(lambda: views.map_view(programme, successors, shapes, theme_names, on, [], "nettverk"), repeat=3)))
        db.close()

        os.environ["LIVSKRAFT_DB"] = str(path)
        from streamlit.testing.v1 import AppTest

        def first_run():
            AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()

        bare = Path(tmp) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("x")\nst.date_input("Dato", key="d")\n')

        def bare_first_run():
            AppTest.from_file(str(bare)).run()

        rows.append(("bare Streamlit app: first run (AppTest baseline)", timed(bare_first_run)))
        rows.append(("Temastatus: first run of a session (caches warm)", timed(first_run)))
        bare_at = AppTest.from_file(str(bare)).run()
        bare_days = iter([date(2008, 1, 1 + i) for i in range(28)])
        rows.append(("bare Streamlit app: rerun after a date change",
                     timed(lambda: bare_at.date_input(key="d").set_value(next(bare_days)).run())))
        at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
        days = iter([date(2008, 1, 1 + i) for i in range(28)])
        rows.append(("Temastatus: rerun to a date not seen before",
                     timed(lambda: at.date_input(key="_w_dato").set_value(next(days)).run())))
        seen = iter([date(2008, 1, 1 + i % 5) for i in range(28)])
        rows.append(("Temastatus: rerun to a date seen before",
                     timed(lambda: at.date_input(key="_w_dato").set_value(next(seen)).run())))
        for page in ["nettverk", "utvikling", "kart"]:
            def page_run(page=page):
                app = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60).run()
                app.switch_page(f"app_pages/{page}.py").run()
            page_run()  # warm the caches
            rows.append((f"{page}: open from a new session (caches warm, incl. Temastatus first)", timed(page_run, repeat=3)))

    width = max(len(name) for name, _ in rows)
    print(f"{'what':<{width}}  median ms")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.1f}")


if __name__ == "__main__":
    main()
