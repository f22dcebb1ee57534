"""Kart in a real browser: the map is drawn (not blank), and a click on a municipality selects it."""

from __future__ import annotations

import io
import math
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import open_app, query, record_outside_requests, screenshot, wait_for_app

VIEW = (65.2, 16.0, 4.05)  # the map's first view: latitude, longitude, zoom (app_pages/kart.py)
KAUTOKEINO = (69.13247, 23.57813)  # a point inside Guovdageaidnu - Kautokeino (5612), from data/geo


def _mercator(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    size = 512 * 2 ** zoom  # deck.gl's world size in pixels at this zoom
    x = (lon + 180) / 360 * size
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * size
    return x, y


def test_the_map_is_drawn_and_a_click_selects_a_municipality(page, server):
    outside = record_outside_requests(page)
    open_app(page, server, "/kart?dato=2007-08-28")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    expect(canvas).to_be_visible()
    page.wait_for_timeout(300)  # deck.gl draws just after the run; pydeck debounces (as Streamlit's own tests do)
    picture = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    assert len(picture.getcolors(1_000_000)) > 20  # polygons in many colours, not a blank canvas
    box = canvas.bounding_box()
    centre = _mercator(VIEW[0], VIEW[1], VIEW[2])
    point = _mercator(*KAUTOKEINO, VIEW[2])
    page.mouse.click(box["x"] + box["width"] / 2 + point[0] - centre[0],
                     box["y"] + box["height"] / 2 + point[1] - centre[1])
    page.wait_for_url(re.compile("kommune=5612"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Guovdageaidnu - Kautokeino")).to_be_visible()
    expect(page.locator('[data-testid="stPageLink"]').filter(has_text="over tid")).to_be_visible()
    assert query(page)["kommune"] == "5612"
    page.wait_for_load_state("networkidle")
    assert outside == []
    screenshot(page, "kart-valgt")
