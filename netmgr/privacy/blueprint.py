"""Every route of the privacy feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from ..web.routes import FORM, POST, add_export_routes, add_routes
from . import api, views_admin, views_public

public = Blueprint("privacy_public", __name__)
pages = Blueprint("privacy", __name__, url_prefix="/coordinator")
api_bp = api_blueprint(
    "api_privacy",
    __name__,
    description="Privacy: a person's data export and erasure, the audit log "
    "(bearer token required).",
)
P, A = views_public, views_admin

# Public pages
add_routes(
    public,
    ("/personvern", P.notice),
    ("/personvern/innsyn", P.access_request, POST),
    ("/personvern/innsyn/<token>", P.access_link),
    ("/personvern/innsyn/<token>", P.access_download, POST),
    ("/tilgjengelighet", P.accessibility),
)

# Coordinator pages
add_routes(
    pages,
    ("/admin/privacy", A.privacy_admin),
    ("/admin/privacy/retention", A.retention_save, POST),
    ("/admin/privacy/records.csv", A.records_csv),
    ("/admin/privacy/records.xlsx", A.records_xlsx),
    ("/admin/audit", A.audit_page),
)
add_export_routes(pages, "/admin/audit", "audit_csv", A.audit_csv)
add_routes(
    pages,
    ("/people", A.person_lookup, FORM),
    ("/people/export", A.person_export, POST),
    ("/people/erase", A.person_erase, POST),
)

# API
add_routes(
    api_bp,
    ("/people/export", api.PeopleExport),
    ("/people/erase", api.PeopleErase),
    ("/audit", api.AuditLog),
)
