"""The API toolkit holds for every resource: no input gives a 500 (garbage bodies, odd Unicode,
huge numbers, wrong types, bad paths), CSRF does not apply, and the OpenAPI document validates."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from netmgr.core.audit import AuditEntry
from netmgr.events.models import Event
from netmgr.networks.models import Network, NetworkMembership
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration
from tests.events.conftest import event_body
from tests.factories import count

ODD_VALUES = [
    None,
    True,
    0,
    -1,
    2**31,
    2**63,
    10**40,
    1e308,
    -1e308,
    0.5,
    "",
    " ",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "💥" * 100,
    "\u202e\u0000",
    "Ω≈ç√∫",
    "'; DROP TABLE events; --",
    "<script>alert(1)</script>",
    [],
    [1, 2],
    {},
    {"a": 1},
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "2027-13-45",
    "NaN",
    "Infinity",
    "1e400",
    "%00",
    "\\",
    "null",
]

BODIES = [
    b"{",
    b"[",
    b"null",
    b"[]",
    b'"text"',
    b"12",
    b"\xff\xfe\x00",
    b'{"a":}',
    b"{" * 10000 + b"}" * 10000,
    b"[" * 100000,
    b'{"capacity": ' + b"9" * 5000 + b"}",
    b'{"capacity": 1e400}',
    b'{"title": "\\ud800"}',
    b'{"title": "a\\u0000b"}',
    b'{"title": NaN}',
    b"\x00\x00\x00",
    '{"title": "æøå"}'.encode("latin-1"),
]

COLLECTIONS = [
    "/api/v1/organizations",
    "/api/v1/contacts",
    "/api/v1/networks",
    "/api/v1/events",
    "/api/v1/registrations",
]
FIELDS = {
    "/api/v1/organizations": [
        "kind",
        "name",
        "municipality_number",
        "org_number",
        "county_number",
        "population",
        "written_standard",
        "area_km2",
    ],
    "/api/v1/contacts": ["organization_id", "name", "email", "language", "opted_out"],
    "/api/v1/networks": ["slug", "name", "theme", "description", "active"],
    "/api/v1/events": [
        "kind",
        "title",
        "starts_at",
        "ends_at",
        "capacity",
        "network_id",
        "county_number",
        "online_url",
        "themes",
        "registration_opens_at",
    ],
    "/api/v1/registrations": ["event_id", "contact_id", "organization_id", "role"],
}
MODELS = (Organization, Contact, Network, NetworkMembership, Event, Registration, AuditEntry)


def _counts():
    return [count(m) for m in MODELS]


def _ok(r):
    assert r.status_code < 500, r.data[:300]
    assert r.is_json, r.data[:300]
    if r.status_code >= 400:
        assert set(r.json) == {"errors"}
        for field, messages in r.json["errors"].items():
            assert isinstance(field, str)
            assert messages and all(isinstance(m, str) for m in messages)


@pytest.mark.parametrize("url", COLLECTIONS)
def test_garbage_bodies(client, api_headers, url):
    before = _counts()
    for body in BODIES:
        for method in ("post", "patch"):
            target = url if method == "post" else url + "/1"
            r = getattr(client, method)(
                target, data=body, content_type="application/json", headers=api_headers
            )
            _ok(r)
            assert r.status_code in (404, 422), (body[:40], r.status_code, r.json)
    r = client.post(
        url,
        data="kind=other",
        content_type="application/x-www-form-urlencoded",
        headers=api_headers,
    )
    _ok(r)
    assert r.status_code == 415
    assert _counts() == before


@pytest.mark.parametrize("url", COLLECTIONS)
def test_odd_values_in_every_field(client, api_headers, url, event, contact, network):
    # real rows, so that ids in bodies can point at something
    event()
    contact()
    network(slug="fuzz")
    before = _counts()
    for field in FIELDS[url]:
        for value in ODD_VALUES:
            body = event_body() if url.endswith("events") else {}
            body[field] = value
            r = client.post(
                url, data=json.dumps(body), content_type="application/json", headers=api_headers
            )
            _ok(r)
            if r.status_code == 201:  # a valid odd value (e.g. Unicode name) is fine; undo it
                client.delete(f"{url}/{r.json['id']}", headers=api_headers)
            else:
                assert r.status_code in (409, 422), (field, value, r.json)
            r = client.patch(
                f"{url}/1",
                data=json.dumps({field: value}),
                content_type="application/json",
                headers=api_headers,
            )
            _ok(r)
    assert _counts()[:-1] == before[:-1]


@pytest.mark.parametrize("url", COLLECTIONS)
def test_odd_query_strings(client, api_headers, url):
    for params in (
        {"page": "0"},
        {"page": "x"},
        {"page": "9" * 5000},
        {"per_page": "-5"},
        {"q": "\x00"},
        {"q": "%"},
        {"q": "x" * 1000},
        {"from": "\x00"},
        {"event_id": "1e400"},
        {"population_min": "1.5"},
        {"status": ["a", "b"]},
        {"network_id": "2147483648"},
        {"unknown": "1"},
    ):
        r = client.get(url, query_string=params, headers=api_headers)
        _ok(r)
        assert r.status_code in (200, 422), (params, r.json)
    r = client.get(url + "?q=%00%FF%FE%ED%A0%80&page=%00", headers=api_headers)
    _ok(r)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/0",
        "/api/v1/events/2147483648",
        "/api/v1/organizations/99999999999999999999999",
        "/api/v1/events/-1",
        "/api/v1/events/abc",
        "/api/v1/networks/1/members/99999999999",
        "/api/v1/nothing-here",
    ],
)
def test_odd_paths(client, api_headers, path):
    for method in ("get", "patch", "delete", "post"):
        r = getattr(client, method)(path, json={}, headers=api_headers)
        assert r.status_code in (404, 405), (method, path, r.status_code)
        assert r.is_json and "errors" in r.json, r.data[:200]


def test_wrong_methods_are_405_json(client, api_headers, event):
    e = event()
    r = client.put(f"/api/v1/events/{e.id}", json={}, headers=api_headers)
    assert r.status_code == 405 and "errors" in r.json
    r = client.delete("/api/v1/events", headers=api_headers)
    assert r.status_code == 405 and "errors" in r.json


def test_api_is_csrf_exempt(app, client, api_headers, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    r = client.post(
        "/api/v1/networks",
        json={"slug": "csrf", "name": "CSRF", "theme": "buildings"},
        headers=api_headers,
    )
    assert r.status_code == 201, r.json


def test_openapi_document_validates(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json
    validate(spec)
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in (
        "/api/v1/organizations",
        "/api/v1/organizations/{org_id}",
        "/api/v1/contacts",
        "/api/v1/networks",
        "/api/v1/networks/{network_id}/members",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/registrations",
        "/api/v1/events/{event_id}/registrations",
    ):
        assert path in paths, path
    event_props = spec["components"]["schemas"]["Event"]["properties"]
    assert {"starts_at", "ends_at", "capacity", "status", "network_id"} <= set(event_props)
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert spec["components"]["schemas"]["Error"]["required"] == ["errors"]


def test_body_too_large_is_413(client, api_headers):
    r = client.post(
        "/api/v1/networks",
        data=b'{"name": "' + b"x" * 1_100_000 + b'"}',
        content_type="application/json",
        headers=api_headers,
    )
    assert r.status_code == 413 and "errors" in r.json
