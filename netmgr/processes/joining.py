"""Joining a process through an invitation: the organisation asks (a pending need owner), the
coordinator approves or refuses.

The invitation itself is a campaign (:mod:`netmgr.campaigns.process_join`); its accept link
calls :func:`request_to_join`. A pending participant counts nowhere (figures, public page,
target counties) until :func:`approve_participant`.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..core.errors import NotFoundError
from ..extensions import db
from .models import Process, ProcessParticipant
from .services import add_participant, open_participation, today


def request_to_join(process: Process, organization_id: int):
    """The organisation accepted an invitation: a pending need owner from today.

    Returns the open participation; one that exists already (pending or approved) is left as
    it is, so answering twice changes nothing."""
    row = open_participation(process, organization_id)
    if row is not None:
        return row, False
    row = add_participant(process, organization_id, "need_owner", today(), status="pending")
    return row, True


def pending_participants(process: Process) -> list[ProcessParticipant]:
    return list(
        db.session.scalars(
            select(ProcessParticipant)
            .where(
                ProcessParticipant.process_id == process.id,
                ProcessParticipant.status == "pending",
                ProcessParticipant.left_on.is_(None),
            )
            .order_by(ProcessParticipant.joined_on, ProcessParticipant.id)
        )
    )


def _pending(process: Process, organization_id: int) -> ProcessParticipant:
    row = open_participation(process, organization_id)
    if row is None or row.status != "pending":
        raise NotFoundError({"organization_id": [_("Ingen ventende forespørsel fra denne.")]})
    return row


def approve_participant(process: Process, organization_id: int, user=None) -> ProcessParticipant:
    """The coordinator approves: the organisation is a need owner from today."""
    row = _pending(process, organization_id)
    row.status = "active"
    row.joined_on = max(row.joined_on, today())
    row.joined_in_phase = process.phase
    db.session.flush()
    db.session.expire(process, ["participants"])
    audit("process.participant_approved", process, user=user, organization_id=organization_id)
    return row


def refuse_participant(process: Process, organization_id: int, user=None) -> None:
    """The coordinator refuses: the request is removed (it never took part)."""
    row = _pending(process, organization_id)
    db.session.delete(row)
    db.session.flush()
    db.session.expire(process, ["participants"])
    audit("process.participant_refused", process, user=user, organization_id=organization_id)
