"""The calendar feature's part of the public event page (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from .links import calendar_links


def public_event_section(_hook, event=None, **_context) -> Markup | None:
    """ "Legg til i kalender" for events the public may see ("event-page")."""
    if event.status not in ("published", "cancelled"):
        return None
    return Markup(
        render_template("calendars/_event_calendar.html", event=event, links=calendar_links(event))
    )
