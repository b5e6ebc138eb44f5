"""Keeps an organisation that hosts or has been a member of a group from being deleted."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from ..extensions import db
from .models import Group, GroupMembership


def refuse_member_deletion(org, **_kwargs) -> str | None:
    """Receiver of ``organization_deleting``: memberships are history that must stay."""
    count = db.session.scalar(
        select(func.count())
        .select_from(GroupMembership)
        .outerjoin(Group, Group.id == GroupMembership.group_id)
        .where(or_(GroupMembership.organization_id == org.id, Group.host_organization_id == org.id))
    )
    hosts = db.session.scalar(select(func.count()).where(Group.host_organization_id == org.id))
    return _("Organisasjonen er eller har vært med i en gruppe.") if count or hosts else None
