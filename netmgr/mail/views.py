"""Coordinator pages of the embedded mail mode: the .eml files and failed outbox messages."""

from __future__ import annotations

import email
import email.policy
from email.parser import BytesHeaderParser

from flask import abort, render_template
from sqlalchemy import func, select

from ..extensions import db
from ..web.access import coordinator_required
from .models import OutboxMessage
from .transport import mail_dir


def _headers(path):
    with open(path, "rb") as fh:
        return BytesHeaderParser(policy=email.policy.default).parse(fh)


@coordinator_required
def mail_files():
    directory = mail_dir()
    files = sorted(directory.glob("*.eml"), key=lambda p: p.name, reverse=True)[:200]
    rows = [{"name": p.name, "headers": _headers(p)} for p in files]
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


@coordinator_required
def mail_file(name: str):
    if "/" in name or "\\" in name or not name.endswith(".eml"):
        abort(404)
    path = mail_dir() / name
    if not path.is_file():
        abort(404)
    raw = path.read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
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
        parts=parts,
        raw=raw.decode("utf-8", "replace"),
    )
