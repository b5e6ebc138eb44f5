"""Every route of the networks feature: public pages, coordinator pages, API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import FORM, add_collection, add_routes
from . import api
from . import views_coordinator as coordinator
from . import views_public as public

bp = Blueprint("networks", __name__)
api_bp = api_blueprint(
    "api_networks",
    __name__,
    description="Thematic networks and their member organisations. Reading active "
    "networks is public; writing needs a bearer token.",
)
ITEM = "/coordinator/networks/<int:network_id>"

# Public pages
add_routes(
    bp,
    ("/networks", "list", public.network_list),
    ("/networks/<slug>", public.detail),
)

# Coordinator pages
add_routes(
    bp,
    ("/coordinator/networks", "coordinator_list", coordinator.network_list),
    ("/coordinator/networks/new", "coordinator_new", coordinator.new, FORM),
    (ITEM, "coordinator_detail", coordinator.detail),
    (f"{ITEM}/edit", "coordinator_edit", coordinator.edit, FORM),
    *coordinator.MEMBERS.routes(ITEM, "coordinator_"),  # member_add, member_end
)

# API
add_collection(api_bp, "/networks", "<int:network_id>", api.Networks, api.NetworkItem)
add_collection(
    api_bp,
    "/networks/<int:network_id>/members",
    "<int:organization_id>",
    api.Members,
    api.MemberItem,
)
