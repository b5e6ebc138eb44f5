"""Password sign-in with throttling that never locks the owner out (no user enumeration).

Failures are counted per (account, client address) and per account. An address that keeps
guessing one account must wait; the account itself is never locked, so whoever has the right
password can sign in from any other address. When an account draws many failures from many
addresses, each address gets fewer tries on it (the ceiling slows guessing, it does not lock).
Typed addresses and client addresses are stored only as keyed hashes, for the window only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.audit import audit
from ..core.timeutil import utcnow
from ..extensions import db
from .models import SignInFailure, User

#: Failures of one client address on one account within WINDOW before that pair must wait
PAIR_LIMIT = 5
#: Failures on one account (all addresses together) within WINDOW that make it "under attack"
ACCOUNT_CEILING = 30
#: Failures per address allowed on an account that is over its ceiling
PAIR_LIMIT_OVER_CEILING = 2
#: The window the failures are counted in; older ones are deleted
WINDOW = dt.timedelta(minutes=15)

# Checked when no password is checked, so that every answer costs one scrypt verification.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def _key(value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def is_throttled(account_key: str, address_key: str, now: dt.datetime) -> bool:
    since = now - WINDOW
    recent = SignInFailure.at >= since
    pair = db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(
            SignInFailure.account_key == account_key,
            SignInFailure.address_key == address_key,
            recent,
        )
    )
    if pair >= PAIR_LIMIT:
        return True
    if pair < PAIR_LIMIT_OVER_CEILING:
        return False  # a fresh address always gets its tries, whatever others did
    account = db.session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.account_key == account_key, recent)
    )
    return account >= ACCOUNT_CEILING


def authenticate(
    email: str, password: str, address: str, now: dt.datetime | None = None
) -> User | None:
    """The user when the address and password match an active account and the client address
    is not throttled for it; else None. Every refusal looks the same to the caller and costs
    the same password check. Records the attempt (audit, failure counter); does not commit.
    """
    now = now or utcnow()
    email = (email or "").strip().lower()
    password = password or ""
    account_key, address_key = _key(email), _key(address or "unknown")
    user = db.session.scalar(select(User).where(User.email == email)) if email else None

    if is_throttled(account_key, address_key, now):
        check_password_hash(_DUMMY_HASH, password)
        audit("auth.sign_in_failed", user, address=address, reason="throttled")
        return None
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = user.check_password(password)
    if not ok:
        db.session.execute(delete(SignInFailure).where(SignInFailure.at < now - WINDOW))
        db.session.add(SignInFailure(account_key=account_key, address_key=address_key, at=now))
        reason = "password" if user is not None else "unknown_account"
        audit("auth.sign_in_failed", user, address=address, reason=reason)
        return None
    if not user.active:
        audit("auth.sign_in_failed", user, address=address, reason="inactive")
        return None
    db.session.execute(
        delete(SignInFailure).where(
            SignInFailure.account_key == account_key, SignInFailure.address_key == address_key
        )
    )
    user.last_login_at = now
    audit("auth.signed_in", user, user=user, address=address, method="password")
    return user
