"""/api/v1/networks and their members (joined/left dates, history kept)."""

from __future__ import annotations

import pytest

from netmgr.networks.models import Network, NetworkMembership
from tests.factories import count

URL = "/api/v1/networks"


def test_create_and_read_network(client, api_headers):
    r = client.post(
        URL,
        json={
            "slug": "bygg-og-anlegg",
            "name": "Bygg og anlegg",
            "theme": "buildings",
            "description": "Nettverk for bygg",
        },
        headers=api_headers,
    )
    assert r.status_code == 201, r.json
    n = r.json
    assert {k: n[k] for k in ("slug", "name", "theme")} == {
        "slug": "bygg-og-anlegg",
        "name": "Bygg og anlegg",
        "theme": "buildings",
    }
    assert client.get(f"{URL}/{n['id']}").json == n  # public
    r = client.get(URL)
    assert r.json["total"] == 1 and r.json["items"][0]["id"] == n["id"]


def test_duplicate_slug_is_409(client, api_headers, network):
    network(slug="velferd")
    r = client.post(
        URL, json={"slug": "velferd", "name": "Annet", "theme": "buildings"}, headers=api_headers
    )
    assert r.status_code == 409 and "slug" in r.json["errors"]
    other = network(slug="digitalt", theme="digital_solutions")
    r = client.patch(f"{URL}/{other.id}", json={"slug": "velferd"}, headers=api_headers)
    assert r.status_code == 409
    assert client.get(f"{URL}/{other.id}").json["slug"] == "digitalt"
    assert count(Network) == 2


@pytest.mark.parametrize(
    "body,field",
    [
        ({"slug": "Store Bokstaver", "name": "X", "theme": "buildings"}, "slug"),
        ({"slug": "ok", "name": "X", "theme": "cooking"}, "theme"),
        ({"slug": "ok", "name": "", "theme": "buildings"}, "name"),
        ({"slug": "ok", "name": "X"}, "theme"),
        ({"slug": "ok", "name": "X", "theme": "buildings", "members": []}, "members"),
    ],
)
def test_invalid_network(client, api_headers, body, field):
    r = client.post(URL, json=body, headers=api_headers)
    assert r.status_code == 422 and field in r.json["errors"], r.json
    assert count(Network) == 0


def test_inactive_networks_need_a_token(client, api_headers, network):
    network(slug="aktiv")
    hidden = network(slug="gammel", active=False)
    assert [n["slug"] for n in client.get(URL).json["items"]] == ["aktiv"]
    assert client.get(f"{URL}/{hidden.id}").status_code == 401
    assert client.get(f"{URL}/{hidden.id}", headers=api_headers).status_code == 200
    assert client.get(URL, headers=api_headers).json["total"] == 2
    assert client.get(URL, query_string={"theme": "welfare_technology"}).json["total"] == 1
    assert (
        client.post(URL, json={"slug": "x", "name": "X", "theme": "buildings"}).status_code == 401
    )


def test_patch_and_delete(client, api_headers, network, event):
    n = network()
    r = client.patch(
        f"{URL}/{n.id}",
        json={"name": "Nytt navn", "theme": "digital_solutions"},
        headers=api_headers,
    )
    assert r.status_code == 200 and r.json["name"] == "Nytt navn"
    assert r.json["theme"] == "digital_solutions" and r.json["slug"] == "velferd"
    event(network_id=n.id)
    assert client.delete(f"{URL}/{n.id}", headers=api_headers).status_code == 409
    empty = network(slug="tom")
    assert client.delete(f"{URL}/{empty.id}", headers=api_headers).status_code == 204
    assert client.get(f"{URL}/{empty.id}").status_code == 404


def test_membership_history(client, api_headers, network, municipality):
    n = network()
    bergen = municipality("4601", "Bergen")
    utsira = municipality("1151", "Utsira", 215)
    members = f"{URL}/{n.id}/members"
    r = client.post(
        members, json={"organization_id": bergen.id, "joined_on": "2024-01-01"}, headers=api_headers
    )
    assert r.status_code == 201, r.json
    assert r.json["joined_on"] == "2024-01-01" and r.json["left_on"] is None
    r = client.post(members, json={"organization_id": bergen.id}, headers=api_headers)
    assert r.status_code == 409
    r = client.post(
        members, json={"organization_id": utsira.id, "joined_on": "2024-06-01"}, headers=api_headers
    )
    assert r.status_code == 201
    # Bergen leaves, then joins again: two rows, the first kept as history
    r = client.delete(
        f"{members}/{bergen.id}", query_string={"left_on": "2025-01-31"}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["left_on"] == "2025-01-31"
    r = client.post(
        members, json={"organization_id": bergen.id, "joined_on": "2025-01-15"}, headers=api_headers
    )
    assert r.status_code == 422 and "joined_on" in r.json["errors"]
    r = client.post(
        members, json={"organization_id": bergen.id, "joined_on": "2025-09-01"}, headers=api_headers
    )
    assert r.status_code == 201
    assert count(NetworkMembership) == 3
    everything = client.get(members).json
    assert everything["total"] == 3
    assert [
        (m["organization_name"], m["joined_on"], m["left_on"]) for m in everything["items"]
    ] == [
        ("Bergen", "2024-01-01", "2025-01-31"),
        ("Bergen", "2025-09-01", None),
        ("Utsira", "2024-06-01", None),
    ]
    on = client.get(members, query_string={"on": "2025-03-01"}).json
    assert [m["organization_name"] for m in on["items"]] == ["Utsira"]
    current = client.get(members, query_string={"current": "true"}).json
    assert current["total"] == 2
    past = client.get(members, query_string={"current": "false"}).json
    assert [m["left_on"] for m in past["items"]] == ["2025-01-31"]


def test_membership_errors(client, api_headers, network, municipality):
    n = network()
    org = municipality()
    members = f"{URL}/{n.id}/members"
    assert client.post(members, json={"organization_id": org.id}).status_code == 401
    r = client.post(members, json={"organization_id": 999999}, headers=api_headers)
    assert r.status_code == 422 and "organization_id" in r.json["errors"]
    r = client.post(
        members, json={"organization_id": org.id, "joined_on": "31.12.2024"}, headers=api_headers
    )
    assert r.status_code == 422 and "joined_on" in r.json["errors"]
    r = client.post(f"{URL}/999999/members", json={"organization_id": org.id}, headers=api_headers)
    assert r.status_code == 404
    r = client.delete(f"{members}/{org.id}", headers=api_headers)
    assert r.status_code == 404  # not a member
    client.post(
        members, json={"organization_id": org.id, "joined_on": "2025-01-01"}, headers=api_headers
    )
    r = client.delete(
        f"{members}/{org.id}", query_string={"left_on": "2024-12-31"}, headers=api_headers
    )
    assert r.status_code == 422 and "left_on" in r.json["errors"]
    assert count(NetworkMembership) == 1


def test_end_membership_with_a_body(client, api_headers, network, municipality):
    n = network()
    org = municipality()
    members = f"{URL}/{n.id}/members"
    client.post(
        members, json={"organization_id": org.id, "joined_on": "2024-01-01"}, headers=api_headers
    )
    assert client.delete(members, json={"organization_id": org.id}).status_code == 401
    r = client.delete(members, json={"left_on": "2024-02-01"}, headers=api_headers)
    assert r.status_code == 422 and "organization_id" in r.json["errors"]
    r = client.delete(
        members, json={"organization_id": org.id, "left_on": "2024-02-01"}, headers=api_headers
    )
    assert r.status_code == 200 and r.json["left_on"] == "2024-02-01"
    assert r.json["joined_on"] == "2024-01-01" and r.json["active"] is False
    r = client.delete(members, json={"organization_id": org.id}, headers=api_headers)
    assert r.status_code == 404
    assert count(NetworkMembership) == 1
