"""Every route of the scheduler feature (coordinator and admin pages; no API)."""

from __future__ import annotations

from flask import Blueprint

from . import labels, views

bp = Blueprint("scheduler", __name__, url_prefix="/coordinator")
bp.add_app_template_global(labels.job_kind_label)
bp.add_app_template_global(labels.job_state_label)
bp.add_app_template_global(labels.reminder_text)

# Coordinator pages
bp.add_url_rule("/events/<int:event_id>/reminders", "reminders", views.reminders, methods=["POST"])
bp.add_url_rule("/series", "series_list", views.series_list)
bp.add_url_rule("/series/new", "series_edit", views.series_edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/series/<int:series_id>", "series_edit", views.series_edit, methods=["GET", "POST"]
)

# Admin pages
bp.add_url_rule("/admin/scheduler", "health", views.health)
