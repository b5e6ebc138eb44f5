"""Every route of the calendars feature: the .ics download and feeds, the subscription page,
the coordinators' page of personal links and the token API under /api/v1/calendar."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import admin, api, views

bp = Blueprint("calendars", __name__)
admin_bp = Blueprint("calendars_admin", __name__, url_prefix="/coordinator/calendar")
api_bp = api_blueprint(
    "calendars_api",
    __name__,
    description="Personal calendar feed links of organisations: issue, list, replace, revoke "
    "(bearer token required).",
)

# Public pages
bp.add_url_rule("/events/<int:event_id>.ics", "event_ics", views.event_ics)
bp.add_url_rule("/calendar/all.ics", "feed_all", views.feed_all)
bp.add_url_rule("/calendar/networks/<slug>.ics", "feed_network", views.feed_network)
bp.add_url_rule("/calendar/themes/<theme_slug>.ics", "feed_theme", views.feed_theme)
bp.add_url_rule("/calendar/counties/<number>.ics", "feed_county", views.feed_county)
bp.add_url_rule("/calendar/subscriptions/<token>.ics", "feed_personal", views.feed_personal)
bp.add_url_rule("/calendar", "subscribe", views.subscribe)
bp.add_url_rule("/calendar/personal", "request_personal", views.request_personal, methods=["POST"])

# Coordinator pages
admin_bp.add_url_rule("/subscriptions", "subscriptions", admin.subscriptions)
admin_bp.add_url_rule(
    "/subscriptions/<int:sub_id>/revoke", "revoke", admin.revoke, methods=["POST"]
)
admin_bp.add_url_rule(
    "/subscriptions/<int:sub_id>/replace", "replace", admin.replace, methods=["POST"]
)

# API
api_bp.add_url_rule(
    "/calendar/organizations/<int:org_id>/subscriptions",
    "organization_subscriptions",
    view_func=api.OrganizationSubscriptions,
)
api_bp.add_url_rule(
    "/calendar/organizations/<int:org_id>/subscriptions/revoke",
    "organization_revoke",
    view_func=api.OrganizationRevoke,
)
api_bp.add_url_rule(
    "/calendar/subscriptions/<int:sub_id>/revoke",
    "subscription_revoke",
    view_func=api.SubscriptionRevoke,
)
api_bp.add_url_rule(
    "/calendar/subscriptions/<int:sub_id>/replace",
    "subscription_replace",
    view_func=api.SubscriptionReplace,
)
