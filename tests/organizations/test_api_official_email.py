"""official_email through the API; contacts' active and main-contact flags in the API."""

from __future__ import annotations

from netmgr.organizations.models import Organization
from tests.factories import count

URL = "/api/v1/organizations"


def test_official_email_read_and_write(client, api_headers):
    r = client.post(
        URL,
        json={
            "kind": "supplier",
            "name": "Firma AS",
            "org_number": "974760673",
            "official_email": " Post@Firma.NO ",
        },
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    org_id = r.json["id"]
    assert r.json["official_email"] == "post@firma.no"
    r = client.patch(
        f"{URL}/{org_id}", json={"official_email": "postmottak@firma.no"}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["official_email"] == "postmottak@firma.no"
    assert client.get(f"{URL}/{org_id}", headers=api_headers).json["official_email"] == (
        "postmottak@firma.no"
    )
    r = client.patch(f"{URL}/{org_id}", json={"official_email": None}, headers=api_headers)
    assert r.status_code == 200 and r.json["official_email"] is None


def test_bad_official_email_is_422_and_writes_nothing(client, api_headers):
    r = client.post(
        URL,
        json={
            "kind": "supplier",
            "name": "Firma AS",
            "org_number": "974760673",
            "official_email": "post@@firma",
        },
        headers=api_headers,
    )
    assert r.status_code == 422
    assert list(r.json["errors"]) == ["official_email"]
    assert count(Organization) == 0


def test_contact_has_active_and_main_flags(client, api_headers):
    org = client.post(
        URL,
        json={"kind": "supplier", "name": "Firma AS", "org_number": "974760673"},
        headers=api_headers,
    ).json
    r = client.post(
        "/api/v1/contacts",
        json={"organization_id": org["id"], "name": "Kari", "email": "kari@firma.no"},
        headers=api_headers,
    )
    assert r.status_code == 201
    assert (r.json["active"], r.json["is_main"]) == (True, False)
    r = client.patch(
        f"/api/v1/contacts/{r.json['id']}", json={"active": False}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["active"] is False
    r = client.post(
        "/api/v1/contacts",
        json={"organization_id": org["id"], "name": "Per\nX", "email": "per@firma.no"},
        headers=api_headers,
    )
    assert r.status_code == 422 and list(r.json["errors"]) == ["name"]
