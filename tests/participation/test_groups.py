"""Groups in the targeting: ``group_by=group``, the ``group`` filter, and the target list's
``reachable`` and ``groups`` — against hand-computed values on the fixed data set.

Groups added to the data set of conftest.py (period 2025-01-01 .. 2025-06-30):
- "Agder innkjøp": 1001 (since 2024), 1002 (since 2024), 1005 (joins 2025-07-01: not in
  the period);
- "Vestland regionråd": 1001 (since 2024), 1003 (2020 .. 2025-02-01: a member for part of the
  period, so counted), 1004 (since 2024), 1006 (inactive: never counted).
Ungrouped in the period: 1005 and 1007.

Universe 6, reached 3 (1001 with 2 participations, 1003 with 1, 1005 with 2); no-shows: 1001
at E0, 1002 at E1.
- Agder: 1001 + 1002: 2 municipalities, 1 reached, 2 participations, 2 no-shows, 3,500
  inhabitants; index (1/3) / (2/6) = 1.0.
- Vestland: 1001 + 1003 + 1004: 3, 2 reached, 3 participations, 1 no-show, 12,000;
  index (2/3) / (3/6) = 1.333.
- none: 1005 + 1007: 2, 1 reached, 2 participations, 0 no-shows, 64,500; index 1.0.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from netmgr.extensions import db
from netmgr.groups.models import Group, GroupMembership
from netmgr.organizations.models import Organization


@pytest.fixture
def grouped(dataset):
    m = dataset.m
    agder = Group(slug="agder-innkjop", name="Agder innkjøp", kind="procurement_cooperation")
    vest = Group(slug="vestland-regionrad", name="Vestland regionråd", kind="regional_council")
    since = dt.date(2024, 1, 1)
    agder.memberships = [
        GroupMembership(organization=m.litjby, joined_on=since),
        GroupMembership(organization=m.noshow, joined_on=since),
        GroupMembership(organization=m.stor, joined_on=dt.date(2025, 7, 1)),
    ]
    vest.memberships = [
        GroupMembership(organization=m.litjby, joined_on=since),
        GroupMembership(
            organization=m.grense, joined_on=dt.date(2020, 1, 1), left_on=dt.date(2025, 2, 1)
        ),
        GroupMembership(organization=m.mellom, joined_on=since),
        GroupMembership(organization=m.gammel, joined_on=since),
    ]
    db.session.add_all([agder, vest])
    db.session.commit()
    dataset.agder, dataset.vest = agder, vest
    return dataset


def _fig(item):
    keys = ("municipalities", "reached", "participations", "no_shows", "population")
    return tuple(item[k] for k in keys) + (item["reach_percent"], item["representation_index"])


def test_report_by_group(client, api_headers, grouped):
    resp = client.get(
        "/api/v1/reports/participation?group_by=group&from=2025-01-01&to=2025-06-30",
        headers=api_headers,
    )
    assert resp.status_code == 200, resp.json
    items = {i["segment"]: i for i in resp.json["items"]}
    assert [i["label"] for i in resp.json["items"]] == [
        "Agder innkjøp",
        "Vestland regionråd",
        "ingen gruppe",
    ]
    assert _fig(items[str(grouped.agder.id)]) == (2, 1, 2, 2, 3500, 50.0, 1.0)
    assert _fig(items[str(grouped.vest.id)]) == (3, 2, 3, 1, 12000, 66.7, 1.333)
    assert _fig(items["none"]) == (2, 1, 2, 0, 64500, 50.0, 1.0)
    assert _fig(resp.json["overall"]) == (6, 3, 5, 2, 79000, 50.0, 1.0)


def test_report_filtered_by_group(client, api_headers, grouped):
    resp = client.get(
        f"/api/v1/reports/participation?group_by=small&from=2025-01-01&to=2025-06-30"
        f"&group={grouped.vest.slug}",
        headers=api_headers,
    )
    assert resp.status_code == 200, resp.json
    items = {i["segment"]: i for i in resp.json["items"]}
    # small: 1001 and 1003 (both reached); other: 1004 (not reached)
    assert (items["small"]["municipalities"], items["small"]["reached"]) == (2, 2)
    assert (items["other"]["municipalities"], items["other"]["reached"]) == (1, 0)
    assert items["small"]["representation_index"] == 1.5  # (2/2) / (2/3)
    bad = client.get("/api/v1/reports/participation?group=999999", headers=api_headers)
    assert bad.status_code == 422 and "group" in bad.json["errors"]


@time_machine.travel("2025-07-15 12:00 +0200", tick=False)
def test_targets_reachable_and_groups(client, api_headers, grouped):
    m = grouped.m
    m.noshow.official_email = "postmottak@noshowvik.example"  # has a contact: still "contact"
    m.grense.official_email = "postmottak@grensevag.example"
    db.session.add(
        Organization(kind="municipality", name="Tomvik", municipality_number="1008", population=900)
    )
    db.session.commit()
    resp = client.get("/api/v1/targets?min_participations=5", headers=api_headers)
    assert resp.status_code == 200, resp.json
    items = {i["municipality_number"]: i for i in resp.json["items"]}
    assert {n: i["reachable"] for n, i in items.items()} == {
        "1001": "contact",
        "1002": "contact",
        "1003": "official",  # its only contact was erased
        "1007": "contact",  # one of two contacts opted out
        "1008": "none",
    }
    assert items["1001"]["groups"] == [
        {"id": grouped.agder.id, "name": "Agder innkjøp"},
        {"id": grouped.vest.id, "name": "Vestland regionråd"},
    ]
    assert items["1003"]["groups"] == []  # left Vestland on 2025-02-01
    assert "official_email" not in items["1003"] and "has_official_email" not in items["1003"]
    only = client.get(
        f"/api/v1/targets?min_participations=5&group={grouped.agder.id}", headers=api_headers
    )
    assert sorted(i["municipality_number"] for i in only.json["items"]) == ["1001", "1002"]
    bad = client.get("/api/v1/targets?group=nope", headers=api_headers)
    assert bad.status_code == 422 and "group" in bad.json["errors"]


def test_target_page_shows_groups_and_reachability_in_fixed_queries(coord_client, grouped, app):
    from sqlalchemy import event

    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    html = coord_client.get("/coordinator/participation/targets?min_participations=5")
    assert html.status_code == 200
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        few = coord_client.get("/coordinator/participation/targets?min_participations=5")
        n_all = len(statements)
        statements.clear()
        coord_client.get(
            "/coordinator/participation/targets?min_participations=5&max_population=1500"
        )
        n_group = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    text = few.get_data(as_text=True)
    assert "Agder innkjøp, Vestland regionråd" in text
    assert "Kontaktperson" in text and "Kan ikke nås" in text
    assert n_group == n_all  # 1 row or 4: the same queries (one for all rows' groups)
