"""Keeps an organisation that has been a network member from being deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from .models import NetworkMembership


def refuse_member_deletion(org, **_kwargs) -> str | None:
    """Receiver of ``organization_deleting``: memberships are history that must stay."""
    count = db.session.scalar(
        select(func.count()).where(NetworkMembership.organization_id == org.id)
    )
    return _("Organisasjonen har vært medlem av et nettverk.") if count else None
