"""Turning a template and a recipient into an outbox message, in the recipient's language."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from ..calendars.ics import event_calendar
from .outbox import enqueue


def queue_mail(kind: str, contact, template: str, *, event=None, ics_method: str | None = None,
               reply_to: str | None = None, subject: str | None = None, **context):
    """Render ``templates/mail/<template>.txt`` (+ ``.html`` if present) and enqueue it.

    The subject is the first line of the text template (``Subject: ...``) unless given.
    ``ics_method`` (REQUEST, CANCEL, PUBLISH) attaches the event as iCalendar.
    The caller commits.
    """
    language = contact.effective_language
    ctx = dict(contact=contact, event=event, base_url=current_app.config["BASE_URL"], **context)
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", **ctx)
        try:
            html = render_template(f"mail/{template}.html", **ctx)
        except Exception:  # noqa: BLE001 - the HTML part is optional
            html = None
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = subject or first[len("Subject:"):].strip()
    ics = None
    if ics_method and event is not None:
        attendee = contact if ics_method == "REQUEST" else None
        ics = event_calendar(event, method=ics_method, attendee=attendee).to_ical().decode()
    return enqueue(kind=kind, to_address=contact.email, to_name=contact.name, reply_to=reply_to,
                   language=language, subject=subject or kind, body_text=text.lstrip("\n"),
                   body_html=html, ics=ics, ics_method=ics_method, contact_id=contact.id,
                   event_id=getattr(event, "id", None))
