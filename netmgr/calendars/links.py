""" "Add to calendar" links for one event: .ics download, Google Calendar, Outlook.com."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import url_for

from .ics import event_url, plain_description

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def google_url(event) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at).strftime(fmt)}/{_utc(event.ends_at).strftime(fmt)}",
        "details": plain_description(event),
        "location": event.location or event.online_url or "",
        "ctz": "Europe/Oslo",
    }
    return f"{GOOGLE}?{urlencode(params)}"


def outlook_url(event) -> str:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc(event.starts_at).strftime(fmt),
        "enddt": _utc(event.ends_at).strftime(fmt),
        "body": plain_description(event),
        "location": event.location or event.online_url or "",
    }
    return f"{OUTLOOK}?{urlencode(params)}"


def calendar_links(event) -> dict[str, str]:
    """Template global: the three links of the event page's "Legg til i kalender"."""
    return {
        "ics": url_for("calendars.event_ics", event_id=event.id),
        "google": google_url(event),
        "outlook": outlook_url(event),
        "page": event_url(event),
    }
