"""The image itself: built from the Dockerfile, started, its health endpoint and first page fetched.

Runs where docker or podman can build and run images; elsewhere it is skipped with the reason (the
replica tests cover the same entry script and settings without a container)."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid

import pytest

from playwright.sync_api import expect

from tests.deploy.stack import get
from tests.e2e.helpers import exceptions, open_app
from tests.e2e.conftest import PROJECT, _free_port


def container_engine() -> tuple[str | None, str]:
    """The first engine that answers `info` (a running daemon, or podman), or None and why not."""
    reasons = []
    for name in ("docker", "podman"):
        path = shutil.which(name)
        if path is None:
            reasons.append(f"no {name}")
            continue
        result = subprocess.run([path, "info"], capture_output=True, text=True, timeout=30)
        if result.returncode == 0:
            return path, ""
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        reasons.append(f"{name} info failed: {last}")
    return None, "; ".join(reasons)


def test_the_image_builds_starts_and_serves_the_first_page(request):
    engine, reason = container_engine()
    if engine is None:
        pytest.skip(f"no container engine can run images here ({reason})")
    browser = request.getfixturevalue("browser")  # only once there is an image to look at
    tag = f"livskraft-test:{uuid.uuid4().hex[:8]}"
    name = f"livskraft-test-{uuid.uuid4().hex[:8]}"
    port = _free_port()
    subprocess.run([engine, "build", "-t", tag, str(PROJECT)], check=True, timeout=900)
    try:
        subprocess.run([engine, "run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8501", tag],
                       check=True, capture_output=True, timeout=60)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # the first start builds the database into the volume
        answer = (0, "")
        while time.monotonic() < deadline:
            try:
                answer = get(base + "/_stcore/health")
                if answer == (200, "ok"):
                    break
            except OSError:
                pass
            time.sleep(1)
        assert answer == (200, "ok")
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
        try:
            page = context.new_page()
            open_app(page, base)
            expect(page.locator("h1").first).to_have_text("Temastatus")
            expect(exceptions(page)).to_have_count(0)
        finally:
            context.close()
        user = subprocess.run([engine, "exec", name, "id", "-u"], capture_output=True, text=True, check=True)
        assert user.stdout.strip() != "0"  # not root
    finally:
        subprocess.run([engine, "rm", "-f", name], capture_output=True, timeout=60)
        subprocess.run([engine, "rmi", "-f", tag], capture_output=True, timeout=60)
