"""How the events feature reacts to lower features' signals (connected in ``init_app``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.errors import ConflictError
from ..extensions import db
from .models import Event


def refuse_deleting_a_network_with_events(_sender, network=None, **_kwargs) -> None:
    """A network that events refer to stays; it can be made inactive instead (409)."""
    if db.session.scalar(select(func.count()).where(Event.network_id == network.id)):
        raise ConflictError(_("Nettverket har arrangementer; sett det som inaktivt i stedet."))
