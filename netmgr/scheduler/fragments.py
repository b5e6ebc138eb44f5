"""The scheduler's part of the coordinator event page (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from .models import DueJob


def event_jobs(event) -> list[DueJob]:
    """Jobs of an event, by due time."""
    return db.session.scalars(
        select(DueJob).where(DueJob.event_id == event.id).order_by(DueJob.due_at)
    ).all()


def coordinator_event_section(_hook, event=None, **_context) -> Markup:
    """The event's planned mailings and its reminder setting ("coordinator-event-page")."""
    return Markup(
        render_template("scheduler/_event_jobs.html", event=event, jobs=event_jobs(event))
    )
