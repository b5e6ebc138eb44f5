"""Every route of the organisations feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import FORM, POST, add_collection, add_routes
from . import api, contact_views, import_views, views

bp = Blueprint("organizations", __name__, url_prefix="/coordinator/organizations")
bp.context_processor(views.template_labels)
api_bp = api_blueprint(
    "api_organizations",
    __name__,
    description="Municipalities, counties, state agencies, suppliers and their "
    "contact persons (bearer token required).",
)
C = contact_views
CONTACT = "/contacts/<int:contact_id>"

# Coordinator pages
add_routes(
    bp,
    ("/", "coordinator_list", views.organization_list),
    ("/new", views.new, FORM),
    ("/<int:org_id>", views.detail),
    ("/<int:org_id>/edit", views.edit, FORM),
    ("/<int:org_id>/contacts/new", C.contact_new, FORM),
    (f"{CONTACT}/edit", C.contact_edit, FORM),
    (f"{CONTACT}/active", C.contact_active, POST),
    (f"{CONTACT}/main", C.contact_main, POST),
    (f"{CONTACT}/merge", C.contact_merge, FORM),
    ("/import", import_views.import_page, FORM),
)

# API
add_collection(api_bp, "/organizations", "<int:org_id>", api.Organizations, api.OrganizationItem)
add_collection(api_bp, "/contacts", "<int:contact_id>", api.Contacts, api.ContactItem)
