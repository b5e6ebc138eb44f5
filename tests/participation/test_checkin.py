"""Check-in page: attended / no-show per registration, mark all, walk-ins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from netmgr.core.timeutil import UTC
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.organizations.models import Contact, Organization
from netmgr.registration.models import Registration


def _event_with_registrations():
    org = Organization(
        kind="municipality",
        name="Innsjekk",
        municipality_number="2001",
        population=1200,
        county_number="55",
    )
    start = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    event = Event(
        title="Møteplass",
        kind="meeting_place",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        status="published",
    )
    db.session.add_all([org, event])
    regs = []
    for i, status in enumerate(("confirmed", "confirmed", "waitlisted", "cancelled")):
        c = Contact(organization=org, name=f"Person {i}", email=f"p{i}@innsjekk.no")
        r = Registration(event=event, contact=c, organization=org, status=status)
        db.session.add_all([c, r])
        regs.append(r)
    db.session.commit()
    return event, org, regs


def test_checkin_page_marks_and_lists(coord_client, app_ctx):
    event, org, regs = _event_with_registrations()
    url = f"/coordinator/participation/events/{event.id}/checkin"
    html = coord_client.get(url).get_data(as_text=True)
    assert html.count('class="nm-checkin-row"') == 3  # cancelled one not listed
    resp = coord_client.post(url, data={"action": "no_show", "registration_id": regs[1].id})
    assert resp.status_code == 302
    resp = coord_client.post(url, data={"action": "all"})
    assert resp.status_code == 302
    db.session.expire_all()
    assert [r.attendance for r in regs] == ["attended", "no_show", "unknown", "unknown"]
    # a registration of another event is refused without a 500
    resp = coord_client.post(url, data={"action": "attended", "registration_id": 999999})
    assert resp.status_code == 422


def test_walk_in_creates_contact_and_attendance(coord_client, app_ctx):
    event, org, _ = _event_with_registrations()
    url = f"/coordinator/participation/events/{event.id}/checkin"
    resp = coord_client.post(
        url,
        data={
            "action": "walk_in",
            "organization_id": org.id,
            "name": "Walter Walk",
            "email": "Walter@Innsjekk.no",
        },
    )
    assert resp.status_code == 302
    reg = db.session.scalars(select(Registration).where(Registration.source == "walk_in")).one()
    assert (reg.attendance, reg.status, reg.organization_id) == ("attended", "confirmed", org.id)
    assert reg.contact.email == "walter@innsjekk.no"
    resp = coord_client.post(
        url, data={"action": "walk_in", "organization_id": "", "name": "", "email": ""}
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="f-organization_id-error"' in html and 'id="error-summary"' in html


def test_event_page_links_to_checkin(coord_client, app_ctx):
    event, _, _ = _event_with_registrations()
    html = coord_client.get(f"/coordinator/events/{event.id}").get_data(as_text=True)
    assert f"/coordinator/participation/events/{event.id}/checkin" in html
