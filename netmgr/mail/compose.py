"""Turning a template and a recipient into an outbox message, in the language the caller chose.

Mail knows no feature: callers pass the recipient's language (an organisations rule) and any
iCalendar attachment as finished text (built in :mod:`netmgr.calendars.ics`).
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from ..web.formatting import format_event_time
from .outbox import enqueue
from .tokens import unsubscribe_url


def render_mail(template: str, language: str, **ctx) -> tuple[str | None, str, str | None]:
    """Render ``mail/<template>.txt`` (+ ``.html`` when it exists) in ``language``.

    Returns ``(subject, text, html)``; the subject is the text's first line ``Subject: ...``.
    """
    ctx.setdefault("base_url", current_app.config["BASE_URL"].rstrip("/"))
    ctx.setdefault("language", language)
    with force_locale(language):
        if ctx.get("event") is not None and "when" not in ctx:
            ctx["when"] = event_when(ctx["event"], language)
        text = render_template(f"mail/{template}.txt", **ctx)
        html = None
        if _exists(f"mail/{template}.html"):
            html = render_template(f"mail/{template}.html", **ctx)
    subject = None
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = first[len("Subject:") :].strip()
    return subject, text.lstrip("\n"), html


def event_when(event, language: str | None = None) -> str:
    """Start and end in words, in the current (or given) language, Oslo time, written as the
    pages write it (``mandag 1. juni 2026 kl. 10.00–15.00``): one formatting layer,
    :mod:`netmgr.web.formatting`, for pages, mails and exports."""
    return format_event_time(event.starts_at, event.ends_at, language)


def _exists(name: str) -> bool:
    cache = current_app.extensions.setdefault("netmgr_mail_templates", {})
    if name not in cache:
        try:
            current_app.jinja_env.get_template(name)
            cache[name] = True
        except Exception:  # noqa: BLE001 - TemplateNotFound: the HTML part is optional
            cache[name] = False
    return cache[name]


def coordinator_address(event) -> str | None:
    coordinator = getattr(event, "coordinator", None) if event is not None else None
    return getattr(coordinator, "email", None) or None


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 one-click unsubscribe headers."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def queue_mail(kind: str, contact, template: str, *, campaign_id: int | None = None, **options):
    """Render ``templates/mail/<template>.txt`` (+ ``.html`` if present) and enqueue it for
    ``contact`` (anything with ``id``, ``email`` and ``name``); options as
    :func:`compose_message`. The caller commits."""
    return enqueue(
        kind=kind, campaign_id=campaign_id, **compose_message(contact, template, **options)
    )


def compose_message(
    contact,
    template: str,
    *,
    language: str,
    event=None,
    ics: str | None = None,
    ics_method: str | None = None,
    reply_to: str | None = None,
    subject: str | None = None,
    headers: dict | None = None,
    unsubscribe: bool = False,
    **context,
) -> dict:
    """The outbox fields of one message to ``contact``, rendered in ``language``.

    The subject is the first line of the text template (``Subject: ...``) unless given.
    ``ics`` is attached as ``text/calendar`` with ``ics_method`` (REQUEST, CANCEL, PUBLISH).
    ``Reply-To`` defaults to the event's coordinator. ``unsubscribe=True`` adds a personal
    unsubscribe link (``unsubscribe_url`` in the template) and the ``List-Unsubscribe``
    headers. Deferred renderers (:mod:`.deferred`) return this too.
    """
    headers = dict(headers or {})
    if unsubscribe:
        url = unsubscribe_url(contact)
        context["unsubscribe_url"] = url
        headers.update(unsubscribe_headers(url))
    rendered_subject, text, html = render_mail(
        template, language, contact=contact, event=event, **context
    )
    return {
        "to_address": contact.email,
        "to_name": contact.name,
        "reply_to": reply_to or coordinator_address(event),
        "language": language,
        "subject": subject or rendered_subject or template,
        "body_text": text,
        "body_html": html,
        "ics": ics,
        "ics_method": ics_method,
        "headers": headers or None,
        "contact_id": contact.id,
        "event_id": getattr(event, "id", None),
    }
