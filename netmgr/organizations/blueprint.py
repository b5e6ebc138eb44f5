"""Every route of the organisations feature."""

from __future__ import annotations

from ..api.common import api_blueprint
from . import api

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
