"""Every route of the campaigns feature."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import csrf
from . import views

bp = Blueprint("campaigns", __name__)
public = Blueprint("rsvp", __name__)
csrf.exempt(public)  # the signed personal token is the credential; mail clients POST one-click

# Public pages
public.add_url_rule(
    "/rsvp/<any(accept, decline):answer>/<token>",
    "rsvp_answer",
    views.rsvp_answer,
    methods=["GET", "POST"],
)
public.add_url_rule(
    "/mail/unsubscribe/<token>", "unsubscribe", views.unsubscribe, methods=["GET", "POST"]
)

# Coordinator pages
bp.add_url_rule("/coordinator/campaigns", "campaigns", views.campaigns)
bp.add_url_rule(
    "/coordinator/campaigns/new", "campaign_new", views.campaign_new, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>", "campaign_detail", views.campaign_detail
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>/send",
    "campaign_send",
    views.campaign_send,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>/resend",
    "campaign_resend",
    views.campaign_resend,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>/schedule",
    "campaign_schedule",
    views.campaign_schedule,
    methods=["POST"],
)
