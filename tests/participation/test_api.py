"""The API contract: /api/v1/reports/participation and /api/v1/targets."""

from __future__ import annotations

import pytest
import time_machine

REPORT = "/api/v1/reports/participation"


def test_report_by_size_class(client, api_headers, dataset):
    resp = client.get(
        f"{REPORT}?group_by=size_class&from=2025-01-01&to=2025-06-30", headers=api_headers
    )
    assert resp.status_code == 200, resp.json
    body = resp.json
    assert body["group_by"] == "size_class" and body["from"] == "2025-01-01"
    rows = {r["segment"]: r for r in body["items"]}
    assert body["total"] == 6
    first = rows["0-1999"]
    assert {
        k: first[k]
        for k in (
            "municipalities",
            "reached",
            "reach_percent",
            "participations",
            "participations_per_municipality",
            "participants_per_10000",
            "no_show_rate",
            "representation_index",
        )
    } == {
        "municipalities": 1,
        "reached": 1,
        "reach_percent": 100.0,
        "participations": 2,
        "participations_per_municipality": 2.0,
        "participants_per_10000": 20.0,
        "no_show_rate": 0.333,
        "representation_index": 2.0,
    }
    assert rows["2000-4999"]["representation_index"] == 0.667
    assert body["overall"]["reached"] == 3


def test_report_filters_by_theme_network_kind(client, api_headers, dataset):
    resp = client.get(
        f"{REPORT}?group_by=county&from=2025-01-01&to=2025-06-30&theme=welfare_technology",
        headers=api_headers,
    )
    rows = {r["segment"]: r for r in resp.json["items"]}
    assert rows["42"]["reached"] == 1 and rows["46"]["reached"] == 1
    resp = client.get(
        f"{REPORT}?group_by=written_standard&from=2025-01-01&to=2025-06-30"
        "&network=n1&kind=network_meeting",
        headers=api_headers,
    )
    assert resp.status_code == 200
    assert sum(r["participations"] for r in resp.json["items"]) == 3
    resp = client.get(
        f"{REPORT}?group_by=size_class&from=2025-01-01&to=2025-06-30&network={dataset.network.id}",
        headers=api_headers,
    )
    assert sum(r["participations"] for r in resp.json["items"]) == 3


@pytest.mark.parametrize(
    "query,field",
    [
        ("group_by=colour", "group_by"),
        ("from=2025-13-01", "from"),
        ("from=2025-06-30&to=2025-01-01", "from"),
        ("theme=gardening", "theme"),
        ("network=nope", "network"),
        ("kind=party", "kind"),
        ("group_by=network_member", "network"),
    ],
)
def test_report_bad_parameters(client, api_headers, dataset, query, field):
    resp = client.get(f"{REPORT}?{query}", headers=api_headers)
    assert resp.status_code == 422
    assert field in resp.json["errors"]
    assert isinstance(resp.json["errors"][field], list)


def test_token_required(client, dataset):
    assert client.get(REPORT).status_code == 401
    assert client.get("/api/v1/targets").status_code == 401
    resp = client.get(REPORT, headers={"Authorization": "Bearer wrong"})
    assert resp.status_code == 401


@time_machine.travel("2025-07-15 12:00 +0200", tick=False)
def test_targets(client, api_headers, dataset):
    resp = client.get("/api/v1/targets?max_population=4999&months=12", headers=api_headers)
    assert resp.status_code == 200, resp.json
    items = resp.json["items"]
    assert [i["municipality_number"] for i in items] == ["1002", "1007"]
    assert items[0]["last_participation"] is None
    assert items[1]["last_participation"].startswith("2023-05-01T08:00:00")
    assert items[0]["invitations"] == 2 and items[0]["invitation_answer"] == "registered"
    assert items[1]["contacts"] == 2 and items[1]["no_contacts"] is False
    resp = client.get("/api/v1/targets?min_participations=2&county=46", headers=api_headers)
    assert [i["municipality_number"] for i in resp.json["items"]] == ["1003"]
    assert resp.json["items"][0]["no_contacts"] is True


@pytest.mark.parametrize(
    "query,field",
    [
        ("months=0", "months"),
        ("months=x", "months"),
        ("county=4", "county"),
        ("max_population=-1", "max_population"),
        ("min_population=10&max_population=5", "min_population"),
        ("min_participations=0", "min_participations"),
        ("theme=nope", "theme"),
    ],
)
def test_targets_bad_parameters(client, api_headers, dataset, query, field):
    resp = client.get(f"/api/v1/targets?{query}", headers=api_headers)
    assert resp.status_code == 422 and field in resp.json["errors"]


def test_openapi_lists_the_paths(client, app):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/reports/participation" in spec["paths"]
    assert "/api/v1/targets" in spec["paths"]
