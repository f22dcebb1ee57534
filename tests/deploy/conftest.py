"""Livskraft as deployed: two replicas started by deploy/entrypoint.sh (the image's entry point) behind
Debian's HAProxy running deploy/haproxy.cfg (the configuration compose uses), all on 127.0.0.1.

Without HAProxy the tests are skipped, except in CI (CI=true), where it must be there (.ci/run installs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy.stack import ENTRYPOINT, HAPROXY, SERVERS, servers, start_proxy, start_replica, stop
from tests.e2e.conftest import _free_port, browser_for, chromium_path  # noqa: F401  (a fixture used here)

PASSWORD = "deploy-test-hemmelig"
REPLICAS = SERVERS  # which are also HAProxy's cookie values


@pytest.fixture(scope="module")
def browser(chromium_path):  # noqa: F811
    """Chromium launched as tests/e2e launches it, for this folder only: not left running through the rest
    of the suite, as a session-wide one would be."""
    yield from browser_for(chromium_path)


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
        """HAProxy's own view of each replica (stack.servers)."""
        return servers(self.stats)

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
            stack.apps[name] = start_replica(env, stack.ports[name], folder / f"{name}.log")
        proxy_port, stats_port = _free_port(), _free_port()
        stack.base, stack.stats = f"http://127.0.0.1:{proxy_port}", f"http://127.0.0.1:{stats_port}"
        stack.proxy = start_proxy(env, stack.ports, proxy_port, stats_port, folder / "haproxy.log")
        _wait(lambda: all(stack.servers().get(name, {}).get("status") == "UP" for name in REPLICAS),
              "both replicas UP in HAProxy's health checks")
        yield stack
    finally:
        stop([stack.proxy, *stack.apps.values()])
    for name in REPLICAS:
        assert PASSWORD not in stack.log(name)  # the mounted secret is never logged
