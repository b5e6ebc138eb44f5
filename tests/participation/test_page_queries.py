"""The coordinator pages run a fixed number of SQL statements, whatever the data (issue 18).

Each page of bench/pages.py is rendered with one row of everything and again after twenty
more (events, people, registrations, invitations, municipalities): the statement count must
be the same, or the page grows with ten years of data (an N+1 somewhere).
"""

from __future__ import annotations

import datetime as dt

from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration


def _paths(event_id: int, org_id: int, campaign_id: int) -> dict[str, str]:
    report = "/coordinator/participation/"
    targets = "/coordinator/participation/targets"
    return {
        "dashboard": "/coordinator/",
        "report": report,
        "report (period, kind)": f"{report}?from=2025-01-01&to=2025-12-31&kind=meeting_place",
        "targets": targets,
        "targets (filters)": f"{targets}?max_population=100000&months=24&county=46",
        "map": "/coordinator/participation/map",
        "municipality": f"/coordinator/participation/municipalities/{org_id}",
        "event registrations": f"/coordinator/events/{event_id}/registrations",
        "check-in": f"/coordinator/participation/events/{event_id}/checkin",
        "campaign": f"/coordinator/campaigns/{campaign_id}",
        "public event list": "/events",
    }


def _add(n: int, event: Event, campaign: Campaign, org: Organization, start: dt.datetime):
    """``n`` more of everything: municipalities, events, people, registrations, invitations."""
    for i in range(n):
        muni = Organization(
            kind="municipality",
            name=f"Kommune {i} {n}",
            municipality_number=f"{4600 + i + 100 * n}"[:4],
            population=1000 * (i + 1),
            county_number="46",
        )
        other = Event(
            title=f"Arrangement {i}",
            kind="meeting_place",
            starts_at=start + dt.timedelta(days=i + 1),
            ends_at=start + dt.timedelta(days=i + 1, hours=2),
            status="published",
        )
        db.session.add_all([muni, other])
        for owner in (org, muni):
            person = Contact(
                organization=owner, name=f"Person {i}", email=f"p{i}-{n}-{id(owner)}@x.no"
            )
            db.session.add(person)
            for ev in (event, other):
                db.session.add(
                    Registration(
                        event=ev,
                        organization=owner,
                        contact=person,
                        attendance="attended",
                        status="confirmed",
                        source="form",
                    )
                )
            db.session.flush()
            db.session.add(
                CampaignRecipient(
                    campaign_id=campaign.id,
                    contact_id=person.id,
                    organization_id=owner.id,
                    response="accepted",
                    sends=1,
                )
            )
    db.session.commit()


def _statements(client, paths, count_queries) -> dict[str, int]:
    counts = {}
    for name, path in paths.items():
        assert client.get(path).status_code == 200, name  # warm: session touch, caches
        db.session.expunge_all()  # as in production: nothing known before the request
        with count_queries() as statements:
            assert client.get(path).status_code == 200, name
        counts[name] = len(statements)
    return counts


def test_coordinator_pages_run_the_same_statements_at_1_and_20_rows(
    coord_client, app_ctx, count_queries
):
    start = dt.datetime(2025, 3, 1, 9, tzinfo=UTC)
    org = Organization(
        kind="municipality",
        name="Storby",
        municipality_number="4601",
        population=60000,
        county_number="46",
    )
    event = Event(
        title="Møteplass",
        kind="meeting_place",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        status="published",
        capacity=500,
    )
    db.session.add_all([org, event])
    db.session.flush()
    campaign = Campaign(event_id=event.id, name="Invitasjon", status="sent", sent_at=start)
    db.session.add(campaign)
    db.session.flush()
    _add(1, event, campaign, org, start)
    paths = _paths(event.id, org.id, campaign.id)
    small = _statements(coord_client, paths, count_queries)
    event, campaign, org = (db.session.merge(x) for x in (event, campaign, org))
    _add(20, event, campaign, org, start + dt.timedelta(days=40))
    large = _statements(coord_client, paths, count_queries)
    assert large == small
