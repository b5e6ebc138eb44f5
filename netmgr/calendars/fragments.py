"""The calendar feature's part of the public event page (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template, url_for
from markupsafe import Markup

from ..web.urls import public_url
from .links import calendar_links
from .services import webcal


def public_event_section(_hook, event=None, **_context) -> Markup | None:
    """ "Legg til i kalender" for events the public may see ("event-page")."""
    if event.status not in ("published", "cancelled"):
        return None
    return Markup(
        render_template("calendars/_event_calendar.html", event=event, links=calendar_links(event))
    )


def network_section(_hook, network=None, **_context) -> Markup | None:
    """ "Kalender for nettverket" on the public network page ("network-page")."""
    if network is None:
        return None
    https = public_url(url_for("calendars.feed_network", slug=network.slug))
    return Markup(
        render_template(
            "calendars/_network_calendar.html",
            network=network,
            webcal=webcal(https),
        )
    )
