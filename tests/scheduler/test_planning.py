import datetime as dt

from sqlalchemy import select

from netmgr.extensions import db
from netmgr.scheduler.models import DueJob
from netmgr.scheduler.planning import next_digest_time, plan_all_events, plan_event_jobs


def jobs_of(event):
    return {
        j.key.split(":")[0] + (":" + j.key.split(":")[2] if j.kind == "event.reminder" else ""): j
        for j in db.session.scalars(select(DueJob).where(DueJob.event_id == event.id))
    }


def test_published_event_gets_reminders_deadline_and_follow_up(factory):
    closes = factory.event().starts_at - dt.timedelta(days=2)
    event = factory.event(registration_closes_at=closes)
    plan_event_jobs(event)
    jobs = jobs_of(event)
    assert set(jobs) == {
        "event.reminder:168",
        "event.reminder:24",
        "event.registration_closed",
        "event.follow_up",
    }
    assert jobs["event.reminder:168"].due_at == event.starts_at - dt.timedelta(days=7)
    assert jobs["event.reminder:24"].due_at == event.starts_at - dt.timedelta(days=1)
    assert jobs["event.registration_closed"].due_at == closes
    assert jobs["event.follow_up"].due_at == event.ends_at + dt.timedelta(hours=2)
    assert {j.state for j in jobs.values()} == {"pending"}


def test_moving_an_event_moves_its_pending_jobs_and_planning_twice_adds_nothing(factory):
    event = factory.event()
    plan_event_jobs(event)
    event.starts_at += dt.timedelta(days=3)
    event.ends_at += dt.timedelta(days=3)
    plan_event_jobs(event)
    plan_event_jobs(event)
    jobs = jobs_of(event)
    assert len(jobs) == 3
    assert jobs["event.reminder:24"].due_at == event.starts_at - dt.timedelta(days=1)


def test_cancelled_event_skips_its_pending_jobs(factory):
    event = factory.event()
    plan_event_jobs(event)
    event.status = "cancelled"
    plan_event_jobs(event)
    assert {j.state for j in jobs_of(event).values()} == {"skipped"}


def test_coordinator_can_change_or_switch_off_reminders(factory):
    event = factory.event(reminder_hours=[48])
    plan_event_jobs(event)
    assert "event.reminder:48" in jobs_of(event)
    event.reminder_hours = []
    plan_event_jobs(event)
    reminders = [j for j in jobs_of(event).values() if j.kind == "event.reminder"]
    assert [j.state for j in reminders] == ["skipped"]


def test_drafts_get_no_jobs_and_plan_all_catches_unplanned_events(factory):
    draft = factory.event(status="draft")
    published = factory.event()
    past = factory.event(starts_in=dt.timedelta(days=-30))
    assert plan_all_events() == 3
    assert plan_all_events() == 0
    assert jobs_of(draft) == {} and jobs_of(past) == {}
    assert len(jobs_of(published)) == 3


def test_digest_is_monday_morning_in_oslo():
    # Sunday 29 March 2026 is the day summer time starts; Monday 07:00 CEST is 05:00 UTC.
    sunday = dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC)
    assert next_digest_time(sunday) == dt.datetime(2026, 3, 30, 5, tzinfo=dt.UTC)
    monday_late = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    assert next_digest_time(monday_late) == dt.datetime(2026, 1, 12, 6, tzinfo=dt.UTC)
