"""Bearer-token authentication for the REST API."""
from __future__ import annotations

from functools import wraps

from flask import abort, g, request
from sqlalchemy import select

from ..core.timeutil import utcnow
from ..extensions import db
from .models import ApiToken, User, hash_token


def user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    token = db.session.scalar(select(ApiToken).where(
        ApiToken.token_hash == hash_token(secret.strip()), ApiToken.revoked_at.is_(None)))
    if token is None or not token.user.active:
        return None
    token.last_used_at = utcnow()
    g.api_user = token.user
    return token.user


def current_api_user() -> User | None:
    return g.get("api_user") or user_from_bearer()


def require_token(role: str = "coordinator"):
    """Decorator: 401 without a valid bearer token, 403 with one whose user lacks ``role``."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_api_user()
            if user is None:
                abort(401)
            if not user.has_role(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator
