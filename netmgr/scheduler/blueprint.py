"""Every route of the scheduler feature (coordinator and admin pages; no API)."""

from __future__ import annotations

from flask import Blueprint

from ..web.routes import FORM, POST, add_routes
from . import labels, views

bp = Blueprint("scheduler", __name__, url_prefix="/coordinator")
bp.add_app_template_global(labels.job_kind_label)
bp.add_app_template_global(labels.job_state_label)
bp.add_app_template_global(labels.reminder_text)

# Coordinator pages
add_routes(
    bp,
    ("/events/<int:event_id>/reminders", views.reminders, POST),
    ("/series", views.series_list),
    ("/series/new", views.series_edit, FORM),
    ("/series/<int:series_id>", views.series_edit, FORM),
)

# Admin pages
add_routes(bp, ("/admin/scheduler", views.health))
