"""The seat decision: the few statements that run while the event row is locked.

Everything else about a registration (validation, the person and organisation, the window and
membership rules, the mail's text) happens before the lock or after the commit, so concurrent
registrations for one event queue only behind these statements (pretix's "lock as late as
possible"): lock the row, count the confirmed (one query), insert the registration, insert a
small deferred outbox row — then the caller commits. The statements are Core, not the ORM unit
of work: under a lock every millisecond of Python is a millisecond of everybody's waiting.
"""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import make_transient_to_detached

from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from .models import Registration
from .seats import KNOWN_POSITION, _, count_lock, seat_counts

#: The statements, built once: under the lock even SQLAlchemy's statement building (coercion,
#: cache keys) is everybody's waiting, so each call only binds its parameters.
_LOCK_SQLITE = (
    update(Event)
    .where(Event.id == bindparam("locked_id"))
    .values(sequence=Event.sequence)
    .execution_options(synchronize_session=False)
)
_LOCK = (
    select(
        Event.id,
        Event.status,
        Event.capacity,
        Event.presenter_slots,
        Event.presenter_approval_required,
    )
    .where(Event.id == bindparam("locked_id"))
    .with_for_update(of=Event)
)
_INSERT = insert(Registration).returning(Registration.id)


def _lock(conn, event_id: int):
    """Lock the event row (see :func:`.seats.lock_event`) and read what the decision needs."""
    if conn.dialect.name == "sqlite":
        conn.execute(_LOCK_SQLITE, {"locked_id": event_id})
    row = conn.execute(_LOCK, {"locked_id": event_id}).one_or_none()
    if row is None:
        raise NotFoundError(_("Arrangementet finnes ikke."))
    return row


def decide_seat(event: Event, contact, fields: dict, *, by_coordinator: bool):
    """Lock, count, insert. Returns ``(registration, created)``; the caller commits.

    ``fields`` are the registration's own columns (organization_id, role, source, presenter
    fields). A presenter request when every slot is taken but seats are free gets a seat as
    attendee, and the request goes on the presenter waiting list.
    """
    db.session.flush()  # whatever the request changed before, written before the lock
    conn = db.session.connection()
    locked = _lock(conn, event.id)
    lock_number = count_lock()
    if locked.status == "cancelled":
        raise ServiceError(_("Arrangementet er avlyst."))
    if not by_coordinator and locked.status != "published":
        raise ServiceError(_("Påmeldingen til dette arrangementet er ikke åpen."))
    counts, existing = seat_counts(event, contact, conn)
    if existing is not None:  # the same person's other request won the race
        return existing, False

    now = utcnow()
    values = dict(
        _EMPTY,
        **fields,
        event_id=event.id,
        contact_id=contact.id,
        attendance="unknown",
        created_at=now,
        updated_at=now,
    )
    seat_free = locked.capacity is None or counts["attendee", "confirmed"] < locked.capacity
    slot_free = counts["presenter", "confirmed"] < (locked.presenter_slots or 0)
    if values["role"] == "presenter" and not slot_free and seat_free:
        values.update(role="attendee", presenter_waitlisted_at=now)
    if slot_free if values["role"] == "presenter" else seat_free:
        values.update(status="confirmed", confirmed_at=now)
        if values["role"] == "presenter":
            approval = "pending" if locked.presenter_approval_required else "approved"
            values["presenter_approval"] = approval
    else:
        values.update(status="waitlisted", waitlisted_at=now)
        if values["role"] == "presenter":
            values["presenter_approval"] = "pending"
    new_id = conn.execute(_INSERT, values).scalar_one()
    reg = _persistent(new_id, values, contact)
    if values["status"] == "waitlisted":  # joins the end of its line (arrival order)
        setattr(reg, KNOWN_POSITION, (lock_number, counts[values["role"], "waitlisted"] + 1))
    return reg, True


#: Every column of a new registration that the decision does not set: written as NULL, so the
#: session object below is complete (the API's answer reads it without a query)
_EMPTY = dict.fromkeys(
    (
        "presenter_approval",
        "solution_title",
        "solution_description",
        "theme_id",
        "waitlisted_at",
        "presenter_waitlisted_at",
        "confirmed_at",
        "cancelled_at",
        "attendance_recorded_at",
        "privacy_notice_version",
        "privacy_notice_shown_at",
    )
)


def _persistent(new_id: int, values: dict, contact) -> Registration:
    """The inserted row as a session object, without reading it back (no query)."""
    reg = Registration(id=new_id, **values)
    reg.contact = contact
    make_transient_to_detached(reg)  # as if loaded: clean, relationships load on access
    db.session.add(reg)
    return reg
