"""Every route of the groups feature: coordinator pages and API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import FORM, add_collection, add_routes
from . import api, views

bp = Blueprint("groups", __name__)
api_bp = api_blueprint(
    "api_groups",
    __name__,
    description="Groups of organisations (regional procurement cooperations, regional "
    "councils, others) and their members with history. Every call needs a bearer token.",
)
ITEM = "/coordinator/groups/<int:group_id>"

# Coordinator pages
add_routes(
    bp,
    ("/coordinator/groups", "list", views.group_list),
    ("/coordinator/groups/new", views.new, FORM),
    (ITEM, views.detail),
    (f"{ITEM}/edit", views.edit, FORM),
    *views.MEMBERS.routes(ITEM),  # member_add, member_end
)

# API
add_collection(api_bp, "/groups", "<int:group_id>", api.Groups, api.GroupItem)
add_collection(
    api_bp, "/groups/<int:group_id>/members", "<int:organization_id>", api.Members, api.MemberItem
)
