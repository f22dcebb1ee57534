"""Two replicas behind HAProxy, in real Chromium through the proxy: sessions are spread and stay on their
replica, a rebuilt database reaches both, a killed replica costs its sessions only a reconnect, and the
proxy's health stays green while one replica lives.

The tests share one stack (tests/deploy/conftest.py) and run in file order; the last kills a replica.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time

import duckdb
from playwright.sync_api import expect

from tests.deploy.conftest import REPLICAS
from tests.deploy.stack import get
from tests.e2e.helpers import exceptions, metric_values, nav_link, open_app, query, wait_for_app

COOKIE = "LIVSKRAFT_REPLICA"  # named in deploy/haproxy.cfg


class Session:
    """One person's tab, with the websockets it opened (a Streamlit session is one websocket)."""

    def __init__(self, browser, base: str, path: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
        self.page = self.context.new_page()
        self.sockets: list = []
        self.frames: list[int] = []  # messages received on each socket, in order
        self.page.on("websocket", self._opened)
        open_app(self.page, base, path)

    def _opened(self, socket) -> None:
        if "/_stcore/stream" not in socket.url:
            return
        index = len(self.sockets)
        self.sockets.append(socket)
        self.frames.append(0)
        socket.on("framereceived", lambda _payload: self.frames.__setitem__(index, self.frames[index] + 1))

    def replica(self) -> str | None:
        return next((c["value"] for c in self.context.cookies() if c["name"] == COOKIE), None)

    def open_sockets(self) -> int:
        return sum(1 for socket in self.sockets if not socket.is_closed())

    def close(self) -> None:
        self.context.close()


def sessions_on_both(browser, base: str, paths: list[str]) -> list[Session]:
    """Sessions opened on `paths`, one after another, as new visitors (no cookie yet)."""
    return [Session(browser, base, path) for path in paths]


def switch(session: Session, title: str) -> None:
    nav_link(session.page, title).click()
    expect(session.page.locator("h1").first).to_have_text(title, timeout=30_000)
    wait_for_app(session.page)


def built_at(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT value FROM build_info WHERE key = 'built_at'").fetchone()[0]


def shown(text: str) -> re.Pattern:
    """`text` as the page shows it: escaped Markdown keeps an invisible word joiner after a colon."""
    return re.compile(re.escape(text).replace(":", ":\u2060?"))


def test_sessions_spread_over_both_replicas_and_keep_theirs(stack, browser):
    sessions = sessions_on_both(browser, stack.base, ["/?dato=2008-06-30", "/nettverk", "/?dato=2009-06-30",
                                                      "/utvikling"])
    try:
        replicas = [s.replica() for s in sessions]
        assert sorted(replicas) == ["app1", "app1", "app2", "app2"]  # leastconn: open websockets balanced
        # each session's websocket is open on the replica its cookie names: HAProxy counts one stream each
        servers = stack.servers()
        assert {name: int(servers[name]["scur"]) for name in REPLICAS} == {"app1": 2, "app2": 2}
        # production settings as the entry point sets them: XSRF protection's cookie, and the import page
        # switched on by the password in a mounted secrets file
        assert any(c["name"] == "_streamlit_xsrf" for c in sessions[0].context.cookies())
        expect(nav_link(sessions[0].page, "Importer data")).to_be_visible()

        for session in sessions:
            page = session.page
            if page.locator("h1").first.inner_text() == "Temastatus":  # a rerun: a button's callback
                page.get_by_role("button", name="KS-status 28.08.2007").click()
                expect(page).to_have_url(re.compile(r"dato=2007-08-28"), timeout=30_000)
                wait_for_app(page)
            switch(session, "Nettverk" if page.locator("h1").first.inner_text() != "Nettverk" else "Temastatus")
        for session, replica in zip(sessions, replicas):
            assert session.replica() == replica
            assert len(session.sockets) == 1 and session.open_sockets() == 1  # never reconnected elsewhere
            expect(exceptions(session.page)).to_have_count(0)
        servers = stack.servers()
        assert {name: int(servers[name]["scur"]) for name in REPLICAS} == {"app1": 2, "app2": 2}
    finally:
        for session in sessions:
            session.close()


def test_a_rebuilt_database_reaches_sessions_on_both_replicas(stack, browser):
    sessions = sessions_on_both(browser, stack.base, ["/om-dataene", "/om-dataene"])
    try:
        assert sorted(s.replica() for s in sessions) == ["app1", "app2"]
        before = built_at(stack.db)
        for session in sessions:
            expect(session.page.get_by_text(shown(f"Databasen ble bygd {before}"))).to_be_visible()
        time.sleep(1.1)  # built_at is to the second
        subprocess.run([sys.executable, "-m", "kommunedata", "build"], env=stack.env, check=True,
                       capture_output=True, timeout=120)
        after = built_at(stack.db)
        assert after != before
        for session in sessions:  # the next reruns: another page, then back
            switch(session, "Temastatus")
            switch(session, "Om dataene")
            expect(session.page.get_by_text(shown(f"Databasen ble bygd {after}"))).to_be_visible()
            expect(exceptions(session.page)).to_have_count(0)
        assert sorted(s.replica() for s in sessions) == ["app1", "app2"]
    finally:
        for session in sessions:
            session.close()


def test_a_killed_replica_costs_its_sessions_only_a_reconnect(stack, browser):
    sessions = sessions_on_both(browser, stack.base, ["/?dato=2008-06-30&tema=klima_energi", "/?dato=2009-12-31",
                                                      "/?dato=2010-06-30&tema=folkehelse", "/?dato=2007-03-01"])
    health: list[tuple[int, str]] = []
    polling = threading.Event()

    def poll_health():  # a new visitor every 0.1 s, the round robin sending every other one to the killed replica
        while not polling.is_set():
            try:
                health.append(get(stack.base + "/_stcore/health", timeout=5))
            except OSError as error:
                health.append((0, str(error)))
            time.sleep(0.1)

    poller = threading.Thread(target=poll_health)
    try:
        victim = sessions[0].replica()
        survivor = next(name for name in REPLICAS if name != victim)
        assert {s.replica() for s in sessions} == set(REPLICAS)
        for session in sessions:
            expect(session.page.get_by_text("Lenken har en ukjent verdi")).to_have_count(0)
        views = [(query(s.page), metric_values(s.page)) for s in sessions]
        moved = [s.replica() == victim for s in sessions]
        assert all(values for _q, values in views)
        poller.start()
        time.sleep(0.5)
        stack.apps[victim].send_signal(signal.SIGKILL)
        stack.apps[victim].wait(timeout=10)

        for session, (url_state, values), on_victim in zip(sessions, views, moved):
            if on_victim:
                # The tab reconnects by itself (a new websocket); the proxy sends it to the other replica and
                # rewrites the cookie. The tab keeps showing its last drawing, and its next interaction runs
                # the script on the other replica from the URL: that run must draw the same view.
                deadline = time.monotonic() + 45
                while time.monotonic() < deadline and not (
                        len(session.sockets) >= 2 and not session.sockets[-1].is_closed()
                        and session.replica() == survivor):
                    session.page.wait_for_timeout(200)
                assert len(session.sockets) >= 2 and session.replica() == survivor
                nav_link(session.page, "Temastatus").click()  # the page it shows: a rerun, nothing chosen
                deadline = time.monotonic() + 45
                while session.frames[-1] < 5 and time.monotonic() < deadline:
                    session.page.wait_for_timeout(200)
                assert session.frames[-1] >= 5  # the run came over the new socket
                wait_for_app(session.page)
                assert session.open_sockets() == 1
            else:
                assert len(session.sockets) == 1 and session.open_sockets() == 1  # untouched
            assert query(session.page) == url_state  # the same view: its state is in the URL
            assert metric_values(session.page) == values
            expect(exceptions(session.page)).to_have_count(0)

        # sessions that were on the survivor go on as before
        for session in [s for s, on_victim in zip(sessions, moved) if not on_victim]:
            switch(session, "Nettverk")
            assert session.replica() == survivor and session.open_sockets() == 1

        deadline = time.monotonic() + 15
        while stack.servers()[victim]["status"] == "UP" and time.monotonic() < deadline:
            time.sleep(0.2)
        servers = stack.servers()
        assert servers[victim]["status"].startswith("DOWN") and servers[survivor]["status"] == "UP"
        time.sleep(0.5)
    finally:
        polling.set()
        if poller.is_alive():
            poller.join(timeout=10)
        for session in sessions:
            session.close()
    assert len(health) > 20
    assert [answer for answer in health if answer != (200, "ok")] == []
