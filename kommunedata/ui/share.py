"""Taking a view away: its link, its tables (CSV for Norwegian Excel and .xlsx) and its charts (SVG, PNG).

The files are made only when a button is pressed (Streamlit runs a callable `data` then), so a page
pays nothing for downloads nobody asks for.
"""

from __future__ import annotations

import functools
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from kommunedata.export import chart_image, to_excel_csv, to_xlsx
from kommunedata.ui import presenting, state
from kommunedata.views.common import Chart, Table

_ASKED = "_share_link_asked"  # the key of «Kopier lenke»: True in the run its click starts


def actions(where, present: bool = True, slide_id: str | None = None) -> None:
    """A page's title-row buttons: «Presenter» (opening the deck at `slide_id`) and «Kopier lenke»."""
    row = where.container(horizontal=True, horizontal_alignment="right")
    if present:
        presenting.present_button(row, slide_id)
    row.button("Kopier lenke", icon=":material/link:", key=_ASKED, help="Vis lenken til denne visningen")


def offer_link() -> None:
    """After the page has run (app.py): when «Kopier lenke» was pressed, the link in a dialog.

    A dialog opened on the click, not a popover filled on every run: the link is made when it is asked
    for, from the URL as the whole page has left it, so it is never the link of an earlier view, also
    after a part of a page has run again on its own (`st.fragment`: Nettverk's «Én indikator i dybden»),
    which cannot reach a popover outside it. Every other run sends a button, not the link's elements."""
    if st.session_state.get(_ASKED):
        _link_dialog()


@st.dialog("Lenke til denne visningen", width="large")
def _link_dialog() -> None:
    st.code(view_link(), language=None, wrap_lines=True)
    st.caption("Lenken åpner denne visningen med de samme valgene. Kopier den med knappen til høyre.")


def view_link() -> str:
    """The current view's full link: the page's address (`st.context.url`, without the query), the
    selections now in the URL, and what the view's defaults resolved to (state.resolved: the last year
    of figures of each indicator shown, Utvikling's default extra indicators), so the link reopens the
    same figures after newer ones are imported."""
    query = urlencode(state.with_resolved(st.query_params.to_dict()), safe=",:")
    return (st.context.url or "") + (f"?{query}" if query else "")


def table(where, download: Table) -> None:
    """Two buttons: CSV for Norwegian Excel and an Excel workbook with the source written in."""
    row = where.container(horizontal=True)
    key = download.key
    row.download_button(f"Last ned {download.what} (CSV for Excel)",
                        data=functools.partial(to_excel_csv, download.frame, download.example, download.basis),
                        file_name=f"{download.name}.csv", mime="text/csv", icon=":material/download:", on_click="ignore",
                        key=None if key is None else f"{key}_csv")
    row.download_button("Excel (.xlsx)", file_name=f"{download.name}.xlsx", icon=":material/table_view:",
                        on_click="ignore", key=None if key is None else f"{key}_xlsx",
                        data=functools.partial(to_xlsx, download.frame, download.title, download.source, date.today(),
                                               download.example, download.decimals, download.basis),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        help=f"{download.title}, med kilde og dato i filen")


def chart(where, shown: Chart) -> None:
    """The chart as SVG (for a report) and PNG (for a slide), with title, source and date in the picture.
    Streamlit's own chart menu offers PNG only, without the source."""
    with where.popover("Last ned diagrammet", icon=":material/download:"):
        for kind, label, mime in [("svg", "SVG (for rapporter)", "image/svg+xml"), ("png", "PNG (for lysbilder)", "image/png")]:
            st.download_button(label, file_name=f"{shown.name}.{kind}", mime=mime, on_click="ignore",
                               key=f"{shown.key}_{kind}",
                               data=functools.partial(chart_image, shown.spec, kind, shown.source, date.today(),
                                                      shown.example, shown.context))
