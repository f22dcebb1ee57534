"""Browser timings in Chromium against a local server. Run: python bench/bench_browser.py

Measures what a presenter feels: opening Temastatus until the theme chart is drawn, and a theme
click until the narrowed page has rerun. Medians of several runs; needs /usr/bin/chromium.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from kommunedata.build import build  # noqa: E402
from tests.e2e.conftest import CHROMIUM, start_server  # noqa: E402
from tests.e2e.helpers import APP_IDLE  # noqa: E402

RUNS = 5
BAR = '[data-testid="stVegaLiteChart"] path[aria-roledescription="bar"]'


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp) / "bench.duckdb", progress=lambda _m: None)
        process, base = start_server(db)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                opened, clicked = [], []
                for run in range(RUNS + 1):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    start = time.perf_counter()
                    page.goto(base + "/")
                    page.wait_for_selector(APP_IDLE)
                    page.wait_for_selector(BAR)
                    if run:  # the first visit also warms the server's caches
                        opened.append((time.perf_counter() - start) * 1000)
                    theme = ["Folkehelse", "Areal", "Kulturarv"][run % 3]
                    start = time.perf_counter()
                    page.locator(f'{BAR}[aria-label*="Tema: {theme}"]').first.click()
                    page.wait_for_url("**tema=**")
                    page.wait_for_selector(APP_IDLE)
                    clicked.append((time.perf_counter() - start) * 1000)
                    page.close()
                browser.close()
        finally:
            process.terminate()
    print(f"open Temastatus until the theme chart is drawn: median {statistics.median(opened):.0f} ms")
    print(f"click a theme bar until the page has rerun:     median {statistics.median(clicked):.0f} ms")


if __name__ == "__main__":
    main()
