"""Coordinator pages of the embedded mail mode: the .eml files and failed outbox messages."""

from __future__ import annotations

import email
import email.policy
from email.parser import BytesHeaderParser

from flask import abort, make_response, render_template
from sqlalchemy import func, select

from ..extensions import db
from ..web.access import coordinator_required
from .models import OutboxMessage
from .transport import mail_dir


def _headers(path):
    with open(path, "rb") as fh:
        return BytesHeaderParser(policy=email.policy.default).parse(fh)


def _sent_at(headers):
    """The Date header as a datetime (shown in Oslo time by the page), or None."""
    date = headers["Date"]
    return getattr(date, "datetime", None) if date else None


@coordinator_required
def mail_files():
    directory = mail_dir()
    files = sorted(directory.glob("*.eml"), key=lambda p: p.name, reverse=True)[:200]
    rows = []
    for path in files:
        headers = _headers(path)
        rows.append({"name": path.name, "headers": headers, "sent_at": _sent_at(headers)})
    counts = dict(
        db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
    )
    failed = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == "failed")
            .order_by(OutboxMessage.updated_at.desc())
            .limit(100)
        )
    )
    return render_template(
        "campaigns/mail_files.html",
        rows=rows,
        counts=counts,
        failed=failed,
        directory=str(directory),
    )


#: A mail's HTML part as the recipient's program shows it: its own inline styles and images,
#: no scripts, no other requests, framed only by the mail page (which sandboxes the frame)
MAIL_FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "frame-ancestors 'self'; sandbox"
)


def _read(name: str):
    if "/" in name or "\\" in name or not name.endswith(".eml"):
        abort(404)
    path = mail_dir() / name
    if not path.is_file():
        abort(404)
    raw = path.read_bytes()
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


@coordinator_required
def mail_file_html(name: str, part: int):
    _raw, msg = _read(name)
    leaves = [p for p in msg.walk() if not p.is_multipart()]
    if part >= len(leaves) or leaves[part].get_content_type() != "text/html":
        abort(404)
    response = make_response(leaves[part].get_content())
    response.mimetype = "text/html"
    response.headers["Content-Security-Policy"] = MAIL_FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@coordinator_required
def mail_file(name: str):
    raw, msg = _read(name)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        if isinstance(content, bytes):
            content = content.decode("utf-8", "replace")
        parts.append(
            {
                "type": part.get_content_type(),
                "params": dict(part.get_params() or []),
                "filename": part.get_filename(),
                "content": content,
            }
        )
    return render_template(
        "campaigns/mail_file.html",
        name=name,
        msg=msg,
        sent_at=_sent_at(msg),
        parts=parts,
        raw=raw.decode("utf-8", "replace"),
    )
