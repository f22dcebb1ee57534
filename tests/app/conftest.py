"""AppTest fixtures: the app runs against the session's freshly built database."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from kommunedata.ui import pages

APP = Path(__file__).resolve().parents[2] / "app.py"
# The registry's pages by file name («om_dataene»); the importer's only exists with a password (its own tests)
PAGES = {Path(page.file).stem: page.file for page in pages.PAGES if not page.needs_password}


@pytest.fixture(scope="session", autouse=True)
def app_database(db_path):
    previous = os.environ.get("LIVSKRAFT_DB")
    os.environ["LIVSKRAFT_DB"] = str(db_path)
    yield db_path
    if previous is None:
        os.environ.pop("LIVSKRAFT_DB", None)
    else:
        os.environ["LIVSKRAFT_DB"] = previous


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def open_page(page: str, **params: str) -> AppTest:
    at = open_app()
    at.switch_page(PAGES[page])
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_data(at: AppTest, index: int) -> pd.DataFrame:
    """The data behind the index-th Vega-Lite chart on the page."""
    proto = at.get("vega_lite_chart")[index].proto
    if proto.datasets:
        return convert_arrow_bytes_to_pandas_df(proto.datasets[0].data.data)
    inline = json.loads(proto.spec)["datasets"]  # a spec passed as a dict carries its data inline
    return pd.DataFrame(next(iter(inline.values())))


def chart_table(at: AppTest, index: int, column: str) -> pd.DataFrame:
    """The dataset of the index-th Vega-Lite chart that has `column`."""
    proto = at.get("vega_lite_chart")[index].proto
    frames = [convert_arrow_bytes_to_pandas_df(dataset.data.data) for dataset in proto.datasets]
    frames += [pd.DataFrame(rows) for rows in json.loads(proto.spec).get("datasets", {}).values()]
    return next(frame for frame in frames if column in frame.columns)


def chart_spec(at: AppTest, index: int) -> dict:
    return json.loads(at.get("vega_lite_chart")[index].proto.spec)


def map_spec(at: AppTest, index: int = 0) -> dict:
    """A map's deck with every layer's data, also what the browser would fetch from app/static/ (the
    file the URL names, which must exist)."""
    spec = json.loads(at.get("deck_gl_json_chart")[index].proto.json)
    for layer in spec["layers"]:
        if isinstance(layer["data"], str):
            assert layer["data"].startswith("app/static/kart/"), layer["data"]
            layer["data"] = json.loads((APP.parent / layer["data"].removeprefix("app/")).read_text())
    return spec


def url(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


def chosen(at: AppTest, name: str) -> list:
    """What a list selection (widgets.chosen_list) shows as chosen: its pills, or nothing."""
    pills = [p for p in at.pills if p.key == f"_w_{name}"]
    return list(pills[0].value) if pills else []


def add(at: AppTest, name: str, value) -> AppTest:
    """Add one option to a list selection, as picking it in its select box does."""
    return at.selectbox(key=f"_w_{name}_legg_til").set_value(value).run()
