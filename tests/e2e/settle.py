"""When a Streamlit page has settled: the selectors and the condition, in the page's own JavaScript.

Shared by the browser tests (tests/e2e/helpers.wait_for_app, which waits for it with a timeout) and the
benchmark (bench/driver.py, which times the steps around it). Each caller says what «the last thing that
happened» is: the tests count the page's elements, the benchmark records every mutation, message and
long task from an init script.

    in_page("{drawn, last}", "return settled({drawn, quiet: 300, last});")

is a JavaScript function for Playwright's `wait_for_function` or `evaluate` (or an init script) with the
selectors below (APP, SCRIPT_STATE, IDLE, APP_IDLE, STALE) and `settled({drawn, quiet, last})` in scope:
true once the script is idle, nothing is stale, `drawn` (a selector, or null) is in the page and `last`
(a `performance.now()` time) is at least `quiet` ms ago.
"""

from __future__ import annotations

import json

APP = '[data-testid="stApp"]'
SCRIPT_STATE = "data-test-script-state"  # set by the app on its root element: «running» or «notRunning»
IDLE = "notRunning"
APP_IDLE = f'{APP}[{SCRIPT_STATE}="{IDLE}"]'
# an element of the previous run that the current run has not yet replaced or removed
STALE = '[data-testid="stElementContainer"][data-stale="true"]'

_NAMES = {"APP": APP, "SCRIPT_STATE": SCRIPT_STATE, "IDLE": IDLE, "APP_IDLE": APP_IDLE, "STALE": STALE}

SETTLED = """
  function settled({drawn, quiet, last}) {
    // the run is over: the state turns «notRunning» when the run's last message has arrived
    if (!document.querySelector(APP_IDLE)) return false;
    // nothing of the previous run is left: a rerun replaces the page's elements one by one
    if (document.querySelector(STALE)) return false;
    // the chart or map the step is about is in the page (null: nothing in particular to wait for)
    if (drawn && !document.querySelector(drawn)) return false;
    // and the page has been quiet: «notRunning» comes before the browser has drawn the last message
    return performance.now() - last >= quiet;
  }
"""


def in_page(params: str, body: str) -> str:
    """The JavaScript function `(params) => { body }` with the selectors and `settled` in scope."""
    names = "".join(f"  const {name} = {json.dumps(value)};\n" for name, value in _NAMES.items())
    return f"({params}) => {{\n{names}{SETTLED}{body.strip(chr(10))}\n}}"
