"""The processes part of the organisation page (fragment ``"organization-page"``, see
:mod:`netmgr.web.hooks`): the joint processes the organisation takes or took part in."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..organizations.models import Organization
from .models import Process, ProcessParticipant


def organization_section(_hook, organization: Organization, **_ignored) -> Markup:
    """Every participation (history too), current ones first, with role, phase and dates."""
    rows = db.session.execute(
        select(ProcessParticipant, Process)
        .join(Process, Process.id == ProcessParticipant.process_id)
        .where(ProcessParticipant.organization_id == organization.id)
        .order_by(
            ProcessParticipant.left_on.is_not(None),
            ProcessParticipant.joined_on.desc(),
            ProcessParticipant.id.desc(),
        )
    ).all()
    return Markup(render_template("processes/_organization_processes.html", rows=rows))
