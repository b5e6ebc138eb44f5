"""/api/v1/registrations and /api/v1/events/<id>/registrations (capacity rules from the
registration services)."""

from __future__ import annotations

import datetime as dt

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration
from tests.factories import count

URL = "/api/v1/registrations"
CONTRACT = {"id", "event_id", "contact_id", "organization_id", "role", "status", "attendance"}


def _future(event, **fields):
    start = utcnow().replace(microsecond=0) + dt.timedelta(days=30)
    return event(starts_at=start, ends_at=start + dt.timedelta(hours=3), **fields)


def test_capacity_waitlist_and_promotion(client, api_headers, event, contact):
    e = _future(event, capacity=1)
    ola = contact("ola@example.no")
    kari = contact("kari@example.no", organization=ola.organization)
    r = client.post(URL, json={"event_id": e.id, "contact_id": ola.id}, headers=api_headers)
    assert r.status_code == 201, r.json
    first = r.json
    assert set(first) >= CONTRACT
    assert first["status"] == "confirmed" and first["role"] == "attendee"
    assert first["attendance"] == "unknown" and first["source"] == "api"
    assert first["organization_id"] == ola.organization_id
    r = client.post(URL, json={"event_id": e.id, "contact_id": kari.id}, headers=api_headers)
    assert r.status_code == 201 and r.json["status"] == "waitlisted"
    second = r.json
    # duplicate registration: 409, nothing new
    r = client.post(URL, json={"event_id": e.id, "contact_id": ola.id}, headers=api_headers)
    assert r.status_code == 409 and "contact_id" in r.json["errors"]
    assert count(Registration) == 2
    # cancelling the confirmed one promotes the first on the waiting list
    assert client.delete(f"{URL}/{first['id']}", headers=api_headers).status_code == 204
    assert client.get(f"{URL}/{first['id']}", headers=api_headers).json["status"] == "cancelled"
    assert client.get(f"{URL}/{second['id']}", headers=api_headers).json["status"] == "confirmed"
    # after cancelling, the same person may register again
    r = client.post(URL, json={"event_id": e.id, "contact_id": ola.id}, headers=api_headers)
    assert r.status_code == 201 and r.json["status"] == "waitlisted"


def test_list_filters(client, api_headers, event, contact):
    e1, e2 = _future(event, title="En"), _future(event, title="To")
    c = contact()
    for e in (e1, e2):
        assert (
            client.post(
                URL, json={"event_id": e.id, "contact_id": c.id}, headers=api_headers
            ).status_code
            == 201
        )
    r = client.get(URL, query_string={"event_id": e2.id}, headers=api_headers)
    assert r.json["total"] == 1 and r.json["items"][0]["event_id"] == e2.id
    r = client.get(URL, query_string={"status": "confirmed", "per_page": 1}, headers=api_headers)
    assert r.json["total"] == 2 and len(r.json["items"]) == 1
    r = client.get(f"/api/v1/events/{e1.id}/registrations", headers=api_headers)
    assert r.json["total"] == 1
    assert client.get(URL).status_code == 401
    assert client.get(f"/api/v1/events/{e1.id}/registrations").status_code == 401


def test_patch_attendance_and_cancel(client, api_headers, event, contact):
    e = _future(event)
    c = contact()
    reg = client.post(URL, json={"event_id": e.id, "contact_id": c.id}, headers=api_headers).json
    # attendance of an event days ahead is refused (issue 17, bug 3) ...
    r = client.patch(f"{URL}/{reg['id']}", json={"attendance": "attended"}, headers=api_headers)
    assert r.status_code == 409 and "attendance" in r.json["errors"]
    # ... and recorded from the event's day
    e.starts_at = utcnow() - dt.timedelta(hours=1)
    e.ends_at = e.starts_at + dt.timedelta(hours=2)
    db.session.commit()
    r = client.patch(f"{URL}/{reg['id']}", json={"attendance": "attended"}, headers=api_headers)
    assert r.status_code == 200 and r.json["attendance"] == "attended"
    r = client.patch(f"{URL}/{reg['id']}", json={"attendance": "maybe"}, headers=api_headers)
    assert r.status_code == 422 and "attendance" in r.json["errors"]
    r = client.patch(f"{URL}/{reg['id']}", json={"event_id": 5}, headers=api_headers)
    assert r.status_code == 422 and "event_id" in r.json["errors"]
    r = client.patch(f"{URL}/{reg['id']}", json={"status": "cancelled"}, headers=api_headers)
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    r = client.patch(f"{URL}/{reg['id']}", json={"status": "confirmed"}, headers=api_headers)
    assert r.status_code == 409


def test_invalid_registration_writes_nothing(client, api_headers, event, contact):
    e = _future(event)
    c = contact()
    for body, field in (
        ({"event_id": 999999, "contact_id": c.id}, "event_id"),
        ({"event_id": e.id, "contact_id": 999999}, "contact_id"),
        ({"event_id": e.id}, "contact_id"),
        ({"event_id": e.id, "contact_id": c.id, "role": "boss"}, "role"),
        ({"event_id": e.id, "contact_id": c.id, "status": "confirmed"}, "status"),
        ({"event_id": e.id, "contact_id": c.id, "role": "presenter"}, "solution_title"),
        ({"event_id": "1", "contact_id": c.id}, "event_id"),
    ):
        r = client.post(URL, json=body, headers=api_headers)
        assert r.status_code == 422 and field in r.json["errors"], (body, r.json)
    cancelled = _future(event, title="Avlyst")
    client.patch(
        f"/api/v1/events/{cancelled.id}", json={"status": "cancelled"}, headers=api_headers
    )
    r = client.post(URL, json={"event_id": cancelled.id, "contact_id": c.id}, headers=api_headers)
    assert r.status_code == 422
    assert count(Registration) == 0


def test_event_registration_matches_or_creates_people(client, api_headers, event, supplier):
    e = _future(event, capacity=10)
    url = f"/api/v1/events/{e.id}/registrations"
    body = {
        "email": "Per@Firma.no",
        "name": "Per Hansen",
        "org_number": "974 760 673",
        "organization_name": "Firma AS",
    }
    r = client.post(url, json=body, headers=api_headers)
    assert r.status_code == 201, r.json
    assert r.json["status"] == "confirmed" and r.json["event_id"] == e.id
    assert count(Organization) == 1 and count(Contact) == 1
    # the same person again: matched, and a duplicate registration is a conflict
    r = client.post(url, json=body, headers=api_headers)
    assert r.status_code == 409
    assert count(Organization) == 1 and count(Contact) == 1 and count(Registration) == 1
    r = client.post(url, json={"email": "ny@firma.no", "name": "Ny"}, headers=api_headers)
    assert r.status_code == 422 and "organization_id" in r.json["errors"]
    r = client.post(url, json={"name": "Uten e-post"}, headers=api_headers)
    assert r.status_code == 422 and "contact_id" in r.json["errors"]
    r = client.post(
        url, json={**body, "email": "x@firma.no", "org_number": "974760674"}, headers=api_headers
    )
    assert r.status_code == 422 and "org_number" in r.json["errors"]
    assert count(Contact) == 1
    assert (
        client.post(
            "/api/v1/events/999999/registrations", json=body, headers=api_headers
        ).status_code
        == 404
    )


def test_event_registration_follows_the_form_rules(client, api_headers, event, contact):
    c = contact()
    draft = _future(event, status="draft")
    r = client.post(
        f"/api/v1/events/{draft.id}/registrations", json={"contact_id": c.id}, headers=api_headers
    )
    assert r.status_code == 422
    closed = _future(
        event,
        registration_closes_at=utcnow() - dt.timedelta(days=1),
        registration_opens_at=utcnow() - dt.timedelta(days=10),
    )
    r = client.post(
        f"/api/v1/events/{closed.id}/registrations", json={"contact_id": c.id}, headers=api_headers
    )
    assert r.status_code == 422
    assert count(Registration) == 0
    # a coordinator may still add someone after the deadline
    r = client.post(URL, json={"event_id": closed.id, "contact_id": c.id}, headers=api_headers)
    assert r.status_code == 201 and r.json["status"] == "confirmed"
