"""Request ids, JSON request logs, compression and hashed static names, as production serves them."""

from __future__ import annotations

import gzip
import json
import logging
import re

from netmgr import create_app
from netmgr.core.logs import JsonFormatter


def test_every_response_has_a_request_id_and_keeps_a_sane_incoming_one(client):
    first = client.get("/events").headers["X-Request-Id"]
    second = client.get("/events").headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    given = client.get("/events", headers={"X-Request-Id": "a1b2c3d4e5f60718"})
    assert given.headers["X-Request-Id"] == "a1b2c3d4e5f60718"
    forged = client.get("/events", headers={"X-Request-Id": "<script>alert(1)</script>"})
    assert forged.headers["X-Request-Id"] != "<script>alert(1)</script>"


def test_the_404_page_shows_the_request_id_to_quote(client):
    response = client.get("/no-such-page", headers={"X-Request-Id": "feed0123beef4567"})
    assert response.status_code == 404
    assert "feed0123beef4567" in response.get_data(as_text=True)
    english = client.get(
        "/no-such-page", headers={"Accept-Language": "en", "X-Request-Id": "feed0123beef4567"}
    )
    assert "Quote the error reference feed0123beef4567" in english.get_data(as_text=True)


def test_the_500_page_shows_the_request_id(database_url, tmp_path):
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "s" * 40,
            "DATABASE_URL": database_url,
            "PROPAGATE_EXCEPTIONS": False,
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": str(tmp_path),
        }
    )

    @app.route("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    response = app.test_client().get("/boom", headers={"X-Request-Id": "cafe0123cafe4567"})
    assert response.status_code == 500
    assert "cafe0123cafe4567" in response.get_data(as_text=True)
    assert response.headers["X-Request-Id"] == "cafe0123cafe4567"


def test_one_json_line_per_request_with_route_pattern_and_user_id_only(
    app, coord_client, coordinator, caplog
):
    formatter = JsonFormatter()
    with caplog.at_level(logging.INFO, logger="netmgr.request"):
        coord_client.get("/coordinator/", headers={"X-Request-Id": "0123456789abcdef"})
    records = [r for r in caplog.records if r.name == "netmgr.request"]
    assert len(records) == 1
    line = formatter.format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "0123456789abcdef"
    assert entry["route"] == "/coordinator/"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert entry["user_id"] == str(coordinator.id)
    assert coordinator.email not in line and coordinator.name not in line


def test_a_token_in_the_path_never_reaches_the_log(client, caplog):
    with caplog.at_level(logging.INFO, logger="netmgr.request"):
        client.get("/calendars/secret-token-abcdef123456.ics")
    lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "netmgr.request"]
    assert lines and all("secret-token-abcdef123456" not in line for line in lines)


def test_html_and_json_are_gzip_compressed_when_accepted(client):
    page = client.get("/events", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"<html" in gzip.decompress(page.data)
    plain = client.get("/events")
    assert "Content-Encoding" not in plain.headers
    spec = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert spec.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(spec.data))["openapi"]
    assert len(spec.data) < len(client.get("/api/v1/openapi.json").data) / 3


def test_static_files_have_hashed_names_and_far_future_caching(client):
    html = client.get("/events").get_data(as_text=True)
    link = re.search(r'href="(/static/netmgr\.[0-9a-f]{12}\.css)"', html).group(1)
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.cache_control.max_age == 31536000
    assert response.cache_control.immutable and response.cache_control.public
    assert response.data == client.get("/static/netmgr.css").data
    wrong = client.get("/static/netmgr.000000000000.css")
    assert wrong.status_code == 404
