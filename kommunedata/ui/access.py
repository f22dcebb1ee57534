"""Who may import: the «Importer data» page exists only when an import password is configured, and
opens for a session only after the password is given.

The password comes from Streamlit's secrets (`import_password` in `.streamlit/secrets.toml`) or the
environment (`LIVSKRAFT_IMPORT_PASSWORD`). It is asked for in a form that clears itself, compared in
constant time, never bound to the URL, never written to a log or shown back.
"""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

ENV = "LIVSKRAFT_IMPORT_PASSWORD"
SECRET = "import_password"
_UNLOCKED = "_import_unlocked"
WRONG_PAUSE_S = 1.0  # each wrong guess costs a second: guessing by the thousand is not practical


def password() -> str | None:
    """The configured import password, or None when importing in the app is switched off."""
    try:
        configured = st.secrets.get(SECRET)
    except (StreamlitSecretNotFoundError, FileNotFoundError):  # no secrets file: fine, try the environment
        configured = None
    configured = configured or os.environ.get(ENV)
    return str(configured) if configured else None


def unlocked() -> bool:
    """Whether this session has given the password; asks for it when not (a wrong one shows only the
    message)."""
    expected = password()
    if expected is None:
        return False
    if st.session_state.get(_UNLOCKED) == _fingerprint(expected):
        return True
    with st.form("import_login", clear_on_submit=True, enter_to_submit=True):
        given = st.text_input("Importpassord", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Lås opp", icon=":material/lock_open:")
    if not submitted:
        st.caption("Import i appen er forbeholdt dem som har fått importpassordet. Uten det: bruk "
                   "`python -m kommunedata import` på maskinen som kjører Livskraft.")
        return False
    if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        st.session_state[_UNLOCKED] = _fingerprint(expected)
        st.rerun()  # draw the page without the form
    time.sleep(WRONG_PAUSE_S)
    st.error("Feil passord. Ingenting er vist eller endret.", icon=":material/lock:")
    return False


def _fingerprint(secret: str) -> str:
    """What the session keeps: not the password, and no longer valid once the password is changed."""
    return hmac.new(b"livskraft-import", secret.encode("utf-8"), "sha256").hexdigest()


def lock() -> None:
    st.session_state.pop(_UNLOCKED, None)
