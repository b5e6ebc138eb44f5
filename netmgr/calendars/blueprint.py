"""Every route of the calendars feature: the .ics download and feeds, the subscription page,
the coordinators' page of personal links and the token API under /api/v1/calendar."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import POST, add_routes
from . import admin, api, views

bp = Blueprint("calendars", __name__)
admin_bp = Blueprint("calendars_admin", __name__, url_prefix="/coordinator/calendar")
api_bp = api_blueprint(
    "calendars_api",
    __name__,
    description="Personal calendar feed links of organisations: issue, list, replace, revoke "
    "(bearer token required).",
)
ORG = "/calendar/organizations/<int:org_id>"
SUB = "/calendar/subscriptions/<int:sub_id>"

# Public pages
add_routes(
    bp,
    ("/events/<int:event_id>.ics", views.event_ics),
    ("/calendar/all.ics", views.feed_all),
    ("/calendar/networks/<slug>.ics", views.feed_network),
    ("/calendar/themes/<theme_slug>.ics", views.feed_theme),
    ("/calendar/counties/<number>.ics", views.feed_county),
    ("/calendar/subscriptions/<token>.ics", views.feed_personal),
    ("/calendar", views.subscribe),
    ("/calendar/personal", views.request_personal, POST),
)

# Coordinator pages
add_routes(
    admin_bp,
    ("/subscriptions", admin.subscriptions),
    ("/subscriptions/<int:sub_id>/revoke", admin.revoke, POST),
    ("/subscriptions/<int:sub_id>/replace", admin.replace, POST),
)

# API
add_routes(
    api_bp,
    (f"{ORG}/subscriptions", "organization_subscriptions", api.OrganizationSubscriptions),
    (f"{ORG}/subscriptions/revoke", "organization_revoke", api.OrganizationRevoke),
    (f"{SUB}/revoke", "subscription_revoke", api.SubscriptionRevoke),
    (f"{SUB}/replace", "subscription_replace", api.SubscriptionReplace),
)
