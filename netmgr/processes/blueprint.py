"""Every route of the processes feature: public pages, coordinator pages and the API."""

from __future__ import annotations

from flask import Blueprint

from ..api.common import api_blueprint, register_api
from ..web.routes import FORM, POST, add_collection, add_export_routes, add_routes
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
add_routes(
    public,
    ("/processes", views_public.process_list),
    ("/processes/<slug>", views_public.process_detail),
    ("/calendar/processes/<slug>.ics", views_public.process_feed),
)

# Coordinator pages
C = views_coordinator
PARTICIPANT = "/<int:process_id>/participants/<int:organization_id>"
add_routes(
    coordinator,
    ("", C.process_list),
    ("/new", C.process_new, FORM),
    ("/<int:process_id>", C.process_detail),
    ("/<int:process_id>/edit", C.process_edit, FORM),
    ("/<int:process_id>/phase", C.phase_change, FORM),
    ("/<int:process_id>/publish", C.process_publish, POST),
    ("/<int:process_id>/participants/new", C.participant_add, FORM),
    (f"{PARTICIPANT}/leave", C.participant_leave, POST),
    (f"{PARTICIPANT}/<decision>", C.participant_decide, POST),
)
# the supplier list, for the whole process or one event
add_export_routes(coordinator, "/<int:process_id>/suppliers", "supplier_export", C.supplier_export)
add_export_routes(
    coordinator,
    "/<int:process_id>/events/<int:event_id>/suppliers",
    "event_supplier_export",
    C.supplier_export,
)

# API
add_collection(api_bp, "/processes", "<int:process_id>", api.Processes, api.ProcessItem)
add_collection(
    api_bp,
    "/processes/<int:process_id>/participants",
    "<int:organization_id>",
    api.Participants,
    api.ParticipantItem,
)
add_routes(api_bp, ("/processes/<int:process_id>/summary", api.Summary))


def init_blueprints(app) -> None:
    app.register_blueprint(public)
    app.register_blueprint(coordinator)
    register_api(app, api_bp)
    app.jinja_env.globals.update(template_globals())
