"""What registration adds to an organisation's personal calendar feed: the events its people
registered for (and did not cancel). Asked through ``core.signals.personal_feed_events``
because calendars sits below registration."""

from __future__ import annotations

from sqlalchemy import select

from ..core.signals import personal_feed_events
from .models import Registration


def registered_event_ids(sender, organization_id=None, **_):
    return select(Registration.event_id).where(
        Registration.organization_id == organization_id, Registration.status != "cancelled"
    )


def connect() -> None:
    personal_feed_events.connect(registered_event_ids, weak=False)
