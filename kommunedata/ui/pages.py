"""The app's pages, declared once: app.py's navigation, presentation mode's way back, the links between
pages and the tests all read this list."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Page:
    page_id: str  # as the URL names it: the default page is served at «/»
    file: str  # relative to the project
    title: str
    icon: str
    default: bool = False
    hidden: bool = False  # not in the menu (presentation mode is opened by «Presenter» or a link)
    needs_password: bool = False  # only when importing in the app is switched on
    figures: bool = False  # shows indicator figures: a link carries the last year of them («tom»)


PAGES = [
    Page("temastatus", "app_pages/temastatus.py", "Temastatus", ":material/bar_chart:", default=True),
    Page("nettverk", "app_pages/nettverk.py", "Nettverk", ":material/hub:", figures=True),
    Page("utvikling", "app_pages/utvikling.py", "Utvikling over tid", ":material/show_chart:", figures=True),
    Page("kart", "app_pages/kart.py", "Kart", ":material/map:", figures=True),
    Page("om-dataene", "app_pages/om_dataene.py", "Om dataene", ":material/info:"),
    Page("importer", "app_pages/importer.py", "Importer data", ":material/upload_file:", needs_password=True),
    Page("presentasjon", "app_pages/presentasjon.py", "Presentasjon", ":material/slideshow:", hidden=True,
         figures=True),
]
BY_ID = {page.page_id: page for page in PAGES}
DEFAULT = next(page for page in PAGES if page.default)


def file(page_id: str) -> str:
    """The page's file, as st.page_link and st.switch_page take it."""
    return BY_ID[page_id].file


def navigation(importing: bool) -> list[st.Page]:
    """The pages as st.Page (the importer's only when `importing`)."""
    return [st.Page(page.file, title=page.title, icon=page.icon, default=page.default,
                    url_path=None if page.default else page.page_id,
                    visibility="hidden" if page.hidden else "visible")
            for page in PAGES if importing or not page.needs_password]


def current_id(page: st.Page) -> str:
    """The id of the page st.navigation chose."""
    return page.url_path or DEFAULT.page_id
