"""The registration feature's parts of the event pages (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from .coordinator import registration_summary
from .views import registration_state


def public_event_section(_hook, event=None, **_context) -> Markup | None:
    """The registration forms or why they are closed ("event-page"); none for drafts."""
    if event.status == "draft":
        return None
    return Markup(
        render_template(
            "registration/_event_registration.html", event=event, reg=registration_state(event)
        )
    )


def coordinator_event_section(_hook, event=None, **_context) -> Markup:
    """Counts and links to the registrations ("coordinator-event-page")."""
    return Markup(
        render_template(
            "registration/_event_registrations.html",
            event=event,
            summary=registration_summary(event),
        )
    )
