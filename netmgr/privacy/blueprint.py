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
    ("/personvern", "notice", P.notice),
    ("/personvern/innsyn", "access_request", P.access_request, POST),
    ("/personvern/innsyn/<token>", "access_link", P.access_link),
    ("/personvern/innsyn/<token>", "access_download", P.access_download, POST),
    ("/tilgjengelighet", "accessibility", P.accessibility),
)

# Coordinator pages
add_routes(
    pages,
    ("/admin/privacy", "privacy_admin", A.privacy_admin),
    ("/admin/privacy/retention", "retention_save", A.retention_save, POST),
    ("/admin/privacy/records.csv", "records_csv", A.records_csv),
    ("/admin/privacy/records.xlsx", "records_xlsx", A.records_xlsx),
    ("/admin/audit", "audit_page", A.audit_page),
)
add_export_routes(pages, "/admin/audit", "audit_csv", A.audit_csv)
add_routes(
    pages,
    ("/people", "person_lookup", A.person_lookup, FORM),
    ("/people/export", "person_export", A.person_export, POST),
    ("/people/erase", "person_erase", A.person_erase, POST),
)

# API
add_routes(
    api_bp,
    ("/people/export", "PeopleExport", api.PeopleExport),
    ("/people/erase", "PeopleErase", api.PeopleErase),
    ("/audit", "AuditLog", api.AuditLog),
)
