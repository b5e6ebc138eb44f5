"""What a registration change tells the world: the mail to the person, and the signal.

The mail is composed by the mail toolkit (:func:`netmgr.mail.compose.queue_mail` renders the
``registration_*`` templates and puts the message in the outbox); this module only chooses the
template and its values.
"""

from __future__ import annotations

from flask import current_app

from ..calendars.ics import itip_text
from ..core.signals import registration_changed
from ..mail.compose import queue_mail
from ..web.formatting import format_event_time
from .links import cancel_url
from .models import Registration
from .seats import waitlist_position


def send_notice(kind: str, registration: Registration, template: str, *, ics_method=None, **ctx):
    contact = registration.contact
    if contact is None or not contact.email:
        return None
    event = registration.event
    coordinator = getattr(event, "coordinator", None)
    language = contact.effective_language
    return queue_mail(
        f"registration.{kind}",
        contact,
        f"registration_{template}",
        event=event,
        language=language,
        ics=ics_method and itip_text(event, ics_method, language=language, attendee=contact),
        ics_method=ics_method,
        reply_to=getattr(coordinator, "email", None),
        registration=registration,
        cancel_url=cancel_url(registration),
        event_url=f"{current_app.config['BASE_URL'].rstrip('/')}/events/{event.id}",
        position=waitlist_position(registration),
        when=event_when(event, language),
        **ctx,
    )


def event_when(event, language: str | None = None) -> str:
    """The event's time as words in ``language`` (Europe/Oslo)."""
    return format_event_time(event.starts_at, event.ends_at, language)


def signal_change(registration: Registration, action: str, **extra) -> None:
    registration_changed.send(
        current_app._get_current_object(), registration=registration, action=action, **extra
    )
