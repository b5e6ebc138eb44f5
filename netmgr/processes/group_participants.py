"""A whole group joins a process: its current members become participants (need owners by
default). Members already taking part are left as they are; any other broken rule (an
overlap with an earlier participation) refuses the whole group, so nothing is half added."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from ..core.audit import audit
from ..core.errors import ServiceError
from ..extensions import db
from ..groups.models import Group
from ..groups.services import current_member_ids
from . import services
from .models import Process, ProcessParticipant


def add_group_members(
    process: Process,
    group_id,
    role: str = "need_owner",
    joined_on: dt.date | None = None,
    *,
    buys_separately: bool = True,
    joined_in_phase: str | None = None,
    user=None,
) -> list[ProcessParticipant]:
    """Add the group's members of today; returns the participations added."""
    group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
    if group is None:
        raise ServiceError({"group_id": [_("Gruppen finnes ikke.")]})
    member_ids = current_member_ids(group)
    if not member_ids:
        raise ServiceError({"group_id": [_("Gruppen har ingen medlemmer nå.")]})
    added = []
    for org_id in member_ids:
        if services.open_participation(process, org_id) is not None:
            continue
        added.append(
            services.add_participant(
                process,
                org_id,
                role,
                joined_on,
                buys_separately=buys_separately,
                joined_in_phase=joined_in_phase,
                user=user,
            )
        )
    audit("process.group_added", process, user=user, group_id=group.id, added=len(added))
    return added
