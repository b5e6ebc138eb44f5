"""The campaigns feature's part of the coordinator event page (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from .models import Campaign


def event_campaigns(event) -> list[Campaign]:
    """Campaigns of an event, newest first."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.event_id == event.id)
            .order_by(Campaign.created_at.desc())
        )
    )


def coordinator_event_section(_hook, event=None, **_context) -> Markup:
    """The event's invitations and a button for a new one ("coordinator-event-page")."""
    return Markup(
        render_template(
            "campaigns/_event_campaigns.html", event=event, campaigns=event_campaigns(event)
        )
    )


def coordinator_process_section(_hook, process=None, **_context) -> Markup:
    """The process's invitations to join and the one action that makes a new one
    ("coordinator-process-page")."""
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.process_id == process.id)
        .order_by(Campaign.created_at.desc())
    ).all()
    return Markup(
        render_template("campaigns/_process_campaigns.html", process=process, campaigns=campaigns)
    )
