"""Guards for coordinator pages (browser sessions)."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(role: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapper.requires_role = role  # read by the test that walks the URL map
        return wrapper

    return decorator


coordinator_required = role_required("coordinator")
admin_required = role_required("admin")
