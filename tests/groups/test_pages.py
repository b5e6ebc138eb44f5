"""Coordinator group pages: create, edit, members with history; sign-in required."""

from __future__ import annotations

from sqlalchemy import select

from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.groups.models import Group, GroupMembership


def _form(**overrides):
    data = {
        "name": "Innherred innkjøp",
        "slug": "innherred-innkjop",
        "kind": "procurement_cooperation",
        "host": "0",
        "website": "https://innherred.example",
        "description": "Vertskommunesamarbeid",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_pages_need_sign_in(client, app_ctx):
    for url in ("/coordinator/groups", "/coordinator/groups/new"):
        assert client.get(url).status_code in (302, 401)
    assert client.post("/coordinator/groups/new", data=_form()).status_code in (302, 401, 403)
    assert db.session.scalar(select(Group)) is None


def test_create_edit_and_list(coord_client, make_org):
    host = make_org("Levanger")
    db.session.commit()
    response = coord_client.post("/coordinator/groups/new", data=_form(host=str(host.id)))
    assert response.status_code == 302
    group = db.session.scalar(select(Group))
    assert (group.name, group.kind, group.host_organization_id) == (
        "Innherred innkjøp",
        "procurement_cooperation",
        host.id,
    )
    assert db.session.scalar(select(AuditEntry.action)) == "group.created"
    html = coord_client.get("/coordinator/groups").get_data(as_text=True)
    assert "Innherred innkjøp" in html and "Innkjøpssamarbeid" in html and "Levanger" in html
    assert 'aria-current="page">Grupper' in html
    page = coord_client.get(f"/coordinator/groups/{group.id}/edit").get_data(as_text=True)
    assert 'value="innherred-innkjop"' in page
    response = coord_client.post(
        f"/coordinator/groups/{group.id}/edit",
        data=_form(name="Innherred", kind="regional_council", website=""),
    )
    assert response.status_code == 302
    db.session.expire_all()
    group = db.session.get(Group, group.id)
    assert (group.name, group.kind, group.website, group.host_organization_id) == (
        "Innherred",
        "regional_council",
        None,
        None,
    )


def test_invalid_form_shows_errors_and_saves_nothing(coord_client):
    response = coord_client.post(
        "/coordinator/groups/new",
        data=_form(name="", slug="Ugyldig Slug", kind="club", website="javascript:alert(1)"),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("name", "slug", "kind", "website"):
        assert f'id="{field}-error"' in html, field
    assert db.session.scalar(select(Group)) is None
    assert coord_client.post("/coordinator/groups/new", data=_form()).status_code == 302
    response = coord_client.post("/coordinator/groups/new", data=_form(name="Annen"))
    assert response.status_code == 422 and "allerede i bruk" in response.get_data(as_text=True)


def test_members_added_ended_and_kept(coord_client, make_org, group):
    g = group()
    verdal = make_org("Verdal")
    db.session.commit()
    page = coord_client.get(f"/coordinator/groups/{g.id}?q=verd").get_data(as_text=True)
    assert "Verdal" in page
    response = coord_client.post(
        f"/coordinator/groups/{g.id}/members",
        data={"organization": str(verdal.id), "joined_on": "2022-01-01"},
    )
    assert response.status_code == 302
    again = coord_client.post(
        f"/coordinator/groups/{g.id}/members", data={"organization": str(verdal.id)}
    )
    assert again.status_code == 422
    membership = db.session.scalar(select(GroupMembership))
    response = coord_client.post(
        f"/coordinator/groups/{g.id}/members/{membership.id}/end", data={"left_on": "2021-01-01"}
    )
    assert response.status_code == 422
    response = coord_client.post(
        f"/coordinator/groups/{g.id}/members/{membership.id}/end", data={"left_on": "2024-06-30"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(GroupMembership.left_on)).isoformat() == "2024-06-30"
    html = coord_client.get(f"/coordinator/groups/{g.id}").get_data(as_text=True)
    assert "Verdal" in html and "Medlem nå" not in html
