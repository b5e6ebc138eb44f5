"""Seats, presenter slots and waiting lists: the event-row lock and the counts read under it.

Every function that changes the number of confirmed registrations first calls
:func:`lock_event` and only then counts, so two requests never both see "one seat left".
"""

from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import lazyload

from ..core.errors import NotFoundError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import NetworkMembership
from .models import ROLES, Registration

#: Instance attribute set by the seat decision: ``(lock number, waiting-list place)`` counted
#: under the lock (a new registration joins at the end), so the answer needs no second count.
#: It is read once, and only while this session has taken no other event lock since.
KNOWN_POSITION = "_known_waitlist_position"
#: ``db.session.info`` key: how many event locks this session has taken
LOCKS_TAKEN = "netmgr_event_locks"


def count_lock() -> int:
    """Note that an event lock was taken (seats may move); -> the lock's number."""
    info = db.session.info
    info[LOCKS_TAKEN] = number = info.get(LOCKS_TAKEN, 0) + 1
    return number


def _(text: str, **kwargs) -> str:
    """gettext that also works outside a request (CLI, scheduler): then the msgid (bokmål)."""
    try:
        return gettext(text, **kwargs)
    except RuntimeError:
        return text % kwargs if kwargs else text


def lock_event(event: Event) -> Event:
    """Lock the event row for the rest of the transaction and reload it.

    PostgreSQL: ``SELECT ... FOR UPDATE``; other transactions that want to change the seats of
    the same event wait here. SQLite has no row locks: a no-op UPDATE takes the database write
    lock (the busy timeout makes a second writer wait), which serialises the writers.
    """
    count_lock()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Event)
            .where(Event.id == event.id)
            .values(sequence=Event.sequence, updated_at=Event.updated_at)
            .execution_options(synchronize_session=False)
        )
    locked = db.session.execute(
        select(Event)
        .where(Event.id == event.id)
        .with_for_update(of=Event)
        .options(lazyload(Event.network), lazyload(Event.themes))  # only the locked row
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if locked is None:
        raise NotFoundError(_("Arrangementet finnes ikke."))
    return locked


def _count(event: Event, role: str, status: str = "confirmed") -> int:
    return (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.event_id == event.id,
                Registration.role == role,
                Registration.status == status,
            )
        )
        or 0
    )


def seats_left(event: Event) -> int | None:
    """Attendee seats still free; ``None`` when the event has no capacity limit. Never negative."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - _count(event, "attendee"))


def presenter_slots_left(event: Event) -> int:
    """Presenter slots still free (requests pending approval hold a slot). Never negative."""
    return max(0, (event.presenter_slots or 0) - _count(event, "presenter"))


def has_room(event: Event, role: str) -> bool:
    if role == "presenter":
        return presenter_slots_left(event) > 0
    left = seats_left(event)
    return left is None or left > 0


def waitlist(event: Event, role: str = "attendee") -> list[Registration]:
    """The waiting list of one role, first in line first."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.role == role,
                Registration.status == "waitlisted",
            )
            .order_by(Registration.waitlisted_at, Registration.id)
        )
    )


def waitlist_position(registration: Registration) -> int | None:
    """1-based place on the waiting list, or None when not waitlisted."""
    if registration.status != "waitlisted":
        return None
    lock, known = registration.__dict__.pop(KNOWN_POSITION, (None, None))
    if known is not None and lock == db.session.info.get(LOCKS_TAKEN):
        return known
    ahead = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == registration.event_id,
            Registration.role == registration.role,
            Registration.status == "waitlisted",
            (Registration.waitlisted_at < registration.waitlisted_at)
            | (
                (Registration.waitlisted_at == registration.waitlisted_at)
                & (Registration.id < registration.id)
            ),
        )
    )
    return (ahead or 0) + 1


def active_registration(event: Event, contact) -> Registration | None:
    if contact is None or contact.id is None:
        return None
    params = {"active_event": event.id, "active_contact": contact.id}
    return db.session.scalars(_ACTIVE, params).first()


#: Built once (every registration of a known person asks it)
_ACTIVE = select(Registration).where(
    Registration.event_id == bindparam("active_event"),
    Registration.contact_id == bindparam("active_contact"),
    Registration.status != "cancelled",
)


def is_member(event: Event, organization) -> bool:
    """Is ``organization`` a current member of the event's network?"""
    if event.network_id is None or organization is None or organization.id is None:
        return False
    today = utcnow().date()
    rows = db.session.scalars(
        select(NetworkMembership).where(
            NetworkMembership.network_id == event.network_id,
            NetworkMembership.organization_id == organization.id,
        )
    )
    return any(m.is_active(today) for m in rows)


def approved_presenters(event: Event) -> list[Registration]:
    """Confirmed and approved presenters, for the public event page."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.role == "presenter",
                Registration.status == "confirmed",
                Registration.presenter_approval == "approved",
            )
            .order_by(Registration.confirmed_at, Registration.id)
        )
    )


#: (role, status) pairs that :func:`seat_counts` counts, in the order of its statement
_COUNTED = [(role, status) for role in ROLES for status in ("confirmed", "waitlisted")]
_SEAT_COUNTS = select(
    *(
        func.count().filter((Registration.status == status) & (Registration.role == role))
        for role, status in _COUNTED
    ),
    func.max(
        case(
            (
                (Registration.contact_id == bindparam("counted_contact"))
                & (Registration.status != "cancelled"),
                Registration.id,
            )
        )
    ),
).where(Registration.event_id == bindparam("counted_event"))


def seat_counts(event: Event, contact, conn=None) -> tuple[dict, Registration | None]:
    """Under the lock, in one query: per (role, status) the confirmed and the waitlisted, and
    the contact's active registration (a double click that raced the first one), if any."""
    params = {"counted_event": event.id, "counted_contact": contact.id}
    *counts, existing_id = (conn or db.session).execute(_SEAT_COUNTS, params).one()
    existing = db.session.get(Registration, existing_id) if existing_id else None
    return dict(zip(_COUNTED, (c or 0 for c in counts), strict=True)), existing


def presenter_waitlist(event: Event) -> list[Registration]:
    """The presenter waiting list, first in line first: attendees whose presentation request
    waits for a slot, and presenters waiting without a seat, in the order they asked."""
    rows = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            (
                (Registration.presenter_waitlisted_at.is_not(None))
                & (Registration.status == "confirmed")
            )
            | ((Registration.role == "presenter") & (Registration.status == "waitlisted")),
        )
    )
    return sorted(rows, key=lambda r: (r.presenter_waitlisted_at or r.waitlisted_at, r.id))


def presenter_waitlist_position(registration: Registration) -> int | None:
    """1-based place of an attendee's presentation request on the presenter waiting list."""
    if registration.presenter_waitlisted_at is None or registration.status != "confirmed":
        return None
    line = presenter_waitlist(registration.event)
    return next((n for n, r in enumerate(line, 1) if r.id == registration.id), None)


def confirmed_counts(event_ids, role: str | None = None) -> dict[int, int]:
    """Confirmed registrations per event id (of ``role`` only, when given), in one grouped
    query; events with none are missing from the answer."""
    query = (
        select(Registration.event_id, func.count())
        .where(Registration.event_id.in_(list(event_ids)), Registration.status == "confirmed")
        .group_by(Registration.event_id)
    )
    if role is not None:
        query = query.where(Registration.role == role)
    return dict(db.session.execute(query).all())
