"""Every route of the events feature: public pages, coordinator pages, API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api
from . import views_coordinator as coordinator
from . import views_public as public

bp = Blueprint("events", __name__)

# Public pages
bp.add_url_rule("/", "index", public.event_list)  # the front page is the event list
bp.add_url_rule("/events", "list", public.event_list)
bp.add_url_rule("/events/<int:event_id>", "detail", public.detail)

# Coordinator pages
bp.add_url_rule("/coordinator/events", "coordinator_list", coordinator.event_list)
bp.add_url_rule(
    "/coordinator/events/new", "coordinator_new", coordinator.new, methods=["GET", "POST"]
)
bp.add_url_rule("/coordinator/events/<int:event_id>", "coordinator_detail", coordinator.detail)
bp.add_url_rule(
    "/coordinator/events/<int:event_id>/edit",
    "coordinator_edit",
    coordinator.edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/coordinator/events/<int:event_id>/publish",
    "coordinator_publish",
    coordinator.publish,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/events/<int:event_id>/cancel",
    "coordinator_cancel",
    coordinator.cancel,
    methods=["GET", "POST"],
)

# API
api_bp = api_blueprint(
    "api_events",
    __name__,
    description="Network meetings, meeting places, market dialogues, webinars. "
    "Published events are public; drafts need a bearer token. "
    "PATCH status=cancelled cancels an event.",
)
api_bp.add_url_rule("/events", view_func=api.Events)
api_bp.add_url_rule("/events/<int:event_id>", view_func=api.EventItem)
