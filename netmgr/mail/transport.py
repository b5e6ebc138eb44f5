"""How the sender hands a finished message over: one SMTP connection, or .eml files (the
embedded default when ``MAIL_SERVER`` is not set)."""

from __future__ import annotations

import os
import smtplib
from contextlib import contextmanager, suppress
from pathlib import Path

from flask import current_app

from ..extensions import mail
from .journal import setting


class RawMessage:
    """Pre-built bytes in the shape Flask-Mail's ``Connection.send`` expects."""

    mail_options: list = []
    rcpt_options: list = []

    def __init__(self, sender: str, recipient: str, data: bytes):
        # (name, address) tuples: Flask-Mail's sanitize_address skips parsing them
        self.sender = ("", sender)
        self.send_to = {("", recipient)}
        self.data = data
        self.date = 0  # the Date header is already in ``data``

    def has_bad_headers(self) -> bool:
        return False  # headers are sanitised in message.py

    def as_bytes(self) -> bytes:
        return self.data


@contextmanager
def smtp_connection():
    """``with mail.connect() as conn`` that tolerates a dead server at QUIT."""
    conn = mail.connect()
    conn.__enter__()
    if conn.host is not None and conn.host.sock is not None:
        # a hung server must not hold claims forever (Flask-Mail sets no timeout)
        conn.host.sock.settimeout(setting("MAIL_SMTP_TIMEOUT", 60))
    try:
        yield conn
    finally:
        with suppress(smtplib.SMTPException, OSError):
            conn.__exit__(None, None, None)


def reply_text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


# -- embedded default: files --------------------------------------------------------------------
def mail_dir() -> Path:
    path = Path(current_app.config["MAIL_FILE_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def eml_name(row_id: int, message_id: str) -> str:
    local = "".join(c for c in message_id.strip("<>").split("@")[0] if c.isalnum())[:32]
    return f"{row_id:08d}-{local}.eml"


def write_file(row, data: bytes) -> None:
    """Write atomically; the name comes from the row, so a second write replaces the first."""
    path = mail_dir() / eml_name(row.id, row.message_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
