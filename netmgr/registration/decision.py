"""The seat decision: the few statements that run while the event row is locked.

Everything else about a registration (validation, the person and organisation, the window and
membership rules, the mail's text) happens before the lock or after the commit, so concurrent
registrations for one event queue only behind these statements (pretix's "lock as late as
possible"): lock the row, count the confirmed (one query), insert the registration, insert a
small deferred outbox row — then the caller commits. The statements are Core, not the ORM unit
of work: under a lock every millisecond of Python is a millisecond of everybody's waiting.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import make_transient_to_detached

from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from .models import Registration
from .seats import _, seat_counts

#: The event columns the decision reads under the lock
_LOCKED = (
    Event.id,
    Event.status,
    Event.capacity,
    Event.presenter_slots,
    Event.presenter_approval_required,
)


def _lock(event_id: int):
    """Lock the event row (see :func:`.seats.lock_event`) and read what the decision needs."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(Event)
            .where(Event.id == event_id)
            .values(sequence=Event.sequence)
            .execution_options(synchronize_session=False)
        )
    row = db.session.execute(
        select(*_LOCKED).where(Event.id == event_id).with_for_update(of=Event)
    ).one_or_none()
    if row is None:
        raise NotFoundError(_("Arrangementet finnes ikke."))
    return row


def decide_seat(event: Event, contact, fields: dict, *, by_coordinator: bool):
    """Lock, count, insert. Returns ``(registration, created)``; the caller commits.

    ``fields`` are the registration's own columns (organization_id, role, source, presenter
    fields). A presenter request when every slot is taken but seats are free gets a seat as
    attendee, and the request goes on the presenter waiting list.
    """
    locked = _lock(event.id)
    if locked.status == "cancelled":
        raise ServiceError(_("Arrangementet er avlyst."))
    if not by_coordinator and locked.status != "published":
        raise ServiceError(_("Påmeldingen til dette arrangementet er ikke åpen."))
    attendees, presenters, existing = seat_counts(event, contact)
    if existing is not None:  # the same person's other request won the race
        return existing, False

    now = utcnow()
    values = dict(fields, event_id=event.id, contact_id=contact.id, attendance="unknown")
    seat_free = locked.capacity is None or attendees < locked.capacity
    slot_free = presenters < (locked.presenter_slots or 0)
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
    new_id = db.session.execute(
        insert(Registration).values(**values).returning(Registration.id)
    ).scalar_one()
    return _persistent(new_id, values, event, contact), True


def _persistent(new_id: int, values: dict, event: Event, contact) -> Registration:
    """The inserted row as a session object, without reading it back (no query)."""
    reg = Registration(id=new_id, **values)
    reg.contact = contact
    make_transient_to_detached(reg)  # as if loaded: clean, the rest loads on access
    db.session.add(reg)
    return reg
