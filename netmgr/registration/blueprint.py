"""Every route of the registration feature: public forms and links, coordinator pages, API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api, coordinator, views

# Public pages
bp = Blueprint("registration", __name__)
bp.add_url_rule(
    "/events/<int:event_id>/register/supplier", "supplier", views.supplier, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/events/<int:event_id>/register/buyer", "buyer", views.buyer, methods=["GET", "POST"]
)
bp.add_url_rule("/events/<int:event_id>/register/organizations", "buyer_search", views.buyer_search)
bp.add_url_rule("/registrations/<token>", "confirmation", views.confirmation)
bp.add_url_rule("/registrations/<token>/calendar.ics", "calendar_file", views.calendar_file)
bp.add_url_rule("/registrations/cancel/<token>", "cancel", views.cancel, methods=["GET", "POST"])

# Coordinator pages
coordinator_bp = Blueprint("registration_coordinator", __name__, url_prefix="/coordinator")
coordinator_bp.add_url_rule(
    "/events/<int:event_id>/registrations", "event_registrations", coordinator.event_registrations
)
coordinator_bp.add_url_rule(
    "/events/<int:event_id>/registrations",
    "add_registration",
    coordinator.add_registration,
    methods=["POST"],
)
coordinator_bp.add_url_rule(
    "/events/<int:event_id>/registrations/<int:registration_id>/<action>",
    "registration_action",
    coordinator.registration_action,
    methods=["POST"],
)
coordinator_bp.add_url_rule(
    "/events/<int:event_id>/participants/print",
    "participant_list",
    coordinator.participant_list,
)
for fmt in ("csv", "xlsx"):  # the same list as CSV and as Excel (text cells)
    coordinator_bp.add_url_rule(
        f"/events/<int:event_id>/registrations.{fmt}",
        "registrations_export",
        coordinator.registrations_export,
        defaults={"fmt": fmt},
    )

# API
api_bp = api_blueprint(
    "api_registrations",
    __name__,
    description="Registrations (påmeldinger) with capacity and waiting lists "
    "(bearer token required).",
)
api_bp.add_url_rule("/registrations", "Registrations", api.Registrations)
api_bp.add_url_rule(
    "/events/<int:event_id>/registrations", "EventRegistrations", api.EventRegistrations
)
api_bp.add_url_rule(
    "/registrations/<int:registration_id>", "RegistrationItem", api.RegistrationItem
)
