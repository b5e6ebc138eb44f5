"""Page structure the browser tests do not cover rule by rule: headings in order, one h1,
labels for every field, lang on the page."""

from __future__ import annotations

import re

import pytest

from tests import factories as f


@pytest.fixture
def pages(app_ctx):
    net = f.network("Velferd Vest", slug="velferd-vest")
    f.member(net, f.municipality("Bergen"))
    event = f.event("Møte", network_row=net, capacity=10, description="Tekst")
    cancelled = f.event("Avlyst", status="cancelled")
    return [
        "/",
        "/events",
        "/events?kind=webinar",
        "/events?date_from=x",
        f"/events/{event.id}",
        f"/events/{cancelled.id}",
        "/networks",
        "/networks/velferd-vest",
        "/about",
        "/login",
        "/finnes-ikke",
    ]


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def test_headings_in_order_with_one_h1(client, pages):
    for url in pages:
        levels = headings(client.get(url).get_data(as_text=True))
        assert levels and levels[0] == 1 and levels.count(1) == 1, (url, levels)
        for previous, current in zip(levels, levels[1:]):
            assert current <= previous + 1, (url, levels)


def test_every_field_has_a_label(client, pages):
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        for match in re.finditer(r"<(input|select|textarea)\b([^>]*)>", html):
            attrs = match.group(2)
            if 'type="hidden"' in attrs or 'type="submit"' in attrs:
                continue
            field_id = re.search(r'\bid="([^"]+)"', attrs)
            assert field_id, (url, match.group(0))
            assert f'for="{field_id.group(1)}"' in html, (url, match.group(0))


def test_lang_matches_choice_on_every_page(app, pages):
    client = app.test_client()
    client.set_cookie("lang", "en")
    for url in pages:
        assert '<html lang="en"' in client.get(url).get_data(as_text=True), url
