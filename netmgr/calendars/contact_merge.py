"""When two contacts are merged, their calendar subscriptions move to the one that stays."""

from __future__ import annotations

from sqlalchemy import update

from ..extensions import db
from .models import CalendarSubscription


def move_subscriptions(target, source) -> None:
    """Receiver of ``contacts_merged``: the feed links stay valid, now owned by ``target``."""
    db.session.execute(
        update(CalendarSubscription)
        .where(CalendarSubscription.contact_id == source.id)
        .values(contact_id=target.id)
        .execution_options(synchronize_session="fetch")
    )
