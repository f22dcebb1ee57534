"""Kart against a same-shape baseline that draws the app's own map instead of 40 squares: how much of a
map change, and of opening Kart, is Livskraft's, and how much is the map of Norway drawn in the browser.

    python -m bench.same_map [--db PATH] [--rounds N]

Runs the app's Kart page once (AppTest) in the benchmark's view, copies the three layer files its deck
loads (polygons, municipal and county borders) beside the baselines (bench/baselines/static/kart/, not
committed) and names them in a small file, then runs bench.browser for Kart with the baseline server
told to draw them (LIVSKRAFT_BASELINE_MAP, see bench/baselines/kart.py). Prints bench.browser's tables,
where «same-shape» is now the baseline with the real map; writes bench/results/same-map-*.json (not
read by bench.report). About 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import browser, driver
from bench.common import APP, BASELINES, PROJECT, database_to_measure, describe_database, machine, write_results

LAYERS = ("kommuner", "kommunegrenser", "fylker")


def app_layer_urls(db: Path) -> dict[str, str]:
    """The URLs of the large layers the app's Kart deck loads in the benchmark's view."""
    from streamlit.testing.v1 import AppTest

    os.environ["LIVSKRAFT_DB"] = str(db)
    spec = next(page for page in driver.PAGES if page.name == "kart")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(spec.page_file)
    for pair in spec.path.split("?", 1)[1].split("&"):
        name, value = pair.split("=", 1)
        at.query_params[name] = value
    at.run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    urls = {layer["id"]: layer["data"] for layer in deck["layers"] if layer["id"] in LAYERS}
    if sorted(urls) != sorted(LAYERS) or not all(isinstance(url, str) for url in urls.values()):
        raise SystemExit("the app's deck does not load its layers from files (is the static folder writable?)")
    return urls


def place_beside_baselines(urls: dict[str, str]) -> Path:
    """Copies the layer files into the baselines' static folder (same URLs there) and writes their names."""
    for url in urls.values():
        relative = url.removeprefix("app/")  # app/static/kart/<name>.json, relative to the page
        target = BASELINES / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / relative, target)
    names = BASELINES / "static" / "kart" / "map.json"
    names.write_text(json.dumps(urls), encoding="utf-8")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.same_map", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to serve (default: the bundled build, made now)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds; the first is a warm-up (default 7)")
    args = parser.parse_args(argv)
    pages = driver.pages_named("kart")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = database_to_measure(args.db, Path(tmp))
        described = describe_database(db)
        os.environ["LIVSKRAFT_BASELINE_MAP"] = str(place_beside_baselines(app_layer_urls(db)))
        at_start = machine()
        outcome = asyncio.run(browser.run(db, args.rounds, pages, True, 300, 500,
                                          log=lambda msg: print(msg, file=sys.stderr, flush=True)))
    stats = browser.summarise(outcome["results"])
    text = browser.tables(stats, pages, outcome["servers"], described)
    print(text.replace("same-shape", "same shape, same map"))
    path = write_results("same-map", {"machine": at_start, "args": {**vars(args), "db": str(db)},
                                      "database": described, "elapsed_s": round(time.perf_counter() - started, 1),
                                      "summary": stats, "results": outcome["results"], "markdown": text})
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
