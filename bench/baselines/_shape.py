"""What the same-shape baselines share: small in-memory data and the app's recurring page furniture
(the title row's «Presenter» / «Kopier lenke», chart and table download buttons, the URL kept in sync).

No kommunedata import: a baseline shows what Streamlit itself costs for a page of the same shape, so the
ratio page / baseline is what the app's own data and code add. The imports match the app's.
"""

from __future__ import annotations

from datetime import date

import altair as alt  # noqa: F401  (the app's imports: their import cost is part of a first run)
import duckdb  # noqa: F401
import numpy as np
import pandas as pd
import pydeck  # noqa: F401
import streamlit as st

STATUS_DATE = date(2007, 8, 28)
FIRST, LAST = date(2006, 1, 1), date(2010, 12, 31)
DAYS = [date.fromordinal(n) for n in range(FIRST.toordinal(), LAST.toordinal() + 1)]  # the app's date box


def date_box(where) -> None:
    """The date as the app asks for it (kommunedata.ui.widgets.date_picker): a select box of every day."""
    where.selectbox("Dato", DAYS, format_func=lambda day: day.strftime("%d.%m.%Y"), filter_mode="contains",
                    key="_w_dato")

THEMES = {"klima_energi": "Klima og energi", "areal": "Areal", "folkehelse": "Folkehelse",
          "internasjonalt": "Internasjonalt", "produksjon_forbruk": "Produksjon og forbruk", "kulturarv": "Kulturarv"}
COUNTIES = {f"{i:02d}": f"Fylke {i}" for i in range(1, 19)}  # 18 counties with networks, like the app
NETWORKS = {f"nettverk_{i:02d}": f"Nettverk {i}" for i in range(1, 35)}  # 34 networks on 28.08.2007
MUNICIPALITIES = {f"{3000 + i:04d}": f"Kommune {i}" for i in range(1, 41)}
INDICATORS = {f"indikator_{i}": f"Indikator {i}" for i in range(1, 13)}
YEARS = list(range(2006, 2025))


def rng(*parts) -> np.random.Generator:
    """The same numbers for the same selection, different numbers for another one."""
    return np.random.default_rng(abs(hash(tuple(str(p) for p in parts))) % 2**32)


@st.cache_data(show_spinner=False)
def theme_counts(on: date, county: str) -> pd.DataFrame:
    r = rng("themes", on, county)
    return pd.DataFrame({"theme_id": list(THEMES), "name": list(THEMES.values()),
                         "networks": r.integers(1, 17, len(THEMES)), "municipalities": r.integers(5, 90, len(THEMES))})


@st.cache_data(show_spinner=False)
def growth(county: str) -> pd.DataFrame:
    months = pd.date_range(FIRST, LAST, freq="MS")  # 61 months, like the app's timeline
    r = rng("growth", county)
    return pd.DataFrame({"date": months, "a": np.cumsum(r.integers(0, 2, len(months))),
                         "b": np.cumsum(r.integers(0, 3, len(months)))})


@st.cache_data(show_spinner=False)
def series(code: str, indicator: str) -> pd.DataFrame:
    r = rng("series", code, indicator)
    return pd.DataFrame({"year": YEARS, "value": np.round(50 + np.cumsum(r.normal(0, 2, len(YEARS))), 1)})


def read_param(name: str, default, options=None):
    """A value from the URL when it is one of `options` (the app validates every parameter against its data)."""
    value = st.query_params.get(name)
    if value is None or (options is not None and value not in options):
        return default
    return value


def sync_url(values: dict[str, str | None]) -> None:
    """Selections -> URL, as the app's state.write_url does on every rerun."""
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def title_row(title: str, present: bool = True) -> None:
    title_col, actions_col = st.columns([3, 2], vertical_alignment="bottom")
    title_col.title(title)
    row = actions_col.container(horizontal=True, horizontal_alignment="right")
    if present:
        row.button("Presenter", icon=":material/slideshow:")
    if row.button("Kopier lenke", icon=":material/link:", key="_share_link_asked"):  # the app's: a dialog on click
        _link_dialog()


@st.dialog("Lenke til denne visningen", width="large")
def _link_dialog() -> None:
    st.code("http://127.0.0.1/?" + "&".join(f"{k}={v}" for k, v in st.query_params.to_dict().items()),
            language=None, wrap_lines=True)
    st.caption("Lenken åpner denne visningen med de samme valgene.")


def chart_downloads(where, spec: dict, key: str) -> None:
    """The app's «Last ned diagrammet» popover: two buttons whose files are made only on click."""
    with where.popover("Last ned diagrammet", icon=":material/download:"):
        for kind in ("svg", "png"):
            st.download_button(kind.upper(), data=lambda: str(spec).encode(), file_name=f"chart.{kind}",
                               on_click="ignore", key=f"{key}_{kind}")


def table_downloads(where, frame: pd.DataFrame, key: str) -> None:
    row = where.container(horizontal=True)
    row.download_button("Last ned tabellen (CSV for Excel)", data=lambda: frame.to_csv().encode(), file_name="t.csv",
                        on_click="ignore", key=f"{key}_csv", icon=":material/download:")
    row.download_button("Excel (.xlsx)", data=lambda: frame.to_csv().encode(), file_name="t.xlsx",
                        on_click="ignore", key=f"{key}_xlsx", icon=":material/table_view:")
