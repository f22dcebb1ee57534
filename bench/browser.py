"""Browser timings per page in Chromium, against the same-shape baselines and a bare Streamlit app.

    python -m bench.browser [--db PATH] [--rounds N] [--pages temastatus,kart] [--no-baselines]
    python -m bench.browser --against /tmp/before [--rounds N] [--pages …]

`--against CHECKOUT` is an A/B of two commits: another checkout of the app (`git worktree add
/tmp/before COMMIT`) takes the same-shape baseline's place, interleaved page by page in one Chromium,
and serves its own data/livskraft.duckdb (built on its first start, since its sources' fingerprint may
differ); the tables' «same-shape» columns are then that checkout.

Builds the bundled database into a temporary folder (or uses --db, e.g. one made by bench.scale; it must
carry the current sources' fingerprint, or the app would rebuild it on start), then starts three servers
on free ports of 127.0.0.1: the app (app.py), the same-shape baselines behind the same shell
(bench/baselines/app.py: same page paths, same widget labels) and the bare app (bench/baselines/bare.py).

Each round, for every page of the app and its baseline in turn (interleaved, so a busy moment of the
machine hits both), a fresh browser context
1. opens the page in a defined state (URL parameters, kommunedata/params.py) until the script is idle,
   no element is stale, the first chart or map is in the page and the page has been quiet for 0.5 s
   («open»: from navigation start to the last thing drawn; the JavaScript bundle is fetched anew, as
   on a first visit), then
2. makes the page's interaction(s): Temastatus «Fylke» then «Dato», Nettverk «Nettverk», Utvikling
   «Kommune», Kart «Kommune» (the keyboard's way to a map selection), Presentasjon «Neste» (timed from
   the input event until the script has run and the redrawn page is quiet). Each round picks a value no
   earlier round picked, so the app cannot answer from its cache (the «Neste» button excepted).
The first round warms the servers' caches and is left out of the statistics (it is kept in the JSON
as `first`: the first visitor after a start). See bench/driver.py for how a step is timed.

Prints Markdown tables: medians with min–max of the measured rounds, the ratios app / same-shape
baseline and app / bare, websocket bytes per open and per interaction, and the servers' peak memory
(VmHWM); writes bench/results/browser-*.json. About 10 minutes with the bundled database and 7
rounds on 2 cores; much longer with a scaled database (Nettverk). The machine may be shared with other
work: the numbers are indicative, compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import driver
from bench.common import (APP, BASELINES, Server, database_to_measure, describe_database, kib, machine, ms,
                          markdown_table, median_range, ratio, summary, write_results)

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.e2e.conftest import CHROMIUM  # noqa: E402

KINDS = ("app", "shape", "bare")
LABELS = {"app": "Livskraft", "shape": "same-shape baseline", "bare": "bare app"}


async def run(db: Path, rounds: int, pages: list[driver.PageSpec], baselines: bool, timeout_s: float,
              quiet_ms: float, log=print, against: Path | None = None) -> dict:
    from playwright.async_api import async_playwright

    servers: dict[str, Server] = {}
    results: dict[str, dict[str, list[dict]]] = {}
    try:
        servers["app"] = Server(APP, db, name="app")
        if against is not None:  # an A/B: the other checkout in the baseline's place, no bare app
            servers["shape"] = Server(against / "app.py", name="against", cwd=against)
        elif baselines:
            servers["shape"] = Server(BASELINES / "app.py", name="shape")
            servers["bare"] = Server(BASELINES / "bare.py", name="bare")
        log("servers: " + ", ".join(f"{k} {s.base} (healthy after {s.startup_s:.1f} s)" for k, s in servers.items()))
        targets = [("app", spec) for spec in pages]
        if "shape" in servers:
            targets = [t for spec in pages for t in (("app", spec), ("shape", spec))]
        if "bare" in servers:
            targets.append(("bare", driver.BARE))
        async with async_playwright() as playwright:
            browser = await driver.launch(playwright, CHROMIUM)
            for round_no in range(rounds):
                for kind, spec in targets:
                    steps = results.setdefault(f"{kind}/{spec.name}", {})
                    context, tab = await driver.new_tab(browser)
                    try:
                        measures = {"open": await tab.open(servers[kind].base + spec.path, spec.drawn,
                                                           timeout_s * 1000, quiet_ms)}
                        for interaction in spec.interactions:
                            if not measures["open"].ok:
                                break
                            measures[interaction.name] = await tab.change(interaction, round_no, timeout_s * 1000,
                                                                          quiet_ms)
                        shown = len(await tab.exceptions())
                    finally:
                        await context.close()
                    for step, measure in measures.items():
                        entry = {**measure.as_dict(), "round": round_no, "exceptions": shown,
                                 "page_errors": tab.page_errors[:3]}
                        steps.setdefault(step, []).append(entry)
                    log(f"round {round_no} {kind:5} {spec.name:13} " + "  ".join(
                        f"{step} {m.ms:,.0f} ms" if m.ok else f"{step} FAILED ({m.error})" for step, m in measures.items())
                        + (f"  {shown} exception(s) shown!" if shown else ""))
            await browser.close()
        memory = {kind: {**server.memory(), "startup_s": round(server.startup_s, 2)} for kind, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    return {"results": results, "servers": memory}


def summarise(results: dict[str, dict[str, list[dict]]], warmup: int = 1) -> dict:
    out: dict[str, dict[str, dict]] = {}
    for target, steps in results.items():
        for step, entries in steps.items():
            measured = [e for e in entries if e["round"] >= warmup]
            out.setdefault(target, {})[step] = {
                "ms": summary([e["ms"] for e in measured]),
                "script_ms": summary([e["script_ms"] for e in measured if e["ok"]]),
                "ws_in": statistics.median([e["ws_in"] for e in measured if e["ok"]] or [0]),
                "http_in": statistics.median([e.get("http_in", 0) for e in measured if e["ok"]] or [0]),
                "first": entries[0] if entries and entries[0]["round"] < warmup else None,
                "exceptions": sum(max(e["exceptions"], 0) for e in entries),
                "errors": [e["error"] for e in entries if e["error"]][:3],
            }
    return out


def tables(stats: dict, pages: list[driver.PageSpec], servers: dict, db: dict) -> str:
    bare = stats.get("bare/bare", {})
    lines = [f"Database: {db['path']} ({db['indicators']:,} indicators, {db['indicator_values']:,} values, "
             f"{db['bytes'] / 1e6:,.0f} MB)", ""]
    # 1. open
    rows = []
    for spec in pages:
        app, shape = stats.get(f"app/{spec.name}", {}).get("open"), stats.get(f"shape/{spec.name}", {}).get("open")
        first = app and app["first"]
        rows.append([spec.name, median_range(app and app["ms"]), median_range(app and app["script_ms"]),
                     median_range(shape and shape["ms"]), ratio(app and app["ms"], shape and shape["ms"]),
                     ratio(app and app["ms"], bare.get("open", {}).get("ms")),
                     ms(first["ms"]) if first and first["ok"] else "–"])
    if bare:
        rows.append(["*bare app*", median_range(bare["open"]["ms"]), median_range(bare["open"]["script_ms"]), "", "", "",
                     ms(bare["open"]["first"]["ms"]) if bare["open"]["first"] else "–"])
    lines += ["**Open a page** (fresh browser context; ms, median (min–max))", "",
              markdown_table(["page", "app: drawn", "app: script done", "same-shape: drawn", "app/shape", "app/bare",
                              "app: first visit after start"], rows), ""]
    # 2. interactions
    rows = []
    for spec in pages:
        for interaction in spec.interactions:
            app = stats.get(f"app/{spec.name}", {}).get(interaction.name)
            shape = stats.get(f"shape/{spec.name}", {}).get(interaction.name)
            rows.append([f"{spec.name} · {interaction.label}", median_range(app and app["ms"]),
                         median_range(app and app["script_ms"]), median_range(shape and shape["ms"]),
                         ratio(app and app["ms"], shape and shape["ms"]),
                         ratio(app and app["ms"], bare.get("kategori", {}).get("ms"))])
    if bare:
        rows.append(["*bare app · Kategori*", median_range(bare["kategori"]["ms"]),
                     median_range(bare["kategori"]["script_ms"]), "", "", ""])
    lines += ["**Interaction** (input event until redrawn and idle; ms, median (min–max))", "",
              markdown_table(["page · widget", "app: drawn", "app: script done", "same-shape: drawn", "app/shape",
                              "app/bare"], rows), ""]
    # 3. bytes
    rows = []
    for spec in pages:
        for step in ["open", *(i.name for i in spec.interactions)]:
            app = stats.get(f"app/{spec.name}", {}).get(step)
            shape = stats.get(f"shape/{spec.name}", {}).get(step)
            rows.append([f"{spec.name} · {step}", kib(app and app["ws_in"]), kib(app and app.get("http_in")),
                         kib(shape and shape["ws_in"])])
    if bare:
        rows += [[f"*bare · {step}*", kib(bare[step]["ws_in"]), "", ""] for step in ("open", "kategori")]
    lines += ["**Bytes received** (KiB, median): over the websocket, and the map's layer files fetched over HTTP "
              "(gzip, as sent)", "",
              markdown_table(["page · step", "app websocket", "app files", "same-shape websocket"], rows), ""]
    rows = [[LABELS[k], f"{s['peak_rss'] / 2**20:,.0f}" if s.get("peak_rss") else "–",
             f"{s['rss'] / 2**20:,.0f}" if s.get("rss") else "–", f"{s['startup_s']:.1f}"] for k, s in servers.items()]
    lines += ["**Server memory after the run** (MiB)", "",
              markdown_table(["server", "peak RSS (VmHWM)", "RSS at the end", "healthy after (s)"], rows)]
    failures = {f"{t}/{s}": v["errors"] for t, steps in stats.items() for s, v in steps.items() if v["errors"]}
    shown = {f"{t}/{s}": v["exceptions"] for t, steps in stats.items() for s, v in steps.items() if v["exceptions"]}
    if failures or shown:
        lines += ["", f"Failures: {failures}", f"Exceptions shown in the app: {shown}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to serve (default: the bundled build, made now)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds; the first is a warm-up (default 7)")
    parser.add_argument("--pages", default=",".join(p.name for p in driver.PAGES), help="comma list of pages")
    parser.add_argument("--no-baselines", action="store_true", help="the app only")
    parser.add_argument("--against", type=Path, help="another checkout of the app, in the baseline's place (an A/B)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one step may take (default 300)")
    parser.add_argument("--quiet-ms", type=float, default=500, help="quiet time that ends a step (default 500)")
    args = parser.parse_args(argv)
    if args.rounds < 2:
        parser.error("--rounds must be at least 2 (the first is a warm-up)")
    pages = driver.pages_named(args.pages)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = database_to_measure(args.db, Path(tmp))
        described = describe_database(db)
        at_start = machine()
        outcome = asyncio.run(run(db, args.rounds, pages, not args.no_baselines, args.timeout, args.quiet_ms,
                      log=lambda msg: print(msg, file=sys.stderr, flush=True),
                      against=args.against.resolve() if args.against else None))
    stats = summarise(outcome["results"])
    text = tables(stats, pages, outcome["servers"], described)
    elapsed = time.perf_counter() - started
    print(text)
    print(f"\n{args.rounds - 1} measured rounds (+1 warm-up) in {elapsed / 60:.1f} min; load average at start "
          f"{at_start['load_average'][0]:.2f}, at the end {machine()['load_average'][0]:.2f} "
          f"({at_start['cpus']} CPUs): indicative numbers on a shared machine.")
    name = "browser-scaled" if described["synthetic"] else "browser"  # kept apart for docs/performance.md
    if args.against:  # an A/B is not the page's figure against its baseline
        name = "browser-ab"
    path = write_results(name, {"machine": at_start, "load_average_end": machine()["load_average"],
                                "args": {**vars(args), "db": str(db)}, "database": described,
                                "elapsed_s": round(elapsed, 1), "servers": outcome["servers"], "summary": stats,
                                "results": outcome["results"], "markdown": text})
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
