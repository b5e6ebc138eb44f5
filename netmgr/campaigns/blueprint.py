"""Every route of the campaigns feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..extensions import csrf
from ..web.routes import FORM, POST, add_collection, add_routes
from . import api, process_views, views

bp = Blueprint("campaigns", __name__)
public = Blueprint("rsvp", __name__)
csrf.exempt(public)  # the signed personal token is the credential; mail clients POST one-click
api_bp = api_blueprint(
    "api_campaigns",
    __name__,
    description="Invitation campaigns: create for organisations, a group or target-list "
    "criteria, send, and follow every recipient. Coordinator token on every call.",
)
ANSWER = "<any(accept, decline):answer>/<token>"
ITEM = "/coordinator/campaigns/<int:campaign_id>"

# Public pages
add_routes(
    public,
    (f"/rsvp/{ANSWER}", views.rsvp_answer, FORM),
    ("/rsvp/official/<token>", views.official_answer, FORM),
    (f"/rsvp/process/{ANSWER}", process_views.join_answer, FORM),
    ("/mail/unsubscribe/<token>", views.unsubscribe, FORM),
)

# Coordinator pages
add_routes(
    bp,
    ("/coordinator/campaigns", views.campaigns),
    ("/coordinator/campaigns/new", views.campaign_new, FORM),
    (ITEM, views.campaign_detail),
    (
        "/coordinator/campaigns/process/<int:process_id>",
        "process_campaign_new",
        process_views.process_campaign_new,
        POST,
    ),
    (f"{ITEM}/preview/<language>.html", views.campaign_preview_html),
    (f"{ITEM}/text", views.campaign_text, POST),
    (f"{ITEM}/send", views.campaign_send, POST),
    (f"{ITEM}/resend", views.campaign_resend, POST),
    (f"{ITEM}/schedule", views.campaign_schedule, POST),
)

# API
add_collection(api_bp, "/campaigns", "<int:campaign_id>", api.Campaigns, api.CampaignItem)
add_routes(
    api_bp,
    ("/campaigns/<int:campaign_id>/send", api.CampaignSend),
    ("/campaigns/<int:campaign_id>/recipients", api.CampaignRecipients),
)
