"""The package's layers: the data core runs without Streamlit, and reading the data builds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import kommunedata

PACKAGE = Path(kommunedata.__file__).parent
PAGES = sorted((PACKAGE.parent / "app_pages").glob("*.py"))
CORE = sorted(
    ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if "ui" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
)


def _modules_loaded_by(module: str) -> set[str]:
    """The modules a fresh interpreter has loaded after importing `module` alone."""
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent)
    return set(json.loads(result.stdout))


def test_the_core_is_every_module_outside_ui():
    assert {"kommunedata.db", "kommunedata.queries", "kommunedata.build", "kommunedata.rules",
            "kommunedata.params", "kommunedata.views", "kommunedata.views.nettverk", "kommunedata.charts", "kommunedata.text",
            "kommunedata.export", "kommunedata.sources.example"} <= set(CORE)
    assert not any(name.startswith("kommunedata.ui") for name in CORE)


def test_no_core_module_imports_streamlit():
    loaded = _modules_loaded_by(", ".join(CORE))
    assert "kommunedata.db" in loaded  # the check itself works
    assert not any(name == "streamlit" or name.startswith("streamlit.") for name in loaded)
    assert not any(name.startswith("kommunedata.ui") for name in loaded)


def test_reading_the_data_does_not_load_the_build():
    loaded = _modules_loaded_by("kommunedata.queries")
    assert "kommunedata.db" in loaded
    assert "kommunedata.build" not in loaded and not any(m.startswith("kommunedata.sources") for m in loaded)


def test_no_unix_only_lock():
    assert not [path.name for path in PACKAGE.rglob("*.py") if "fcntl" in path.read_text(encoding="utf-8")]


def test_the_ui_package_is_where_streamlit_is_imported():
    importing = [path.relative_to(PACKAGE.parent).as_posix() for path in PACKAGE.rglob("*.py")
                 if "import streamlit" in path.read_text(encoding="utf-8")]
    assert importing and all(path.startswith("kommunedata/ui/") for path in importing), importing


def test_views_take_data_not_a_connection():
    """A view is worked out from what ui.data has loaded: no queries, no database, no Streamlit."""
    for path in (PACKAGE / "views").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not any(name in text for name in ("import queries", "kommunedata.db", "kommunedata.queries",
                                                 "import streamlit", "SELECT ")), path.name


def test_pages_only_lay_out_what_their_view_gives():
    """A page is widgets, one call of its view and drawing: short, no pandas, no SQL, no private session keys."""
    assert len(PAGES) == 7
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 110, path.name
        assert "pandas" not in text and "SELECT " not in text and "from kommunedata import queries" not in text, path.name
        assert "session_state[\"_" not in text and "session_state.get(\"_" not in text, path.name
        assert "session_state.pop(" not in text and "session_state.setdefault(" not in text, path.name
