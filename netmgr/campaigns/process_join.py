"""Invitations to join a joint process: the same recipients, outbox and official-address
fallback as an event campaign, another mail and another answer.

The mail explains the process, its phase and who already stands behind it (need owners, how
many inhabitants they serve). Accepting makes the organisation a *pending* need owner
(:func:`netmgr.processes.joining.request_to_join`); the coordinator approves it on the process
page. No calendar attachment: there is no meeting to put in a calendar.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..core.audit import audit
from ..core.errors import NotFoundError
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.compose import render_mail, unsubscribe_headers
from ..mail.tokens import read_token
from ..organizations.models import Contact, Organization
from ..processes.figures import current_need_owners, summary
from ..processes.joining import request_to_join
from ..processes.labels import PHASE_LABELS
from ..processes.models import Process
from .models import Campaign, CampaignRecipient
from .personal import P_LINK, P_NAME, P_UNSUB, contact_links, contact_placeholders, fill
from .recipients import addressee, queue_invitations

TEMPLATE = "campaign_process_join"


def behind(process: Process) -> dict:
    """Who stands behind the process today: names, how many, inhabitants together."""
    figures = summary(process)
    names = [r.organization.display_name for r in current_need_owners(process)]
    return {
        "owner_names": names,
        "need_owners": figures.need_owners,
        "population_covered": figures.population_covered,
    }


def render_join(campaign: Campaign, language: str, *, organization_name: str | None = None):
    """(subject, text, html) in ``language`` with placeholders for the personal parts;
    ``organization_name``: the variant for an official address ("Til Utsira kommune")."""
    process = campaign.process
    return render_mail(
        TEMPLATE,
        language,
        process=process,
        phase_label=PHASE_LABELS[process.phase],
        organization_name=organization_name,
        register_url=P_LINK,
        **contact_placeholders(campaign),
        **behind(process),
    )


def links(campaign: Campaign, contact_id: int) -> dict[str, str]:
    payload = {"p": campaign.process_id, "c": contact_id, "k": campaign.id}
    return contact_links(contact_id, "/rsvp/process", "join_", payload)


def send_join(campaign: Campaign, reply_to: str | None, *, resend: bool = False, official_link):
    """Queue the invitations not sent yet (``resend``: those without an answer); returns how
    many. ``official_link(recipient_id, campaign)`` makes an official address's link."""
    conds = [CampaignRecipient.campaign_id == campaign.id]
    if resend:
        conds += [CampaignRecipient.sends > 0, CampaignRecipient.response == "none"]
    else:
        conds.append(CampaignRecipient.sends == 0)
    rows = db.session.execute(
        select(CampaignRecipient, Contact, Organization)
        .outerjoin(Contact, Contact.id == CampaignRecipient.contact_id)
        .join(Organization, Organization.id == CampaignRecipient.organization_id)
        .where(*conds)
        .order_by(CampaignRecipient.id)
    ).all()
    rendered: dict[tuple, tuple] = {}
    messages, sent = [], []
    kind = "campaign.process_reminder" if resend else "campaign.process_invitation"
    for recipient, contact, org in rows:
        official = recipient.kind == "official" and recipient.contact_id is None
        if not official and (contact is None or contact.opted_out):
            continue
        if recipient.kind == "official" and not official:
            continue  # someone registered through the official address and answers as contact
        name = addressee(org.name, org.kind) if official else None
        key = (recipient.language, name)
        if key not in rendered:
            rendered[key] = render_join(campaign, recipient.language, organization_name=name)
        subject, text, html = rendered[key]
        if official:
            values = {P_LINK: official_link(recipient.id, campaign)}
            to, to_name, headers, contact_id = recipient.email, name, None, None
        else:
            values = {P_NAME: contact.name, **links(campaign, contact.id)}
            to, to_name, contact_id = contact.email, contact.name, contact.id
            headers = unsubscribe_headers(values[P_UNSUB])
        messages.append(
            {
                "kind": kind,
                "to_address": to,
                "to_name": to_name,
                "reply_to": reply_to,
                "language": recipient.language,
                "subject": subject or kind,
                "body_text": fill(text, values, False),
                "body_html": fill(html, values, True) if html else None,
                "headers": headers,
                "contact_id": contact_id,
                "campaign_id": campaign.id,
            }
        )
        sent.append(recipient.id)
    return queue_invitations(sent, messages)


def preview_join(campaign: Campaign, official_link) -> list[dict]:
    """One sample per language and kind (contact, official) as the first recipient gets it."""
    out = []
    seen = set()
    rows = db.session.execute(
        select(CampaignRecipient, Contact, Organization)
        .outerjoin(Contact, Contact.id == CampaignRecipient.contact_id)
        .join(Organization, Organization.id == CampaignRecipient.organization_id)
        .where(CampaignRecipient.campaign_id == campaign.id)
        .order_by(CampaignRecipient.kind, CampaignRecipient.language, CampaignRecipient.id)
    ).all()
    counts: dict[tuple, int] = {}
    for recipient, _contact, _org in rows:
        key = (recipient.kind, recipient.language)
        counts[key] = counts.get(key, 0) + 1
    for recipient, contact, org in rows:
        key = (recipient.kind, recipient.language)
        if key in seen:
            continue
        seen.add(key)
        if recipient.kind == "official":
            name = addressee(org.name, org.kind)
            values = {P_LINK: official_link(recipient.id, campaign)}
        else:
            name = None
            values = {P_NAME: contact.name, **links(campaign, contact.id)}
        subject, text, html = render_join(campaign, recipient.language, organization_name=name)
        out.append(
            {
                "kind": recipient.kind,
                "language": recipient.language,
                "count": counts[key],
                "subject": subject,
                "text": fill(text, values, False),
                "html": fill(html, values, True) if html else None,
                "sample": contact if recipient.kind == "contact" else None,
                "addressee": name,
            }
        )
    return out


@dataclass
class JoinOutcome:
    process: Process
    contact: Contact
    response: str
    changed: bool
    #: the (pending or approved) participation after an acceptance
    participant: object | None = None


def answer_from_token(purpose: str, token: str) -> tuple[Campaign, Contact]:
    """Campaign and contact of a join_accept / join_decline token (InvalidToken / NotFound)."""
    payload = read_token(purpose, token)
    campaign = db.session.get(Campaign, payload.get("k") or 0)
    contact = db.session.get(Contact, payload.get("c") or 0)
    if campaign is None or contact is None or campaign.process_id != payload.get("p"):
        raise NotFoundError("not found")
    return campaign, contact


def record_join_answer(
    campaign: Campaign, contact: Contact, response: str, *, via: str = "link"
) -> JoinOutcome:
    """accepted: the organisation asks to join (pending need owner); declined: noted. The
    caller commits; the same answer twice changes nothing the second time."""
    recipient = db.session.scalar(
        select(CampaignRecipient).where(
            CampaignRecipient.campaign_id == campaign.id,
            CampaignRecipient.contact_id == contact.id,
        )
    )
    changed = recipient is not None and recipient.response != response
    if changed:
        recipient.response = response
        recipient.responded_at = utcnow()
        recipient.response_via = via
    participant = None
    if response == "accepted":
        org_id = recipient.organization_id if recipient is not None else contact.organization_id
        participant, created = request_to_join(campaign.process, org_id)
        changed |= created
    if changed:
        audit(
            f"rsvp.join_{response}",
            recipient or campaign,
            via=via,
            contact_id=contact.id,
            process_id=campaign.process_id,
        )
    return JoinOutcome(campaign.process, contact, response, changed, participant)
