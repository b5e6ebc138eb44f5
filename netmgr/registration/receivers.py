"""How registration reacts to the events feature's signals (connected in ``init_app``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.errors import ConflictError
from ..extensions import db
from .models import Registration
from .seats import confirmed_counts


def refuse_deleting_an_event_with_registrations(_sender, event=None, **_kwargs) -> None:
    """An event somebody registered for stays: cancel it instead (409)."""
    if db.session.scalar(select(func.count()).where(Registration.event_id == event.id)):
        raise ConflictError(_("Arrangementet har påmeldinger; avlys det i stedet for å slette."))


def seats_left(_sender, events=(), **_kwargs) -> dict[int, int]:
    """Seats left per event with a capacity, in one grouped query: the capacity minus the
    confirmed attendees, the rule ``services.seats_left`` applies when somebody registers."""
    events = [e for e in events if e.capacity is not None]
    if not events:
        return {}
    confirmed = confirmed_counts([e.id for e in events], role="attendee")
    return {e.id: max(0, e.capacity - confirmed.get(e.id, 0)) for e in events}
