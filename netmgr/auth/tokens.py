"""Bearer-token authentication for the REST API."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from flask import abort, g, request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from ..core.timeutil import utcnow
from ..extensions import db
from .models import ApiToken, User, hash_token

#: Token and owner in one indexed query, built once: building it (join, eager-load option)
#: cost more CPU than running it, and a registration burst pays it per request
_TOKEN = (
    select(ApiToken)
    .join(ApiToken.user)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        User.active.is_(True),
    )
    .options(contains_eager(ApiToken.user))
)


def user_from_bearer() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    token = db.session.scalar(_TOKEN, {"token_hash": hash_token(secret.strip())})
    if token is None:
        return None
    now = utcnow()
    # Write at most once a minute: a write per request serialises bursts on SQLite.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()  # nothing else is in the session yet; reads persist it too
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
