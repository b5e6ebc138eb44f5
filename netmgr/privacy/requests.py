"""Self-service access requests from the privacy notice.

Every address gets the same treatment: a request row and a mail with a single-use link valid
for seven days. The link leads to the same export the coordinators make, which is empty for an
unknown address; the page answer and the work done never tell who is known.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..core.audit import audit
from ..core.timeutil import utcnow
from ..extensions import db
from ..mail.compose import render_mail
from ..mail.outbox import enqueue
from .export import export_zip, normalise
from .models import AccessRequest, hash_access_token


def request_copy(email: str, language: str = "nb") -> AccessRequest:
    """Record the request and queue the mail with the link (the caller commits)."""
    address = normalise(email)
    row, token = AccessRequest.issue(address)
    db.session.flush()
    url = f"{current_app.config['BASE_URL'].rstrip('/')}/personvern/innsyn/{token}"
    subject, text, html = render_mail(
        "privacy_access", language, url=url, expires_at=row.expires_at
    )
    enqueue(
        kind="privacy.access",
        to_address=address,
        language=language,
        subject=subject or "",
        body_text=text,
        body_html=html,
    )
    audit("privacy.access_requested", row)
    return row


def find_request(token: str) -> AccessRequest | None:
    """The request of a link that still works, or None (unknown, used and expired alike)."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(AccessRequest).where(AccessRequest.token_hash == hash_access_token(token))
    )
    return row if row is not None and row.usable() else None


def redeem(row: AccessRequest) -> bytes:
    """The person's ZIP; the link is spent (the caller commits)."""
    row.used_at = utcnow()
    return export_zip(row.email, via="self_service")
