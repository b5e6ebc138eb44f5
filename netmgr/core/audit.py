"""Audit log with dotted action names (``event.published``, ``registration.cancelled``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .timeutil import utcnow
from .types import UTCDateTime


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it happened (UTC)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: Dotted action name, e.g. ``event.cancelled``
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    #: Signed-in user (or API token owner) who did it; empty for the public, CLI, scheduler
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Kind of object touched (table name)
    object_type: Mapped[str | None] = mapped_column(String(40))
    #: Primary key of the object touched
    object_id: Mapped[int | None]
    #: Small JSON document with details (never passwords or tokens)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, info={"personal": "audit"})


def audit(action: str, obj=None, user=None, **data) -> AuditEntry:
    """Record an audit entry in the current transaction (the caller commits)."""
    if user is None and has_request_context():
        if getattr(current_user, "is_authenticated", False):
            user = current_user
        else:
            user = g.get("api_user")  # the owner of the API token of this request
    entry = AuditEntry(
        action=action,
        user_id=getattr(user, "id", None),
        object_type=getattr(obj, "__tablename__", None),
        object_id=getattr(obj, "id", None),
        data=data or None,
    )
    db.session.add(entry)
    return entry
