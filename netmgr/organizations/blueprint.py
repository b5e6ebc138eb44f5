"""Every route of the organisations feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api, contact_views, import_views, views

# Coordinator pages
bp = Blueprint("organizations", __name__, url_prefix="/coordinator/organizations")
bp.context_processor(views.template_labels)
bp.add_url_rule("/", "coordinator_list", views.organization_list)
bp.add_url_rule("/new", "new", views.new, methods=["GET", "POST"])
bp.add_url_rule("/<int:org_id>", "detail", views.detail)
bp.add_url_rule("/<int:org_id>/edit", "edit", views.edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/<int:org_id>/contacts/new", "contact_new", contact_views.contact_new, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/edit",
    "contact_edit",
    contact_views.contact_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/active",
    "contact_active",
    contact_views.contact_active,
    methods=["POST"],
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/main", "contact_main", contact_views.contact_main, methods=["POST"]
)
bp.add_url_rule(
    "/contacts/<int:contact_id>/merge",
    "contact_merge",
    contact_views.contact_merge,
    methods=["GET", "POST"],
)
bp.add_url_rule("/import", "import_page", import_views.import_page, methods=["GET", "POST"])

# API
api_bp = api_blueprint(
    "api_organizations",
    __name__,
    description="Municipalities, counties, state agencies, suppliers and their "
    "contact persons (bearer token required).",
)
api_bp.add_url_rule("/organizations", "Organizations", api.Organizations)
api_bp.add_url_rule("/organizations/<int:org_id>", "OrganizationItem", api.OrganizationItem)
api_bp.add_url_rule("/contacts", "Contacts", api.Contacts)
api_bp.add_url_rule("/contacts/<int:contact_id>", "ContactItem", api.ContactItem)
