"""POST /api/v1/processes/<id>/participants with ``group_id``: the group's current members
join as need owners; members already taking part stay as they are; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.groups import services as groups
from netmgr.processes import services as processes
from netmgr.processes.models import ProcessParticipant


def _setup(make_org, group, coordinator):
    host, a, b, gone = (make_org(n) for n in ("Levanger", "Verdal", "Frosta", "Gamle Leksvik"))
    g = group(host=host)
    for org in (host, a, b):
        groups.add_member(g, org, joined_on=dt.date(2020, 1, 1))
    groups.add_member(g, gone, joined_on=dt.date(2019, 1, 1))
    groups.end_membership(g, gone, left_on=dt.date(2022, 12, 31))
    process = processes.create_process(
        {"slug": "nattilsyn", "title": "Digitalt nattilsyn", "theme": "welfare_technology"},
        user=coordinator,
    )
    processes.add_participant(process, host.id, "lead", user=coordinator)
    db.session.commit()
    return process, g, (host, a, b, gone)


def test_group_members_join_as_need_owners(client, api_headers, make_org, group, coordinator):
    process, g, (host, a, b, gone) = _setup(make_org, group, coordinator)
    url = f"/api/v1/processes/{process.id}/participants"
    r = client.post(url, json={"group_id": g.id}, headers=api_headers)
    assert r.status_code == 201, r.json
    assert sorted((p["organization_name"], p["role"]) for p in r.json) == [
        ("Frosta", "need_owner"),
        ("Verdal", "need_owner"),
    ]
    rows = {p.organization_id: p.role for p in db.session.scalars(select(ProcessParticipant))}
    assert rows == {host.id: "lead", a.id: "need_owner", b.id: "need_owner"}
    again = client.post(url, json={"group_id": g.id}, headers=api_headers)
    assert again.status_code == 201 and again.json == []


def test_bad_group_requests_write_nothing(client, api_headers, make_org, group, coordinator):
    process, g, _orgs = _setup(make_org, group, coordinator)
    empty = group(slug="tom", name="Tom gruppe", kind="other")
    url = f"/api/v1/processes/{process.id}/participants"
    for body, field in [
        ({"group_id": 999999}, "group_id"),
        ({"group_id": empty.id}, "group_id"),
        ({"group_id": g.id, "organization_id": _orgs[1].id}, "organization_id"),
        ({}, "organization_id"),
        ({"group_id": g.id, "role": "boss"}, "role"),
    ]:
        r = client.post(url, json=body, headers=api_headers)
        assert r.status_code == 422 and field in r.json["errors"], (body, r.json)
    assert db.session.scalar(select(db.func.count()).select_from(ProcessParticipant)) == 1
    assert client.post(url, json={"group_id": g.id}).status_code == 401
