"""Server-side timings: the data layer's questions and every page's script run with AppTest, no browser.

    python -m bench.server [--db PATH] [--repeat N] [--pages nettverk,kart] [--no-queries] [--no-first-runs]

Uses --db (e.g. /tmp/scaled.duckdb from bench.scale; it must carry the current sources' fingerprint) or
builds the bundled database into a temporary folder (and then also times the build). Reports, in ms:

1. the data layer: opening the file, `kommunedata.queries` and the
   `views` each page asks for, on the same network (Hallingdal), municipality and date as the browser
   benchmark;
2. per page, with `streamlit.testing.v1.AppTest` on app.py (the whole script: shell and page):
   - «first run after a start»: in a fresh Python process, so nothing is cached or imported yet;
   - «open (caches warm)»: a new session opening the page in the state bench.browser opens it in;
   - each interaction bench.browser makes (same widgets, by key), choosing a value not chosen before,
     so the rerun cannot be answered from the cache (the «Neste» button excepted);
3. the same for the same-shape baselines (bench/baselines/app.py) and the bare app: the floor that
   Streamlit itself sets for a script of that shape, without a browser.

Medians of `--repeat` runs after one warm-up (fewer when a series would take more than `--budget`
seconds: at scale a Nettverk rerun takes about a minute). Writes bench/results/server-*.json. About
a minute with the bundled database; 15-30 minutes with a scaled one. Indicative numbers on a shared
machine: compare rows measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

from bench import driver
from bench.common import (APP, BASELINES, PROJECT, database_to_measure, describe_database, machine,
                          markdown_table, median_range, ms, ratio, summary, write_results)

sys.path.insert(0, str(PROJECT))

NETWORK, MUNICIPALITY, ON = "hallingdal", "0301", date(2007, 8, 28)


def timed(fn, repeat: int, budget_s: float) -> dict:
    """Run `fn` once to warm up, then up to `repeat` times (fewer once `budget_s` is spent, at least one).
    A `fn` that times itself (to leave its preparation out) returns its ms; otherwise its wall time counts."""
    fn()
    times: list[float] = []
    spent = time.perf_counter()
    for _ in range(repeat):
        start = time.perf_counter()
        own = fn()
        times.append(own if isinstance(own, float) else (time.perf_counter() - start) * 1000)
        if time.perf_counter() - spent > budget_s:
            break
    return summary(times)


# ---------------------------------------------------------------- 1. the data layer


def data_layer(db_path: Path, built: bool, repeat: int, budget_s: float, log) -> list[tuple[str, dict]]:
    from kommunedata import indicators, mapping, queries, rules, views
    from kommunedata.build import build, ensure_database
    from kommunedata.db import Database, DatabaseFile

    rows: list[tuple[str, dict]] = []

    def add(name, fn, times=repeat):
        rows.append((name, timed(fn, times, budget_s)))
        log(f"  {name}: {rows[-1][1]['median']:,.1f} ms")

    if built:
        with tempfile.TemporaryDirectory() as tmp:
            add("build (full, from data/)", lambda: build(Path(tmp) / "b.duckdb", progress=lambda _m: None), 2)
    add("ensure_database (up to date)", lambda: ensure_database(db_path))
    live = DatabaseFile(db_path)
    live.current()
    add("DatabaseFile.current (file unchanged: one stat)", live.current, 200)
    add("Database: open a new version (ATTACH)", lambda: Database(db_path).close())
    db = Database(db_path)
    add("one small query (cursor, USE, execute)", lambda: db.query("SELECT 1"), 200)
    add("queries.programme", lambda: queries.programme(db))
    add("queries.indicators (the catalogue)", lambda: queries.indicators(db))
    add("queries.indicators_with_values (Oslo)", lambda: queries.indicators_with_values(db, MUNICIPALITY))
    add("queries.indicator_series (1 municipality)", lambda: queries.indicator_series(db, "vaksine_mmr_2ar", ["3103"]))
    add("queries.indicator_series (all 357, harmonised)", lambda: queries.indicator_series(db, "vaksine_mmr_2ar"))
    add("queries.shapes (2024)", lambda: queries.shapes(db, 2024))
    programme, themes, catalogue = queries.programme(db), queries.themes(db), queries.indicators(db)
    add("rules.status_on", lambda: rules.status_on(programme, ON))
    add("rules.theme_status_on", lambda: rules.theme_status_on(programme, themes, ON))
    add("rules.timeline (61 months)", lambda: rules.timeline(programme, date(2006, 1, 1), date(2010, 12, 31)))
    successors = queries.main_successors(db).set_index("code")
    today = queries.municipalities_on(db, date(2024, 1, 1)).set_index("code")
    names_2024 = today["name"].to_dict()
    counties = today[["county_code", "county_name"]]
    members = views.common.members_to_compare(views.common.members_by_network(programme, ON)[NETWORK], successors,
                                              names_2024)
    header = views.common.network_headers(programme, ON)[NETWORK]
    of_themes = views.common.indicators_for(catalogue, list(header.theme_ids))
    population = indicators.indicator(catalogue, indicators.POPULATION_ID)[0]
    shown, left_out = views.nettverk.grid_indicators(population, of_themes)
    values = {i.indicator_id: queries.indicator_series(db, i.indicator_id) for i in shown}
    add(f"views.nettverk.network_overview (Hallingdal, {len(header.theme_ids)} themes: {len(shown)} indicators)",
        lambda: views.nettverk.network_overview(members, shown, left_out, values, None))
    mmr, coverage = indicators.indicator(catalogue, "vaksine_mmr_2ar")
    mmr_values, people = queries.indicator_series(db, "vaksine_mmr_2ar"), queries.indicator_series(db, "folkemengde")

    def in_depth():
        year = views.nettverk.comparison_year(mmr, members, mmr_values, None)
        areas = views.nettverk.indicator_areas(mmr, coverage, mmr_values, people, counties,
                                               queries.national_reference(db, "vaksine_mmr_2ar", year), year)
        return views.nettverk.network_comparison(members, year, 2007, mmr_values, areas)
    add("views.nettverk.network_comparison (one indicator in depth, with its areas)", in_depth)
    over_time = views.utvikling.indicator_over_time(population, indicators.indicator(catalogue, "folkemengde")[1],
                                                    people, people, queries.national_references(db, "folkemengde"))
    by_code = views.common.member_networks_by_code(programme, successors)
    add("views.utvikling.network_mean_lines (folkemengde, every network)",
        lambda: views.utvikling.network_mean_lines(over_time, programme, successors, names_2024, ON))
    lines = views.utvikling.network_mean_lines(over_time, programme, successors, names_2024, ON)
    add("views.utvikling.municipality_trend (Oslo, folkemengde)",
        lambda: views.utvikling.municipality_trend(over_time, successors, names_2024, MUNICIPALITY, [], None, False,
                                                   views.common.member_networks(programme, by_code, MUNICIPALITY),
                                                   lines))
    shapes = queries.shapes(db, 2024)
    names = dict(zip(themes["theme_id"], themes["short_name"]))
    geometry = mapping.geometry(shapes)
    add("views.kart.map_view (networks, 28.08.2007)",
        lambda: views.kart.map_view(programme, successors, shapes, geometry, names, ON, [], "nettverk",
                                    None, None, None, None))
    db.close()
    return rows


# ---------------------------------------------------------------- 2. pages with AppTest


def _query(spec: driver.PageSpec) -> dict[str, str]:
    return dict(parse_qsl(urlparse(spec.path).query))


def open_page(script: Path, spec: driver.PageSpec, timeout: float, baseline: bool = False):
    """A new session on the page, in the state bench.browser opens it in; returns (AppTest, ms of the page's run).

    Before the first run AppTest finds a page by its file name only, and silently runs the default page
    when the page's URL path differs from its file name (om_dataene.py is at /om-dataene): that page is
    reached by a run, a switch and a run, and only the last run is timed."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=timeout)
    for name, value in _query(spec).items():
        at.query_params[name] = value
    page = spec.baseline if baseline else spec.page_file  # relative to the script's folder
    url_path = urlparse(spec.path).path.strip("/")
    if page and url_path:  # not the default page
        if Path(page).stem == url_path:
            at.switch_page(page)
        else:
            at.run()
            at.switch_page(page)
    start = time.perf_counter()
    at.run()
    return at, (time.perf_counter() - start) * 1000


def _pick_label(box, label: str):
    """Choose a select box option by its label, as the browser does (the widget state carries the label).
    AppTest's own select_index puts the label where the value belongs, which fails for a select box whose
    format_func turns ids into names (network id -> «Hallingdal»)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    class Picked(type(box)):
        @property
        def _widget_state(self):
            state = WidgetState()
            state.id = self.id
            state.string_value = label
            return state

    box.__class__ = Picked
    return box


def interact(at, interaction: driver.Interaction, round_no: int):
    """The AppTest twin of driver.Tab.change: a value not chosen in an earlier round."""
    if interaction.kind == "select":
        box = at.selectbox(key=interaction.key)
        candidates = [i for i in range(len(box.options)) if i != box.index]
        return _pick_label(box, box.options[candidates[round_no % len(candidates)]])
    if interaction.kind == "date":  # a select box of every day (widgets.date_picker): a day further each round
        box = at.selectbox(key=interaction.key)
        return _pick_label(box, box.options[(box.index + round_no + 1) % len(box.options)])
    button = next(b for b in at.button if b.label == interaction.label)
    return button.click()


def page_runs(script: Path, specs: list[driver.PageSpec], baseline: bool, repeat: int, budget_s: float,
              timeout: float, log) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for spec in specs:
        steps = out.setdefault(spec.name, {})
        steps["open"] = timed(lambda spec=spec: open_page(script, spec, timeout, baseline)[1], repeat, budget_s)
        steps["open"]["exceptions"] = len(open_page(script, spec, timeout, baseline)[0].exception)
        log(f"  {script.stem}/{spec.name} open: {steps['open']['median']:,.0f} ms")
        for interaction in spec.interactions:
            at = open_page(script, spec, timeout, baseline)[0]
            rounds = iter(range(repeat + 1))

            def rerun(at=at, interaction=interaction):
                if interaction.kind == "button":  # the same click each time: from a fresh session (slide 1)
                    at = open_page(script, spec, timeout, baseline)[0]
                widget = interact(at, interaction, next(rounds))
                start = time.perf_counter()
                widget.run()
                return (time.perf_counter() - start) * 1000

            steps[interaction.name] = timed(rerun, repeat, budget_s)
            steps[interaction.name]["exceptions"] = len(at.exception)
            log(f"  {script.stem}/{spec.name} {interaction.name}: {steps[interaction.name]['median']:,.0f} ms")
    return out


def first_run_in_fresh_process(db_path: Path, spec: driver.PageSpec, timeout: float) -> float | None:
    """The page's first run after a start: a new Python process, nothing imported or cached."""
    env = {**os.environ, "LIVSKRAFT_DB": str(db_path)}
    done = subprocess.run([sys.executable, "-m", "bench.server", "--first-run-of", spec.name, "--timeout", str(timeout)],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=timeout + 120)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])["ms"]
    except (IndexError, ValueError, KeyError):
        print(done.stderr[-1500:], file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a database (default: the bundled build, made now)")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs per item after a warm-up (default 5)")
    parser.add_argument("--budget", type=float, default=60, help="seconds after which a series stops repeating")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one script run may take")
    parser.add_argument("--pages", default=",".join(p.name for p in driver.PAGES), help="comma list of pages")
    parser.add_argument("--no-queries", action="store_true", help="skip the data layer")
    parser.add_argument("--no-first-runs", action="store_true", help="skip the first runs in fresh processes")
    parser.add_argument("--no-baselines", action="store_true", help="the app only")
    parser.add_argument("--first-run-of", help=argparse.SUPPRESS)  # internal: one page's first run, as JSON
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.first_run_of:
        spec = next(p for p in driver.PAGES if p.name == args.first_run_of)
        print(json.dumps({"ms": open_page(APP, spec, args.timeout)[1]}))
        return 0

    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    specs = driver.pages_named(args.pages)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = database_to_measure(args.db, Path(tmp))
        os.environ["LIVSKRAFT_DB"] = str(db_path)
        described, at_start = describe_database(db_path), machine()
        log(f"database {db_path}: {described['indicators']:,} indicators, {described['indicator_values']:,} values")
        queries = [] if args.no_queries else data_layer(db_path, args.db is None, args.repeat, args.budget, log)
        first = {} if args.no_first_runs else {spec.name: first_run_in_fresh_process(db_path, spec, args.timeout)
                                               for spec in specs}
        log(f"first runs: {first}")
        app = page_runs(APP, specs, False, args.repeat, args.budget, args.timeout, log)
        shape = bare = {}
        if not args.no_baselines:
            shape = page_runs(BASELINES / "app.py", specs, True, args.repeat, args.budget, args.timeout, log)
            bare = page_runs(BASELINES / "bare.py", [driver.BARE], True, args.repeat, args.budget,
                             args.timeout, log)["bare"]

    lines = [f"Database: {described['path']} ({described['indicators']:,} indicators, "
             f"{described['indicator_values']:,} values, {described['bytes'] / 1e6:,.0f} MB)", ""]
    if queries:
        lines += ["**Data layer** (ms, median (min–max))", "",
                  markdown_table(["question", "ms"], [[name, median_range(s).replace(" ms", "")] for name, s in queries]), ""]
    rows = []
    for spec in specs:
        for step in ["open", *(i.name for i in spec.interactions)]:
            a, s = app[spec.name].get(step), shape.get(spec.name, {}).get(step)
            b = bare.get("open" if step == "open" else "kategori")
            rows.append([f"{spec.name} · {step}", median_range(a), median_range(s), ratio(a, s), ratio(a, b),
                         ms(first[spec.name]) if step == "open" and first.get(spec.name) else "",
                         (a or {}).get("exceptions", "")])
    if bare:
        rows += [[f"*bare · {step}*", median_range(bare[step]), "", "", "", "", bare[step].get("exceptions", "")]
                 for step in ("open", "kategori")]
    lines += ["**Script runs with AppTest** (ms, median (min–max); open = a new session, caches warm)", "",
              markdown_table(["page · step", "app", "same-shape", "app/shape", "app/bare",
                              "first run after a start", "exceptions"], rows)]
    text = "\n".join(lines)
    elapsed = time.perf_counter() - started
    print(text)
    print(f"\n{elapsed / 60:.1f} min; load average at start {at_start['load_average'][0]:.2f}, at the end "
          f"{machine()['load_average'][0]:.2f} ({at_start['cpus']} CPUs): indicative numbers on a shared machine.")
    name = "server-scaled" if described["synthetic"] else "server"  # kept apart for docs/performance.md
    path = write_results(name, {"machine": at_start, "args": {**vars(args), "db": str(db_path)},
                                "database": described, "elapsed_s": round(elapsed, 1), "queries": dict(queries),
                                "first_runs": first, "app": app, "shape": shape, "bare": bare, "markdown": text})
    print(f"JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
