"""/api/v1/campaigns: create (for organisations, a group or target-list criteria), read, send,
and the recipients with their delivery status and answer. Coordinator token on every call.

The routes are in :mod:`netmgr.campaigns.blueprint`.
"""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import case, func, select

from ..api.common import BEARER, acting_user, doc, get_or_404
from ..auth.tokens import require_token
from ..core.errors import ConflictError, ServiceError
from ..core.signals import campaign_targets
from ..events.models import Event
from ..extensions import db
from ..groups.models import Group
from ..mail.models import OutboxMessage
from ..organizations.models import Contact, Organization
from ..processes.models import Process
from . import services
from .models import Campaign, CampaignRecipient
from .schemas import CampaignCreate, CampaignOut, RecipientPage, RecipientQuery


def campaign_body(campaign: Campaign, queued: int | None = None) -> dict:
    counts = db.session.execute(
        select(
            func.count(CampaignRecipient.id),
            func.coalesce(func.sum(case((CampaignRecipient.kind == "official", 1), else_=0)), 0),
        ).where(CampaignRecipient.campaign_id == campaign.id)
    ).one()
    return {
        "id": campaign.id,
        "event_id": campaign.event_id,
        "process_id": campaign.process_id,
        "kind": campaign.kind,
        "name": campaign.name,
        "message": campaign.message,
        "status": campaign.status,
        "sent_at": campaign.sent_at,
        "recipients": int(counts[0]),
        "official": int(counts[1]),
        "opted_out": campaign.opted_out_count,
        "unreachable": campaign.orgs_without_contacts or [],
        "recipients_spec": campaign.recipients_spec or {},
        "criteria": campaign.criteria,
        "queued": queued,
    }


def _spec(data: dict) -> tuple[dict, dict | None]:
    if "organization_ids" in data:
        ids = sorted(set(data["organization_ids"]))
        found = set(db.session.scalars(select(Organization.id).where(Organization.id.in_(ids))))
        missing = [i for i in ids if i not in found]
        if missing:
            raise ServiceError(
                {"organization_ids": [f"Unknown organisation(s): {', '.join(map(str, missing))}."]}
            )
        return {"organizations": ids}, None
    if "group_id" in data:
        group = db.session.get(Group, data["group_id"])
        if group is None:
            raise ServiceError({"group_id": ["Group not found."]})
        if data.get("on_behalf"):
            if group.host_organization_id is None:
                raise ServiceError({"on_behalf": ["The group has no host organisation."]})
            return {"group_hosts": [group.id]}, {"source": "group_host", "group_id": group.id}
        return {"groups": [group.id]}, {"source": "group", "group_id": group.id}
    answers = campaign_targets.send(None, criteria=data["targets"])
    if not answers:
        raise ServiceError({"targets": ["Targeting is not available."]})
    ids, stored = answers[0][1]
    return {"organizations": ids}, stored


class Campaigns(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.arguments(CampaignCreate)
    @doc.response(201, CampaignOut)
    def post(self, data):
        """Create a draft campaign for an event (or, with process_id, to join a process):
        exactly one of organization_ids, group_id (``on_behalf``: its host only) or targets
        (the target-list criteria; for a process by default its own target list)"""
        event = process = None
        if "process_id" in data:
            process = db.session.get(Process, data["process_id"])
            if process is None:
                raise ServiceError({"process_id": ["Process not found."]})
            if not any(k in data for k in ("organization_ids", "group_id", "targets")):
                data = {**data, "targets": {"process": process.id}}
        else:
            event = db.session.get(Event, data["event_id"])
            if event is None:
                raise ServiceError({"event_id": ["Event not found."]})
        spec, criteria = _spec(data)
        if process is not None and criteria and criteria.get("source") == "targeting":
            criteria = {**criteria, "source": "process"}
        campaign = services.create_campaign(
            event,
            spec,
            process=process,
            criteria=criteria,
            user=acting_user(),
            name=data.get("name"),
            message=data.get("message"),
        )
        db.session.commit()
        return campaign_body(campaign)


class CampaignItem(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.response(200, CampaignOut)
    def get(self, campaign_id):
        """One campaign with its counts and unreachable organisations"""
        return campaign_body(get_or_404(Campaign, campaign_id))


class CampaignSend(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.response(200, CampaignOut)
    def post(self, campaign_id):
        """Write the invitations to the outbox now (409 when already sent)"""
        campaign = get_or_404(Campaign, campaign_id)
        if campaign.status == "sent":
            raise ConflictError({"campaign": ["The campaign has been sent already."]})
        queued = services.send_campaign(campaign, user=acting_user())
        db.session.commit()
        return campaign_body(campaign, queued)


class CampaignRecipients(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.arguments(RecipientQuery, location="query")
    @doc.response(200, RecipientPage)
    def get(self, args, campaign_id):
        """Recipients: organisation, contact (null for an official address until someone
        registers), address, kind, delivery status and answer"""
        campaign = get_or_404(Campaign, campaign_id)
        page, per_page = args["page"], args["per_page"]
        where = CampaignRecipient.campaign_id == campaign.id
        total = db.session.scalar(select(func.count()).where(where))
        rows = db.session.execute(
            select(CampaignRecipient, Contact.email, OutboxMessage.state)
            .outerjoin(Contact, Contact.id == CampaignRecipient.contact_id)
            .outerjoin(OutboxMessage, OutboxMessage.message_id == CampaignRecipient.message_id)
            .where(where)
            .order_by(CampaignRecipient.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).all()
        items = [
            {
                "organization_id": r.organization_id,
                "contact_id": r.contact_id,
                "email": r.email if r.kind == "official" else contact_email,
                "kind": r.kind,
                "status": _status(r, state),
                "answer": r.response,
            }
            for r, contact_email, state in rows
        ]
        return {"items": items, "total": total, "page": page, "per_page": per_page}


def _status(recipient: CampaignRecipient, state: str | None) -> str:
    if not recipient.sends:
        return "not_sent"
    return {"sent": "sent", "failed": "failed"}.get(state or "", "queued")
