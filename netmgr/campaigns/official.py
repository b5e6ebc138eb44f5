"""Invitations to an organisation's official address (postmottak) and the person who answers.

A municipality without a reachable contact gets one invitation at its official address,
addressed to the municipality ("Til Utsira kommune"), in its written standard, asking that it
be passed on. Its personal link opens a page where the receiver registers as the
municipality's contact (name, e-mail, title) and answers; from then on the recipient row
names that contact, and the answer is recorded like any other (:func:`rsvp.record_response`),
so it counts for the municipality.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..extensions import db
from ..mail.compose import render_mail
from ..mail.tokens import make_token, read_token
from ..organizations.models import Contact, Organization
from ..organizations.services import create_contact, normalize_email
from . import process_join, rsvp
from .models import Campaign, CampaignRecipient
from .personal import P_LINK, base_url
from .recipients import addressee, queue_invitations

TEMPLATE = "campaign_official"


def official_link(recipient_id: int, campaign: Campaign) -> str:
    payload = {"r": recipient_id, "k": campaign.id, "e": campaign.event_id}
    return f"{base_url()}/rsvp/official/{make_token('official', payload)}"


def render_official(campaign: Campaign, language: str, organization_name: str):
    return render_mail(
        TEMPLATE,
        language,
        event=campaign.event,
        campaign=campaign,
        organization_name=organization_name,
        register_url=P_LINK,
        personal_message=campaign.message,
    )


def preview_official(campaign: Campaign) -> list[dict]:
    """The official-address mail per language, as the first such recipient gets it."""
    rows = db.session.execute(
        select(
            CampaignRecipient.id, CampaignRecipient.language, Organization.name, Organization.kind
        )
        .join(Organization, Organization.id == CampaignRecipient.organization_id)
        .where(CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.kind == "official")
        .order_by(CampaignRecipient.language, Organization.name, CampaignRecipient.id)
    ).all()
    out: list[dict] = []
    for rid, language, org_name, org_kind in rows:
        if out and out[-1]["language"] == language:
            out[-1]["count"] += 1
            continue
        name = addressee(org_name, org_kind)
        subject, text, html = render_official(campaign, language, name)
        link = official_link(rid, campaign)
        out.append(
            {
                "kind": "official",
                "language": language,
                "count": 1,
                "subject": subject,
                "text": text.replace(P_LINK, link),
                "html": html.replace(P_LINK, link) if html else None,
                "sample": None,
                "addressee": name,
            }
        )
    return out


def send_official(campaign: Campaign, reply_to: str | None, *, resend: bool = False) -> int:
    """Queue the official-address invitations not sent yet (or, ``resend``, those nobody
    has answered through); returns how many."""
    conds = [CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.kind == "official"]
    if resend:
        conds += [
            CampaignRecipient.sends > 0,
            CampaignRecipient.contact_id.is_(None),
            CampaignRecipient.response == "none",
        ]
    else:
        conds.append(CampaignRecipient.sends == 0)
    rows = db.session.execute(
        select(
            CampaignRecipient.id,
            CampaignRecipient.email,
            CampaignRecipient.language,
            Organization.name,
            Organization.kind,
        )
        .join(Organization, Organization.id == CampaignRecipient.organization_id)
        .where(*conds)
        .order_by(CampaignRecipient.id)
    ).all()
    if not rows:
        return 0
    kind = "campaign.official_reminder" if resend else "campaign.official"
    messages = []
    for rid, address, language, org_name, org_kind in rows:
        org_name = addressee(org_name, org_kind)
        subject, text, html = render_official(campaign, language, org_name)
        link = official_link(rid, campaign)
        messages.append(
            {
                "kind": kind,
                "to_address": address,
                "to_name": org_name,
                "reply_to": reply_to,
                "language": language,
                "subject": subject or kind,
                "body_text": text.replace(P_LINK, link),
                "body_html": html.replace(P_LINK, link) if html else None,
                "event_id": campaign.event_id,
                "campaign_id": campaign.id,
            }
        )
    return queue_invitations([row.id for row in rows], messages)


def recipient_from_token(token: str) -> CampaignRecipient:
    """The official recipient of a link (InvalidToken / NotFoundError)."""
    payload = read_token("official", token)
    recipient = db.session.get(CampaignRecipient, payload.get("r") or 0)
    if (
        recipient is None
        or recipient.kind != "official"
        or recipient.campaign_id != payload.get("k")
    ):
        raise NotFoundError("not found")
    return recipient


def register_and_answer(
    recipient: CampaignRecipient, name: str, email: str, title: str | None, response: str
) -> rsvp.Outcome | process_join.JoinOutcome:
    """The receiver registers as the organisation's contact and answers (the caller commits).

    A new address becomes a contact of the organisation; a known one must belong to it. The
    first person to register is linked to the invitation."""
    if response not in ("accepted", "declined"):
        raise ServiceError({"answer": [_l("Velg om du kommer.")]})
    address = normalize_email(email)
    organization = db.session.get(Organization, recipient.organization_id)
    contact = db.session.scalar(select(Contact).where(Contact.email == address))
    if contact is not None and contact.organization_id != organization.id:
        raise ServiceError({"email": [_l("Adressen er registrert for en annen organisasjon.")]})
    if contact is None:
        contact = create_contact(
            {"organization": organization, "name": name, "email": address, "title": title}
        )
        audit("contact.created", contact, via="official_invitation")
    if recipient.contact_id is None:
        taken = db.session.scalar(
            select(CampaignRecipient.id).where(
                CampaignRecipient.campaign_id == recipient.campaign_id,
                CampaignRecipient.contact_id == contact.id,
            )
        )
        if taken is None:
            recipient.contact_id = contact.id
            db.session.flush()
    campaign = recipient.campaign
    audit(
        "campaign.official_registered",
        campaign,
        organization_id=organization.id,
        contact_id=contact.id,
    )
    if campaign.process_id is not None:
        return process_join.record_join_answer(campaign, contact, response, via="official")
    return rsvp.record_response(
        campaign.event, contact, response, via="official", campaign_id=campaign.id
    )
