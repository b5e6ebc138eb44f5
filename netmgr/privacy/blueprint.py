"""Every route of the privacy feature."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api, views_admin, views_public

public = Blueprint("privacy_public", __name__)
pages = Blueprint("privacy", __name__, url_prefix="/coordinator")
api_bp = api_blueprint(
    "api_privacy",
    __name__,
    description="Privacy: a person's data export and erasure, the audit log "
    "(bearer token required).",
)

# Public pages
public.add_url_rule("/personvern", "notice", views_public.notice)
public.add_url_rule(
    "/personvern/innsyn", "access_request", views_public.access_request, methods=["POST"]
)
public.add_url_rule("/personvern/innsyn/<token>", "access_link", views_public.access_link)
public.add_url_rule(
    "/personvern/innsyn/<token>", "access_download", views_public.access_download, methods=["POST"]
)
public.add_url_rule("/tilgjengelighet", "accessibility", views_public.accessibility)

# Coordinator pages
pages.add_url_rule("/admin/privacy", "privacy_admin", views_admin.privacy_admin)
pages.add_url_rule(
    "/admin/privacy/retention", "retention_save", views_admin.retention_save, methods=["POST"]
)
pages.add_url_rule("/admin/privacy/records.csv", "records_csv", views_admin.records_csv)
pages.add_url_rule("/admin/privacy/records.xlsx", "records_xlsx", views_admin.records_xlsx)
pages.add_url_rule("/admin/audit", "audit_page", views_admin.audit_page)
for fmt in ("csv", "xlsx"):
    pages.add_url_rule(
        f"/admin/audit.{fmt}", "audit_csv", views_admin.audit_csv, defaults={"fmt": fmt}
    )
pages.add_url_rule("/people", "person_lookup", views_admin.person_lookup, methods=["GET", "POST"])
pages.add_url_rule("/people/export", "person_export", views_admin.person_export, methods=["POST"])
pages.add_url_rule("/people/erase", "person_erase", views_admin.person_erase, methods=["POST"])

# API
api_bp.add_url_rule("/people/export", "PeopleExport", api.PeopleExport)
api_bp.add_url_rule("/people/erase", "PeopleErase", api.PeopleErase)
api_bp.add_url_rule("/audit", "AuditLog", api.AuditLog)
