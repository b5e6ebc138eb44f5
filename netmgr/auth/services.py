"""User administration (admin role): users, passwords and API tokens. No commits here."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..core.errors import ConflictError, ServiceError
from ..core.timeutil import utcnow
from ..extensions import db
from .models import ROLES, ApiToken, User
from .sessions import end_all_sessions

MIN_PASSWORD = 10


def check_password_rules(password: str) -> None:
    if not password or len(password) < MIN_PASSWORD:
        raise ServiceError({"password": [_("Passordet må ha minst %(n)d tegn.", n=MIN_PASSWORD)]})


def create_user(data: dict, by=None) -> User:
    """Create a coordinator or admin with a password."""
    try:
        email = validate_email(
            (data.get("email") or "").strip(), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError:
        raise ServiceError({"email": [_("Skriv en gyldig e-postadresse.")]}) from None
    role = data.get("role") or "coordinator"
    if role not in ROLES:
        raise ServiceError({"role": [_("Ukjent rolle.")]})
    check_password_rules(data.get("password") or "")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ConflictError({"email": [_("Det finnes allerede en bruker med denne adressen.")]})
    user = User(
        email=email,
        name=(data.get("name") or "").strip() or email.split("@")[0],
        role=role,
        active=True,
    )
    user.set_password(data["password"])
    db.session.add(user)
    db.session.flush()
    audit("user.created", user, user=by, role=role)
    return user


def set_active(user: User, active: bool, by=None) -> User:
    """Deactivate (or reactivate) a user; an admin cannot deactivate themselves."""
    if not active and by is not None and by.id == user.id:
        raise ServiceError({"_schema": [_("Du kan ikke deaktivere deg selv.")]})
    user.active = active
    if not active:
        end_all_sessions(user)
    audit("user.activated" if active else "user.deactivated", user, user=by)
    return user


def reset_password(user: User, password: str, by=None) -> User:
    """Set a new password; every session of the user ends (a copied cookie dies with it)."""
    check_password_rules(password)
    user.set_password(password)
    end_all_sessions(user)
    audit("user.password_reset", user, user=by)
    return user


def issue_token(user: User, name: str, by=None) -> tuple[ApiToken, str]:
    """A new API token; the secret is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ServiceError({"name": [_("Skriv et navn.")]})
    token, secret = ApiToken.issue(user, name=name[:100])
    db.session.flush()
    audit("token.created", token, user=by, owner=user.id, prefix=token.prefix)
    return token, secret


def revoke_token(token: ApiToken, by=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit("token.revoked", token, user=by, owner=token.user_id, prefix=token.prefix)
    return token


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.email)))


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
