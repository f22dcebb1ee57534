"""Twenty people at once, while the database file is replaced twice under them.

    python -m bench.load [--db PATH] [--sessions 20] [--minutes 4]

Starts the app on a free port of 127.0.0.1 (nothing else is contacted) on a copy of the database (the
bundled build made now, or a copy of --db), and drives it from one Chromium with `--sessions` browser
contexts at once (async Playwright). Each session walks the pages the way a person does: open its first
page (sessions start on different pages), change the page's select box (Temastatus «Fylke», Nettverk
«Nettverk», Utvikling and Kart «Kommune»), move on through the top menu, change that page's select box,
and so on round the pages, until the time limit. Every session picks other values than the others, so
most changes cannot be answered from the cache.

At one third and two thirds of the time, the served file is replaced the way `kommunedata.build` does
it: a new file is written beside it (for the bundled database a fresh `build`, for --db a copy of the
file) and renamed over it with `os.replace`. Every session then reads the new version on its next rerun,
with its caches recomputed: twenty sessions miss the cache at once.

Before the load, one session walks the same round alone (after an unmeasured warm-up round), for
comparison. Reports p50 and p95 of the interaction times (select box changes and page switches, input
event until the page title is drawn and the page is idle and quiet: see bench/driver.py), alone, under
load and in the minute after each replacement; how much of one core the server used; and every error:
exceptions the app shows (`[data-testid="stException"]`), JavaScript errors in the pages, tracebacks in
the server's log, and steps that failed or did not finish within `--step-timeout` (with what was
missing: still running, stale elements, never quiet). Errors must be 0. The browser pages run on the
same CPUs as the server: on 2 cores twenty Kart pages (6 MB of map each, drawn by software WebGL) take
much of the machine, so `--pages temastatus,nettverk,utvikling` measures the server with less of that.
Writes bench/results/load-*.json. Bounded: one browser, `--sessions` contexts, `--minutes` plus a
grace of two minutes for the last steps, each step at most `--step-timeout` seconds. About 6 minutes by
default (the single session's rounds, the load, the wind-down). Indicative numbers on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import driver
from bench.common import (APP, PROJECT, Server, build_database, check_fingerprint, describe_database, machine,
                          markdown_table, ms, percentile, process_cpu_seconds, write_results)

sys.path.insert(0, str(PROJECT))

from tests.e2e.conftest import CHROMIUM  # noqa: E402

# The round every session walks: (page, its menu title, the interaction made there). A step is done when the
# page's title is drawn and the page is idle and quiet, not when a chart is: under other sessions'
# selections (a county, a network without figures) a page may rightly show a notice instead of a chart.
SPECS = {spec.name: spec for spec in driver.PAGES}
DRAWN = "h1"
TITLES = {"temastatus": "Temastatus", "nettverk": "Nettverk", "utvikling": "Utvikling over tid", "kart": "Kart"}
ROUND = [(name, title, dataclasses.replace(SPECS[name].interactions[0], drawn=DRAWN)) for name, title in TITLES.items()]


class Walk:
    """One session's walk and what it measured."""

    def __init__(self, number: int, base: str, timeout_s: float):
        self.number, self.base, self.timeout_ms = number, base, timeout_s * 1000
        self.steps: list[dict] = []  # one per step: kind, page, ms, ok, error, at (seconds since the load began)
        self.exceptions: list[str] = []
        self.page_errors: list[str] = []
        self.cookies: dict[str, str] = {}

    def _record(self, kind: str, page: str, measure: driver.Measure, began: float, shown: list[str]) -> None:
        self.steps.append({"session": self.number, "kind": kind, "page": page, "ok": measure.ok, "ms": measure.ms,
                           "skipped": measure.skipped,
                           "script_ms": measure.script_ms, "error": measure.error, "exceptions": len(shown),
                           "at": round(time.perf_counter() - began, 2), "ws_in": measure.ws_in})
        self.exceptions += shown

    async def run(self, browser, began: float, until: float, rounds: int | None = None, first: int = 0) -> None:
        """Round the pages from ROUND[first] until `until` (perf_counter) or after `rounds` rounds."""
        context, tab = await driver.new_tab(browser, self.timeout_ms)
        try:
            position = first
            name, _title, _interaction = ROUND[position]
            measure = await tab.open(self.base + SPECS[name].path, DRAWN, self.timeout_ms)
            self._record("open", name, measure, began, await tab.exceptions())
            step = 0
            while time.perf_counter() < until and (rounds is None or step < rounds * len(ROUND)):
                name, _title, interaction = ROUND[position]
                # a different value for every session and visit: session n's k-th visit
                measure = await tab.change(interaction, self.number * 7 + step // len(ROUND), self.timeout_ms)
                self._record("select", name, measure, began, await tab.exceptions())
                position = (position + 1) % len(ROUND)
                name, title, _interaction = ROUND[position]
                move = driver.Interaction(f"to {name}", "nav", title, drawn=DRAWN)
                measure = await tab.change(move, 0, self.timeout_ms)
                self._record("switch", name, measure, began, await tab.exceptions())
                step += 1
                if not measure.ok:  # lost: start again from the page's address
                    measure = await tab.open(self.base + SPECS[name].path, DRAWN, self.timeout_ms)
                    self._record("open", name, measure, began, await tab.exceptions())
        finally:
            self.page_errors = tab.page_errors
            self.cookies = {c["name"]: c["value"] for c in await context.cookies()}  # behind a proxy: which replica
            await context.close()


async def replace_twice(served: Path, source: Path | None, at: list[float], began: float, log) -> list[dict]:
    """At each moment, write a new file beside the served one and rename it over it (as kommunedata.build does)."""
    done = []
    for moment in at:
        await asyncio.sleep(max(0.0, began + moment - time.perf_counter()))
        tmp = served.with_name(f".{served.name}.{os.getpid()}.replacement")
        started = time.perf_counter()
        if source is None:
            await asyncio.to_thread(build_database, tmp)  # the bundled data, built anew
        else:
            await asyncio.to_thread(shutil.copyfile, source, tmp)
        os.replace(tmp, served)
        done.append({"at": round(time.perf_counter() - began, 2), "prepare_s": round(time.perf_counter() - started, 2)})
        log(f"replaced {served.name} at {done[-1]['at']:.0f} s (new file ready in {done[-1]['prepare_s']:.1f} s)")
    return done


def stats(steps: list[dict]) -> dict:
    done = [s["ms"] for s in steps if s["ok"] and s["kind"] != "open"]
    return {"n": len(done), "p50": percentile(done, 50), "p95": percentile(done, 95), "max": max(done, default=None)}


async def main_async(args, served: Path, source: Path | None, log) -> dict:
    from playwright.async_api import async_playwright

    server = Server(APP, served, name="load")
    report: dict = {"server_startup_s": round(server.startup_s, 2)}
    try:
        async with async_playwright() as playwright:
            browser = await driver.launch(playwright, CHROMIUM)
            # one session alone: a warm-up round, then the measured rounds
            log("one session alone …")
            warm = Walk(100, server.base, args.step_timeout)  # other values than the measured walks choose
            await warm.run(browser, time.perf_counter(), float("inf"), rounds=1)
            alone = Walk(0, server.base, args.step_timeout)
            await alone.run(browser, time.perf_counter(), float("inf"), rounds=args.single_rounds)
            report["single"] = {"steps": alone.steps, "exceptions": alone.exceptions, "page_errors": alone.page_errors}
            log(f"alone: {stats(alone.steps)}")

            log(f"{args.sessions} sessions for {args.minutes} min …")
            cpu_before = process_cpu_seconds(server.pid)
            began = time.perf_counter()
            until = began + args.minutes * 60
            walks = [Walk(n + 1, server.base, args.step_timeout) for n in range(args.sessions)]
            moments = [args.minutes * 60 / 3, args.minutes * 60 * 2 / 3]

            async def staggered(walk: Walk):
                await asyncio.sleep(walk.number * 0.25)  # people do not all press Enter in the same second
                await walk.run(browser, began, until, first=walk.number % len(ROUND))

            jobs = [asyncio.create_task(staggered(w)) for w in walks]
            replacing = asyncio.create_task(replace_twice(served, source, moments, began, log))
            done, pending = await asyncio.wait(jobs + [replacing], timeout=args.minutes * 60 + args.grace)
            for job in pending:  # the time limit: whatever still runs is cut off and counted
                job.cancel()
            report["cut_off"] = len(pending)
            report["replacements"] = replacing.result() if replacing in done and not replacing.exception() else []
            report["walks"] = [{"session": w.number, "exceptions": w.exceptions, "page_errors": w.page_errors}
                               for w in walks]
            report["steps"] = [s for w in walks for s in w.steps]
            report["load_s"] = round(time.perf_counter() - began, 1)
            cpu_after = process_cpu_seconds(server.pid)
            # how busy the server was: 1.0 is one core all the time (the browser had the rest of the machine)
            report["server_cpu_share"] = (round((cpu_after - cpu_before) / report["load_s"], 2)
                                          if cpu_before is not None and cpu_after is not None else None)
            await browser.close()
        report["server_memory"] = server.memory()
    finally:
        server.stop()
        log_text = server.log_path.read_text(errors="replace")
        report["server_tracebacks"] = log_text.count("Traceback")
        report["server_log_tail"] = log_text[-3000:] if "Traceback" in log_text else ""
    return report


def summarise(report: dict) -> tuple[str, dict]:
    steps, single = report["steps"], report["single"]["steps"]
    after = [s for s in steps if any(r["at"] <= s["at"] <= r["at"] + 60 for r in report["replacements"])]
    errors = {
        "exceptions shown in the app": sum(len(w["exceptions"]) for w in report["walks"])
                                       + len(report["single"]["exceptions"]),
        "JavaScript errors in the pages": sum(len(w["page_errors"]) for w in report["walks"])
                                          + len(report["single"]["page_errors"]),
        "tracebacks in the server log": report["server_tracebacks"],
        # not errors of the app as such, but a step nobody would wait for: counted as errors as well
        "steps failed or not done within the step timeout": sum(1 for s in steps + single
                                                                if not s["ok"] and not s["skipped"]),
        "sessions cut off by the time limit": report["cut_off"],
    }
    rows = []
    for label, subset in [("one session alone", single), (f"{len(report['walks'])} sessions at once", steps),
                          ("… in the minute after a replacement", after)]:
        for kind in ("select", "switch"):
            s = stats([x for x in subset if x["kind"] == kind])
            rows.append([label, "select box change" if kind == "select" else "page switch (menu)", s["n"],
                         ms(s["p50"]), ms(s["p95"]), ms(s["max"])])
    per_page = []
    for name, _title, _interaction in ROUND:
        a = stats([x for x in single if x["page"] == name and x["kind"] == "select"])
        b = stats([x for x in steps if x["page"] == name and x["kind"] == "select"])
        per_page.append([name, ms(a["p50"]), ms(b["p50"]), ms(b["p95"]),
                         f"{b['p50'] / a['p50']:.1f}×" if a["p50"] and b["p50"] else "–"])
    memory = report.get("server_memory", {})
    skipped = sum(1 for s in steps + single if s["skipped"])
    text = "\n".join([
        "**Interaction times** (ms; input event until redrawn and idle)", "",
        markdown_table(["sessions", "step", "n", "p50", "p95", "max"], rows), "",
        "**Select box change per page** (ms)", "",
        markdown_table(["page", "alone p50", "under load p50", "under load p95", "p50 load/alone"], per_page), "",
        f"Replacements of the database file at {', '.join(str(r['at']) + ' s' for r in report['replacements'])}; "
        f"server peak RSS {memory.get('peak_rss', 0) / 2**20:,.0f} MiB; the server used "
        f"{report.get('server_cpu_share') or 0:.0%} of one core during the load (the {len(report['walks'])} "
        "browser pages had the rest of the machine).", "",
        "**Errors** (must all be 0): " + ", ".join(f"{k}: {v}" for k, v in errors.items())
        + (f" ({skipped} select box changes skipped: no other option, e.g. one network in the chosen county)"
           if skipped else ""),
    ])
    return text, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database to copy and serve (default: the bundled build)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=4, help="how long the sessions walk (default 4)")
    parser.add_argument("--grace", type=float, default=120, help="seconds after that for the last steps")
    parser.add_argument("--step-timeout", type=float, default=120, help="seconds one step may take")
    parser.add_argument("--single-rounds", type=int, default=2, help="measured rounds of the session alone")
    parser.add_argument("--pages", default=",".join(TITLES), help="the round's pages (default: all four; "
                        "leave out kart to keep the browsers' map drawing off the shared CPUs)")
    args = parser.parse_args(argv)
    wanted = [name.strip() for name in args.pages.split(",") if name.strip() in TITLES]
    ROUND[:] = [step for step in ROUND if step[0] in wanted]
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "livskraft.duckdb"
        source = args.db.resolve() if args.db else None
        if source:
            check_fingerprint(source)
            shutil.copyfile(source, served)  # the given file itself is never replaced
        else:
            build_database(served)
        described, at_start = describe_database(served), machine()
        report = asyncio.run(main_async(args, served, source, log))
    text, errors = summarise(report)
    print(text)
    print(f"\n{(time.perf_counter() - started) / 60:.1f} min; load average at start {at_start['load_average'][0]:.2f}, "
          f"at the end {machine()['load_average'][0]:.2f} ({at_start['cpus']} CPUs): indicative numbers.")
    path = write_results("load", {"machine": at_start, "args": {**vars(args), "db": str(args.db or "")},
                                  "database": described, "errors": errors, "markdown": text, **report})
    print(f"JSON: {path}")
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
