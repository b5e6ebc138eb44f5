"""Every route of the health feature. No authentication, no personal data, no rate limit."""

from flask import Blueprint

from ..extensions import csrf, limiter
from . import views

bp = Blueprint("health", __name__)
limiter.exempt(bp)
csrf.exempt(bp)

# Public pages (for probes)
bp.add_url_rule("/healthz", "healthz", views.healthz, methods=["GET"])
bp.add_url_rule("/readyz", "readyz", views.readyz, methods=["GET"])
