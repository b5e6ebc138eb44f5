"""/api/v1/organizations and /api/v1/contacts."""

from __future__ import annotations

import pytest

from netmgr.core.audit import AuditEntry
from netmgr.organizations.models import Contact, Organization
from tests.factories import count

URL = "/api/v1/organizations"


def test_create_supplier_normalises_org_number(client, api_headers):
    r = client.post(
        URL,
        json={"kind": "supplier", "name": "Firma AS", "org_number": "974 760 673"},
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    body = r.json
    assert body["org_number"] == "974760673"
    assert set(body) >= {
        "id",
        "kind",
        "name",
        "municipality_number",
        "org_number",
        "county_number",
        "population",
        "written_standard",
    }
    assert r.json == client.get(f"{URL}/{body['id']}", headers=api_headers).json
    assert count(AuditEntry) == 1


def test_create_municipality_takes_county_from_registry(client, api_headers):
    r = client.post(
        URL,
        json={
            "kind": "municipality",
            "name": "Utsira",
            "municipality_number": "1151",
            "population": 215,
            "written_standard": "nn",
        },
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    assert r.json["county_number"] == "11"
    assert r.json["population"] == 215


@pytest.mark.parametrize(
    "body,field",
    [
        ({"kind": "supplier", "name": "X", "org_number": "974760674"}, "org_number"),
        ({"kind": "supplier", "name": "X", "org_number": "12345"}, "org_number"),
        ({"kind": "supplier", "name": "X"}, "org_number"),
        (
            {"kind": "municipality", "name": "X", "municipality_number": "9999"},
            "municipality_number",
        ),
        (
            {"kind": "municipality", "name": "X", "municipality_number": "12a4"},
            "municipality_number",
        ),
        ({"kind": "municipality", "name": "X"}, "municipality_number"),
        (
            {
                "kind": "municipality",
                "name": "X",
                "municipality_number": "1151",
                "county_number": "46",
            },
            "county_number",
        ),
        ({"kind": "county", "name": "X", "county_number": "99"}, "county_number"),
        ({"kind": "other", "name": "X", "population": -1}, "population"),
        ({"kind": "town", "name": "X"}, "kind"),
        ({"kind": "other"}, "name"),
        ({"kind": "other", "name": "X", "colour": "red"}, "colour"),
        ({"kind": "other", "name": "X", "id": 7}, "id"),
        ({"kind": "other", "name": "X", "written_standard": "de"}, "written_standard"),
    ],
)
def test_invalid_organisation_is_422_and_writes_nothing(client, api_headers, body, field):
    r = client.post(URL, json=body, headers=api_headers)
    assert r.status_code == 422
    assert set(r.json) == {"errors"}
    assert field in r.json["errors"]
    assert all(isinstance(m, str) for m in r.json["errors"][field])
    assert count(Organization) == 0
    assert count(AuditEntry) == 0


def test_duplicate_numbers_are_409(client, api_headers, supplier, municipality):
    supplier("974760673")
    municipality("4601")
    r = client.post(
        URL, json={"kind": "supplier", "name": "Y", "org_number": "974760673"}, headers=api_headers
    )
    assert r.status_code == 409 and "org_number" in r.json["errors"]
    r = client.post(
        URL,
        json={"kind": "municipality", "name": "Y", "municipality_number": "4601"},
        headers=api_headers,
    )
    assert r.status_code == 409 and "municipality_number" in r.json["errors"]
    assert count(Organization) == 2


def test_filters_and_pagination(client, api_headers, municipality, supplier):
    municipality("4601", "Bergen", 291940)
    municipality("1151", "Utsira", 215)
    municipality("0301", "Oslo", 717710)
    municipality("1103", "Stavanger", 149048)
    supplier()

    def names(**params):
        r = client.get(URL, query_string=params, headers=api_headers)
        assert r.status_code == 200, r.json
        return [o["name"] for o in r.json["items"]]

    assert names(kind="municipality") == ["Bergen", "Oslo", "Stavanger", "Utsira"]
    assert names(county="11") == ["Stavanger", "Utsira"]
    assert names(county_number="46") == ["Bergen"]
    assert names(municipality_number="1151") == ["Utsira"]
    assert names(population_min=1000, population_max=300000) == ["Bergen", "Stavanger"]
    assert names(population_max=5000) == ["Utsira"]
    assert names(q="ERG") == ["Bergen"]
    assert names(q="%") == []
    assert names(kind="supplier") == ["Leverandør AS"]
    page = client.get(URL, query_string={"per_page": 2, "page": 2}, headers=api_headers).json
    assert page["total"] == 5 and page["page"] == 2 and page["per_page"] == 2
    assert [o["name"] for o in page["items"]] == ["Oslo", "Stavanger"]
    r = client.get(URL, query_string={"per_page": 0}, headers=api_headers)
    assert r.status_code == 422 and "per_page" in r.json["errors"]
    r = client.get(URL, query_string={"kind": "town"}, headers=api_headers)
    assert r.status_code == 422 and "kind" in r.json["errors"]
    r = client.get(URL, query_string={"colour": "red"}, headers=api_headers)
    assert r.status_code == 422 and "colour" in r.json["errors"]


def test_patch_is_partial_and_validated(client, api_headers, supplier):
    org = supplier()
    r = client.patch(f"{URL}/{org.id}", json={"name": "Nytt Navn AS"}, headers=api_headers)
    assert r.status_code == 200 and r.json["name"] == "Nytt Navn AS"
    assert r.json["org_number"] == "974760673"
    r = client.patch(f"{URL}/{org.id}", json={"org_number": "111111112"}, headers=api_headers)
    assert r.status_code == 422 and "org_number" in r.json["errors"]
    assert client.get(f"{URL}/{org.id}", headers=api_headers).json["org_number"] == "974760673"


def test_delete_and_404(client, api_headers, supplier, contact):
    org = supplier()
    r = client.delete(f"{URL}/{org.id}", headers=api_headers)
    assert r.status_code == 204
    assert client.get(f"{URL}/{org.id}", headers=api_headers).status_code == 404
    c = contact()  # makes a supplier with a contact
    r = client.delete(f"{URL}/{c.organization_id}", headers=api_headers)
    assert r.status_code == 409 and r.json["errors"]
    for method in ("get", "patch", "delete"):  # (an empty PATCH body is a 422 of its own)
        r = getattr(client, method)(f"{URL}/999999", headers=api_headers, json={"name": "X"})
        assert r.status_code == 404 and "errors" in r.json
    assert client.get(f"{URL}/99999999999999999999", headers=api_headers).status_code == 404


def test_auth_401_and_403(client, api_headers, municipality):
    assert client.get(URL).status_code == 401
    r = client.post(URL, json={"kind": "other", "name": "X"})
    assert r.status_code == 401 and r.json["errors"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(URL, headers={"Authorization": "Bearer nm_wrong"}).status_code == 401
    assert client.get(URL, headers={"Authorization": "Basic abc"}).status_code == 401
    # invalid and unauthenticated: authentication is checked first
    assert client.post(URL, json={"kind": 1}).status_code == 401
    org = municipality()
    r = client.delete(f"{URL}/{org.id}", headers=api_headers)  # registry rows: admin only
    assert r.status_code == 403 and r.json["errors"]
    assert count(Organization) == 1


def test_admin_may_delete_municipality(client, admin_headers, municipality):
    org = municipality()
    assert client.delete(f"{URL}/{org.id}", headers=admin_headers).status_code == 204


# -- contacts ---------------------------------------------------------------------------------

CONTACTS = "/api/v1/contacts"


def test_contact_crud(client, api_headers, supplier):
    org = supplier()
    r = client.post(
        CONTACTS,
        json={
            "organization_id": org.id,
            "name": "Kari Nordmann",
            "email": " Kari.Nordmann@Example.NO ",
            "language": "nn",
        },
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    c = r.json
    assert c["email"] == "kari.nordmann@example.no"
    assert {k: c[k] for k in ("organization_id", "name", "language", "opted_out")} == {
        "organization_id": org.id,
        "name": "Kari Nordmann",
        "language": "nn",
        "opted_out": False,
    }
    r = client.patch(f"{CONTACTS}/{c['id']}", json={"opted_out": True}, headers=api_headers)
    assert r.status_code == 200 and r.json["opted_out"] is True
    assert r.json["name"] == "Kari Nordmann"
    r = client.get(CONTACTS, query_string={"organization_id": org.id}, headers=api_headers)
    assert r.json["total"] == 1
    r = client.get(CONTACTS, query_string={"q": "kari"}, headers=api_headers)
    assert [x["id"] for x in r.json["items"]] == [c["id"]]
    assert client.delete(f"{CONTACTS}/{c['id']}", headers=api_headers).status_code == 204
    assert count(Contact) == 0


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"organization_id": 999999}, "organization_id"),
        ({"language": "de"}, "language"),
        ({"name": ""}, "name"),
        ({"opted_out": "maybe"}, "opted_out"),
    ],
)
def test_contact_errors(client, api_headers, supplier, changes, field):
    org = supplier()
    body = {"organization_id": org.id, "name": "Kari", "email": "kari@example.no", **changes}
    r = client.post(CONTACTS, json=body, headers=api_headers)
    assert r.status_code == 422 and field in r.json["errors"], r.json
    assert count(Contact) == 0


def test_duplicate_email_is_409(client, api_headers, contact):
    c = contact("ola@example.no")
    r = client.post(
        CONTACTS,
        json={"organization_id": c.organization_id, "name": "Ola 2", "email": "OLA@example.no"},
        headers=api_headers,
    )
    assert r.status_code == 409 and "email" in r.json["errors"]
    assert count(Contact) == 1
    assert client.get(CONTACTS).status_code == 401


def test_delete_refused_while_networks_or_registrations_refer_to_it(client, api_headers, supplier):
    """The features above organisations (networks, registration) keep their history."""
    from netmgr.extensions import db
    from tests import factories

    member = supplier(org_number="974760673", name="Medlem AS")
    factories.member(factories.network(), member)
    registered = supplier(org_number="986252932", name="Påmeldt AS")
    reg = factories.registration(factories.event(), org=registered)
    db.session.delete(reg.contact)  # the registration stays, without the person
    db.session.commit()
    for org, message in ((member, "medlem av et nettverk"), (registered, "påmeldinger")):
        r = client.delete(f"{URL}/{org.id}", headers=api_headers)
        assert r.status_code == 409, r.json
        assert message in r.json["errors"]["_schema"][0]
    db.session.expire_all()
    assert count(Organization) >= 2
