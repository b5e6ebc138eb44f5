"""/api/v1/events: public reading, writes, PATCH cancel raising SEQUENCE, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.core import signals
from netmgr.core.audit import AuditEntry
from netmgr.events.models import Event
from tests.events.conftest import START, event_body
from tests.factories import count

URL = "/api/v1/events"
CONTRACT = {
    "id",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "network_id",
    "county_number",
    "capacity",
    "presenter_slots",
    "registration_opens_at",
    "registration_closes_at",
    "status",
}


@pytest.fixture
def received():
    """Signals sent during the test: (name, kwargs)."""
    seen = []

    def changed(sender, **kw):
        seen.append(("changed", kw))

    def cancelled(sender, **kw):
        seen.append(("cancelled", kw))

    signals.event_changed.connect(changed)
    signals.event_cancelled.connect(cancelled)
    yield seen
    signals.event_changed.disconnect(changed)
    signals.event_cancelled.disconnect(cancelled)


def test_create_event_as_draft(client, api_headers, coordinator, network, received):
    net = network()
    r = client.post(
        URL,
        json=event_body(
            network_id=net.id,
            county_number="46",
            themes=["welfare_technology", "buildings"],
            online_url="https://meet.example.no/abc",
            registration_opens_at="2027-04-01T08:00:00Z",
            registration_closes_at="2027-05-01T23:59:00+02:00",
        ),
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    e = r.json
    assert set(e) >= CONTRACT
    assert e["status"] == "draft"
    assert e["starts_at"] == "2027-05-04T07:00:00+00:00"
    assert e["registration_closes_at"] == "2027-05-01T21:59:00+00:00"
    assert e["network_id"] == net.id and e["county_number"] == "46"
    assert sorted(e["themes"]) == ["buildings", "welfare_technology"]
    assert e["sequence"] == 0 and e["uid"].endswith("@netmgr.lup")
    assert [name for name, _ in received] == ["changed"]
    assert db_audit_actions() == ["event.created"]
    from netmgr.extensions import db

    entry = db.session.query(AuditEntry).one()
    assert entry.user_id == coordinator.id and entry.object_id == e["id"]


def db_audit_actions():
    from sqlalchemy import select

    from netmgr.extensions import db

    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_drafts_need_a_token(client, api_headers, event):
    draft = event(status="draft", title="Utkast")
    pub = event(status="published", title="Publisert")
    r = client.get(URL)
    assert r.status_code == 200
    assert [x["title"] for x in r.json["items"]] == ["Publisert"]
    assert client.get(f"{URL}/{pub.id}").status_code == 200
    assert client.get(f"{URL}/{draft.id}").status_code == 401
    assert client.get(URL, query_string={"status": "draft"}).status_code == 401
    assert client.get(f"{URL}/{draft.id}", headers=api_headers).json["title"] == "Utkast"
    r = client.get(URL, headers=api_headers)
    assert r.json["total"] == 2
    assert client.get(URL, headers={"Authorization": "Bearer bad"}).status_code == 401


def test_writes_need_a_token(client, event):
    e = event()
    assert client.post(URL, json=event_body()).status_code == 401
    assert client.patch(f"{URL}/{e.id}", json={"title": "X"}).status_code == 401
    assert client.delete(f"{URL}/{e.id}").status_code == 401
    assert count(Event) == 1


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"ends_at": "2027-05-04T08:00:00+02:00"}, "ends_at"),  # end before start
        ({"ends_at": "2027-05-04T09:00:00+02:00"}, "ends_at"),  # end == start
        ({"starts_at": "2027-05-04T09:00:00"}, "starts_at"),  # naive
        ({"starts_at": "4. mai 2027"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00:00+14:00"}, "starts_at"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": 10**30}, "capacity"),
        ({"capacity": "40"}, "capacity"),
        ({"capacity": 4.5}, "capacity"),
        ({"presenter_slots": -2}, "presenter_slots"),
        ({"kind": "party"}, "kind"),
        ({"status": "archived"}, "status"),
        ({"status": "cancelled"}, "status"),
        ({"county_number": "99"}, "county_number"),
        ({"network_id": 424242}, "network_id"),
        ({"themes": ["cooking"]}, "themes"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        (
            {
                "registration_opens_at": "2027-05-01T00:00:00Z",
                "registration_closes_at": "2027-04-01T00:00:00Z",
            },
            "registration_closes_at",
        ),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Nul\x00byte"}, "title"),
        ({"uid": "mine"}, "uid"),
        ({"sequence": 5}, "sequence"),
        ({"organiser": "me"}, "organiser"),
    ],
)
def test_invalid_event_is_422_and_writes_nothing(client, api_headers, changes, field):
    r = client.post(URL, json=event_body(**changes), headers=api_headers)
    assert r.status_code == 422, r.json
    assert field in r.json["errors"], r.json
    assert count(Event) == 0 and count(AuditEntry) == 0


def test_patch_cancel_raises_sequence_and_signals(client, api_headers, event, received):
    e = event(status="published")
    seq = e.sequence
    received.clear()
    r = client.patch(f"{URL}/{e.id}", json={"description": "Mer tekst"}, headers=api_headers)
    assert r.status_code == 200 and r.json["sequence"] == seq  # not calendar-visible
    r = client.patch(f"{URL}/{e.id}", json={"location": "Oslo"}, headers=api_headers)
    assert r.json["sequence"] == seq + 1
    r = client.patch(f"{URL}/{e.id}", json={"status": "cancelled"}, headers=api_headers)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "cancelled" and r.json["sequence"] == seq + 2
    assert r.json["cancelled_at"]
    assert [name for name, _ in received] == ["changed", "changed", "cancelled"]
    assert received[1][1]["calendar_visible"] is True
    assert received[0][1]["calendar_visible"] is False
    assert "event.cancelled" in db_audit_actions()
    # cancelled stays cancelled; still public with its status
    r = client.patch(f"{URL}/{e.id}", json={"status": "published"}, headers=api_headers)
    assert r.status_code == 422 and "status" in r.json["errors"]
    assert client.get(f"{URL}/{e.id}").json["status"] == "cancelled"


def test_patch_publish_and_partial(client, api_headers, event):
    e = event(status="draft", capacity=10)
    r = client.patch(f"{URL}/{e.id}", json={"status": "published"}, headers=api_headers)
    assert r.status_code == 200 and r.json["status"] == "published" and r.json["published_at"]
    assert r.json["capacity"] == 10
    r = client.patch(f"{URL}/{e.id}", json={"capacity": None}, headers=api_headers)
    assert r.json["capacity"] is None
    r = client.patch(f"{URL}/{e.id}", json={"status": "draft"}, headers=api_headers)
    assert r.status_code == 422
    r = client.patch(f"{URL}/{e.id}", json={"ends_at": "2020-01-01T00:00:00Z"}, headers=api_headers)
    assert r.status_code == 422 and "ends_at" in r.json["errors"]
    ends = (START + dt.timedelta(hours=2)).isoformat()
    assert client.get(f"{URL}/{e.id}").json["ends_at"] == ends


def test_delete_event(client, api_headers, event):
    e = event(status="draft")
    assert client.delete(f"{URL}/{e.id}", headers=api_headers).status_code == 204
    assert client.get(f"{URL}/{e.id}", headers=api_headers).status_code == 404
    assert client.delete(f"{URL}/{e.id}", headers=api_headers).status_code == 404


def test_filters_and_pagination(client, api_headers, event, network):
    net = network()
    day = dt.timedelta(days=1)
    event(title="A", starts_at=START, ends_at=START + dt.timedelta(hours=2), network_id=net.id)
    event(
        title="B",
        starts_at=START + day,
        ends_at=START + day + dt.timedelta(hours=2),
        kind="meeting_place",
        county_number="46",
    )
    event(
        title="C",
        starts_at=START + 2 * day,
        ends_at=START + 2 * day + dt.timedelta(hours=2),
        kind="meeting_place",
        county_number="11",
        status="draft",
    )
    event(
        title="D",
        starts_at=START + 3 * day,
        ends_at=START + 3 * day + dt.timedelta(hours=1),
        themes=["buildings"],
    )

    def titles(headers=None, **params):
        r = client.get(URL, query_string=params, headers=headers or {})
        assert r.status_code == 200, r.json
        return [x["title"] for x in r.json["items"]]

    assert titles() == ["A", "B", "D"]
    assert titles(api_headers) == ["A", "B", "C", "D"]
    assert titles(network_id=net.id) == ["A"]
    assert titles(kind="meeting_place") == ["B"]
    assert titles(api_headers, kind="meeting_place", county="11") == ["C"]
    assert titles(county_number="46") == ["B"]
    assert titles(api_headers, status="draft") == ["C"]
    assert titles(status="published") == ["A", "B", "D"]
    assert titles(theme="buildings") == ["D"]
    # START is 2027-03-03 09:00 in Oslo; dates are whole days in Norway
    assert titles(**{"from": "2027-03-04"}) == ["B", "D"]
    assert titles(to="2027-03-04") == ["A", "B"]
    assert titles(**{"from": "2027-03-04", "to": "2027-03-04"}) == ["B"]
    assert titles(**{"from": "2027-03-04T08:00:00Z"}) == ["B", "D"]
    assert titles(**{"from": "2027-03-04T08:00:01Z"}) == ["D"]
    for bad in (
        {"from": "yesterday"},
        {"to": "2027-02-30"},
        {"from": "2027-03-04T08:00:00"},
        {"network_id": "x"},
        {"network_id": "99999999999999"},
        {"page": "-1"},
        {"per_page": "100000"},
        {"page": "1e400"},
    ):
        r = client.get(URL, query_string=bad)
        assert r.status_code == 422, (bad, r.json)
        assert set(r.json["errors"]) & {"from", "to", "network_id", "page", "per_page"}, r.json
    page = client.get(URL, query_string={"per_page": 2, "page": 2}).json
    assert page == {"items": page["items"], "total": 3, "page": 2, "per_page": 2}
    assert [x["title"] for x in page["items"]] == ["D"]
    assert client.get(URL, query_string={"page": 99}).json["items"] == []


def test_agenda_through_the_api_page_and_mail(client, api_headers, app_ctx):
    """The programme (agenda): API field ``agenda``, shown on the public page, and in the
    invitation mail (issue 17, coordinator extras)."""
    import datetime as _dt

    start = (_dt.datetime.now(_dt.UTC) + _dt.timedelta(days=20)).replace(microsecond=0)
    body = {
        "kind": "network_meeting",
        "title": "Med program",
        "starts_at": start.isoformat(),
        "ends_at": (start + _dt.timedelta(hours=3)).isoformat(),
        "status": "published",
        "agenda": "09.00 Velkommen\n09.15 Innlegg fra Bodø\n",
    }
    r = client.post("/api/v1/events", json=body, headers=api_headers)
    assert r.status_code == 201 and r.json["agenda"] == "09.00 Velkommen\n09.15 Innlegg fra Bodø"
    page = client.get(f"/events/{r.json['id']}").get_data(as_text=True)
    assert 'id="event-agenda"' in page and "<li>09.15 Innlegg fra Bodø</li>" in page
    r2 = client.patch(f"/api/v1/events/{r.json['id']}", json={"agenda": None}, headers=api_headers)
    assert r2.status_code == 200 and r2.json["agenda"] is None
    assert (
        client.post("/api/v1/events", json={**body, "agenda": 5}, headers=api_headers).status_code
        == 422
    )
