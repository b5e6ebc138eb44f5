"""What a registration change tells the world: the mail to the person, and the signal.

A notice is queued as a *deferred* outbox row (:mod:`netmgr.mail.deferred`): the registration
id, the template and the recipient's language, written in the caller's transaction, so the seat
decision never waits for templates, iCalendar or personal links while it holds the event-row lock.
The sender composes it with :func:`render_notice` (registered in ``init_app``) when it drains:
a rolled-back registration has no row, a committed one is never lost.
"""

from __future__ import annotations

from flask import current_app

from ..calendars.ics import itip_text
from ..core.signals import registration_changed
from ..extensions import db
from ..mail.compose import compose_message
from ..mail.deferred import enqueue_deferred
from ..web.formatting import format_event_time
from .links import MailLink
from .models import Registration
from .seats import presenter_waitlist_position, waitlist_position

#: Renderer name of the registration notices in the outbox
RENDERER = "registration"


def send_notice(
    kind: str,
    registration: Registration,
    template: str,
    *,
    ics_method=None,
    language: str | None = None,
    **ctx,
):
    """Queue notice ``kind`` (template ``registration_<template>``) for the registration.

    ``language`` saves a lookup when the caller already knows the contact's."""
    contact = registration.contact
    if contact is None or not contact.email:
        return None
    return enqueue_deferred(
        kind=f"registration.{kind}",
        renderer=RENDERER,
        args={
            "registration_id": registration.id,
            "template": template,
            "ics_method": ics_method,
            "context": ctx,
        },
        to_address=contact.email,
        to_name=contact.name,
        language=language or contact.effective_language,
        contact_id=contact.id,
        event_id=registration.event_id,
    )


def render_notice(args: dict, *, kind: str, language: str) -> dict | None:
    """Compose a queued notice (the mail sender calls this when it claims the row)."""
    registration = db.session.get(Registration, args.get("registration_id"))
    if registration is None or registration.contact is None or not registration.contact.email:
        return None
    contact = registration.contact
    event = registration.event
    ics_method = args.get("ics_method")
    coordinator = getattr(event, "coordinator", None)
    cancel_link = MailLink(registration.id, "cancel")  # issued only if the template uses it
    return compose_message(
        contact,
        f"registration_{args['template']}",
        event=event,
        language=language,
        ics=ics_method and itip_text(event, ics_method, language=language, attendee=contact),
        ics_method=ics_method,
        reply_to=getattr(coordinator, "email", None),
        registration=registration,
        cancel_url=cancel_link,
        registration_url=cancel_link.sibling("page"),
        event_url=f"{current_app.config['BASE_URL'].rstrip('/')}/events/{event.id}",
        position=waitlist_position(registration),
        presenter_position=presenter_waitlist_position(registration),
        when=event_when(event, language),
        **_context(args),
    )


def _context(args: dict) -> dict:
    """The caller's extra values; links are never among them (rows queued before the links
    became tokens may still carry an old signed one: it no longer opens anything)."""
    context = dict(args.get("context") or {})
    context.pop("registration_url", None)
    context.pop("cancel_url", None)
    return context


def event_when(event, language: str | None = None) -> str:
    """The event's time as words in ``language`` (Europe/Oslo)."""
    return format_event_time(event.starts_at, event.ends_at, language)


def signal_change(registration: Registration, action: str, **extra) -> None:
    registration_changed.send(
        current_app._get_current_object(), registration=registration, action=action, **extra
    )
