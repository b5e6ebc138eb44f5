"""Messages queued now and composed when the sender claims them (a deferred outbox row).

A feature that must queue a mail inside a short transaction (registration holds the event-row
lock while it decides a seat) writes a small row instead of the finished message: the
recipient, the language, a *renderer* name and the renderer's arguments (ids and a template
name). The row is written in the caller's transaction like any other outbox row, so a
rolled-back change sends nothing and a committed one is never lost; only the composition
(templates, iCalendar, signed links) moves out of the transaction.

Mail imports no feature: features register their renderers at ``init_app`` with
:func:`register_renderer`. A renderer gets ``(args, kind=..., language=...)`` and returns the
message fields of :func:`netmgr.mail.compose.compose_message`, or ``None`` when there is
nothing to send any more (the row is then marked failed with the reason ``obsolete``), or
:data:`DISCARD` when the row was never meant to become a mail (a request about an unknown
address, queued so that known and unknown addresses cost the same): the row is deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from sqlalchemy import delete, insert, select

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxMessage
from .outbox import outbox_row

log = logging.getLogger(__name__)

_EXTENSION = "netmgr_mail_renderers"
#: The fields a renderer may set on the row
FIELDS = (
    "to_address",
    "to_name",
    "reply_to",
    "language",
    "subject",
    "body_text",
    "body_html",
    "ics",
    "ics_method",
    "headers",
    "contact_id",
    "event_id",
)

#: A renderer's answer for "nothing to send, keep nothing" (the row is deleted)
DISCARD = "discard"

Renderer = Callable[..., dict | None]


def register_renderer(app, name: str, render: Renderer) -> None:
    """Make ``render`` compose the deferred rows queued with ``renderer=name``."""
    app.extensions.setdefault(_EXTENSION, {})[name] = render


def enqueue_deferred(
    *,
    kind: str,
    renderer: str,
    args: dict,
    to_address: str,
    language: str,
    to_name: str | None = None,
    contact_id: int | None = None,
    event_id: int | None = None,
) -> str:
    """Queue a message that ``renderer`` composes when it is sent (caller's transaction).

    One Core INSERT, no unit of work: callers may hold a lock. Returns the Message-ID."""
    row = outbox_row(
        kind=kind,
        to_address=to_address,
        to_name=to_name,
        language=language,
        subject=kind,  # replaced when composed
        body_text="",
        contact_id=contact_id,
        event_id=event_id,
        renderer=renderer,
        render_args=args,
    )
    row["next_attempt_at"] = utcnow()
    db.session.connection().execute(_INSERT, row)
    return row["message_id"]


#: Built once (the statement's compiled form is cached; callers only bind values)
_INSERT = insert(OutboxMessage)


def render_deferred(claim_token: str | None = None) -> int:
    """Compose the deferred rows (of one claim, or all not yet sent) in place; no commit.

    Returns how many rows changed (composed, failed or discarded): the caller commits them all,
    since a failed state left uncommitted would come back as a stale claim. A renderer that
    fails marks only its own row failed.
    """
    renderers = current_app.extensions.get(_EXTENSION, {})
    stmt = select(OutboxMessage).where(
        OutboxMessage.renderer.is_not(None), OutboxMessage.state.in_(("pending", "claimed"))
    )
    if claim_token is not None:
        stmt = stmt.where(OutboxMessage.claim_token == claim_token)
    rows = db.session.scalars(stmt.order_by(OutboxMessage.id)).all()
    for row in rows:
        render = renderers.get(row.renderer)
        try:
            if render is None:
                raise LookupError(f"no renderer {row.renderer!r}")
            fields = render(row.render_args or {}, kind=row.kind, language=row.language)
        except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
            log.exception("mail %s: composing failed", row.message_id)
            _give_up(row, f"compose: {exc!r}")
            continue
        if fields is None:
            _give_up(row, "obsolete: nothing to send any more")
            continue
        if fields == DISCARD:
            db.session.execute(delete(OutboxMessage).where(OutboxMessage.id == row.id))
            db.session.expunge(row)
            continue
        for name in FIELDS:
            if name in fields:
                setattr(row, name, fields[name])
        row.subject = (row.subject or row.kind)[:300]
        row.renderer = None
        row.render_args = None
    db.session.flush()
    return len(rows)


def _give_up(row: OutboxMessage, reason: str) -> None:
    row.state = "failed"
    row.last_error = reason[:2000]
    row.claim_token = None
