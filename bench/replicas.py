"""Sessions per replica: 20 and 40 sessions through HAProxy against one and two replicas.

    python -m bench.replicas [--sessions 20,40] [--replicas 1,2] [--minutes 1.5] [--pages …]

The deployment of docs/deploy.md on 127.0.0.1: the database built by `deploy/entrypoint.sh prepare`,
replicas started by `deploy/entrypoint.sh` (the image's entry point) on free ports, and Debian's HAProxy
with deploy/haproxy.cfg in front (with one replica, both of its `server` lines name the same process).
For each number of replicas and of sessions, one Chromium drives the sessions through the proxy exactly
as bench.load does (each session walks the pages changing a select box and switching page, without
pauses, other values than the others), after one unmeasured warm-up round per replica.

Reports per replica: its sessions (from HAProxy's cookie in each browser context); its CPU per
interaction (user + system time of the process over the load, divided by its sessions' steps: page
opens, select box changes and page switches); its share of a core; its memory per session (peak RSS
during the load above the RSS after the warm-up, divided by its sessions); its sessions' interaction
p50/p95 (select box changes and page switches, input event until redrawn and idle); and every error
(exceptions shown, JavaScript errors, failed steps, sessions cut off, tracebacks in the replicas' logs).
The browsers share the machine with the replicas: on 2 cores the interaction times say more about the
machine than about Streamlit, the CPU per interaction less so. The load average is recorded before and
after each run. Writes bench/results/replicas-*.json, the logs to bench/results/logs/. Bounded: per run
`--minutes` plus `--grace`; about 14 minutes for the four runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load
from bench.common import (PROJECT, RESULTS, free_port, machine, markdown_table, ms, percentile, process_cpu_seconds,
                          process_memory, write_results)

sys.path.insert(0, str(PROJECT))

from tests.deploy import stack  # noqa: E402
from tests.e2e.conftest import CHROMIUM  # noqa: E402

COOKIE = "LIVSKRAFT_REPLICA"


class Deployment:
    """`replicas` app processes and HAProxy in front, started as tests/deploy starts them (tests.deploy.stack)."""

    def __init__(self, replicas: int, env: dict[str, str], folder: Path):
        ports = [free_port() for _ in range(replicas)]
        self.logs = [folder / f"replica-{replicas}-{number + 1}-{port}.log" for number, port in enumerate(ports)]
        self.apps = [stack.start_replica(env, port, log) for port, log in zip(ports, self.logs)]
        # which replica each of HAProxy's servers is: with one replica, both are the same process
        self.replica_of = {server: index % replicas for index, server in enumerate(stack.SERVERS)}
        proxy_port, stats_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{proxy_port}"
        self.stats = f"http://127.0.0.1:{stats_port}"
        self.proxy = stack.start_proxy(env, {server: ports[self.replica_of[server]] for server in stack.SERVERS},
                                       proxy_port, stats_port, folder / f"haproxy-{replicas}-{proxy_port}.log")
        self._wait_up()

    def _wait_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                rows = stack.servers(self.stats)
                if len(rows) == len(stack.SERVERS) and all(row["status"] == "UP" for row in rows.values()):
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("the replicas did not come UP behind HAProxy")

    def stop(self) -> None:
        stack.stop([self.proxy, *self.apps])


async def run(replicas: int, sessions: int, args, env: dict[str, str], folder: Path, log) -> dict:
    from playwright.async_api import async_playwright

    from bench import driver

    deployment = Deployment(replicas, env, folder)
    pids = [app.pid for app in deployment.apps]
    result: dict = {"replicas": replicas, "sessions": sessions, "load_average_before": os.getloadavg()}
    try:
        async with async_playwright() as playwright:
            browser = await driver.launch(playwright, CHROMIUM)
            for number in range(replicas):  # new visitors alternate: one warm-up round on each replica
                await load.Walk(100 + number, deployment.base, args.step_timeout).run(
                    browser, time.perf_counter(), float("inf"), rounds=1)
            rss_warm = [process_memory(pid)["rss"] for pid in pids]
            peak = list(rss_warm)
            cpu_before = [process_cpu_seconds(pid) for pid in pids]
            began = time.perf_counter()
            until = began + args.minutes * 60
            walks = [load.Walk(n + 1, deployment.base, args.step_timeout) for n in range(sessions)]

            async def staggered(walk):
                await asyncio.sleep(walk.number * 0.25)
                await walk.run(browser, began, until, first=walk.number % len(load.ROUND))

            async def sample():  # RSS while the sessions are open (a session's memory goes when it closes)
                while True:
                    for i, pid in enumerate(pids):
                        peak[i] = max(peak[i], process_memory(pid)["rss"] or 0)
                    await asyncio.sleep(1)

            sampler = asyncio.create_task(sample())
            jobs = [asyncio.create_task(staggered(w)) for w in walks]
            done, pending = await asyncio.wait(jobs, timeout=args.minutes * 60 + args.grace)
            for job in pending:
                job.cancel()
            await asyncio.gather(*pending, return_exceptions=True)  # their contexts close before the browser
            sampler.cancel()
            load_s = time.perf_counter() - began
            cpu_after = [process_cpu_seconds(pid) for pid in pids]
            await browser.close()
    finally:
        deployment.stop()
    tracebacks = [log_path.read_text(errors="replace").count("Traceback") for log_path in deployment.logs]
    per_replica = []
    for i in range(replicas):
        mine = [w for w in walks if deployment.replica_of.get(w.cookies.get(COOKIE), -1) == i]
        steps = [s for w in mine for s in w.steps if s["ok"]]  # the CPU pays for page opens too: counted
        cpu = cpu_after[i] - cpu_before[i]
        times = [s["ms"] for s in steps if s["kind"] != "open"]  # select box changes and page switches
        per_replica.append({
            "replica": i + 1, "sessions": len(mine), "interactions": len(steps), "cpu_s": round(cpu, 1),
            "cores": round(cpu / load_s, 2),
            "cpu_ms_per_interaction": round(cpu * 1000 / len(steps), 1) if steps else None,
            "rss_warm_mib": round(rss_warm[i] / 2**20), "rss_peak_mib": round(peak[i] / 2**20),
            "mib_per_session": round((peak[i] - rss_warm[i]) / 2**20 / len(mine), 1) if mine else None,
            "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "tracebacks": tracebacks[i]})
    all_steps = [s for w in walks for s in w.steps]
    result.update({
        "load_s": round(load_s, 1), "load_average_after": os.getloadavg(), "per_replica": per_replica,
        "unassigned_sessions": sum(1 for w in walks if w.cookies.get(COOKIE) not in deployment.replica_of),
        "errors": {"exceptions shown": sum(len(w.exceptions) for w in walks),
                   "JavaScript errors": sum(len(w.page_errors) for w in walks),
                   "steps failed": sum(1 for s in all_steps if not s["ok"] and not s["skipped"]),
                   "sessions cut off": len(pending), "tracebacks": sum(tracebacks)},
        "steps": all_steps,
    })
    log(f"{replicas} replica(s), {sessions} sessions: " + "; ".join(
        f"#{r['replica']} {r['sessions']} sessions {r['cpu_ms_per_interaction']} ms CPU/interaction "
        f"{r['mib_per_session']} MiB/session p50 {ms(r['p50_ms'])} p95 {ms(r['p95_ms'])}" for r in per_replica)
        + f"; errors {result['errors']}; load {result['load_average_before'][0]:.1f}→{result['load_average_after'][0]:.1f}")
    return result


def summarise(runs: list[dict]) -> str:
    rows = []
    for run in runs:
        for r in run["per_replica"]:
            rows.append([run["replicas"], run["sessions"], r["replica"], r["sessions"], r["interactions"],
                         r["cpu_ms_per_interaction"], f"{r['cores']:.2f}", r["rss_warm_mib"], r["rss_peak_mib"],
                         r["mib_per_session"], ms(r["p50_ms"]), ms(r["p95_ms"]),
                         f"{run['load_average_before'][0]:.1f} → {run['load_average_after'][0]:.1f}",
                         sum(run["errors"].values())])
    return markdown_table(["replicas", "sessions", "replica", "its sessions", "interactions", "CPU ms/interaction",
                           "cores used", "RSS warm MiB", "RSS peak MiB", "MiB/session", "p50 ms", "p95 ms",
                           "load avg before → after", "errors"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="20,40")
    parser.add_argument("--replicas", default="1,2")
    parser.add_argument("--minutes", type=float, default=1.5, help="how long the sessions walk per run")
    parser.add_argument("--grace", type=float, default=90, help="seconds after that for the last steps")
    parser.add_argument("--step-timeout", type=float, default=90)
    parser.add_argument("--pages", default="temastatus,nettverk,utvikling",
                        help="the round's pages (default without kart: twenty browsers drawing the map in "
                             "software WebGL would take the shared CPUs from the replicas)")
    args = parser.parse_args(argv)
    wanted = [name.strip() for name in args.pages.split(",") if name.strip() in load.TITLES]
    load.ROUND[:] = [step for step in load.ROUND if step[0] in wanted]
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    at_start = machine()
    runs = []
    with tempfile.TemporaryDirectory(prefix="livskraft-replicas-") as tmp:
        folder = Path(tmp)
        logs = RESULTS / "logs"  # the replicas' and HAProxy's logs outlive the run
        logs.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               "LIVSKRAFT_DB": str(folder / "livskraft.duckdb"), "LIVSKRAFT_IMPORTS": str(folder / "import")}
        env.pop("LIVSKRAFT_IMPORT_PASSWORD", None)
        subprocess.run([str(stack.ENTRYPOINT), "prepare"], env=env, check=True, capture_output=True, timeout=300)
        for replicas in [int(n) for n in args.replicas.split(",")]:
            for sessions in [int(n) for n in args.sessions.split(",")]:
                runs.append(asyncio.run(run(replicas, sessions, args, env, logs, log)))
    text = summarise(runs)
    print(text)
    print(f"\nload average at start {at_start['load_average'][0]:.2f}, at the end {os.getloadavg()[0]:.2f} "
          f"({at_start['cpus']} CPUs), pages {','.join(wanted)}, {args.minutes} min per run: indicative numbers.")
    path = write_results("replicas", {"machine": at_start, "args": vars(args), "markdown": text, "runs": runs})
    print(f"JSON: {path}")
    return 1 if any(sum(run["errors"].values()) for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
