"""Campaign services: pick recipients, preview, write invitations to the outbox, record answers.

Nothing here commits; the view, CLI or job that calls it does (one transaction per action).
Writing invitations is a bulk operation: the template is rendered once per language with
placeholders, personal parts (name, links) are filled in by string replacement, the invitation
calendar is built once per language (:class:`netmgr.calendars.ics.Invitation`), and the rows go
to the outbox through ``enqueue_many`` in multi-row INSERTs — no query per recipient.
"""

from __future__ import annotations

import datetime as dt
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select

from ..calendars.ics import Invitation
from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.compose import coordinator_address, render_mail, unsubscribe_headers
from ..mail.models import OutboxMessage
from ..organizations.models import Contact
from . import process_join
from .models import Campaign, CampaignRecipient
from .official import official_link, preview_official, send_official
from .personal import P_NAME, P_UNSUB, contact_links, contact_placeholders, fill
from .recipients import normalize_spec, queue_invitations, resolve_recipients

log = logging.getLogger(__name__)

TEMPLATE = "campaign_invitation"
CHUNK = 1000


def create_campaign(
    event: Event,
    recipients,
    criteria: dict | None = None,
    user=None,
    *,
    name: str | None = None,
    message: str | None = None,
    process=None,
) -> Campaign:
    """Create an invitation campaign (status draft) with its recipients: to ``event``, or
    (``event`` None) to join ``process``.

    ``recipients``: list of contact ids, or a dict with ``contacts``, ``organizations``,
    ``networks`` (ids) and/or ``municipalities`` (``county_number``, ``population_min``,
    ``population_max``, ``written_standard``). ``criteria``: the targeting criteria that
    produced the list, stored as given. The caller commits.
    """
    if process is not None:
        if process.status != "active":
            raise ServiceError({"process_id": [_l("Prosessen er avsluttet.")]})
    elif event is None:
        raise NotFoundError({"event_id": [_l("Arrangementet finnes ikke.")]})
    elif event.status == "cancelled":
        raise ServiceError({"event_id": [_l("Arrangementet er avlyst.")]})
    spec = normalize_spec(recipients)
    res = resolve_recipients(spec)
    campaign = Campaign(
        event_id=event.id if process is None else None,
        process_id=process.id if process is not None else None,
        name=(name or (process or event).title)[:200],
        message=message,
        status="draft",
        recipients_spec=spec,
        criteria=criteria,
        opted_out_count=res.opted_out,
        orgs_without_contacts=res.orgs_without_contacts,
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(campaign)
    db.session.flush()
    rows = [
        {
            "campaign_id": campaign.id,
            "contact_id": cid,
            "organization_id": oid,
            "kind": "contact",
            "email": None,
            "language": lang,
            "response": "none",
            "sends": 0,
        }
        for cid, oid, lang in res.rows
    ] + [
        {
            "campaign_id": campaign.id,
            "contact_id": None,
            "organization_id": oid,
            "kind": "official",
            "email": address,
            "language": lang,
            "response": "none",
            "sends": 0,
        }
        for oid, address, lang in res.official
    ]
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(CampaignRecipient), rows[i : i + CHUNK])
    audit(
        "campaign.created",
        campaign,
        user=user,
        event_id=campaign.event_id,
        process_id=campaign.process_id,
        recipients=len(rows),
        official=len(res.official),
        opted_out=res.opted_out,
    )
    return campaign


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFoundError({"campaign_id": [_l("Kampanjen finnes ikke.")]})
    return campaign


# -- rendering --------------------------------------------------------------------------------
def _reply_to(campaign: Campaign) -> str | None:
    return getattr(campaign.created_by, "email", None) or coordinator_address(campaign.event)


def _render_language(campaign: Campaign, language: str, sample_name: str = P_NAME):
    return render_mail(
        TEMPLATE,
        language,
        event=campaign.event,
        **contact_placeholders(campaign, sample_name),
    )


def preview(campaign: Campaign) -> list[dict]:
    """The message each language group gets, contacts first, then the official addresses
    ("Til Utsira kommune"): kind, subject, text, html, how many recipients.

    Personal parts show as they will for the first recipient of the group (links included).
    """
    if campaign.process_id is not None:
        return process_join.preview_join(campaign, official_link)
    groups = db.session.execute(
        select(CampaignRecipient.language, func.count(), func.min(CampaignRecipient.contact_id))
        .where(CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.kind == "contact")
        .group_by(CampaignRecipient.language)
        .order_by(CampaignRecipient.language)
    ).all()
    out = []
    for language, count, contact_id in groups:
        contact = db.session.get(Contact, contact_id)
        subject, text, html = _render_language(campaign, language)
        values = _links(campaign, contact_id, contact.name)
        out.append(
            {
                "kind": "contact",
                "language": language,
                "count": count,
                "subject": subject,
                "text": fill(text, values, False),
                "html": fill(html, values, True) if html else None,
                "sample": contact,
                "addressee": None,
            }
        )
    return out + preview_official(campaign)


def _links(campaign: Campaign, contact_id: int, name: str) -> dict[str, str]:
    payload = {"e": campaign.event_id, "c": contact_id, "k": campaign.id}
    return {P_NAME: name, **contact_links(contact_id, "/rsvp", "", payload)}


# -- sending ----------------------------------------------------------------------------------
def send_campaign(campaign: Campaign, *, only_non_responders: bool = False, user=None) -> int:
    """Write the invitations to the outbox (same transaction as the caller's change).

    First call: every recipient not yet invited. ``only_non_responders``: a reminder to every
    recipient without an answer (resend). Opted-out contacts are skipped at this moment too.
    Returns the number of messages queued. The scheduler's timed send calls this as well.
    """
    if campaign.process_id is not None:
        return _send_process(campaign, only_non_responders, user)
    event = campaign.event
    if event.status == "cancelled":
        raise ServiceError({"campaign": [_l("Arrangementet er avlyst.")]})
    now = utcnow()
    conds = [
        CampaignRecipient.campaign_id == campaign.id,
        CampaignRecipient.kind == "contact",
        Contact.opted_out.is_(False),
    ]
    if only_non_responders:
        conds += [CampaignRecipient.response == "none", CampaignRecipient.sends > 0]
    else:
        conds.append(CampaignRecipient.sends == 0)
    reply_to = _reply_to(campaign)
    rendered: dict[str, tuple] = {}
    invitations: dict[str, Invitation] = {}
    total = 0
    last_id = 0
    kind = "campaign.reminder" if only_non_responders else "campaign.invitation"
    while True:  # stream recipients in chunks: bounded memory for any campaign size
        rows = db.session.execute(
            select(
                CampaignRecipient.id,
                CampaignRecipient.contact_id,
                CampaignRecipient.language,
                Contact.email,
                Contact.name,
            )
            .join(Contact, Contact.id == CampaignRecipient.contact_id)
            .where(*conds, CampaignRecipient.id > last_id)
            .order_by(CampaignRecipient.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        messages = []
        for _rid, contact_id, language, email, name in rows:
            if language not in rendered:
                rendered[language] = _render_language(campaign, language)
                invitations[language] = Invitation(event, language=language)
            subject, text, html = rendered[language]
            values = _links(campaign, contact_id, name)
            messages.append(
                {
                    "kind": kind,
                    "to_address": email,
                    "to_name": name,
                    "reply_to": reply_to,
                    "language": language,
                    "subject": subject or kind,
                    "body_text": fill(text, values, False),
                    "body_html": fill(html, values, True) if html else None,
                    "ics": invitations[language].for_attendee(email, name),
                    "ics_method": "REQUEST",
                    "headers": unsubscribe_headers(values[P_UNSUB]),
                    "contact_id": contact_id,
                    "event_id": event.id,
                    "campaign_id": campaign.id,
                }
            )
        total += queue_invitations([row.id for row in rows], messages)
    total += send_official(campaign, reply_to, resend=only_non_responders)
    if not only_non_responders:
        campaign.status = "sent"
        campaign.sent_at = campaign.sent_at or now
    audit(
        "campaign.resent" if only_non_responders else "campaign.sent",
        campaign,
        user=user,
        messages=total,
    )
    return total


def _send_process(campaign: Campaign, resend: bool, user) -> int:
    """An invitation to join a process (no event, no calendar attachment)."""
    if campaign.process.status != "active":
        raise ServiceError({"campaign": [_l("Prosessen er avsluttet.")]})
    reply_to = getattr(campaign.created_by, "email", None)
    total = process_join.send_join(campaign, reply_to, resend=resend, official_link=official_link)
    if not resend:
        campaign.status = "sent"
        campaign.sent_at = campaign.sent_at or utcnow()
    audit("campaign.resent" if resend else "campaign.sent", campaign, user=user, messages=total)
    return total


def schedule_campaign(campaign: Campaign, when: dt.datetime, user=None) -> Campaign:
    """Send at ``when`` (the scheduler calls :func:`send_campaign` then)."""
    if when.tzinfo is None:
        raise ServiceError({"scheduled_at": [_l("Tidspunktet mangler tidssone.")]})
    if when <= utcnow():
        raise ServiceError({"scheduled_at": [_l("Tidspunktet må være i fremtiden.")]})
    if campaign.status == "sent":
        raise ServiceError({"scheduled_at": [_l("Kampanjen er allerede sendt.")]})
    campaign.scheduled_at = when
    campaign.status = "scheduled"
    audit("campaign.scheduled", campaign, user=user, at=when.isoformat())
    return campaign


def due_campaigns(now: dt.datetime | None = None) -> list[Campaign]:
    """Scheduled campaigns whose time has come (for the scheduler)."""
    return list(
        db.session.scalars(
            select(Campaign).where(
                Campaign.status == "scheduled", Campaign.scheduled_at <= (now or utcnow())
            )
        )
    )


def stats(campaign: Campaign) -> dict:
    """Counts for the campaign page: queued, delivered, waiting, failed, answers."""
    out = {
        "recipients": 0,
        "queued": 0,
        "delivered": 0,
        "waiting": 0,
        "failed": 0,
        "accepted": 0,
        "declined": 0,
        "tentative": 0,
        "none": 0,
    }
    for response, count in db.session.execute(
        select(CampaignRecipient.response, func.count())
        .where(CampaignRecipient.campaign_id == campaign.id)
        .group_by(CampaignRecipient.response)
    ):
        out[response] = count
        out["recipients"] += count
    for state, count in db.session.execute(
        select(OutboxMessage.state, func.count())
        .join(CampaignRecipient, CampaignRecipient.message_id == OutboxMessage.message_id)
        .where(CampaignRecipient.campaign_id == campaign.id)
        .group_by(OutboxMessage.state)
    ):
        out["queued"] += count
        key = {"sent": "delivered", "failed": "failed"}.get(state, "waiting")
        out[key] += count
    return out


def failures(campaign: Campaign, limit: int = 500) -> list:
    return db.session.execute(
        select(
            OutboxMessage.to_address,
            OutboxMessage.to_name,
            OutboxMessage.last_error,
            OutboxMessage.attempts,
        )
        .join(CampaignRecipient, CampaignRecipient.message_id == OutboxMessage.message_id)
        .where(CampaignRecipient.campaign_id == campaign.id, OutboxMessage.state == "failed")
        .order_by(OutboxMessage.to_address)
        .limit(limit)
    ).all()
