"""Password reset by mail: a single-use link that expires, stored only as a hash.

Asking for a link gives the same answer and does the same work (the mail is composed) whether
or not the address belongs to an account, so the page tells nobody which addresses exist.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..core.audit import audit
from ..core.errors import ServiceError
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.outbox import enqueue
from .models import PasswordReset, User, hash_token
from .services import check_password_rules
from .sessions import end_all_sessions

#: How long a reset link works
RESET_MINUTES = 60


def request_reset(email: str, link_for: Callable[[str], str], language: str = "nb") -> None:
    """Mail a reset link to ``email`` if it belongs to an active account. Does not commit."""
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    secret = secrets.token_urlsafe(32)
    subject = _("Nytt passord for LUP nettverk")
    body = render_template(
        "auth/mail/password_reset.txt", link=link_for(secret), minutes=RESET_MINUTES
    )
    if user is None:
        return
    now = utcnow()
    db.session.add(
        PasswordReset(
            user=user,
            token_hash=hash_token(secret),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=RESET_MINUTES),
        )
    )
    enqueue(
        kind="auth.password_reset",
        to_address=user.email,
        to_name=user.name,
        subject=subject,
        body_text=body,
        language=language,
    )
    audit("auth.password_reset_requested", user)


def valid_reset(secret: str) -> PasswordReset | None:
    """The unused, unexpired reset of an active user that ``secret`` names, else None."""
    if not secret or len(secret) > 200:
        return None
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_token(secret))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset if reset.user.active else None


def reset_password(secret: str, password: str) -> User:
    """Set the password through a reset link; the link and every other one of the user stop
    working, and all the user's sessions end. Does not commit."""
    reset = valid_reset(secret)
    if reset is None:
        raise ServiceError({"_schema": [_("Lenken er brukt eller utløpt. Be om en ny.")]})
    check_password_rules(password)
    user = reset.user
    user.set_password(password)
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    end_all_sessions(user)
    audit("auth.password_changed", user, user=user, via="reset")
    return user
