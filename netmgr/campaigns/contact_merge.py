"""When two contacts are merged, their invitations and answers move to the one that stays."""

from __future__ import annotations

from sqlalchemy import select, update

from ..extensions import db
from .models import CampaignRecipient


def move_recipients(target, source) -> None:
    """Receiver of ``contacts_merged``. Invited twice in one campaign: one row stays (the
    campaign's unique rule); it keeps an answer if either row had one."""
    rows = db.session.scalars(
        select(CampaignRecipient).where(CampaignRecipient.contact_id.in_((target.id, source.id)))
    ).all()
    kept = {r.campaign_id: r for r in rows if r.contact_id == target.id}
    for row in rows:
        if row.contact_id != source.id:
            continue
        twin = kept.get(row.campaign_id)
        if twin is None:
            continue
        if twin.response == "none" and row.response != "none":
            twin.response, twin.responded_at = row.response, row.responded_at
            twin.response_via = row.response_via
        twin.sends = max(twin.sends, row.sends)
        db.session.delete(row)
    db.session.flush()
    db.session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.contact_id == source.id)
        .values(contact_id=target.id)
        .execution_options(synchronize_session="fetch")
    )
