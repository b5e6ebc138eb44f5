"""Every route of the events feature: public pages, coordinator pages, API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import FORM, POST, add_collection, add_routes
from . import api
from . import views_coordinator as coordinator
from . import views_public as public

bp = Blueprint("events", __name__)
api_bp = api_blueprint(
    "api_events",
    __name__,
    description="Network meetings, meeting places, market dialogues, webinars. "
    "Published events are public; drafts need a bearer token. "
    "PATCH status=cancelled cancels an event.",
)
ITEM = "/coordinator/events/<int:event_id>"

# Public pages
add_routes(
    bp,
    ("/", "index", public.event_list),  # the front page is the event list
    ("/events", "list", public.event_list),
    ("/events/<int:event_id>", public.detail),
)

# Coordinator pages
add_routes(
    bp,
    ("/coordinator/events", "coordinator_list", coordinator.event_list),
    ("/coordinator/events/new", "coordinator_new", coordinator.new, FORM),
    (ITEM, "coordinator_detail", coordinator.detail),
    (f"{ITEM}/edit", "coordinator_edit", coordinator.edit, FORM),
    (f"{ITEM}/publish", "coordinator_publish", coordinator.publish, POST),
    (f"{ITEM}/cancel", "coordinator_cancel", coordinator.cancel, FORM),
)

# API
add_collection(api_bp, "/events", "<int:event_id>", api.Events, api.EventItem)
