"""Coordinator pages of the scheduler: series form, reminder settings, health page."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from netmgr.auth.models import User
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.scheduler.models import DueJob, EventSeries
from tests.conftest import sign_in


def signed_in(app, client, role="coordinator"):
    with app.app_context():
        user = User(email=f"{role}@lup.no", name=role, role=role)
        user.set_password("riktig-passord-123")
        db.session.add(user)
        db.session.commit()
        sign_in(client, user)
    return client


SERIES_FORM = {
    "title": "Nettverkssamling bygg",
    "kind": "network_meeting",
    "network_id": "",
    "first_date": "2027-01-05",
    "start_time": "09:00",
    "duration_minutes": "150",
    "rrule": "FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU",
    "exceptions": "2027-03-02",
    "horizon_days": "730",
    "publish": "y",
    "location": "Gardermoen",
}


def test_coordinator_creates_a_series_and_its_occurrences_appear(app, client):
    signed_in(app, client)
    response = client.post("/coordinator/series/new", data=SERIES_FORM)
    assert response.status_code == 302
    with app.app_context():
        series = db.session.scalar(select(EventSeries))
        starts = [
            e.starts_at
            for e in db.session.scalars(
                select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)
            )
        ]
    assert series.exceptions == ["2027-03-02"]
    assert len(starts) >= 6 and all(s.year >= 2027 for s in starts)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Nettverkssamling bygg" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("rrule", "FREQ=NEVER", "Ugyldig gjentakelsesregel"),
        ("exceptions", "5. mars", "er ikke en dato"),
        ("duration_minutes", "0", "duration"),
        ("title", "", "title"),
        ("rrule", "FREQ=MINUTELY", "høyst én gang per dag"),
        ("rrule", "FREQ=DAILY;COUNT=202", "høyst 200"),  # 201 after the excepted date
    ],
)
def test_a_bad_series_form_says_what_to_fix_and_saves_nothing(app, client, field, value, message):
    signed_in(app, client)
    response = client.post("/coordinator/series/new", data={**SERIES_FORM, field: value})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert message in body or f'id="{field}"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventSeries)) == 0
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_coordinator_switches_reminders_to_two_days_and_then_off(app, client):
    signed_in(app, client)
    with app.app_context():
        start = dt.datetime(2030, 5, 7, 7, tzinfo=dt.UTC)
        event = Event(
            kind="webinar",
            title="Webinar om innovative anskaffelser",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            status="published",
        )
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    assert (
        client.post(f"/coordinator/events/{event_id}/reminders", data={"hours": "2d"}).status_code
        == 302
    )
    with app.app_context():
        keys = {
            j.key: j.state
            for j in db.session.scalars(select(DueJob).where(DueJob.kind == "event.reminder"))
        }
    assert keys == {f"event.reminder:{event_id}:48": "pending"}
    client.post(f"/coordinator/events/{event_id}/reminders", data={"hours": ""})
    with app.app_context():
        assert db.session.get(Event, event_id).reminder_hours == []
        assert {
            j.state
            for j in db.session.scalars(select(DueJob).where(DueJob.kind == "event.reminder"))
        } == {"skipped"}
    bad = client.post(f"/coordinator/events/{event_id}/reminders", data={"hours": "snart"})
    assert bad.status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id).reminder_hours == []


def test_scheduler_health_is_for_admins(app, client):
    assert client.get("/coordinator/admin/scheduler").status_code in (302, 401)
    signed_in(app, client, "coordinator")
    assert client.get("/coordinator/admin/scheduler").status_code == 403


def test_admin_sees_active_instance_and_backlog(app, client):
    from netmgr.scheduler.runner import Runner

    signed_in(app, client, "admin")
    runner = Runner(app)
    runner.tick()
    runner.stop()  # releases the leader lock for later tests
    body = client.get("/coordinator/admin/scheduler").get_data(as_text=True)
    assert "Aktiv instans" in body and "Forfalt, ikke kjørt: 0" in body


def test_event_page_shows_when_each_job_ran_and_what_came_of_it(app, client):
    from netmgr.scheduler.claims import run_due
    from netmgr.scheduler.planning import plan_event_jobs

    signed_in(app, client)
    with app.app_context():
        start = dt.datetime(2030, 5, 7, 7, tzinfo=dt.UTC)
        event = Event(
            kind="webinar",
            title="Webinar om innovative anskaffelser",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            status="published",
        )
        db.session.add(event)
        db.session.flush()
        plan_event_jobs(event)
        db.session.commit()
        event_id = event.id
        # The 7-day reminder (due 09.00) runs three hours late; nobody is registered yet.
        run_due("test", now=start - dt.timedelta(days=7) + dt.timedelta(hours=3))
    body = client.get(f"/coordinator/events/{event_id}").get_data(as_text=True)
    assert "Sist kjørt" in body and "0 reminders" in body
    assert "tirsdag 30. april 2030 kl. 09.00" in body  # when it was due, in Oslo time
    assert "tirsdag 30. april 2030 kl. 12.00" in body  # when it ran
