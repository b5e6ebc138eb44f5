"""A global request size limit (chunked bodies included) and ``Cache-Control: no-store`` on
every page with personal data."""

from __future__ import annotations

import requests
from sqlalchemy import func, select
from werkzeug.routing.converters import IntegerConverter

from netmgr.core.audit import AuditEntry
from netmgr.events.models import Event
from netmgr.extensions import db

TWO_MB = 2 * 1024 * 1024


def chunked(size=TWO_MB, piece=64 * 1024):
    """A body sent with Transfer-Encoding: chunked (requests does that for a generator)."""
    for _ in range(size // piece):
        yield b"a" * piece


def post_chunked(url, **kwargs):
    return requests.post(url, data=chunked(), timeout=30, **kwargs).status_code


def test_chunked_bodies_beyond_the_limit_are_refused_unparsed(app, live_server, api_headers):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    api = post_chunked(
        f"{live_server}/api/v1/events",
        headers={**api_headers, "Content-Type": "application/json"},
    )
    form = post_chunked(
        f"{live_server}/login", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (api, form) == (413, 413)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0  # login never ran


def test_small_bodies_still_work(live_server, coordinator):
    response = requests.post(
        f"{live_server}/login",
        data={"email": coordinator.email, "password": "riktig-passord-123"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302


def _coordinator_gets(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/coordinator") or "GET" not in rule.methods:
            continue
        values = {}
        for name in rule.arguments - set(rule.defaults or ()):
            converter = rule._converters[name]
            values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
        yield rule.build(values, append_unknown=False)[1]


def test_every_coordinator_page_says_no_store(app, admin_client):
    urls = list(_coordinator_gets(app))
    assert len(urls) > 20
    missing = []
    for url in urls:
        response = admin_client.get(url)
        if "no-store" not in response.headers.get("Cache-Control", ""):
            missing.append(f"{url} ({response.status_code})")
    assert not missing, "without Cache-Control: no-store:\n" + "\n".join(missing)


def test_the_page_with_a_new_api_token_says_no_store(admin_client, coordinator):
    response = admin_client.post(
        f"/coordinator/admin/users/{coordinator.id}/tokens", data={"token-name": "Skript"}
    )
    assert response.status_code == 200 and 'id="new-token"' in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_registration_token_pages_say_no_store_and_public_pages_may_be_cached(client):
    for url in ("/registrations/abc", "/registrations/cancel/abc", "/login/reset/abc"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    assert "no-store" not in client.get("/events").headers.get("Cache-Control", "")
