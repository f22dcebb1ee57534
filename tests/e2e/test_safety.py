"""Links that try to put a link or an image into the app's own notice show text, and fetch nothing."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from kommunedata.text import WORD_JOINER
from tests.e2e.helpers import open_app, record_outside_requests, screenshot


@pytest.mark.parametrize("path, shown", [
    ("/?tema=[Logg inn](https://example.org/x)", "[Logg inn](https://example.org/x)"),
    ("/?fylke=![x](https://example.org/p.png)", "![x](https://example.org/p.png)"),
    ("/utvikling?kommune=:red[rød] https://example.org $x$", ":red[rød] https://example.org $x$"),
])
def test_a_hostile_link_shows_its_value_as_text(page, server, path, shown):
    outside = record_outside_requests(page)
    open_app(page, server, path)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="ukjent verdi")
    expect(notice).to_be_visible()
    assert f"«{shown}»" in notice.inner_text().replace(WORD_JOINER, "")  # the value as written (joiners are unseen)
    expect(notice.locator("a")).to_have_count(0)
    expect(notice.locator("img")).to_have_count(0)
    expect(notice.locator(".katex")).to_have_count(0)
    expect(page.locator('a[href*="example.org"], img[src*="example.org"]')).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert outside == []
    screenshot(page, "hostile-link-" + path.split("=")[0].strip("/?").replace("?", "-"))


HOSTILE = ["_www.example.org", "(www.example.org)", "mail@example.org", "mailto:a@example.org",
           "HTTPS://EXAMPLE.ORG/a", ":material_warning:", ":streamlit:", "kl. 12:30: :smile:", ":red-badge[x]",
           "$$y$$", "<img src=https://example.org/i.png>", "a -> b -- c"]


def test_hostile_values_render_as_plain_text_in_streamlits_own_markdown(page, server):
    """Streamlit's renderer, not a stand-in: each value shows as written, with nothing made of it."""
    outside = record_outside_requests(page)
    for value in HOSTILE:
        page.goto(f"{server}/om-dataene?kommune={quote(value)}")
        notice = page.locator('[data-testid="stAlert"]').filter(has_text="ukjent verdi")
        expect(notice).to_be_visible()
        assert f"«{value}»" in notice.inner_text().replace(WORD_JOINER, ""), value
        made = notice.locator("a, img, .katex, [data-testid='stIconMaterial'], span[style*='color'], strong, em, code")
        expect(made).to_have_count(0)
        assert not any(ord(ch) > 0x1F000 for ch in notice.inner_text()), value  # no emoji made of :smile:
    page.wait_for_load_state("networkidle")
    assert outside == []
