"""The about page (a web page of no feature)."""

from __future__ import annotations


def test_about_page_has_attribution_and_accessibility_sections(client, app_ctx):
    html = client.get("/about").get_data(as_text=True)
    assert 'id="tilgjengelighet"' in html and "Kartverket" in html
