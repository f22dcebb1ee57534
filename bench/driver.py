"""Driving a Streamlit page in Chromium and timing it: what bench.browser and bench.load share.

Timing happens in the page, on the page's own clock (`performance.now()`), so Playwright's polling adds
nothing to the numbers. An init script records
- every change of the app's script state (running → notRunning), and every message from the server (a
  browser busy enough to take a whole run's messages in one batch never shows «running»),
- the last moment anything happened: a DOM mutation anywhere, a message, a file fetched, or the end of a
  long task (> 50 ms of main thread work: parsing a deck, building map layers, rendering a chart), and
- the moment of the user input that started an interaction (the first pointerdown/keydown once armed).

A step is done when the script has run since the step began and the page has settled
(tests/e2e/settle.py, the condition the browser tests wait for: the script idle, nothing stale, the
step's chart or map in the page, nothing happened for `quiet_ms`). Its time is from the start
(navigation start for an open, the input event for an interaction) to the last thing that happened:
what the person in front of the screen waits for, drawing included. The time to the end of the script
run is kept as well (`script_ms`), so server work and drawing can be told apart.

Bytes: the websocket frames the page receives (and sends) during each step, summed (Playwright
`page.on("websocket")`, `framereceived`), and the files it fetches from the app's static folder (the
map's layers; Resource Timing, bytes as sent).
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import asdict, dataclass, field

from tests.e2e.conftest import CHROMIUM_ARGS as TEST_CHROMIUM_ARGS
from tests.e2e.settle import in_page

CHROMIUM_ARGS = [*TEST_CHROMIUM_ARGS,
                 # many contexts in one browser (bench.load): none of them may be throttled as a background tab
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]
VIEWPORT = {"width": 1400, "height": 1000}

VEGA = '[data-testid="stVegaLiteChart"] svg.marks g.role-mark'
DECK = '[data-testid="stDeckGlJsonChart"] canvas'
METRIC = '[data-testid="stMetric"]'
DATAFRAME = '[data-testid="stDataFrame"]'
EXCEPTION = '[data-testid="stException"]'

INIT_JS = "(" + in_page("", """
  if (window.__bench) return;
  const now = () => performance.now();
  const B = window.__bench = {states: [], messages: [], activity: 0, armed: false, t0: null};
  // every message from the server, timed: a busy browser may take a whole run's messages in one batch, and
  // the script state then goes from notRunning to notRunning without showing «running»
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { B.messages.push(now()); B.activity = now(); });
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' && m.attributeName === SCRIPT_STATE) {
        // oldValue: a run that starts and ends within one batch still shows as having run
        B.states.push([now(), m.oldValue, m.target.getAttribute(SCRIPT_STATE)]);
      }
    }
    B.activity = now();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true,
                        attributeOldValue: true});
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.activity = Math.max(B.activity, e.startTime + e.duration);
    }).observe({type: 'longtask', buffered: true});
    // files the page fetches (the map's layers from app/static): their arrival is activity, their bytes
    // (as sent, compressed) are counted beside the websocket's
    B.files = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.activity = Math.max(B.activity, e.responseEnd);
        if (e.name.includes('/app/static/')) B.files.push([e.startTime, e.encodedBodySize || e.transferSize || 0]);
      }
    }).observe({type: 'resource', buffered: true});
  } catch (e) {}
  const input = () => { if (B.armed && B.t0 === null) B.t0 = now(); };
  document.addEventListener('pointerdown', input, true);
  document.addEventListener('keydown', input, true);
""") + ")();"

# a run since `since`: the script state went through «running», or the server sent a message (a run
# taken in one batch, see INIT_JS)
_RAN = """
  const B = window.__bench;
  const ran = !!B && (B.states.some(([t, old, now]) => t >= since && (old === 'running' || now === 'running')) ||
                      B.messages.some((t) => t >= since));
"""

STARTED_JS = in_page("since", _RAN + "  return ran;")

SETTLED_JS = in_page("{since, quiet, drawn}", _RAN + "  return ran && settled({drawn, quiet, last: B.activity});")

# which condition of SETTLED_JS is missing, for the message of a step that timed out
DIAGNOSE_JS = in_page("{since, drawn}", """
  const B = window.__bench, app = document.querySelector(APP);
  return `script ${app && app.getAttribute(SCRIPT_STATE)}, ` +
    `runs since start ${B.states.filter(([t, old]) => t >= since && old === 'running').length}, ` +
    `messages since start ${B.messages.filter((t) => t >= since).length}, ` +
    `stale ${document.querySelectorAll(STALE).length}, ` +
    `drawn ${drawn ? !!document.querySelector(drawn) : 'n/a'}, ` +
    `last activity ${Math.round(performance.now() - B.activity)} ms ago`;
""")

RESULT_JS = """
(since) => {
  const B = window.__bench;
  const ends = B.states.filter(([t, old]) => t >= since && old === 'running').map(([t]) => t);
  const heard = B.messages.filter((t) => t >= since);
  // a run taken in one batch (see INIT_JS) ended with its last message
  const end = ends.length ? Math.max(...ends) : heard.length ? Math.max(...heard) : null;
  return {settled: B.activity - since, script: end === null ? null : end - since,
          runs: ends.length, files: (B.files || []).filter(([t]) => t >= since).reduce((n, [, b]) => n + b, 0)};
}
"""


@dataclass(frozen=True)
class Interaction:
    name: str  # what the tables call it
    kind: str  # "select" (a select box, by label), "date" (the date box: another day), "button" or "nav" (top menu)
    label: str  # the widget's label in the browser
    key: str | None = None  # the widget's key, for AppTest (bench.server)
    drawn: str | None = VEGA  # what must be in the page afterwards


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: str  # URL path and query: the page in a defined state (kommunedata/params.py)
    page_file: str | None  # for AppTest; None for the bare app
    drawn: str  # the first chart or map element that shows the page is drawn
    interactions: tuple[Interaction, ...] = ()
    baseline: str | None = None  # bench/baselines/<file>


DATE = Interaction("dato", "date", "Dato", "_w_dato")
PAGES = [
    PageSpec("temastatus", "/?dato=2007-08-28", "app_pages/temastatus.py", VEGA,
             (Interaction("fylke", "select", "Fylke", "_w_fylke"), DATE), "temastatus.py"),
    PageSpec("nettverk", "/nettverk?dato=2007-08-28&nettverk=hallingdal&indikator=vaksine_mmr_2ar",
             "app_pages/nettverk.py", VEGA, (Interaction("nettverk", "select", "Nettverk", "_w_nettverk"),
                                             # a part of the page (st.fragment); an indicator the members
                                             # have no figures for shows a notice, not a chart: no `drawn`
                                             Interaction("indikator", "select", "Indikator", "_w_indikator", None)),
             "nettverk.py"),
    # one chart, as the baseline draws (a member's page adds charts for its themes' indicators unless the
    # link says «indikatorer=ingen»: a different shape, measured by the one-chart ratio)
    PageSpec("utvikling", "/utvikling?kommune=0301&indikator=folkemengde&indikatorer=ingen", "app_pages/utvikling.py",
             VEGA,
             (Interaction("kommune", "select", "Kommune (skriv navn eller nummer, også gamle)", "_w_kommune"),),
             "utvikling.py"),
    PageSpec("kart", "/kart?dato=2007-08-28&farge=nettverk&kommune=0301", "app_pages/kart.py", DECK,
             (Interaction("kommune", "select", "Kommune (eller klikk i kartet)", "_w_kommune", DECK),), "kart.py"),
    PageSpec("om-dataene", "/om-dataene", "app_pages/om_dataene.py", DATAFRAME, (), "om_dataene.py"),
    PageSpec("presentasjon", "/presentasjon?presentasjon=1&lysbilder=oversikt,temaer,nettverk:hallingdal,kart&lysbilde=1",
             "app_pages/presentasjon.py", METRIC, (Interaction("neste", "button", "Neste", "Neste"),), "presentasjon.py"),
]
BARE = PageSpec("bare", "/", None, VEGA, (Interaction("kategori", "select", "Kategori", "_w_kategori"),))


def pages_named(names: str) -> list[PageSpec]:
    """The pages of a comma list (--pages), in PAGES order."""
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    return [page for page in PAGES if page.name in wanted]


class NoChoice(Exception):
    """The widget offers no other value than the one shown."""


@dataclass
class Measure:
    ok: bool
    ms: float | None = None  # start -> the last thing drawn
    script_ms: float | None = None  # start -> the end of the last script run
    runs: int = 0  # script runs seen in the step
    ws_in: int = 0  # websocket bytes received during the step
    ws_out: int = 0
    frames_in: int = 0
    http_in: int = 0  # bytes of files fetched from the app's static folder during the step (compressed)
    error: str | None = None
    wall_s: float = 0.0  # the step as Playwright saw it, quiet period included
    skipped: bool = False  # nothing to change (e.g. a county with one network): not a failure

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Tab:
    """One Playwright page (async API: bench.load drives twenty at once) with its byte counters and the
    errors it saw."""

    page: object
    ws_in: int = 0
    ws_out: int = 0
    frames_in: int = 0
    sockets: int = 0  # websockets opened and closed (a reconnect shows as one more of each)
    closed: int = 0
    page_errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.page.on("websocket", self._websocket)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)[:300]))

    def _websocket(self, ws) -> None:
        def received(payload):
            self.ws_in += len(payload)
            self.frames_in += 1

        self.sockets += 1
        ws.on("close", lambda _ws: setattr(self, "closed", self.closed + 1))
        ws.on("framereceived", received)
        ws.on("framesent", lambda payload: setattr(self, "ws_out", self.ws_out + len(payload)))

    async def _measure(self, since: float, drawn: str | None, timeout_ms: float, quiet_ms: float, before: tuple,
                       started: float) -> Measure:
        try:
            # a missed input starts no run: say so within a minute rather than at the step's timeout
            await self.page.wait_for_function(STARTED_JS, arg=since, timeout=min(timeout_ms, 60_000), polling=50)
            await self.page.wait_for_function(SETTLED_JS, arg={"since": since, "quiet": quiet_ms, "drawn": drawn},
                                              timeout=timeout_ms, polling=50)
        except Exception as error:  # say which condition was missing: still running, stale, not drawn, busy
            try:
                state = await asyncio.wait_for(self.page.evaluate(DIAGNOSE_JS, {"since": since, "drawn": drawn}), 10)
            except Exception:
                state = "page did not answer"
            state += (f", websocket since the input: {self.ws_out - before[1]} B sent, {self.ws_in - before[0]} B "
                      f"received, {self.sockets} opened and {self.closed} closed in all")
            raise TimeoutError(f"{_short(error)} [{state}]") from None
        result = await self.page.evaluate(RESULT_JS, since)
        return Measure(True, result["settled"], result["script"], result["runs"], self.ws_in - before[0],
                       self.ws_out - before[1], self.frames_in - before[2], result["files"],
                       wall_s=time.perf_counter() - started)

    def _counters(self) -> tuple:
        return self.ws_in, self.ws_out, self.frames_in

    async def open(self, url: str, drawn: str | None, timeout_ms: float = 120_000, quiet_ms: float = 500) -> Measure:
        """goto until the page is drawn and idle; the time is from navigation start."""
        started, before = time.perf_counter(), self._counters()
        try:
            await self.page.goto(url, timeout=timeout_ms)
            return await self._measure(0, drawn, timeout_ms, quiet_ms, before, started)
        except Exception as error:  # a timeout or a crash is a result, not the end of the benchmark
            return Measure(False, error=_short(error), wall_s=time.perf_counter() - started)

    async def change(self, interaction: Interaction, round_no: int, timeout_ms: float = 120_000,
                     quiet_ms: float = 500) -> Measure:
        """One interaction, choosing a value not chosen in earlier rounds (so no cached answer is reused,
        except for a button, which does the same each round); timed from the input event."""
        started = time.perf_counter()
        try:
            trigger = {"select": self._select, "date": self._date, "button": self._button,
                       "nav": self._nav}[interaction.kind]
            fire = await trigger(interaction.label, round_no)  # opens what must be opened; returns the last step
            before = self._counters()
            fallback = await self.page.evaluate("() => { const B = window.__bench; B.armed = true; B.t0 = null; "
                                                "return performance.now(); }")
            await fire()
            since = await self.page.evaluate("() => { const B = window.__bench; B.armed = false; return B.t0; }")
            return await self._measure(fallback if since is None else since, interaction.drawn, timeout_ms, quiet_ms,
                                       before, started)
        except NoChoice as nothing:
            await self.page.keyboard.press("Escape")  # close the list again
            return Measure(False, error=f"skipped: {nothing}", skipped=True, wall_s=time.perf_counter() - started)
        except Exception as error:
            return Measure(False, error=_short(error), wall_s=time.perf_counter() - started)

    async def _select(self, label: str, round_no: int):
        """Open the list, choose an option other than the one shown, type it and press Enter (as a person
        does in a long list). Clicking an option instead misses now and then: the list renders only what
        is in view and re-renders as Playwright scrolls it."""
        page = self.page
        box = page.get_by_role("combobox", name=label, exact=True).first
        await box.scroll_into_view_if_needed()
        current = (await box.input_value()).strip()
        await box.click()
        options = page.get_by_role("option")
        await options.first.wait_for()
        texts = [text.strip() for text in await options.all_inner_texts()]
        candidates = [text for text in texts if text != current]
        if not candidates:
            raise NoChoice(f"«{label}» has no other option")
        wanted = candidates[round_no % len(candidates)]
        await box.fill(wanted)
        exact = options.filter(has_text=re.compile(rf"^\s*{re.escape(wanted)}\s*$"))
        await exact.first.wait_for()
        try:  # Enter takes the highlighted option: wait until it is the one typed (the highlight follows
            # the typing a moment later; an Enter before that chose the shown value again, and no run began)
            await exact.and_(page.locator('[data-focused="true"]')).first.wait_for(timeout=10_000)
            return lambda: page.keyboard.press("Enter")
        except Exception:
            return exact.first.click

    async def _date(self, label: str, round_no: int):
        """The date is a select box of every day (kommunedata.ui.widgets.date_picker): typed and Enter."""
        return await self._select(label, round_no)

    async def _button(self, label: str, _round_no: int):
        button = self.page.get_by_role("button", name=label).first
        await button.scroll_into_view_if_needed()
        return button.click

    async def _nav(self, title: str, _round_no: int):
        """A page in the top menu (the app's own way between pages: the URL's selections are carried)."""
        link = self.page.locator('[data-testid="stTopNavLink"]').filter(has_text=title).first
        await link.wait_for()
        return link.click

    async def exceptions(self) -> list[str]:
        """The text of every exception the app shows."""
        try:
            return [text[:300] for text in await self.page.locator(EXCEPTION).all_inner_texts()]
        except Exception as error:
            return [f"could not read the page: {_short(error)}"]


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error).splitlines()[0][:400]}"


async def new_tab(browser, timeout_ms: float | None = None) -> tuple[object, Tab]:
    """A fresh browser context (no cookies, no cache) with the timing script; `timeout_ms` for finding and
    clicking widgets (Playwright's default is 30 s: too short for twenty sessions on two cores)."""
    context = await browser.new_context(viewport=VIEWPORT, locale="nb-NO")
    if timeout_ms:
        context.set_default_timeout(timeout_ms)
    await context.add_init_script(INIT_JS)
    return context, Tab(await context.new_page())


async def launch(playwright, chromium: str):
    return await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
