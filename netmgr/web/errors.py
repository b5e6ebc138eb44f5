"""Error pages (403, 404, 500 and others) in the reader's language; JSON stays JSON for the API."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import api, db

PAGES = {403: "errors/403.html", 404: "errors/404.html", 500: "errors/500.html"}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def init_errors(app) -> None:

    def render(error):
        if not isinstance(error, HTTPException):
            error = InternalServerError(original_exception=error)
        if _wants_json():
            return api.handle_http_exception(error)  # flask-smorest's JSON payload
        code = error.code or 500
        template = PAGES.get(code, "errors/generic.html")
        return render_template(
            template, error=error, code=code, csrf_expired=isinstance(error, CSRFError)
        ), code

    for code in (400, 403, 404, 405, 429, 500):
        app.register_error_handler(code, render)


def found_or_404(obj):
    """``obj``, or the 404 page when the look-up found nothing (``None``)."""
    if obj is None:
        abort(404)
    return obj


def get_or_404(model, object_id: int):
    """The row with this primary key, or the 404 page (the API has its own JSON one)."""
    return found_or_404(db.session.get(model, object_id))
