"""Personal cancel links: a signed token naming the registration and its contact."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from .models import Registration

CANCEL_SALT = "registration-cancel"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CANCEL_SALT)


def cancel_token(registration: Registration) -> str:
    return _serializer().dumps({"r": registration.id, "c": registration.contact_id})


def registration_from_token(token: str) -> Registration | None:
    """The registration a personal cancel link points at, or None for a bad/forged token."""
    try:
        data = _serializer().loads(token)
    except (BadSignature, UnicodeError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    reg = db.session.get(Registration, data["r"])
    if reg is None or reg.contact_id != data.get("c"):
        return None
    return reg


def confirmation_url(registration: Registration) -> str:
    """The person's own page of the registration (details, .ics, cancel)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    return f"{base}/registrations/{cancel_token(registration)}"


def cancel_url(registration: Registration) -> str:
    base = current_app.config["BASE_URL"].rstrip("/")
    return f"{base}/registrations/cancel/{cancel_token(registration)}"
