"""Optional single sign-on with OpenID Connect (for example Microsoft Entra ID), via Authlib.

Switched on by ``NETMGR_OIDC_ISSUER``, ``NETMGR_OIDC_CLIENT_ID`` and
``NETMGR_OIDC_CLIENT_SECRET``. The ID token must come from exactly the configured issuer, for
this client, with the nonce of this browser's request (Authlib checks signature, ``aud``,
``exp`` and ``nonce``; ``iss`` is pinned here). The e-mail claim picks an existing active
account; signing in never creates one.
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import current_app
from sqlalchemy import select

from ..core.audit import audit
from ..core.timeutil import utcnow
from ..extensions import db
from .models import User

#: app.extensions key of the registered Authlib client
EXTENSION = "netmgr_oidc"


def init_oidc(app) -> None:
    issuer = (app.config.get("OIDC_ISSUER") or "").rstrip("/")
    if not issuer:
        return
    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth.register(
        "oidc",
        client_id=app.config.get("OIDC_CLIENT_ID"),
        client_secret=app.config.get("OIDC_CLIENT_SECRET"),
        server_metadata_url=app.config.get("OIDC_METADATA_URL")
        or issuer + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile"},
    )


def client():
    """The Authlib client, or None when single sign-on is not configured."""
    return current_app.extensions.get(EXTENSION)


def claims_options() -> dict:
    return {"iss": {"essential": True, "value": current_app.config["OIDC_ISSUER"].rstrip("/")}}


def email_of(claims: dict) -> str:
    """The address in the ID token (Entra ID may give only ``preferred_username``)."""
    if claims.get("email_verified") is False:
        return ""
    value = claims.get("email") or claims.get("preferred_username") or ""
    return value.strip().lower() if isinstance(value, str) and "@" in value else ""


def match_user(claims: dict, address: str) -> User | None:
    """The active account with the token's address, else None (recorded either way)."""
    email = email_of(claims)
    user = (
        db.session.scalar(select(User).where(User.email == email, User.active.is_(True)))
        if email
        else None
    )
    if user is None:
        audit("auth.sign_in_failed", None, address=address, reason="oidc_no_account")
        return None
    user.last_login_at = utcnow()
    audit("auth.signed_in", user, user=user, address=address, method="oidc")
    return user
