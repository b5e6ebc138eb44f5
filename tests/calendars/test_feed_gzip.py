"""Feeds in gzip: for clients that accept it, compressed once per feed version, an ETag of its
own, 304s as before, and off with NETMGR_FEED_GZIP."""

from __future__ import annotations

import gzip

import pytest

from netmgr.calendars.feeds import cache

from .helpers import edit, make_event

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def events(app_ctx, network):
    made = [make_event(f"Møte {i}", network=network, county_number="46") for i in range(30)]
    cache.clear()
    return made


@pytest.mark.parametrize(
    "path", ["/calendar/all.ics", "/calendar/networks/velferd.ics", "/calendar/counties/46.ics"]
)
def test_gzip_when_accepted_same_calendar_own_etag_and_vary(client, events, path):
    plain = client.get(path)
    zipped = client.get(path, headers=GZIP)
    assert (plain.status_code, zipped.status_code) == (200, 200)
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) * 4 < len(plain.data)
    for resp in (plain, zipped):
        assert "Accept-Encoding" in resp.headers["Vary"]
    assert zipped.headers["ETag"] != plain.headers["ETag"]


def test_compressed_once_per_version_and_304s_per_representation(client, events):
    first = client.get("/calendar/all.ics", headers=GZIP)
    for _ in range(3):
        again = client.get("/calendar/all.ics", headers=GZIP)
        assert again.data == first.data
    assert (cache.builds, cache.compressions) == (1, 1)

    etag = first.headers["ETag"]
    not_modified = client.get("/calendar/all.ics", headers={**GZIP, "If-None-Match": etag})
    assert (not_modified.status_code, not_modified.data) == (304, b"")
    assert not_modified.headers["ETag"] == etag
    assert "Accept-Encoding" in not_modified.headers["Vary"]
    # the gzip ETag does not name the plain body
    plain = client.get("/calendar/all.ics", headers={"If-None-Match": etag})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers

    edit(events[0], title="Endret møte")  # a new version: compressed once more
    changed = client.get("/calendar/all.ics", headers={**GZIP, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Endret m" in gzip.decompress(changed.data)
    assert cache.compressions == 2


def test_identity_refused_or_gzip_turned_off(client, app, events):
    assert (
        "Content-Encoding"
        not in client.get(
            "/calendar/all.ics", headers={"Accept-Encoding": "gzip;q=0, identity"}
        ).headers
    )
    app.config["FEED_GZIP"] = False
    try:
        resp = client.get("/calendar/all.ics", headers=GZIP)
    finally:
        app.config["FEED_GZIP"] = True
    assert resp.status_code == 200 and "Content-Encoding" not in resp.headers
    assert resp.data.startswith(b"BEGIN:VCALENDAR")
