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
    # under way: attendance is recorded from the event's day (Oslo)
    start = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
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
    # the page stays at the row tapped, not at the top of the list
    assert resp.status_code == 303 and resp.location.endswith(f"#reg-{regs[1].id}")
    resp = coord_client.post(url, data={"action": "all"}, follow_redirects=True)
    assert resp.status_code == 200
    assert resp.get_data(as_text=True).count("1 markert som møtt.") == 1  # shown once
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
    assert resp.status_code == 303
    reg = db.session.scalars(select(Registration).where(Registration.source == "walk_in")).one()
    assert (reg.attendance, reg.status, reg.organization_id) == ("attended", "confirmed", org.id)
    assert reg.contact.email == "walter@innsjekk.no"
    resp = coord_client.post(
        url, data={"action": "walk_in", "organization_id": "", "name": "", "email": ""}
    )
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert 'id="f-organization-error"' in html and 'id="error-summary"' in html
    assert "organization_id:" not in html  # field names are labels


def test_walk_in_by_type_ahead_label_and_search(coord_client, app_ctx):
    event, org, regs = _event_with_registrations()
    url = f"/coordinator/participation/events/{event.id}/checkin"
    html = coord_client.get(url).get_data(as_text=True)
    # the same type-ahead as the public form: a datalist, not a select of every organisation
    assert 'list="checkin-organizations"' in html and '<option value="Innsjekk (2001)">' in html
    assert 'name="organization_id"' not in html
    resp = coord_client.post(
        url,
        data={
            "action": "walk_in",
            "organization": "Innsjekk (2001)",
            "name": "Wenche Walk",
            "email": "wenche@innsjekk.no",
        },
    )
    reg = db.session.scalars(select(Registration).where(Registration.source == "walk_in")).one()
    assert resp.status_code == 303 and resp.location.endswith(f"#reg-{reg.id}")
    # a name that fits several organisations offers the candidates
    db.session.add(Organization(kind="other", name="Innsjekk AS", org_number="912345670"))
    db.session.commit()
    resp = coord_client.post(
        url, data={"action": "walk_in", "organization": "Innsj", "name": "X", "email": "x@y.no"}
    )
    assert resp.status_code == 422
    assert 'name="organization_id"' in resp.get_data(as_text=True)
    # search by name or organisation
    page = coord_client.get(url, query_string={"q": "person 1"}).get_data(as_text=True)
    assert page.count('class="nm-checkin-row"') == 1 and "Person 1" in page
    page = coord_client.get(url, query_string={"q": "wenche"}).get_data(as_text=True)
    assert page.count('class="nm-checkin-row"') == 1
    assert "/static/checkin." in page  # live filter while typing, from a static file (CSP)


def test_attendance_waits_for_the_event_day(coord_client, app_ctx):
    event, org, regs = _event_with_registrations()
    event.starts_at = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=3)
    event.ends_at = event.starts_at + dt.timedelta(hours=3)
    db.session.commit()
    url = f"/coordinator/participation/events/{event.id}/checkin"
    html = coord_client.get(url).get_data(as_text=True)
    assert 'id="checkin-not-open"' in html and 'value="attended"' not in html
    resp = coord_client.post(url, data={"action": "attended", "registration_id": regs[0].id})
    assert resp.status_code == 422 and "fra arrangementsdagen" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert regs[0].attendance == "unknown"


def test_event_page_links_to_checkin(coord_client, app_ctx):
    event, _, _ = _event_with_registrations()
    html = coord_client.get(f"/coordinator/events/{event.id}").get_data(as_text=True)
    assert f"/coordinator/participation/events/{event.id}/checkin" in html
