"""Personal registration links: opaque random tokens, stored as SHA-256, expiring.

A link opens the person's page of one registration (details, calendar file, cancel). The token
is ``secrets.token_urlsafe(32)`` (256 bits), so one SHA-256 round is enough (as for the feed
tokens). Only the hash is stored (:class:`.models.RegistrationLink`); the token itself exists in
the redirect after the form and in the mail that carries it. Every mail gets a link of its own
(issued when the mail is composed, see :class:`MailLink`), so each link a person received works
until :data:`VALID_AFTER_EVENT` after the event's end; erasure and retention end them earlier.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from markupsafe import escape
from sqlalchemy import insert, select, update

from ..core.timeutil import utcnow
from ..extensions import db
from .models import Registration, RegistrationLink

#: A link works until this long after the event ended
VALID_AFTER_EVENT = dt.timedelta(days=30)
#: Longer strings are not tokens (token_urlsafe(32) gives 43 characters)
MAX_TOKEN_LENGTH = 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def expires_at(event) -> dt.datetime:
    """When the links of the event's registrations stop working (follows a moved event)."""
    return (event.ends_at or event.starts_at) + VALID_AFTER_EVENT


def issue_link(registration_id: int, now: dt.datetime | None = None) -> str:
    """A new link to the registration; returns the token (only its hash is stored).

    One Core INSERT, so it may run in the short transaction of a registration."""
    token = secrets.token_urlsafe(32)
    row = {"registration_id": registration_id, "token_hash": hash_token(token)}
    db.session.connection().execute(_INSERT_LINK, {**row, "created_at": now or utcnow()})
    return token


#: Built once; run on the session's connection (no ORM statement handling per form POST)
_INSERT_LINK = insert(RegistrationLink)


def revoke_links(registration: Registration, now: dt.datetime | None = None) -> int:
    """End every link of the registration (erasure); returns how many were active."""
    result = db.session.execute(
        update(RegistrationLink)
        .where(
            RegistrationLink.registration_id == registration.id,
            RegistrationLink.revoked_at.is_(None),
        )
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


@dataclass(frozen=True)
class Lookup:
    """What a token opens: the registration, or why not (``missing``: 404, ``gone``: 410)."""

    registration: Registration | None
    problem: str | None = None  # None, "missing", "expired" or "revoked"


def find_link(token: str, now: dt.datetime | None = None) -> Lookup:
    """The registration a link opens. Unknown tokens (and the old signed ones) are missing;
    a revoked link, an erased person or an expired link is gone."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return Lookup(None, "missing")
    link = db.session.scalar(
        select(RegistrationLink).where(RegistrationLink.token_hash == hash_token(token))
    )
    if link is None:
        return Lookup(None, "missing")
    registration = db.session.get(Registration, link.registration_id)
    if registration is None:
        return Lookup(None, "missing")
    if link.revoked_at is not None or registration.contact_id is None:
        return Lookup(registration, "revoked")
    if (now or utcnow()) >= expires_at(registration.event):
        return Lookup(registration, "expired")
    return Lookup(registration)


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def confirmation_url(token: str) -> str:
    """The person's own page of the registration (details, .ics, cancel)."""
    return f"{_base()}/registrations/{token}"


def cancel_url(token: str) -> str:
    return f"{_base()}/registrations/cancel/{token}"


class MailLink:
    """The link of one mail, issued the first time a template uses it.

    The renderer composes after the registration's commit (:mod:`netmgr.mail.deferred`), so the
    token is made here, in the sender's transaction, and goes only into the composed message:
    nothing in the queued row (``render_args``) holds it, and a mail without a link issues none.
    Text and HTML part share the token.
    """

    def __init__(self, registration_id: int, kind: str):
        self.registration_id = registration_id
        self.kind = kind  # "cancel" or "page"
        self._shared: dict = {}

    def sibling(self, kind: str) -> MailLink:
        other = MailLink(self.registration_id, kind)
        other._shared = self._shared
        return other

    def __str__(self) -> str:
        if "token" not in self._shared:
            self._shared["token"] = issue_link(self.registration_id)
        token = self._shared["token"]
        return cancel_url(token) if self.kind == "cancel" else confirmation_url(token)

    def __html__(self) -> str:
        return str(escape(str(self)))
