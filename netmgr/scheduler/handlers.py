"""What each kind of due job does. Handlers only write rows (outbox, events); they never talk
to SMTP, so their effects commit or roll back together with the job's state."""

from __future__ import annotations

import datetime as dt

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from ..auth.models import User
from ..calendars.ics import itip_text
from ..campaigns.models import Campaign
from ..campaigns.services import send_campaign
from ..events.models import Event
from ..extensions import db
from ..mail.compose import queue_mail
from ..mail.outbox import enqueue
from ..networks.models import NetworkMembership
from ..organizations.models import Organization
from ..registration.models import Registration
from ..registration.seats import confirmed_counts
from .models import DueJob
from .planning import plan_digests


class Skip(Exception):
    """The job has nothing (more) to do; recorded as ``skipped`` with the reason."""


def _event(job: DueJob) -> Event:
    event = db.session.get(Event, job.event_id) if job.event_id else None
    if event is None:
        raise Skip("event deleted")
    if event.status != "published":
        raise Skip(f"event is {event.status}")
    return event


def _registered(event: Event, *, statuses=("confirmed",)) -> list[Registration]:
    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_(statuses),
            Registration.contact_id.is_not(None),
        )
    ).all()


def small_limit() -> int:
    return current_app.config.get("SMALL_MUNICIPALITY_LIMIT", 5000)


def mail_user(user, kind: str, template: str, *, event=None, **context):
    """A notice to a coordinator (users read bokmål)."""
    ctx = dict(
        user=user, event=event, base_url=current_app.config["BASE_URL"].rstrip("/"), **context
    )
    with force_locale("nb"):
        text = render_template(f"mail/{template}.txt", **ctx)
    first, _, body = text.partition("\n")
    return enqueue(
        kind=kind,
        to_address=user.email,
        to_name=user.name,
        language="nb",
        subject=first.removeprefix("Subject:").strip(),
        body_text=body.lstrip("\n"),
        event_id=getattr(event, "id", None),
    )


def coordinators_of(event: Event | None):

    if event is not None and event.coordinator is not None and event.coordinator.active:
        return [event.coordinator]
    return db.session.scalars(select(User).where(User.active.is_(True))).all()


def reminder(job: DueJob, now: dt.datetime) -> str:
    event = _event(job)
    if now >= event.starts_at:
        raise Skip("event already begun")  # a late reminder is worse than none
    later = db.session.scalar(
        select(func.count())
        .select_from(DueJob)
        .where(
            DueJob.event_id == event.id,
            DueJob.kind == "event.reminder",
            DueJob.id != job.id,
            DueJob.due_at > job.due_at,
            DueJob.due_at <= now,
        )
    )
    if later:
        raise Skip("superseded by a later reminder")
    regs = _registered(event)
    for reg in regs:
        language = reg.contact.effective_language
        queue_mail(
            "event.reminder",
            reg.contact,
            "scheduler_reminder",
            language=language,
            event=event,
            ics=itip_text(event, "PUBLISH", language=language),
            ics_method="PUBLISH",
            hours=(job.params or {}).get("hours"),
        )
    return f"{len(regs)} reminders"


def registration_closed(job: DueJob, now: dt.datetime) -> str:
    event = _event(job)
    counts = db.session.execute(
        select(
            func.count(Registration.id),
            func.count(func.distinct(Registration.organization_id)).filter(
                Organization.kind == "municipality", Organization.population < small_limit()
            ),
        )
        .join(Organization, Organization.id == Registration.organization_id)
        .where(Registration.event_id == event.id, Registration.status == "confirmed")
    ).one()
    for user in coordinators_of(event):
        mail_user(
            user,
            "event.registration_closed",
            "scheduler_registration_closed",
            event=event,
            registered=counts[0],
            small_municipalities=counts[1],
        )
    return f"{counts[0]} registered, {counts[1]} small municipalities"


def follow_up(job: DueJob, now: dt.datetime) -> str:
    event = _event(job)
    try:
        from flask import url_for

        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            checkin = url_for("participation.checkin", event_id=event.id, _external=True)
    except Exception:  # noqa: BLE001 - before the check-in page exists, link the event
        checkin = f"{current_app.config['BASE_URL'].rstrip('/')}/coordinator/events/{event.id}"
    for user in coordinators_of(event):
        mail_user(
            user,
            "event.attendance_request",
            "scheduler_attendance_request",
            event=event,
            checkin_url=checkin,
        )
    regs = [r for r in _registered(event) if r.attendance != "no_show"]
    for reg in regs:
        queue_mail(
            "event.thank_you",
            reg.contact,
            "scheduler_thank_you",
            language=reg.contact.effective_language,
            event=event,
        )
    return f"attendance requested, {len(regs)} thank-you mails"


def campaign_send(job: DueJob, now: dt.datetime) -> str:

    campaign = db.session.get(Campaign, job.campaign_id)
    if campaign is None:
        raise Skip("campaign deleted")
    if campaign.status != "scheduled":
        raise Skip(f"campaign is {campaign.status}")
    if campaign.scheduled_at and campaign.scheduled_at > now:
        raise Skip("campaign was moved later")  # re-planned under the new time
    return f"{send_campaign(campaign)} invitations queued"


def digest(job: DueJob, now: dt.datetime) -> str:

    user = db.session.get(User, job.user_id)
    if user is None or not user.active:
        raise Skip("user inactive")
    weeks = current_app.config.get("DIGEST_WEEKS", 3)
    rows = digest_rows(now, now + dt.timedelta(weeks=weeks))
    mail_user(user, "coordinator.digest", "scheduler_digest", rows=rows, weeks=weeks)
    plan_digests(now + dt.timedelta(minutes=1))
    return f"{len(rows)} events"


def digest_rows(start: dt.datetime, end: dt.datetime) -> list[dict]:
    events = db.session.scalars(
        select(Event)
        .where(Event.status == "published", Event.starts_at >= start, Event.starts_at < end)
        .order_by(Event.starts_at)
    ).all()
    counts = confirmed_counts(e.id for e in events)
    return [
        {
            "event": e,
            "registered": counts.get(e.id, 0),
            "missing_small": missing_small_municipalities(e, start.date()),
        }
        for e in events
    ]


def missing_small_municipalities(event: Event, on: dt.date) -> list[Organization]:
    """Small municipalities of the event's network (or county) without an active registration."""
    query = select(Organization).where(
        Organization.kind == "municipality",
        Organization.active.is_(True),
        Organization.population < small_limit(),
    )
    if event.network_id:
        query = query.join(
            NetworkMembership, NetworkMembership.organization_id == Organization.id
        ).where(
            NetworkMembership.network_id == event.network_id,
            NetworkMembership.joined_on <= on,
            (NetworkMembership.left_on.is_(None)) | (NetworkMembership.left_on >= on),
        )
    elif event.county_number:
        query = query.where(Organization.county_number == event.county_number)
    else:
        return []
    registered = select(Registration.organization_id).where(
        Registration.event_id == event.id, Registration.status != "cancelled"
    )
    return db.session.scalars(
        query.where(Organization.id.not_in(registered)).order_by(Organization.population)
    ).all()


HANDLERS = {
    "event.reminder": reminder,
    "event.registration_closed": registration_closed,
    "event.follow_up": follow_up,
    "campaign.send": campaign_send,
    "coordinator.digest": digest,
}
