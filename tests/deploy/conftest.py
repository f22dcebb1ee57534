"""Livskraft as deployed: two replicas started by deploy/entrypoint.sh (the image's entry point) behind
Debian's HAProxy running deploy/haproxy.cfg (the configuration compose uses), all on 127.0.0.1.

Without HAProxy the tests are skipped, except in CI (CI=true), where it must be there (.ci/run installs it).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.conftest import PROJECT, _free_port, chromium_path  # noqa: F401  (a fixture used here)

ENTRYPOINT = PROJECT / "deploy" / "entrypoint.sh"
HAPROXY_CFG = PROJECT / "deploy" / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PASSWORD = "deploy-test-hemmelig"
REPLICAS = ("app1", "app2")  # the server names in deploy/haproxy.cfg, which are also its cookie values


@pytest.fixture(scope="module")
def browser(chromium_path):  # noqa: F811
    """Chromium launched as tests/e2e launches it, for this folder only: not left running through the rest
    of the suite, as a session-wide one would be."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield launched
        launched.close()


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    """Status and body of a GET (an HTTP error status is an answer, not an exception)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@dataclass
class Stack:
    folder: Path
    db: Path
    env: dict[str, str]
    base: str = ""
    stats: str = ""
    apps: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    proxy: subprocess.Popen | None = None

    def servers(self) -> dict[str, dict[str, str]]:
        """HAProxy's own view of each replica (its CSV status page): status UP/DOWN, scur = open streams."""
        _status, text = get(self.stats + "/;csv")
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {row["svname"]: row for row in rows if row["pxname"] == "replicas" and row["svname"] in REPLICAS}

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")


def _wait(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory, chromium_path):  # noqa: F811
    if not Path(HAPROXY).exists():
        message = "HAProxy not found (Debian package 'haproxy'); .ci/run installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: the deploy tests must run in CI")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("deploy")
    secret = folder / "import_password"
    secret.write_text(PASSWORD)
    env = {**os.environ,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # this Python first
           "LIVSKRAFT_DB": str(folder / "data" / "livskraft.duckdb"),
           "LIVSKRAFT_IMPORTS": str(folder / "data" / "import"),
           "LIVSKRAFT_IMPORT_PASSWORD_FILE": str(secret)}
    env.pop("LIVSKRAFT_IMPORT_PASSWORD", None)
    stack = Stack(folder, Path(env["LIVSKRAFT_DB"]), env)
    # what compose's one-shot `prepare` service does before the replicas start
    subprocess.run([str(ENTRYPOINT), "prepare"], env=env, check=True, capture_output=True, timeout=120)
    try:
        for name in REPLICAS:
            stack.ports[name] = _free_port()
            with open(folder / f"{name}.log", "wb") as log:
                stack.apps[name] = subprocess.Popen(
                    [str(ENTRYPOINT)], env={**env, "LIVSKRAFT_PORT": str(stack.ports[name]),
                                            "LIVSKRAFT_ADDRESS": "127.0.0.1"},
                    stdout=log, stderr=subprocess.STDOUT)
        proxy_port, stats_port = _free_port(), _free_port()
        stack.base, stack.stats = f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{stats_port}"
        with open(folder / "haproxy.log", "wb") as log:
            stack.proxy = subprocess.Popen(
                [HAPROXY, "-db", "-f", str(HAPROXY_CFG)],
                env={**env, "LIVSKRAFT_PROXY_BIND": f"127.0.0.1:{proxy_port}",
                     "LIVSKRAFT_STATS_BIND": f"127.0.0.1:{stats_port}",
                     **{f"LIVSKRAFT_{name.upper()}": f"127.0.0.1:{stack.ports[name]}" for name in REPLICAS}},
                stdout=log, stderr=subprocess.STDOUT)
        _wait(lambda: all(stack.servers().get(name, {}).get("status") == "UP" for name in REPLICAS),
              "both replicas UP in HAProxy's health checks")
        yield stack
    finally:
        for process in [stack.proxy, *stack.apps.values()]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    for name in REPLICAS:
        assert PASSWORD not in stack.log(name)  # the mounted secret is never logged
