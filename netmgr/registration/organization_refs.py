"""Keeps an organisation with registrations from being deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from .models import Registration


def refuse_registered_deletion(org, **_kwargs) -> str | None:
    """Receiver of ``organization_deleting``: registrations are history that must stay."""
    count = db.session.scalar(select(func.count()).where(Registration.organization_id == org.id))
    return _("Organisasjonen har påmeldinger.") if count else None
