"""Coordinator organisation pages: list filters, the organisation page, add/edit, contacts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from netmgr.campaigns.recipients import resolve_recipients
from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.organizations.services import create_contact
from tests import factories as f


def _ids_in(html: str, orgs) -> set[str]:
    return {o.name for o in orgs if f'/coordinator/organizations/{o.id}"' in html}


def test_pages_need_a_coordinator(client, app_ctx):
    org = f.municipality("Utsira", population=200)
    for url in (
        "/coordinator/organizations/",
        f"/coordinator/organizations/{org.id}",
        "/coordinator/organizations/import",
        "/coordinator/organizations/new",
    ):
        response = client.get(url)
        assert response.status_code in (302, 401), url
    assert client.post("/coordinator/organizations/new", data={"name": "X"}).status_code in (
        302,
        401,
    )


def test_list_filters(coord_client, app_ctx):
    utsira = f.municipality("Utsira", population=200, county="11")
    bergen = f.municipality("Bergen", population=290000, county="46")
    tana = f.municipality("Deatnu Tana", population=2800, county="56")
    tana.official_email = "postmottak@tana.kommune.no"
    firma = f.make_org(
        "Bygg og Anlegg AS",
        kind="supplier",
        population=None,
        county_number=None,
        org_number="974760673",
    )
    create_contact(
        {"organization_id": bergen.id, "name": "Kari", "email": "kari@bergen.kommune.no"}
    )
    gone = create_contact({"organization_id": utsira.id, "name": "Per", "email": "per@utsira.no"})
    gone.active = False
    network = f.network("Innkjøp Vest")
    db.session.commit()
    f.member(network, utsira)
    everyone = (utsira, bergen, tana, firma)

    def shown(**args):
        html = coord_client.get("/coordinator/organizations/", query_string=args).text
        return _ids_in(html, everyone)

    assert shown() == {"Utsira", "Bergen", "Deatnu Tana", "Bygg og Anlegg AS"}
    assert shown(kind="supplier") == {"Bygg og Anlegg AS"}
    assert shown(county="46") == {"Bergen"}
    assert shown(contact="yes") == {"Bergen"}  # Per is deactivated
    assert shown(contact="no") == {"Utsira", "Deatnu Tana", "Bygg og Anlegg AS"}
    assert shown(contact="official") == {"Deatnu Tana"}
    assert shown(size="small") == {"Utsira", "Deatnu Tana"}
    assert shown(network=str(network.id)) == {"Utsira"}
    assert shown(network="any") == {"Utsira"}
    assert shown(q="tana") == {"Deatnu Tana"}
    assert shown(q="974 760 673") == {"Bygg og Anlegg AS"}
    assert shown(q="50%") == set()
    # an unknown filter value is ignored, never a 500
    assert (
        coord_client.get("/coordinator/organizations/?network=x&size=zzz&page=-4").status_code
        == 200
    )


def test_organization_page_has_facts_contacts_networks_and_timeline(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200, county="11")
    org.official_email = "postmottak@utsira.kommune.no"
    create_contact({"organization_id": org.id, "name": "Kari Utsira", "email": "kari@utsira.no"})
    db.session.commit()
    f.member(f.network("Innkjøp Vest"), org)
    f.registration(f.event("Møteplass Haugesund"), org=org)
    html = coord_client.get(f"/coordinator/organizations/{org.id}").text
    assert "postmottak@utsira.kommune.no" in html
    assert "Kari Utsira" in html
    assert 'id="organization-networks"' in html and "Innkjøp Vest" in html
    assert 'id="organization-participation"' in html and "Møteplass Haugesund" in html
    assert coord_client.get("/coordinator/organizations/999999").status_code == 404


def test_add_supplier_bad_org_number_and_official_email(coord_client, app_ctx):
    response = coord_client.post(
        "/coordinator/organizations/new",
        data={
            "kind": "supplier",
            "name": "Feil AS",
            "org_number": "123456789",
            "official_email": "post@",
            "website": "",
        },
    )
    assert response.status_code == 422
    assert 'id="org_number-error"' in response.text
    assert db.session.scalar(select(Organization)) is None

    response = coord_client.post(
        "/coordinator/organizations/new",
        data={
            "kind": "supplier",
            "name": "Bygg og Anlegg AS",
            "org_number": "974 760 673",
            "official_email": "Post@Bygg.no",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(select(Organization))
    assert (org.org_number, org.official_email) == ("974760673", "post@bygg.no")

    response = coord_client.post(
        f"/coordinator/organizations/{org.id}/edit",
        data={
            "kind": "supplier",
            "name": "Bygg og Anlegg AS",
            "org_number": "974760673",
            "official_email": "ikke en adresse",
            "active": "y",
        },
    )
    assert response.status_code == 422
    assert 'id="official_email-error"' in response.text
    db.session.expire_all()
    assert db.session.get(Organization, org.id).official_email == "post@bygg.no"


def test_municipality_edit_changes_only_address_fields(coord_client, app_ctx):
    org = f.municipality("Utsira", number="1151", population=200, county="11")
    response = coord_client.post(
        f"/coordinator/organizations/{org.id}/edit",
        data={"name": "Hacked", "official_email": "postmottak@utsira.kommune.no"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    org = db.session.get(Organization, org.id)
    assert (org.name, org.official_email) == ("Utsira", "postmottak@utsira.kommune.no")


def test_contact_add_edit_deactivate(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200)
    url = f"/coordinator/organizations/{org.id}/contacts/new"
    response = coord_client.post(
        url, data={"name": "Kari\r\nBcc: x@y.no", "email": "kari@utsira.no"}
    )
    assert response.status_code == 422 and 'id="name-error"' in response.text
    response = coord_client.post(url, data={"name": "Kari", "email": "ikke-epost"})
    assert response.status_code == 422 and 'id="email-error"' in response.text
    assert db.session.scalar(select(Contact)) is None

    assert (
        coord_client.post(
            url,
            data={"name": "Kari", "email": "Kari@Utsira.no", "title": "Rådgiver", "language": "nn"},
        ).status_code
        == 302
    )
    kari = db.session.scalar(select(Contact))
    assert (kari.email, kari.language, kari.active) == ("kari@utsira.no", "nn", True)
    # the same address again: a message next to the field, not a 500
    response = coord_client.post(url, data={"name": "Kari 2", "email": "kari@utsira.no"})
    assert response.status_code == 422 and 'id="email-error"' in response.text

    response = coord_client.post(
        f"/coordinator/organizations/contacts/{kari.id}/edit",
        data={
            "name": "Kari Nordmann",
            "email": "kari@utsira.no",
            "title": "Innkjøpssjef",
            "language": "",
        },
    )
    assert response.status_code == 302
    coord_client.post(f"/coordinator/organizations/contacts/{kari.id}/active", data={"active": "0"})
    db.session.expire_all()
    kari = db.session.get(Contact, kari.id)
    assert (kari.name, kari.title, kari.language, kari.active) == (
        "Kari Nordmann",
        "Innkjøpssjef",
        None,
        False,
    )


def test_one_main_contact_per_organization(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200)
    kari = create_contact({"organization_id": org.id, "name": "Kari", "email": "kari@utsira.no"})
    per = create_contact({"organization_id": org.id, "name": "Per", "email": "per@utsira.no"})
    db.session.commit()
    kari_id, per_id = kari.id, per.id
    coord_client.post(f"/coordinator/organizations/contacts/{kari_id}/main", data={"main": "1"})
    coord_client.post(f"/coordinator/organizations/contacts/{per_id}/main", data={"main": "1"})
    db.session.expire_all()
    assert (db.session.get(Contact, kari_id).is_main, db.session.get(Contact, per_id).is_main) == (
        False,
        True,
    )
    html = coord_client.get(f"/coordinator/organizations/{org.id}").text
    assert html.index("Per") < html.index("Kari")  # the main contact first
    # a deactivated contact stops being the main contact
    coord_client.post(f"/coordinator/organizations/contacts/{per_id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(Contact, per_id).is_main is False
    assert (
        db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "contact.main_set"))
        is not None
    )

    # the database holds the rule too
    db.session.get(Contact, kari_id).is_main = True
    db.session.commit()
    other = db.session.get(Contact, per_id)
    other.active, other.is_main = True, True
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_deactivated_contact_is_not_invited(coord_client, app_ctx):
    org = f.municipality("Utsira", population=200)
    kari = create_contact({"organization_id": org.id, "name": "Kari", "email": "kari@utsira.no"})
    per = create_contact({"organization_id": org.id, "name": "Per", "email": "per@utsira.no"})
    db.session.commit()
    coord_client.post(f"/coordinator/organizations/contacts/{per.id}/active", data={"active": "0"})
    result = resolve_recipients({"organizations": [org.id]})
    assert [contact_id for contact_id, _org, _lang in result.rows] == [kari.id]
    coord_client.post(f"/coordinator/organizations/contacts/{kari.id}/active", data={"active": "0"})
    result = resolve_recipients({"organizations": [org.id]})
    assert result.rows == [] and [o["id"] for o in result.orgs_without_contacts] == [org.id]
