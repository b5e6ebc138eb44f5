"""Server-side sign-in sessions.

The signed cookie alone would stay valid until the key changes, so a copied cookie would
outlive sign-out. Each sign-in therefore makes a :class:`UserSession` row; the cookie holds a
random secret whose hash names that row. A request is signed in only while the row exists and
was seen within the idle limit: signing out deletes the row, a password change or a
deactivation deletes all of the user's rows.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..core.timeutil import utcnow
from ..extensions import db
from .models import User, UserSession, hash_token

#: Key of the session secret in Flask's session cookie
SESSION_KEY = "_sid"
#: ``last_seen_at`` is written at most this often (a write per request would serialise bursts)
TOUCH_EVERY = dt.timedelta(minutes=1)


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def open_session(user: User, method: str = "password") -> str:
    """A new session row for ``user``; returns the secret for the cookie. Does not commit."""
    now = utcnow()
    # Rows of sessions nobody signed out of would pile up: drop the expired ones here.
    db.session.execute(delete(UserSession).where(UserSession.last_seen_at < now - idle_limit()))
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user=user,
            secret_hash=hash_token(secret),
            method=method,
            created_at=now,
            last_seen_at=now,
        )
    )
    return secret


def sign_in(user: User, method: str = "password") -> None:
    """Start a fresh browser session for ``user`` (nothing carried over from before)."""
    session.clear()
    session[SESSION_KEY] = open_session(user, method)
    login_user(user)


def sign_out() -> User | None:
    """End this browser's session on the server too; returns whose it was. Does not commit."""
    row = _row(session.get(SESSION_KEY))
    user = row.user if row is not None else None
    if row is not None:
        db.session.delete(row)
    logout_user()
    session.clear()
    return user


def end_all_sessions(user: User) -> None:
    """Sign ``user`` out everywhere (password changed, account deactivated)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user of a live, unexpired session row, else None."""
    row = _row(session.get(SESSION_KEY))
    if row is None or str(row.user_id) != user_id or not row.user.active:
        return None
    now = utcnow()
    if now - row.last_seen_at > idle_limit():
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()  # runs at the start of the request, before the view writes
    return row.user


def _row(secret) -> UserSession | None:
    if not isinstance(secret, str) or not secret:
        return None
    return db.session.scalar(
        select(UserSession).where(UserSession.secret_hash == hash_token(secret))
    )
