"""Coordinator pages under /coordinator/participation (thin: logic lives in the services)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("participation", __name__, url_prefix="/coordinator/participation")
