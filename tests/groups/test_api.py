"""/api/v1/groups and their members: the contract of issue 13 (as networks' members)."""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.groups.models import Group, GroupMembership
from tests.factories import count

URL = "/api/v1/groups"


def test_create_read_update_delete(client, api_headers, make_org):
    host = make_org("Levanger")
    db.session.commit()
    body = {
        "slug": "innherred-innkjop",
        "name": "Innherred innkjøp",
        "kind": "procurement_cooperation",
        "host_organization_id": host.id,
        "description": "Vertskommunesamarbeid etter kommuneloven § 20-2",
        "website": "https://innherred.example",
    }
    r = client.post(URL, json=body, headers=api_headers)
    assert r.status_code == 201, r.json
    g = r.json
    assert {k: g[k] for k in body} == body and isinstance(g["id"], int)
    assert client.get(f"{URL}/{g['id']}", headers=api_headers).json == g
    listed = client.get(URL, headers=api_headers).json
    assert listed["total"] == 1 and listed["page"] == 1 and listed["items"][0]["id"] == g["id"]
    r = client.patch(
        f"{URL}/{g['id']}", json={"kind": "regional_council", "website": None}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["kind"] == "regional_council"
    assert r.json["website"] is None
    assert client.delete(f"{URL}/{g['id']}", headers=api_headers).status_code == 204
    assert client.get(f"{URL}/{g['id']}", headers=api_headers).status_code == 404
    actions = {a for (a,) in db.session.query(AuditEntry.action)}
    assert {"group.created", "group.updated", "group.deleted"} <= actions


def test_groups_need_a_token(client):
    assert client.get(URL).status_code == 401
    r = client.post(URL, json={"slug": "x", "name": "X", "kind": "other"})
    assert r.status_code == 401


@pytest.mark.parametrize(
    "body,field",
    [
        ({"slug": "Store Bokstaver", "name": "X", "kind": "other"}, "slug"),
        ({"slug": "ok", "name": "X", "kind": "club"}, "kind"),
        ({"slug": "ok", "name": "", "kind": "other"}, "name"),
        ({"slug": "ok", "name": "X"}, "kind"),
        ({"slug": "ok", "name": "X", "kind": "other", "website": "ftp://x.no"}, "website"),
        ({"slug": "ok", "name": "X", "kind": "other", "website": "javascript:alert(1)"}, "website"),
        (
            {"slug": "ok", "name": "X", "kind": "other", "host_organization_id": 999999},
            "host_organization_id",
        ),
        ({"slug": "ok", "name": "X", "kind": "other", "members": []}, "members"),
    ],
)
def test_invalid_group_writes_nothing(client, api_headers, body, field):
    r = client.post(URL, json=body, headers=api_headers)
    assert r.status_code == 422 and field in r.json["errors"], r.json
    assert count(Group) == 0


def test_duplicate_slug_is_409(client, api_headers, group):
    group(slug="trondelag-sor")
    r = client.post(
        URL, json={"slug": "trondelag-sor", "name": "Y", "kind": "other"}, headers=api_headers
    )
    assert r.status_code == 409 and "slug" in r.json["errors"]
    assert count(Group) == 1


def test_members_history_like_networks(client, api_headers, group, make_org):
    g = group()
    a, b = make_org("Verdal"), make_org("Inderøy")
    db.session.commit()
    members = f"{URL}/{g.id}/members"
    r = client.post(
        members, json={"organization_id": a.id, "joined_on": "2020-01-01"}, headers=api_headers
    )
    assert r.status_code == 201, r.json
    assert r.json["organization_id"] == a.id and r.json["left_on"] is None and r.json["active"]
    assert (
        client.post(members, json={"organization_id": a.id}, headers=api_headers).status_code == 409
    )
    assert (
        client.post(
            members, json={"organization_id": b.id, "joined_on": "2021-03-01"}, headers=api_headers
        ).status_code
        == 201
    )
    # End a's membership with a body, and b's through the item URL
    r = client.delete(
        members, json={"organization_id": a.id, "left_on": "2024-12-31"}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["left_on"] == "2024-12-31"
    r = client.delete(f"{members}/{b.id}?left_on=2025-01-31", headers=api_headers)
    assert r.status_code == 200 and r.json["left_on"] == "2025-01-31", r.json
    assert client.delete(f"{members}/{b.id}", headers=api_headers).status_code == 404
    # Re-joining before the old membership ended is refused; after, a new row is added
    r = client.post(
        members, json={"organization_id": a.id, "joined_on": "2024-06-01"}, headers=api_headers
    )
    assert r.status_code == 422 and "joined_on" in r.json["errors"]
    r = client.post(
        members, json={"organization_id": a.id, "joined_on": "2025-02-01"}, headers=api_headers
    )
    assert r.status_code == 201
    history = client.get(members, headers=api_headers).json
    assert history["total"] == 3
    on_2022 = client.get(members, query_string={"on": "2022-06-01"}, headers=api_headers).json
    assert sorted(m["organization_id"] for m in on_2022["items"]) == sorted([a.id, b.id])
    current = client.get(members, query_string={"current": "true"}, headers=api_headers).json
    assert [(m["organization_id"], m["joined_on"]) for m in current["items"]] == [
        (a.id, "2025-02-01")
    ]
    past = client.get(members, query_string={"current": "false"}, headers=api_headers).json
    assert past["total"] == 2
    assert count(GroupMembership) == 3


def test_member_422_writes_nothing(client, api_headers, group, make_org):
    g = group()
    a = make_org("Frosta")
    db.session.commit()
    members = f"{URL}/{g.id}/members"
    for body, field in [
        ({"organization_id": 999999}, "organization_id"),
        ({}, "organization_id"),
        ({"organization_id": a.id, "joined_on": "i går"}, "joined_on"),
        ({"organization_id": "1"}, "organization_id"),
    ]:
        r = client.post(members, json=body, headers=api_headers)
        assert r.status_code == 422 and field in r.json["errors"], (body, r.json)
    r = client.delete(
        members, json={"organization_id": a.id, "left_on": "2020-01-01"}, headers=api_headers
    )
    assert r.status_code == 404
    client.post(
        members, json={"organization_id": a.id, "joined_on": "2023-01-01"}, headers=api_headers
    )
    r = client.delete(
        members, json={"organization_id": a.id, "left_on": "2022-01-01"}, headers=api_headers
    )
    assert r.status_code == 422 and "left_on" in r.json["errors"]
    assert db.session.scalar(db.select(GroupMembership.left_on)) is None
    assert count(GroupMembership) == 1


def test_filter_by_kind_and_member(client, api_headers, group, make_org):
    a = make_org("Steinkjer")
    db.session.commit()
    council = group(slug="namdal-regionrad", name="Namdal regionråd", kind="regional_council")
    group(slug="annet", name="Annet", kind="other")
    client.post(
        f"{URL}/{council.id}/members",
        json={
            "organization_id": a.id,
            "joined_on": (dt.date.today() - dt.timedelta(days=9)).isoformat(),
        },
        headers=api_headers,
    )
    by_kind = client.get(URL, query_string={"kind": "regional_council"}, headers=api_headers).json
    assert [g["slug"] for g in by_kind["items"]] == ["namdal-regionrad"]
    by_org = client.get(URL, query_string={"organization_id": a.id}, headers=api_headers).json
    assert [g["id"] for g in by_org["items"]] == [council.id]


def test_member_organisation_cannot_be_deleted(client, api_headers, admin_headers, group, make_org):
    g = group()
    a = make_org("Snåsa")
    db.session.commit()
    client.post(f"{URL}/{g.id}/members", json={"organization_id": a.id}, headers=api_headers)
    r = client.delete(f"/api/v1/organizations/{a.id}", headers=admin_headers)
    assert r.status_code == 409
