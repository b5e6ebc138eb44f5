"""Registration rules: register, cancel, promote from the waiting list, move, presenters.

The decision about the last seats is taken inside the database: every function here that
changes the number of confirmed registrations first locks the event row
(:func:`.seats.lock_event`), and only then counts and writes.

Service functions never commit: the view, API handler or CLI that calls them does.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import bindparam, select

from ..core.audit import audit
from ..core.errors import ConflictError, ServiceError
from ..core.timeutil import to_oslo, utcnow
from ..events.models import Event
from ..extensions import db
from ..organizations.models import Contact
from ..organizations.services import created_in_session, normalize_email
from ..web.formatting import format_long_date
from .decision import decide_seat
from .links import find_link, issue_link, revoke_links
from .models import ATTENDANCE, ROLES, SOURCES, Registration
from .notices import event_when, send_notice, signal_change
from .seats import (
    _,
    active_registration,
    approved_presenters,
    has_room,
    is_member,
    lock_event,
    presenter_slots_left,
    presenter_waitlist,
    presenter_waitlist_position,
    seats_left,
    waitlist,
    waitlist_position,
)

#: Read-side helpers that pages, the API and other features reach through this module
__all__ = [
    "approved_presenters",
    "cancel_by_link",
    "cancel_registration",
    "decide_presenter",
    "event_when",
    "find_link",
    "issue_link",
    "fill_from_waitlist",
    "lock_event",
    "move_registration",
    "on_event_changed",
    "presenter_slots_left",
    "presenter_waitlist",
    "presenter_waitlist_position",
    "register",
    "registered_address",
    "revoke_links",
    "send_existing_link",
    "seats_left",
    "set_attendance",
    "attendance_open",
    "waitlist",
    "waitlist_position",
]


# --------------------------------------------------------------------------------------------
# Register


def _check_self_service(event: Event, organization) -> None:
    now = utcnow()
    if event.status != "published":
        raise ServiceError(_("Påmeldingen til dette arrangementet er ikke åpen."))
    if not event.registration_open(now):
        if event.registration_opens_at and now < event.registration_opens_at:
            raise ServiceError(_("Påmeldingen har ikke åpnet ennå."))
        raise ServiceError(_("Påmeldingen er stengt."))
    if event.members_only and not is_member(event, organization):
        raise ServiceError(
            {"organization": [_("Dette nettverksmøtet er bare for medlemmer av nettverket.")]}
        )


def register(
    event: Event,
    contact,
    *,
    organization=None,
    role: str = "attendee",
    source: str = "form",
    by_coordinator: bool = False,
    solution_title=None,
    solution_description=None,
    theme=None,
) -> tuple[Registration, bool]:
    """Register ``contact`` for ``event``; confirmed while there is room, else waitlisted.

    Returns ``(registration, created)``. An existing active registration of the contact is
    returned unchanged (``created=False``). The registration window and the members-only rule
    bind self-service only (``by_coordinator=False``). Does not commit.
    """
    if role not in ROLES:
        raise ServiceError({"role": [_("Ugyldig rolle.")]})
    if source not in SOURCES:
        raise ServiceError({"source": [_("Ugyldig kilde.")]})
    if contact is None:
        raise ServiceError({"contact": [_("Kontaktperson mangler.")]})
    organization = organization or contact.organization
    if organization is None:
        raise ServiceError({"organization": [_("Organisasjon mangler.")]})
    if event.status == "cancelled":
        raise ServiceError(_("Arrangementet er avlyst."))
    if role == "presenter":
        if not (solution_title or "").strip():
            raise ServiceError({"solution_title": [_("Oppgi tittelen på løsningen.")]})
        if not (event.presenter_slots or 0) and not by_coordinator:
            raise ServiceError(
                {"role": [_("Dette arrangementet har ikke plass til presentasjoner.")]}
            )

    if contact.id is None or organization.id is None:
        db.session.flush()
    # Everything that needs no lock happens before it (pretix's "lock as late as possible"):
    # the repeat check, the window and membership rules, the language of the mail.
    # (a person created in this very request has none: no query for that)
    existing = None if created_in_session(contact) else active_registration(event, contact)
    if existing is not None:
        return existing, False
    if not by_coordinator:
        _check_self_service(event, organization)
    language = contact.effective_language
    fields = {"organization_id": organization.id, "role": role, "source": source}
    if role == "presenter":
        fields["solution_title"] = solution_title.strip()[:200]
        fields["solution_description"] = (solution_description or "").strip() or None
        fields["theme_id"] = getattr(theme, "id", theme)
    if fields.get("source") == "form":  # the public forms link to this version of the notice
        fields["privacy_notice_version"] = current_app.config.get("PRIVACY_NOTICE_VERSION")
        fields["privacy_notice_shown_at"] = utcnow()

    reg, created = decide_seat(event, contact, fields, by_coordinator=by_coordinator)
    if not created:
        return reg, False
    if reg.status == "confirmed":
        send_notice("confirmed", reg, "confirmed", ics_method="PUBLISH", language=language)
    else:
        send_notice("waitlisted", reg, "waitlisted", language=language)
    signal_change(reg, "created")
    return reg, True


def registered_address(event: Event, email) -> tuple[Contact | None, Registration | None]:
    """The contact with this address and its active registration for ``event``, if any.

    The public forms ask this before they create or change anything, so a stranger who types
    someone's address learns nothing and changes nothing (see :func:`send_existing_link`).
    The contact is handed on to the registration (one look-up per request).
    """
    try:
        address = normalize_email(email)
    except ServiceError:
        return None, None
    contact = db.session.scalar(_BY_EMAIL, {"email": address})
    return contact, active_registration(event, contact)


_BY_EMAIL = select(Contact).where(Contact.email == bindparam("email"))  # built once (bursts)


def send_existing_link(registration: Registration) -> None:
    """Mail the registration's own link to its registered address (never to the requester)."""
    send_notice("link_resent", registration, "existing")  # the link is made when composed
    audit("registration.link_resent", registration, event_id=registration.event_id)


# --------------------------------------------------------------------------------------------
# Cancel, promote, move


def _promote_next(event: Event, role: str, exclude: int | None = None) -> Registration | None:
    """Confirm the first on the waiting list of ``role`` if there is room (event locked).

    A free presenter slot goes to the first on the presenter waiting list; when that is an
    attendee's request, the attendee becomes the presenter and the seat goes on in turn.
    """
    if not has_room(event, role):
        return None
    source = presenter_waitlist(event) if role == "presenter" else waitlist(event, role)
    line = [r for r in source if r.id != exclude]
    if not line:
        return None
    reg = line[0]
    if reg.role == "attendee" and reg.presenter_waitlisted_at is not None:
        reg.role = "presenter"
        reg.presenter_waitlisted_at = None
        _confirm(reg, event)
        send_notice("presenter_promoted", reg, "presenter_promoted", ics_method="PUBLISH")
        signal_change(reg, "promoted")
        _promote_next(event, "attendee")
        return reg
    _confirm(reg, event)
    send_notice("promoted", reg, "promoted", ics_method="PUBLISH")
    signal_change(reg, "promoted")
    return reg


def _confirm(reg: Registration, event: Event) -> None:
    reg.status = "confirmed"
    reg.confirmed_at = utcnow()
    if reg.role == "presenter":
        reg.presenter_approval = "pending" if event.presenter_approval_required else "approved"
    db.session.flush()


def cancel_registration(
    registration: Registration, *, by_coordinator: bool = False, notify: bool = True
) -> Registration | None:
    """Cancel; a freed seat goes to the first on the waiting list. Returns the promoted one."""
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.status == "cancelled":
        return None
    was_confirmed = registration.status == "confirmed"
    registration.status = "cancelled"
    registration.cancelled_at = utcnow()
    db.session.flush()
    if notify:
        send_notice(
            "cancelled",
            registration,
            "cancelled",
            ics_method="CANCEL" if was_confirmed else None,
            by_coordinator=by_coordinator,
        )
    signal_change(registration, "cancelled", by_coordinator=by_coordinator)
    if by_coordinator:
        audit("registration.cancelled", registration, event_id=event.id)
    promoted = _promote_next(event, registration.role) if was_confirmed else None
    return promoted


def cancel_by_link(registration: Registration) -> Registration | None:
    """Cancel through the personal link (no sign-in): as :func:`cancel_registration`, audited."""
    if registration.status == "cancelled":
        return None
    promoted = cancel_registration(registration)
    audit("registration.cancelled_by_link", registration, event_id=registration.event_id)
    return promoted


def move_registration(registration: Registration, status: str, user=None) -> Registration:
    """Coordinator: move between the waiting list and confirmed (may exceed the capacity)."""
    if status not in ("confirmed", "waitlisted"):
        raise ServiceError({"status": [_("Ugyldig status.")]})
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.status == "cancelled":
        raise ConflictError(_("Påmeldingen er avmeldt."))
    if registration.status == status:
        return registration
    if status == "confirmed":
        _confirm(registration, event)
        send_notice("promoted", registration, "promoted", ics_method="PUBLISH")
        signal_change(registration, "promoted", by_coordinator=True)
    else:
        registration.status = "waitlisted"
        registration.waitlisted_at = utcnow()
        registration.confirmed_at = None
        db.session.flush()
        signal_change(registration, "waitlisted", by_coordinator=True)
        _promote_next(event, registration.role, exclude=registration.id)
    audit("registration.moved", registration, user=user, status=status, event_id=event.id)
    return registration


def decide_presenter(registration: Registration, approve: bool, user=None) -> Registration:
    """Approve or decline a pending presenter request; mails the supplier either way.

    A declined request is cancelled, which frees its slot for the next one on the waiting list.
    """
    if registration.role != "presenter":
        raise ServiceError({"role": [_("Dette er ikke en forespørsel om å presentere.")]})
    event = lock_event(registration.event)
    db.session.refresh(registration)
    if registration.status != "confirmed" or registration.presenter_approval != "pending":
        raise ConflictError(_("Forespørselen er allerede behandlet."))
    if approve:
        registration.presenter_approval = "approved"
        db.session.flush()
        send_notice("presenter_approved", registration, "presenter_approved", ics_method="PUBLISH")
        signal_change(registration, "presenter_approved")
        audit("registration.presenter_approved", registration, user=user, event_id=event.id)
    else:
        registration.presenter_approval = "declined"
        registration.status = "cancelled"
        registration.cancelled_at = utcnow()
        db.session.flush()
        send_notice("presenter_declined", registration, "presenter_declined")
        signal_change(registration, "presenter_declined")
        audit("registration.presenter_declined", registration, user=user, event_id=event.id)
        _promote_next(event, "presenter")
    return registration


def attendance_open(event: Event, now=None) -> bool:
    """Attendance can be recorded from the event's day (Oslo), never days before: a recorded
    visit in the future would show as "last attended" on the municipality page."""
    now = now or utcnow()
    return to_oslo(now).date() >= to_oslo(event.starts_at).date()


def set_attendance(registration: Registration, attendance: str) -> Registration:
    """Record whether the person came (``attended``/``no_show``/``unknown``)."""
    if attendance not in ATTENDANCE:
        raise ServiceError({"attendance": [_("Ugyldig oppmøteverdi.")]})
    if attendance != "unknown" and not attendance_open(registration.event):
        raise ConflictError(
            {
                "attendance": [
                    _(
                        "Oppmøte kan registreres fra arrangementsdagen, %(date)s.",
                        date=format_long_date(registration.event.starts_at),
                    )
                ]
            }
        )
    if registration.status == "cancelled" and attendance != "unknown":
        raise ConflictError(_("Påmeldingen er avmeldt."))
    registration.attendance = attendance
    registration.attendance_recorded_at = utcnow()
    db.session.flush()
    signal_change(registration, "attendance")
    return registration


def fill_from_waitlist(event: Event) -> list[Registration]:
    """Promote from the waiting lists while there is room (after the capacity was raised)."""
    event = lock_event(event)
    promoted = []
    for role in ROLES:
        while (reg := _promote_next(event, role)) is not None:
            promoted.append(reg)
    return promoted


def on_event_changed(sender, event=None, changes=(), **_kw) -> None:
    """Receiver of ``event_changed``: more seats or slots go to the waiting list at once."""
    if event is None or event.status != "published":
        return
    if {"capacity", "presenter_slots"} & set(changes or ()):
        fill_from_waitlist(event)
