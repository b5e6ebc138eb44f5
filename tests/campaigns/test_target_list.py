"""A campaign made from the target list reaches exactly the listed municipalities' contacts
who have not opted out, stores the criteria, and its outcome compares with the untargeted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.organizations.models import Organization
from netmgr.participation.services import campaign_outcome
from netmgr.registration.models import Registration


def _future_event():
    start = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=30)
    event = Event(
        title="Møteplass for små kommuner",
        kind="meeting_place",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        status="published",
    )
    db.session.add(event)
    db.session.commit()
    return event


def _neighbour_with_recent_participation():
    """A small municipality that took part 2 months ago: not on today's list."""
    org = Organization(
        kind="municipality",
        name="Nabo",
        municipality_number="1009",
        population=1500,
        county_number="42",
    )
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(days=60)
    past = Event(
        title="Nylig",
        kind="webinar",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status="published",
    )
    db.session.add_all(
        [org, past, Registration(event=past, organization=org, attendance="attended")]
    )
    db.session.commit()
    return org


def test_campaign_from_target_list_reaches_exactly_the_listed_contacts(coord_client, dataset):
    event = _future_event()
    neighbour = _neighbour_with_recent_participation()
    # today's list (12 months, small): 1001, 1002, 1003 (no contacts), 1007; 1006 is inactive
    resp = coord_client.post(
        "/coordinator/participation/targets/campaign",
        data={"event_id": event.id, "max_population": "4999", "months": "12"},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    campaign = db.session.scalars(select(Campaign).where(Campaign.name.like("Målrettet%"))).one()
    assert (
        resp.headers["Location"].endswith(f"/{campaign.id}")
        or "campaign" in resp.headers["Location"]
    )
    got = set(
        db.session.scalars(
            select(CampaignRecipient.contact_id).where(CampaignRecipient.campaign_id == campaign.id)
        )
    )
    c = dataset.c
    assert got == {c.l1.id, c.l2.id, c.n1.id, c.f1.id}  # f2 opted out; 1003 has none
    assert campaign.opted_out_count == 1
    assert [o["name"] for o in campaign.orgs_without_contacts] == ["Grensevåg"]
    crit = campaign.criteria
    assert crit["source"] == "targeting" and crit["months"] == 12
    assert crit["max_population"] == 4999
    assert crit["municipality_numbers"] == ["1001", "1002", "1003", "1007"] or sorted(
        crit["municipality_numbers"]
    ) == ["1001", "1002", "1003", "1007"]
    assert neighbour.id not in crit["organization_ids"]

    # outcome: 1002 registered and attended; the untargeted neighbour (same class as 1001) too
    db.session.add_all(
        [
            Registration(
                event=event, organization=dataset.m.noshow, contact=c.n1, attendance="attended"
            ),
            Registration(event=event, organization=neighbour, attendance="attended"),
            Registration(event=event, organization=dataset.m.stor, contact=c.s1),
        ]
    )
    db.session.commit()
    rows = {r.size_class: r.as_dict() for r in campaign_outcome(campaign)}
    small = rows["under 2\u00a0000"]
    assert (
        small["targeted"],
        small["targeted_registered"],
        small["others"],
        small["others_registered"],
        small["others_attended"],
    ) == (1, 0, 1, 1, 1)
    assert small["others_attended_percent"] == 100.0 and small["targeted_attended_percent"] == 0.0
    mid = rows["2\u00a0000–4\u00a0999"]
    assert (
        mid["targeted"],
        mid["targeted_registered"],
        mid["targeted_attended"],
        mid["others"],
    ) == (3, 1, 1, 0)
    assert mid["targeted_registered_percent"] == 33.3 and mid["others_registered_percent"] is None
    assert rows["alle"]["targeted"] == 4
    assert "50\u00a0000 og over" not in rows  # 1005 is not in a targeted class
    html = coord_client.get("/coordinator/participation/outcomes").get_data(as_text=True)
    assert "33.3" in html


def test_empty_target_list_makes_no_campaign(coord_client, dataset):
    event = _future_event()
    resp = coord_client.post(
        "/coordinator/participation/targets/campaign",
        data={"event_id": event.id, "max_population": "10"},
    )
    assert resp.status_code == 302
    assert (
        db.session.scalars(select(Campaign).where(Campaign.name.like("Målrettet%"))).first() is None
    )
    resp = coord_client.post(
        "/coordinator/participation/targets/campaign",
        data={"event_id": "", "max_population": "4999"},
    )
    assert (
        resp.status_code == 302
        and db.session.scalars(select(Campaign).where(Campaign.name.like("Målrettet%"))).first()
        is None
    )
