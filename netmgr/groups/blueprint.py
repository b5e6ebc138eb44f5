"""Every route of the groups feature: coordinator pages and API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api, views

bp = Blueprint("groups", __name__)

# Coordinator pages
bp.add_url_rule("/coordinator/groups", "list", views.group_list)
bp.add_url_rule("/coordinator/groups/new", "new", views.new, methods=["GET", "POST"])
bp.add_url_rule("/coordinator/groups/<int:group_id>", "detail", views.detail)
bp.add_url_rule(
    "/coordinator/groups/<int:group_id>/edit", "edit", views.edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/coordinator/groups/<int:group_id>/members",
    "member_add",
    views.member_add,
    methods=["POST"],
)
bp.add_url_rule(
    "/coordinator/groups/<int:group_id>/members/<int:membership_id>/end",
    "member_end",
    views.member_end,
    methods=["POST"],
)

# API
api_bp = api_blueprint(
    "api_groups",
    __name__,
    description="Groups of organisations (regional procurement cooperations, regional "
    "councils, others) and their members with history. Every call needs a bearer token.",
)
api_bp.add_url_rule("/groups", view_func=api.Groups)
api_bp.add_url_rule("/groups/<int:group_id>", view_func=api.GroupItem)
api_bp.add_url_rule("/groups/<int:group_id>/members", view_func=api.Members)
api_bp.add_url_rule(
    "/groups/<int:group_id>/members/<int:organization_id>", view_func=api.MemberItem
)
