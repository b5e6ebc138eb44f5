"""Turning events into due-job rows. Idempotent: every job has a unique key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from ..auth.models import User
from ..campaigns.models import Campaign
from ..core.timeutil import OSLO, UTC, utcnow
from ..events.models import Event
from ..extensions import db
from .models import DueJob

#: Reminders before an event, in hours, unless the event says otherwise
DEFAULT_REMINDER_HOURS = (168, 24)
#: The follow-up (attendance, thank-you) goes this long after the end
FOLLOW_UP_DELAY = dt.timedelta(hours=2)


def upsert_job(key: str, kind: str, due_at: dt.datetime, **fields) -> DueJob:
    """Create the job, or move a still-pending one to its new due time."""
    job = db.session.scalar(select(DueJob).where(DueJob.key == key))
    if job is None:
        job = DueJob(key=key, kind=kind, due_at=due_at, state="pending", **fields)
        db.session.add(job)
    elif job.state == "pending" and job.due_at != due_at:
        job.due_at = due_at
    return job


def wanted_event_jobs(event: Event) -> list[tuple[str, str, dt.datetime, dict]]:
    """(key, kind, due_at, params) of every job a published event should have."""
    if event.status != "published":
        return []
    hours = event.reminder_hours if event.reminder_hours is not None else DEFAULT_REMINDER_HOURS
    jobs = [
        (
            f"event.reminder:{event.id}:{h}",
            "event.reminder",
            event.starts_at - dt.timedelta(hours=h),
            {"hours": h},
        )
        for h in sorted(set(hours))
    ]
    if event.registration_closes_at:
        jobs.append(
            (
                f"event.registration_closed:{event.id}",
                "event.registration_closed",
                event.registration_closes_at,
                {},
            )
        )
    jobs.append(
        (f"event.follow_up:{event.id}", "event.follow_up", event.ends_at + FOLLOW_UP_DELAY, {})
    )
    return jobs


def plan_event_jobs(event: Event) -> None:
    """Bring the event's pending jobs in line with the event (called on every change)."""
    wanted = {key: (kind, due, params) for key, kind, due, params in wanted_event_jobs(event)}
    for job in db.session.scalars(
        select(DueJob).where(DueJob.event_id == event.id, DueJob.state == "pending")
    ):
        if job.key not in wanted:
            job.state = "skipped"
            job.result = "event cancelled" if event.status == "cancelled" else "no longer wanted"
            job.finished_at = utcnow()
    for key, (kind, due, params) in wanted.items():
        upsert_job(key, kind, due, event_id=event.id, params=params)


def plan_all_events(now: dt.datetime | None = None) -> int:
    """Plan jobs for every published event that has not ended (catches events made by import,
    demo or before this feature existed). One query for the events, one for existing keys."""
    now = now or utcnow()
    events = db.session.scalars(
        select(Event).where(Event.status == "published", Event.ends_at > now - FOLLOW_UP_DELAY)
    ).all()
    existing = dict(
        db.session.execute(
            select(DueJob.key, DueJob.due_at).where(DueJob.event_id.in_([e.id for e in events]))
        ).all()
    )
    added = 0
    for event in events:
        for key, kind, due, params in wanted_event_jobs(event):
            if key not in existing:
                db.session.add(
                    DueJob(key=key, kind=kind, due_at=due, event_id=event.id, params=params)
                )
                added += 1
            elif existing[key] != due:
                db.session.execute(
                    update(DueJob)
                    .where(DueJob.key == key, DueJob.state == "pending")
                    .values(due_at=due)
                )
    return added


def next_digest_time(now: dt.datetime) -> dt.datetime:
    """Next Monday 07:00 in Oslo (as UTC)."""
    local = now.astimezone(OSLO)
    days = (7 - local.weekday()) % 7
    candidate = dt.datetime.combine(
        local.date() + dt.timedelta(days=days), dt.time(7, 0), tzinfo=OSLO
    )
    if candidate <= local:
        candidate += dt.timedelta(days=7)
    return candidate.astimezone(UTC)


def plan_digests(now: dt.datetime | None = None) -> None:
    """Make sure every active coordinator has their next weekly digest planned."""

    now = now or utcnow()
    due = next_digest_time(now)
    stamp = due.astimezone(OSLO).date().isoformat()
    planned = set(
        db.session.scalars(
            select(DueJob.user_id).where(
                DueJob.kind == "coordinator.digest", DueJob.key.like(f"%:{stamp}")
            )
        )
    )
    for user_id in db.session.scalars(select(User.id).where(User.active.is_(True))):
        if user_id not in planned:
            db.session.add(
                DueJob(
                    key=f"coordinator.digest:{user_id}:{stamp}",
                    kind="coordinator.digest",
                    due_at=due,
                    user_id=user_id,
                )
            )


def plan_scheduled_campaigns() -> int:
    """A ``campaign.send`` job for every scheduled campaign, at its time (cheap: run each pass)."""

    rows = db.session.execute(
        select(Campaign.id, Campaign.scheduled_at).where(
            Campaign.status == "scheduled", Campaign.scheduled_at.is_not(None)
        )
    ).all()
    for campaign_id, when in rows:
        stamp = when.strftime("%Y%m%dT%H%M%S")
        upsert_job(
            f"campaign.send:{campaign_id}:{stamp}", "campaign.send", when, campaign_id=campaign_id
        )
    return len(rows)
