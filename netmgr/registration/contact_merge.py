"""When two contacts are merged, their registrations move to the one that stays."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from ..core.errors import ServiceError
from ..events.models import Event
from ..extensions import db
from .models import Registration


def move_registrations(target, source) -> None:
    """Receiver of ``contacts_merged``: every registration of ``source`` moves to ``target``.

    Both active on the same event would break "one active registration per person and event";
    the coordinator cancels one first (we do not guess which seat to give up)."""
    mine = aliased(Registration)
    clash = db.session.scalars(
        select(Event.title)
        .join(Registration, Registration.event_id == Event.id)
        .join(mine, (mine.event_id == Event.id) & (mine.contact_id == target.id))
        .where(
            Registration.contact_id == source.id,
            Registration.status != "cancelled",
            mine.status != "cancelled",
        )
    ).first()
    if clash is not None:
        raise ServiceError(
            {
                "source": [
                    _(
                        "Begge er påmeldt %(event)s. Meld av den ene påmeldingen først.",
                        event=clash,
                    )
                ]
            }
        )
    db.session.execute(
        update(Registration)
        .where(Registration.contact_id == source.id)
        .values(contact_id=target.id)
        .execution_options(synchronize_session="fetch")
    )
