"""Registration rules: capacity, waiting lists, presenter slots, cancellation and promotion.

The decision about the last seats is taken inside the database: every function that changes the
number of confirmed registrations first locks the event row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite a no-op ``UPDATE`` of the event row takes the database's write lock, so a
second writer waits until the first commits), and only then counts and writes. Two requests can
therefore never both see "one seat left".

Service functions never commit: the view, API handler or CLI that calls them does.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import lazyload

from ..core.errors import ConflictError, NotFoundError, ServiceError
from ..core.signals import registration_changed
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..networks.models import NetworkMembership
from .models import ATTENDANCE, ROLES, SOURCES, Registration

CANCEL_SALT = "registration-cancel"


def _(text: str, **kwargs) -> str:
    """gettext that also works outside a request (CLI, scheduler): then the msgid (bokmål)."""
    try:
        return gettext(text, **kwargs)
    except RuntimeError:
        return text % kwargs if kwargs else text


# --------------------------------------------------------------------------------------------
# Locking and counting


def lock_event(event: Event) -> Event:
    """Lock the event row for the rest of the transaction and reload it.

    PostgreSQL: ``SELECT ... FOR UPDATE``; other transactions that want to change the seats of
    the same event wait here. SQLite has no row locks: a no-op UPDATE takes the database write
    lock (the busy timeout makes a second writer wait), which serialises the writers.
    """
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


def _has_room(event: Event, role: str) -> bool:
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
    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.contact_id == contact.id,
            Registration.status != "cancelled",
        )
    ).first()


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


# --------------------------------------------------------------------------------------------
# Cancel links


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CANCEL_SALT)


def cancel_token(registration: Registration) -> str:
    return _serializer().dumps({"r": registration.id, "c": registration.contact_id})


def registration_from_token(token: str) -> Registration | None:
    """The registration a personal cancel link points at, or None for a bad/forged token."""
    try:
        data = _serializer().loads(token)
    except (BadSignature, UnicodeError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    reg = db.session.get(Registration, data["r"])
    if reg is None or reg.contact_id != data.get("c"):
        return None
    return reg


def cancel_url(registration: Registration) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return f"{base}/registrations/cancel/{cancel_token(registration)}"


# --------------------------------------------------------------------------------------------
# Mail and signals


def _mail(kind: str, registration: Registration, template: str, *, ics_method=None, **ctx):
    from ..mail.compose import queue_mail

    contact = registration.contact
    if contact is None or not contact.email:
        return None
    event = registration.event
    coordinator = getattr(event, "coordinator", None)
    return queue_mail(
        f"registration.{kind}",
        contact,
        f"registration_{template}",
        event=event,
        ics_method=ics_method,
        reply_to=getattr(coordinator, "email", None),
        registration=registration,
        cancel_url=cancel_url(registration),
        event_url=f"{current_app.config['BASE_URL'].rstrip('/')}/events/{event.id}",
        position=waitlist_position(registration),
        when=event_when(event, contact.effective_language),
        **ctx,
    )


def event_when(event, language: str | None = None) -> str:
    """The event's time as words in ``language`` (Europe/Oslo)."""
    try:
        from ..web.formatting import format_event_time

        return format_event_time(event.starts_at, event.ends_at, language)
    except ImportError:  # pragma: no cover - the web package is optional here
        from ..core.timeutil import to_oslo

        return to_oslo(event.starts_at).strftime("%d.%m.%Y %H.%M")


def _signal(registration: Registration, action: str, **extra) -> None:
    registration_changed.send(
        current_app._get_current_object(), registration=registration, action=action, **extra
    )


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

    if contact.id is None:
        db.session.flush()
    event = lock_event(event)
    # Idempotent: the same person for the same event gets the existing registration back.
    existing = active_registration(event, contact)
    if existing is not None:
        return existing, False
    if not by_coordinator:
        _check_self_service(event, organization)

    now = utcnow()
    reg = Registration(
        event=event, contact=contact, organization=organization, role=role, source=source
    )
    if role == "presenter":
        reg.solution_title = solution_title.strip()[:200]
        reg.solution_description = (solution_description or "").strip() or None
        reg.theme_id = getattr(theme, "id", theme)
        reg.presenter_approval = "pending"
    if _has_room(event, role):
        reg.status = "confirmed"
        reg.confirmed_at = now
        if role == "presenter" and not event.presenter_approval_required:
            reg.presenter_approval = "approved"
    else:
        reg.status = "waitlisted"
        reg.waitlisted_at = now
    if source == "form":  # the public forms link to the privacy notice of this version
        reg.privacy_notice_version = current_app.config.get("PRIVACY_NOTICE_VERSION")
        reg.privacy_notice_shown_at = now
    db.session.add(reg)
    db.session.flush()

    if reg.status == "confirmed":
        _mail("confirmed", reg, "confirmed", ics_method="PUBLISH")
    else:
        _mail("waitlisted", reg, "waitlisted")
    _signal(reg, "created")
    return reg, True


# --------------------------------------------------------------------------------------------
# Cancel, promote, move


def _promote_next(event: Event, role: str, exclude: int | None = None) -> Registration | None:
    """Confirm the first on the waiting list of ``role`` if there is room (event locked)."""
    if not _has_room(event, role):
        return None
    line = [r for r in waitlist(event, role) if r.id != exclude]
    if not line:
        return None
    reg = line[0]
    _confirm(reg, event)
    _mail("promoted", reg, "promoted", ics_method="PUBLISH")
    _signal(reg, "promoted")
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
        _mail(
            "cancelled",
            registration,
            "cancelled",
            ics_method="CANCEL" if was_confirmed else None,
            by_coordinator=by_coordinator,
        )
    _signal(registration, "cancelled", by_coordinator=by_coordinator)
    if by_coordinator:
        from ..core.audit import audit

        audit("registration.cancelled", registration, event_id=event.id)
    promoted = _promote_next(event, registration.role) if was_confirmed else None
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
    from ..core.audit import audit

    if status == "confirmed":
        _confirm(registration, event)
        _mail("promoted", registration, "promoted", ics_method="PUBLISH")
        _signal(registration, "promoted", by_coordinator=True)
    else:
        registration.status = "waitlisted"
        registration.waitlisted_at = utcnow()
        registration.confirmed_at = None
        db.session.flush()
        _signal(registration, "waitlisted", by_coordinator=True)
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
    from ..core.audit import audit

    if approve:
        registration.presenter_approval = "approved"
        db.session.flush()
        _mail("presenter_approved", registration, "presenter_approved", ics_method="PUBLISH")
        _signal(registration, "presenter_approved")
        audit("registration.presenter_approved", registration, user=user, event_id=event.id)
    else:
        registration.presenter_approval = "declined"
        registration.status = "cancelled"
        registration.cancelled_at = utcnow()
        db.session.flush()
        _mail("presenter_declined", registration, "presenter_declined")
        _signal(registration, "presenter_declined")
        audit("registration.presenter_declined", registration, user=user, event_id=event.id)
        _promote_next(event, "presenter")
    return registration


def set_attendance(registration: Registration, attendance: str) -> Registration:
    """Record whether the person came (``attended``/``no_show``/``unknown``)."""
    if attendance not in ATTENDANCE:
        raise ServiceError({"attendance": [_("Ugyldig oppmøteverdi.")]})
    if registration.status == "cancelled" and attendance != "unknown":
        raise ConflictError(_("Påmeldingen er avmeldt."))
    registration.attendance = attendance
    registration.attendance_recorded_at = utcnow()
    db.session.flush()
    _signal(registration, "attendance")
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
