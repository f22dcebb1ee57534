"""Livskraft deployed on 127.0.0.1 as the image and compose run it: replicas started by
deploy/entrypoint.sh, HAProxy with deploy/haproxy.cfg in front. Shared by tests/deploy (the proof) and
bench.replicas (the sizing), so both start exactly what the image does."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
ENTRYPOINT = PROJECT / "deploy" / "entrypoint.sh"
HAPROXY_CFG = PROJECT / "deploy" / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
SERVERS = ("app1", "app2")  # the server names in deploy/haproxy.cfg, which are also its cookie values


def start_replica(env: Mapping[str, str], port: int, log: Path) -> subprocess.Popen:
    """One replica, as the image's entry point starts it, on 127.0.0.1:`port`, its output to `log`."""
    with open(log, "wb") as out:
        return subprocess.Popen([str(ENTRYPOINT)], stdout=out, stderr=subprocess.STDOUT,
                                env={**env, "LIVSKRAFT_PORT": str(port), "LIVSKRAFT_ADDRESS": "127.0.0.1"})


def start_proxy(env: Mapping[str, str], server_ports: Mapping[str, int], proxy_port: int, stats_port: int,
                log: Path) -> subprocess.Popen:
    """HAProxy with the project's own configuration, each of SERVERS pointing at its replica's port."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [HAPROXY, "-db", "-f", str(HAPROXY_CFG)], stdout=out, stderr=subprocess.STDOUT,
            env={**env, "LIVSKRAFT_PROXY_BIND": f"127.0.0.1:{proxy_port}",
                 "LIVSKRAFT_STATS_BIND": f"127.0.0.1:{stats_port}",
                 **{f"LIVSKRAFT_{server.upper()}": f"127.0.0.1:{server_ports[server]}" for server in SERVERS}})


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    """Status and body of a GET (an HTTP error status is an answer, not an exception)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def servers(stats: str) -> dict[str, dict[str, str]]:
    """HAProxy's own view of each replica (its CSV status page at `stats`): status UP/DOWN, scur = open
    streams."""
    _status, text = get(stats + "/;csv")
    rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
    return {row["svname"]: row for row in rows if row["pxname"] == "replicas" and row["svname"] in SERVERS}


def stop(processes: Iterable[subprocess.Popen | None]) -> None:
    """Each process still running: asked to end, killed after 10 s."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
