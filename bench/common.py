"""What every benchmark shares: a Streamlit server for any script, summary statistics, peak memory,
the machine's state, and result files (bench/results/*.json, not committed).
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "results"
BASELINES = PROJECT / "bench" / "baselines"
APP = PROJECT / "app.py"


# ---------------------------------------------------------------- statistics


def summary(values: list[float]) -> dict[str, Any]:
    """Median and spread of repeated measurements (None entries, e.g. timeouts, are counted apart)."""
    done = sorted(v for v in values if v is not None)
    if not done:
        return {"n": 0, "failed": len(values), "median": None, "min": None, "max": None, "q1": None, "q3": None}
    q1, _, q3 = statistics.quantiles(done, n=4, method="inclusive") if len(done) > 1 else (done[0],) * 3
    return {"n": len(done), "failed": len(values) - len(done), "median": statistics.median(done),
            "min": done[0], "max": done[-1], "q1": q1, "q3": q3}


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile (0-100), linear between neighbours; None for no values."""
    done = sorted(values)
    if not done:
        return None
    k = (len(done) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(done) - 1)
    return done[low] + (done[high] - done[low]) * (k - low)


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", "\u2009")


def median_range(s: dict[str, Any]) -> str:
    """«1 234 (1 100–1 400)»: median and min–max, in ms."""
    if not s or s.get("median") is None:
        return "failed" if s and s.get("failed") else "–"
    text = f"{ms(s['median'])} ({ms(s['min'])}–{ms(s['max'])})"
    return text + (f" {s['failed']}✗" if s.get("failed") else "")


def ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b or a.get("median") is None or not b.get("median"):
        return "–"
    return f"{a['median'] / b['median']:.1f}×"


def kib(n: float | None) -> str:
    return "–" if n is None else f"{n / 1024:,.0f}".replace(",", "\u2009")


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on a free port of 127.0.0.1, like tests/e2e/conftest.start_server, but for any
    script (the app or a baseline), with the server's output in a log file (a pipe nobody reads would
    block a chatty server once it is full) and the process id kept for its peak memory."""

    def __init__(self, script: Path, db: Path | None = None, log_dir: Path | None = None, name: str | None = None,
                 cwd: Path = PROJECT):
        self.script = Path(script)
        self.name = name or self.script.stem
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ}
        if db is not None:
            env["LIVSKRAFT_DB"] = str(db)
        log_dir = Path(log_dir or RESULTS / "logs")
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"server-{self.name}-{self.port}.log"
        self._log = open(self.log_path, "wb")
        started = time.perf_counter()
        # cwd is the project (or the other checkout of an A/B): its .streamlit/config.toml (theme, toolbar)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self.pid = self.process.pid
        self._wait_healthy()
        self.startup_s = time.perf_counter() - started

    def _wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Streamlit did not start ({self.script}): {self.log_tail()}")

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def memory(self) -> dict[str, int | None]:
        return process_memory(self.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def process_memory(pid: int) -> dict[str, int | None]:
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in bytes (Linux /proc)."""
    found: dict[str, int | None] = {"peak_rss": None, "rss": None}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found["peak_rss" if key == "VmHWM" else "rss"] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return found


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux /proc/PID/stat), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, IndexError, ValueError):
        return None


# ---------------------------------------------------------------- databases


def build_database(path: Path) -> Path:
    """The normal build (python -m kommunedata build) to `path`."""
    sys.path.insert(0, str(PROJECT))
    from kommunedata.build import build

    return build(Path(path), progress=lambda _msg: None)


def describe_database(path: Path) -> dict[str, Any]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        indicators, values = con.execute(
            "SELECT (SELECT count(*) FROM indicator), (SELECT count(*) FROM indicator_value)").fetchone()
        info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    return {"path": str(path), "bytes": Path(path).stat().st_size, "indicators": indicators,
            "indicator_values": values, "fingerprint": info.get("fingerprint"),
            "synthetic": info.get("bench_synthetic")}


# ---------------------------------------------------------------- the machine and result files


def machine() -> dict[str, Any]:
    """What the numbers were measured on. The load average says whether other work shared the machine."""
    import duckdb
    import streamlit

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except OSError:
        commit = ""
    return {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
            "streamlit": streamlit.__version__, "duckdb": duckdb.__version__, "commit": commit,
            "platform": platform.platform(), "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def write_results(name: str, data: dict[str, Any]) -> Path:
    """bench/results/NAME-<time>.json and NAME-latest.json (the one docs are regenerated from)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    path = RESULTS / f"{name}-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (RESULTS / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def database_to_measure(given: Path | None, folder: Path) -> Path:
    """The database a benchmark serves: `given` (--db, checked against the current sources), or the
    bundled data built now into `folder`."""
    path = given.resolve() if given else build_database(folder / "livskraft.duckdb")
    check_fingerprint(path)
    return path


def check_fingerprint(path: Path) -> None:
    """Refuse a database the app would rebuild on start: `ensure_database` replaces a file whose fingerprint
    differs from the current sources (e.g. a scaled file made before the build code changed), and the
    benchmark would then measure the bundled data under the scaled file's name."""
    sys.path.insert(0, str(PROJECT))
    from kommunedata.build import source_fingerprint, stored_fingerprint

    stored, current = stored_fingerprint(Path(path)), source_fingerprint()
    if stored != current:
        raise SystemExit(f"{path}: fingerprint {stored} is not the sources' {current}; the app would rebuild it. "
                         "Make it again (python -m kommunedata build / python -m bench.scale).")
