"""Blueprint ``coordinator`` (/coordinator): dashboard and shared view helpers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..core.errors import NotFoundError, ServiceError
from ..extensions import db
from ..web.access import coordinator_required
from . import figures
from .forms import apply_service_errors

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


def get_or_404(model, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def run_service(form, action):
    """Run ``action()``; on a ServiceError roll back, show its messages on ``form``; None.

    Returns the action's result on success (the caller commits).
    """
    try:
        return action(), True
    except NotFoundError:
        db.session.rollback()
        abort(404)
    except ServiceError as exc:
        db.session.rollback()
        apply_service_errors(form, exc.errors)
        return None, False


def theme_label(theme) -> str:
    try:
        from ..web.labels import theme_name

        return theme_name(theme)
    except ImportError:  # pragma: no cover - before the web package existed
        return theme.name_nb


@bp.route("/")
@coordinator_required
def dashboard():
    return render_template("coordinator/dashboard.html", **figures.dashboard(), user=current_user)


from . import event_views, network_views  # noqa: E402,F401  (routes on bp)
