"""Password sign-in with a lock-out after repeated failures (no user enumeration)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..auth.models import User
from ..core.timeutil import utcnow
from ..extensions import db

#: Failures in a row before the account is locked
MAX_FAILURES = 5
#: First lock-out; it doubles with every further failure (up to 16 times as long)
LOCK_MINUTES = 15

# Checked when the address is unknown, so that answering takes as long as for a real user.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def lock_duration(failed_logins: int) -> dt.timedelta:
    extra = min(max(failed_logins - MAX_FAILURES, 0), 4)
    return dt.timedelta(minutes=LOCK_MINUTES * 2**extra)


def authenticate(email: str, password: str, now: dt.datetime | None = None) -> User | None:
    """The user when the address and password match an active, unlocked account; else None.

    Every refusal looks the same to the caller. Failures are counted on the account; after
    MAX_FAILURES in a row it is locked for a while. Does not commit.
    """
    now = now or utcnow()
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if user.locked_until is not None and now < user.locked_until:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + lock_duration(user.failed_logins)
        return None
    if not user.active:
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user
