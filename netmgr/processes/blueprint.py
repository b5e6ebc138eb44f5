"""Every route of the processes feature: public pages, coordinator pages and the API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint, register_api
from . import api, views_coordinator, views_public
from .labels import template_globals

public = Blueprint("processes", __name__)
coordinator = Blueprint("processes_coordinator", __name__, url_prefix="/coordinator/processes")
api_bp = api_blueprint(
    "api_processes",
    __name__,
    description="Joint processes: need owners behind one need, from needs mapping to follow-up. "
    "Public processes are readable without a token; everything else needs one.",
)

# Public pages
public.add_url_rule("/processes", "process_list", views_public.process_list)
public.add_url_rule("/processes/<slug>", "process_detail", views_public.process_detail)
public.add_url_rule("/calendar/processes/<slug>.ics", "process_feed", views_public.process_feed)

# Coordinator pages
C = views_coordinator
GP = ["GET", "POST"]
coordinator.add_url_rule("", "process_list", C.process_list)
coordinator.add_url_rule("/new", "process_new", C.process_new, methods=GP)
coordinator.add_url_rule("/<int:process_id>", "process_detail", C.process_detail)
coordinator.add_url_rule("/<int:process_id>/edit", "process_edit", C.process_edit, methods=GP)
coordinator.add_url_rule("/<int:process_id>/phase", "phase_change", C.phase_change, methods=GP)
coordinator.add_url_rule(
    "/<int:process_id>/publish", "process_publish", C.process_publish, methods=["POST"]
)
coordinator.add_url_rule(
    "/<int:process_id>/participants/new", "participant_add", C.participant_add, methods=GP
)
coordinator.add_url_rule(
    "/<int:process_id>/participants/<int:organization_id>/leave",
    "participant_leave",
    C.participant_leave,
    methods=["POST"],
)
coordinator.add_url_rule(
    "/<int:process_id>/participants/<int:organization_id>/<decision>",
    "participant_decide",
    C.participant_decide,
    methods=["POST"],
)
for fmt in ("csv", "xlsx"):  # the supplier list, for the whole process or one event
    coordinator.add_url_rule(
        f"/<int:process_id>/suppliers.{fmt}",
        "supplier_export",
        C.supplier_export,
        defaults={"fmt": fmt},
    )
    coordinator.add_url_rule(
        f"/<int:process_id>/events/<int:event_id>/suppliers.{fmt}",
        "event_supplier_export",
        C.supplier_export,
        defaults={"fmt": fmt},
    )

# API
api_bp.add_url_rule("/processes", view_func=api.Processes)
api_bp.add_url_rule("/processes/<int:process_id>", view_func=api.ProcessItem)
api_bp.add_url_rule("/processes/<int:process_id>/participants", view_func=api.Participants)
api_bp.add_url_rule(
    "/processes/<int:process_id>/participants/<int:organization_id>",
    view_func=api.ParticipantItem,
)
api_bp.add_url_rule("/processes/<int:process_id>/summary", view_func=api.Summary)


def init_blueprints(app) -> None:
    app.register_blueprint(public)
    app.register_blueprint(coordinator)
    register_api(app, api_bp)
    app.jinja_env.globals.update(template_globals())
