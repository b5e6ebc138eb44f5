"""Every route of the participation feature: coordinator pages and the API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint
from . import api, checkin_views, import_views, map_views, views

# Coordinator pages
bp = Blueprint("participation", __name__, url_prefix="/coordinator/participation")
bp.context_processor(views.template_labels)
bp.add_url_rule("/", "report", views.report)
for fmt in ("csv", "xlsx"):  # every table as CSV and as Excel (one export helper)
    bp.add_url_rule(f"/report.{fmt}", "report_csv", views.report_csv, defaults={"fmt": fmt})
    bp.add_url_rule(f"/targets.{fmt}", "targets_csv", views.targets_csv, defaults={"fmt": fmt})
bp.add_url_rule("/targets", "targets", views.targets)
bp.add_url_rule("/targets/campaign", "targets_campaign", views.targets_campaign, methods=["POST"])
bp.add_url_rule("/outcomes", "outcomes", views.outcomes)
bp.add_url_rule("/map", "map_page", map_views.map_page)
bp.add_url_rule("/municipalities/<int:org_id>", "municipality", views.municipality)
bp.add_url_rule(
    "/events/<int:event_id>/checkin",
    "checkin",
    checkin_views.checkin,
    methods=["GET", "POST"],
)
bp.add_url_rule("/import", "import_page", import_views.import_page, methods=["GET", "POST"])
bp.add_url_rule("/settings", "settings", views.settings, methods=["GET", "POST"])

# API
api_bp = api_blueprint(
    "participation_api", __name__, description="Participation figures and target lists"
)
api_bp.add_url_rule("/reports/participation", "participation", api.ParticipationReport)
api_bp.add_url_rule("/targets", "targets", api.Targets)
