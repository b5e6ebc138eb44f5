"""Writing to the outbox. Nothing here talks to SMTP: the sender drains the table later."""

from __future__ import annotations

import uuid

from flask import current_app

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxMessage


def new_message_id() -> str:
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "netmgr.lup")
    return f"<{uuid.uuid4().hex}@{domain}>"


def enqueue(
    *,
    kind: str,
    to_address: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    to_name: str | None = None,
    reply_to: str | None = None,
    language: str = "nb",
    ics: str | None = None,
    ics_method: str | None = None,
    headers: dict | None = None,
    contact_id: int | None = None,
    event_id: int | None = None,
    **extra,
) -> OutboxMessage:
    """Add one message to the outbox in the caller's transaction (the caller commits)."""
    msg = OutboxMessage(
        message_id=new_message_id(),
        kind=kind,
        to_address=to_address,
        to_name=to_name,
        reply_to=reply_to,
        language=language,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        ics=ics,
        ics_method=ics_method,
        headers=headers,
        contact_id=contact_id,
        event_id=event_id,
        state="pending",
        next_attempt_at=utcnow(),
        **extra,
    )
    db.session.add(msg)
    return msg
