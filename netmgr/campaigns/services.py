"""Campaign services: pick recipients, preview, write invitations to the outbox, record answers.

Nothing here commits; the view, CLI or job that calls it does (one transaction per action).
Writing invitations is a bulk operation: the template is rendered once per language with
placeholders, personal parts (name, links, ATTENDEE line) are filled in by string replacement,
and the rows go to the outbox in multi-row INSERTs — no query per recipient.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from html import escape

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, insert, or_, select, update

from ..calendars.ics import event_calendar
from ..core.audit import audit
from ..core.errors import NotFoundError, ServiceError
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.compose import coordinator_address, render_mail, unsubscribe_headers
from ..mail.models import OutboxMessage
from ..mail.outbox import new_message_id
from ..mail.tokens import make_token
from ..networks.models import NetworkMembership
from ..organizations.models import Contact, Organization
from .models import Campaign, CampaignRecipient

log = logging.getLogger(__name__)

TEMPLATE = "campaign_invitation"
CHUNK = 1000
#: Placeholders replaced per recipient after rendering once per language
P_NAME, P_ACCEPT, P_DECLINE, P_UNSUB = (
    "%%NM_NAME%%",
    "%%NM_ACCEPT%%",
    "%%NM_DECLINE%%",
    "%%NM_UNSUB%%",
)
SPEC_KEYS = ("contacts", "organizations", "networks", "municipalities")


@dataclass
class Resolution:
    """Recipients found for a spec: (contact_id, organization_id, language) rows."""

    rows: list[tuple[int, int, str]] = field(default_factory=list)
    opted_out: int = 0
    orgs_without_contacts: list[dict] = field(default_factory=list)


def normalize_spec(recipients) -> dict:
    """Accept a list of contact ids or a dict with SPEC_KEYS; refuse anything else (422)."""
    if recipients is None:
        raise ServiceError({"recipients": [_l("Velg minst én mottaker.")]})
    if isinstance(recipients, (list, tuple, set)):
        recipients = {"contacts": list(recipients)}
    if not isinstance(recipients, dict):
        raise ServiceError({"recipients": [_l("Ugyldig mottakerutvalg.")]})
    recipients = dict(recipients)
    if "contact_ids" in recipients:
        recipients.setdefault("contacts", []).extend(recipients.pop("contact_ids"))
    unknown = set(recipients) - set(SPEC_KEYS)
    if unknown:
        raise ServiceError(
            {"recipients": [_l("Ukjent utvalg: %(keys)s", keys=", ".join(sorted(unknown)))]}
        )
    spec: dict = {}
    for key in ("contacts", "organizations", "networks"):
        values = recipients.get(key) or []
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise ServiceError({key: [_l("Må være en liste med id-er.")]}) from None
        if ids:
            spec[key] = ids
    muni = recipients.get("municipalities")
    if muni:
        if not isinstance(muni, dict):
            muni = {}
        clean = {}
        if muni.get("county_number"):
            clean["county_number"] = str(muni["county_number"]).zfill(2)
        for key in ("population_min", "population_max"):
            if muni.get(key) not in (None, ""):
                try:
                    clean[key] = int(muni[key])
                except (TypeError, ValueError):
                    raise ServiceError({key: [_l("Må være et heltall.")]}) from None
        if muni.get("written_standard"):
            if muni["written_standard"] not in ("nb", "nn", "neutral"):
                raise ServiceError({"written_standard": [_l("Ukjent målform.")]})
            clean["written_standard"] = muni["written_standard"]
        spec["municipalities"] = clean
    if not spec:
        raise ServiceError({"recipients": [_l("Velg minst én mottaker.")]})
    return spec


def _org_conditions(spec: dict):
    conds = []
    if spec.get("organizations"):
        conds.append(Organization.id.in_(spec["organizations"]))
    if spec.get("networks"):
        today = utcnow().date()
        members = select(NetworkMembership.organization_id).where(
            NetworkMembership.network_id.in_(spec["networks"]),
            NetworkMembership.joined_on <= today,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
        )
        conds.append(Organization.id.in_(members))
    if "municipalities" in spec:
        m = spec["municipalities"]
        parts = [Organization.kind == "municipality", Organization.active.is_(True)]
        if m.get("county_number"):
            parts.append(Organization.county_number == m["county_number"])
        if m.get("population_min") is not None:
            parts.append(Organization.population >= m["population_min"])
        if m.get("population_max") is not None:
            parts.append(Organization.population <= m["population_max"])
        if m.get("written_standard"):
            parts.append(Organization.written_standard == m["written_standard"])
        conds.append(and_(*parts))
    return conds


def resolve_recipients(spec: dict) -> Resolution:
    """Contacts for a normalised spec; opted-out ones counted, contactless organisations listed."""
    res = Resolution()
    org_conds = _org_conditions(spec)
    contact_conds = list(org_conds)
    if spec.get("contacts"):
        contact_conds.append(Contact.id.in_(spec["contacts"]))
    rows = db.session.execute(
        select(
            Contact.id,
            Contact.organization_id,
            Contact.language,
            Contact.opted_out,
            Organization.written_standard,
        )
        .join(Organization, Organization.id == Contact.organization_id)
        .where(or_(*contact_conds))
        .order_by(Contact.id)
    ).all()
    for cid, oid, lang, opted_out, standard in rows:
        if opted_out:
            res.opted_out += 1
            continue
        res.rows.append((cid, oid, lang or ("nn" if standard == "nn" else "nb")))
    if org_conds:
        has_contact = select(Contact.id).where(Contact.organization_id == Organization.id)
        res.orgs_without_contacts = [
            {"id": oid, "name": name}
            for oid, name in db.session.execute(
                select(Organization.id, Organization.name)
                .where(or_(*org_conds), ~has_contact.exists())
                .order_by(Organization.name)
            )
        ]
    return res


def create_campaign(
    event: Event,
    recipients,
    criteria: dict | None = None,
    user=None,
    *,
    name: str | None = None,
    message: str | None = None,
) -> Campaign:
    """Create an invitation campaign (status draft) with its recipients.

    ``recipients``: list of contact ids, or a dict with ``contacts``, ``organizations``,
    ``networks`` (ids) and/or ``municipalities`` (``county_number``, ``population_min``,
    ``population_max``, ``written_standard``). ``criteria``: the targeting criteria that
    produced the list, stored as given. The caller commits.
    """
    if event is None:
        raise NotFoundError({"event_id": [_l("Arrangementet finnes ikke.")]})
    if event.status == "cancelled":
        raise ServiceError({"event_id": [_l("Arrangementet er avlyst.")]})
    spec = normalize_spec(recipients)
    res = resolve_recipients(spec)
    campaign = Campaign(
        event_id=event.id,
        name=(name or event.title)[:200],
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
            "language": lang,
            "response": "none",
            "sends": 0,
        }
        for cid, oid, lang in res.rows
    ]
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(CampaignRecipient), rows[i : i + CHUNK])
    audit(
        "campaign.created",
        campaign,
        user=user,
        event_id=event.id,
        recipients=len(rows),
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
        campaign=campaign,
        contact_name=sample_name,
        accept_url=P_ACCEPT,
        decline_url=P_DECLINE,
        unsubscribe_url=P_UNSUB,
        personal_message=campaign.message,
    )


def preview(campaign: Campaign) -> list[dict]:
    """The message each language group gets: subject, text, html, how many recipients.

    Personal parts show as they will for the first recipient of the group (links included).
    """
    groups = db.session.execute(
        select(CampaignRecipient.language, func.count(), func.min(CampaignRecipient.contact_id))
        .where(CampaignRecipient.campaign_id == campaign.id)
        .group_by(CampaignRecipient.language)
        .order_by(CampaignRecipient.language)
    ).all()
    out = []
    for language, count, contact_id in groups:
        contact = db.session.get(Contact, contact_id)
        subject, text, html = _render_language(campaign, language)
        fill = _filler(campaign, contact_id, contact.name)
        out.append(
            {
                "language": language,
                "count": count,
                "subject": subject,
                "text": fill(text, False),
                "html": fill(html, True) if html else None,
                "sample": contact,
            }
        )
    return out


def _filler(campaign: Campaign, contact_id: int, name: str):
    payload = {"e": campaign.event_id, "c": contact_id, "k": campaign.id}
    base = current_app.config["BASE_URL"].rstrip("/")
    accept = f"{base}/rsvp/accept/{make_token('accept', payload)}"
    decline = f"{base}/rsvp/decline/{make_token('decline', payload)}"
    unsub = f"{base}/mail/unsubscribe/{make_token('unsubscribe', {'c': contact_id})}"

    def fill(s: str, html: bool) -> str:
        return (
            s.replace(P_NAME, escape(name) if html else name)
            .replace(P_ACCEPT, accept)
            .replace(P_DECLINE, decline)
            .replace(P_UNSUB, unsub)
        )

    fill.unsubscribe = unsub
    return fill


def _fold(line: str) -> str:
    """RFC 5545 folding at 75 octets, never inside a UTF-8 sequence."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)


def attendee_line(email: str, name: str) -> str:
    cn = "".join(c for c in name if c >= " " and c != '"')
    return (
        _fold(
            f'ATTENDEE;CN="{cn}";CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;'
            f"ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{email}"
        )
        + "\r\n"
    )


# -- sending ----------------------------------------------------------------------------------
def send_campaign(campaign: Campaign, *, only_non_responders: bool = False, user=None) -> int:
    """Write the invitations to the outbox (same transaction as the caller's change).

    First call: every recipient not yet invited. ``only_non_responders``: a reminder to every
    recipient without an answer (resend). Opted-out contacts are skipped at this moment too.
    Returns the number of messages queued. The scheduler's timed send calls this as well.
    """
    event = campaign.event
    if event.status == "cancelled":
        raise ServiceError({"campaign": [_l("Arrangementet er avlyst.")]})
    now = utcnow()
    conds = [CampaignRecipient.campaign_id == campaign.id, Contact.opted_out.is_(False)]
    if only_non_responders:
        conds += [CampaignRecipient.response == "none", CampaignRecipient.sends > 0]
    else:
        conds.append(CampaignRecipient.sends == 0)
    reply_to = _reply_to(campaign)
    rendered: dict[str, tuple] = {}
    ics_base: dict[str, tuple[str, str]] = {}
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
        outbox, links = [], []
        for rid, contact_id, language, email, name in rows:
            if language not in rendered:
                rendered[language] = _render_language(campaign, language)
                with force_locale(language):
                    ics = event_calendar(event, method="REQUEST").to_ical().decode()
                head, _, tail = ics.rpartition("END:VEVENT")
                ics_base[language] = (head, "END:VEVENT" + tail)
            subject, text, html = rendered[language]
            fill = _filler(campaign, contact_id, name)
            head, tail = ics_base[language]
            message_id = new_message_id()
            outbox.append(
                {
                    "message_id": message_id,
                    "kind": kind,
                    "to_address": email,
                    "to_name": name,
                    "reply_to": reply_to,
                    "language": language,
                    "subject": (subject or kind)[:300],
                    "body_text": fill(text, False),
                    "body_html": fill(html, True) if html else None,
                    "ics": head + attendee_line(email, name) + tail,
                    "ics_method": "REQUEST",
                    "headers": unsubscribe_headers(fill.unsubscribe),
                    "contact_id": contact_id,
                    "event_id": event.id,
                    "campaign_id": campaign.id,
                    "state": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            links.append({"_rid": rid, "_mid": message_id})
        db.session.execute(insert(OutboxMessage), outbox)
        _link_messages(links)
        total += len(rows)
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


def _link_messages(links: list[dict]) -> None:
    from sqlalchemy import bindparam

    stmt = (
        update(CampaignRecipient.__table__)
        .where(CampaignRecipient.__table__.c.id == bindparam("_rid"))
        .values(message_id=bindparam("_mid"), sends=CampaignRecipient.__table__.c.sends + 1)
    )
    db.session.execute(stmt, links)


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
