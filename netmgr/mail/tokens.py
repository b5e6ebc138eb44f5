"""Signed, expiring, single-purpose tokens for personal links (RSVP, unsubscribe).

Each purpose has its own salt, so an unsubscribe token can never be used to accept an
invitation and vice versa. Tokens carry ids only; following one twice changes nothing twice.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

#: purpose -> (salt, config key of the maximum age in seconds, default)
PURPOSES = {
    "accept": ("netmgr.rsvp.accept", "RSVP_TOKEN_MAX_AGE", 180 * 86400),
    "decline": ("netmgr.rsvp.decline", "RSVP_TOKEN_MAX_AGE", 180 * 86400),
    "unsubscribe": ("netmgr.mail.unsubscribe", "UNSUBSCRIBE_TOKEN_MAX_AGE", 730 * 86400),
    "official": ("netmgr.rsvp.official", "RSVP_TOKEN_MAX_AGE", 180 * 86400),
    # answers to an invitation to join a joint process
    "join_accept": ("netmgr.rsvp.join_accept", "RSVP_TOKEN_MAX_AGE", 180 * 86400),
    "join_decline": ("netmgr.rsvp.join_decline", "RSVP_TOKEN_MAX_AGE", 180 * 86400),
}


class InvalidToken(Exception):
    def __init__(self, expired: bool = False):
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    cache = current_app.extensions.setdefault("netmgr_token_serializers", {})
    key = (purpose, current_app.config["SECRET_KEY"])
    if key not in cache:
        cache[key] = URLSafeTimedSerializer(
            current_app.config["SECRET_KEY"], salt=PURPOSES[purpose][0]
        )
    return cache[key]


def make_token(purpose: str, payload: dict) -> str:
    """Same output as ``serializer.dumps``; the signer (key derivation) is built once."""
    cache = current_app.extensions.setdefault("netmgr_token_signers", {})
    key = (purpose, current_app.config["SECRET_KEY"])
    if key not in cache:
        serializer = _serializer(purpose)
        cache[key] = (serializer, serializer.make_signer())
    serializer, signer = cache[key]
    return signer.sign(serializer.dump_payload(payload)).decode("ascii")


def read_token(purpose: str, token: str) -> dict:
    _, key, default = PURPOSES[purpose]
    max_age = current_app.config.get(key) or default
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken(expired=True) from exc
    except BadSignature as exc:
        raise InvalidToken() from exc
    if not isinstance(payload, dict):
        raise InvalidToken()
    return payload


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def unsubscribe_url(contact) -> str:
    return f"{base_url()}/mail/unsubscribe/{make_token('unsubscribe', {'c': contact.id})}"


def rsvp_urls(event_id: int, contact_id: int, campaign_id: int | None = None) -> dict[str, str]:
    payload = {"e": event_id, "c": contact_id, "k": campaign_id}
    return {
        "accept_url": f"{base_url()}/rsvp/accept/{make_token('accept', payload)}",
        "decline_url": f"{base_url()}/rsvp/decline/{make_token('decline', payload)}",
    }
