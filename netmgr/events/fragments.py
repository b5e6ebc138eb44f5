"""The events feature's parts of lower features' pages (see :mod:`netmgr.web.hooks`)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from ..core.timeutil import utcnow
from . import queries


def network_events(_hook, network=None, **_context) -> Markup:
    """Upcoming public events of the network, on its public page ("network-page")."""
    events = queries.network_upcoming_events(network.id)
    return Markup(
        render_template(
            "events/_network_events.html",
            events=events,
            seats=queries.seats_left_map(events),
            now=utcnow(),
        )
    )
