"""Every route of the campaigns feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..extensions import csrf
from . import api, process_views, views

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
    "/rsvp/official/<token>", "official_answer", views.official_answer, methods=["GET", "POST"]
)
public.add_url_rule(
    "/rsvp/process/<any(accept, decline):answer>/<token>",
    "join_answer",
    process_views.join_answer,
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
    "/coordinator/campaigns/process/<int:process_id>",
    "process_campaign_new",
    process_views.process_campaign_new,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>/preview/<language>.html",
    "campaign_preview_html",
    views.campaign_preview_html,
)
bp.add_url_rule(
    "/coordinator/campaigns/<int:campaign_id>/text",
    "campaign_text",
    views.campaign_text,
    methods=["POST"],
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

# API
api_bp = api_blueprint(
    "api_campaigns",
    __name__,
    description="Invitation campaigns: create for organisations, a group or target-list "
    "criteria, send, and follow every recipient. Coordinator token on every call.",
)
api_bp.add_url_rule("/campaigns", view_func=api.Campaigns)
api_bp.add_url_rule("/campaigns/<int:campaign_id>", view_func=api.CampaignItem)
api_bp.add_url_rule("/campaigns/<int:campaign_id>/send", view_func=api.CampaignSend)
api_bp.add_url_rule("/campaigns/<int:campaign_id>/recipients", view_func=api.CampaignRecipients)
