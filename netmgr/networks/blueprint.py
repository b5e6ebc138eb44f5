"""Every route of the networks feature: public pages, coordinator pages, API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api
from . import views_coordinator as coordinator
from . import views_public as public

bp = Blueprint("networks", __name__)

# Public pages
bp.add_url_rule("/networks", "list", public.network_list)
bp.add_url_rule("/networks/<slug>", "detail", public.detail)

# Coordinator pages
bp.add_url_rule("/coordinator/networks", "coordinator_list", coordinator.network_list)
bp.add_url_rule(
    "/coordinator/networks/new", "coordinator_new", coordinator.new, methods=["GET", "POST"]
)
bp.add_url_rule("/coordinator/networks/<int:network_id>", "coordinator_detail", coordinator.detail)
bp.add_url_rule(
    "/coordinator/networks/<int:network_id>/edit",
    "coordinator_edit",
    coordinator.edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/coordinator/networks/<int:network_id>/members",
    "coordinator_member_add",
    coordinator.member_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/networks/<int:network_id>/members/<int:membership_id>/end",
    "coordinator_member_end",
    coordinator.member_end,
    methods=["POST"],
)

# API
api_bp = api_blueprint(
    "api_networks",
    __name__,
    description="Thematic networks and their member organisations. Reading active "
    "networks is public; writing needs a bearer token.",
)
api_bp.add_url_rule("/networks", view_func=api.Networks)
api_bp.add_url_rule("/networks/<int:network_id>", view_func=api.NetworkItem)
api_bp.add_url_rule("/networks/<int:network_id>/members", view_func=api.Members)
api_bp.add_url_rule(
    "/networks/<int:network_id>/members/<int:organization_id>", view_func=api.MemberItem
)
