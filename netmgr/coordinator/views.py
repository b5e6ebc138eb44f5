"""Blueprint ``coordinator`` (/coordinator): the dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..participation.figures import headline as participation_headline
from ..web.access import coordinator_required
from . import figures

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


@bp.route("/")
@coordinator_required
def dashboard():
    return render_template(
        "coordinator/dashboard.html",
        **figures.dashboard(),
        targeting=participation_headline(),
        user=current_user,
    )
