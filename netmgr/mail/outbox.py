"""Writing to the outbox — the one way in. Nothing here talks to SMTP: the sender drains the
table later. Both functions write in the caller's transaction; the caller commits."""

from __future__ import annotations

import uuid

from flask import current_app
from sqlalchemy import insert

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxMessage

#: Rows per multi-row INSERT of :func:`enqueue_many`
BULK_CHUNK = 1000


def new_message_id() -> str:
    domain = current_app.config.get("MAIL_MESSAGE_ID_DOMAIN", "netmgr.lup")
    return f"<{uuid.uuid4().hex}@{domain}>"


def outbox_row(
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
    campaign_id: int | None = None,
    message_id: str | None = None,
    renderer: str | None = None,
    render_args: dict | None = None,
) -> dict:
    """The column values of one new message, with the outbox's defaults (due now)."""
    return {
        "message_id": message_id or new_message_id(),
        "kind": kind,
        "to_address": to_address,
        "to_name": to_name,
        "reply_to": reply_to,
        "language": language,
        "subject": subject[:300],
        "body_text": body_text,
        "body_html": body_html,
        "ics": ics,
        "ics_method": ics_method,
        "headers": headers,
        "contact_id": contact_id,
        "event_id": event_id,
        "campaign_id": campaign_id,
        "renderer": renderer,
        "render_args": render_args,
        "state": "pending",
        "attempts": 0,
    }


def enqueue(**message) -> OutboxMessage:
    """Add one message to the outbox (keyword arguments as :func:`outbox_row`); returns the row."""
    msg = OutboxMessage(**outbox_row(**message), next_attempt_at=utcnow())
    db.session.add(msg)
    return msg


def enqueue_many(messages) -> list[str]:
    """Add many messages in multi-row INSERTs, no query per message; returns their Message-IDs
    in the given order (callers that link rows to them, as campaigns do, need them)."""
    now = utcnow()
    stamps = {"next_attempt_at": now, "created_at": now, "updated_at": now}
    rows = [{**outbox_row(**message), **stamps} for message in messages]
    for start in range(0, len(rows), BULK_CHUNK):
        db.session.execute(insert(OutboxMessage), rows[start : start + BULK_CHUNK])
    return [row["message_id"] for row in rows]
