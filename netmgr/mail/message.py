"""Turning one outbox row into the bytes of one RFC 5322 message.

Structure (what Outlook and Gmail need to show a meeting invitation)::

    multipart/mixed                         (only when there is an .ics)
      multipart/alternative
        text/plain; charset=utf-8
        text/html; charset=utf-8            (when the row has HTML)
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics; name=invite.ics      (attachment, same calendar)

The MIME text is assembled directly (quoted-printable / base64 from :mod:`binascii`) rather than
through :class:`email.message.EmailMessage`, whose generator costs several times the SMTP round
trip; the tests read every part back with the standard library's parser.
"""

from __future__ import annotations

import binascii
import datetime as dt
import itertools
import re
import secrets
from email.charset import Charset
from email.header import Header
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache

from ..core.timeutil import utcnow

CRLF = "\r\n"
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


class BadAddress(ValueError):
    """The recipient address cannot be used (a permanent failure)."""


def valid_address(address: str | None) -> bool:
    return bool(address) and bool(_ADDRESS.match(address))


@lru_cache(maxsize=256)
def _header_text(value: str) -> str:
    """An unstructured header value, RFC 2047-encoded when it is not plain ASCII.

    Cached: a campaign has one subject per language, and ``Header.encode`` is slow."""
    value = value.replace("\r", " ").replace("\n", " ")
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=76).encode(linesep=CRLF)


@lru_cache(maxsize=16)
def _sender(sender: str) -> str:
    name, addr = parseaddr(sender)
    return _address(addr, name)


#: One Charset for every display name (``formataddr`` builds one per call when given a name)
_UTF8 = Charset("utf-8")


def _address(address: str, name: str | None = None) -> str:
    address = address.replace("\r", "").replace("\n", "")
    if name:
        name = name.replace("\r", " ").replace("\n", " ")
        return formataddr((name, address), charset=_UTF8)
    return address


@lru_cache(maxsize=4)
def _date(when: dt.datetime) -> str:
    """The Date header; cached, since a drain formats the same second many times."""
    return format_datetime(when)


def _qp(text: str) -> str:
    data = text.replace("\r\n", "\n").encode("utf-8")
    encoded = binascii.b2a_qp(data, istext=True).decode("ascii")
    return encoded.replace("\n", CRLF)


def _b64(data: bytes) -> str:
    encoded = binascii.b2a_base64(data, newline=False).decode("ascii")
    return CRLF.join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


#: "=_" never occurs in quoted-printable or base64 text, so a boundary starting with it cannot
#: collide with a part's content; the random prefix and the counter only keep them distinct.
_BOUNDARY_PREFIX = "=_netmgr_" + secrets.token_hex(8) + "_"
_boundaries = itertools.count()


def _boundary() -> str:
    return _BOUNDARY_PREFIX + format(next(_boundaries), "x")


def build_message(row, *, sender: str, date: dt.datetime | None = None) -> bytes:
    """The complete message for an :class:`~netmgr.mail.models.OutboxMessage` (or any object
    with the same attributes) as CRLF-terminated bytes ready for SMTP ``DATA``."""
    if not valid_address(row.to_address):
        raise BadAddress(f"invalid recipient address {row.to_address!r}")
    headers = [
        ("From", _sender(sender)),
        ("To", _address(row.to_address, row.to_name)),
    ]
    if row.reply_to:
        headers.append(("Reply-To", _address(row.reply_to)))
    headers += [
        ("Subject", _header_text(row.subject)),
        ("Date", _date((date or utcnow()).replace(microsecond=0))),
        ("Message-ID", row.message_id),
        ("MIME-Version", "1.0"),
        ("Content-Language", row.language or "nb"),
    ]
    for name, value in (row.headers or {}).items():
        headers.append((name, _header_text(str(value))))

    text_part = (
        "Content-Type: text/plain; charset=utf-8"
        + CRLF
        + "Content-Transfer-Encoding: quoted-printable"
        + CRLF
        + CRLF
        + _qp(row.body_text)
    )
    parts = [text_part]
    if row.body_html:
        parts.append(
            "Content-Type: text/html; charset=utf-8"
            + CRLF
            + "Content-Transfer-Encoding: quoted-printable"
            + CRLF
            + CRLF
            + _qp(row.body_html)
        )
    ics_b64 = None
    if row.ics:
        method = (row.ics_method or "PUBLISH").upper()
        ics_b64 = _b64(row.ics.encode("utf-8"))  # the calendar part and the attachment
        parts.append(
            f"Content-Type: text/calendar; method={method}; charset=UTF-8"
            + CRLF
            + "Content-Transfer-Encoding: base64"
            + CRLF
            + CRLF
            + ics_b64
        )

    alt_boundary = _boundary()
    alternative = (
        f'Content-Type: multipart/alternative; boundary="{alt_boundary}"'
        + CRLF
        + CRLF
        + _multipart_body(alt_boundary, parts)
    )
    if ics_b64 is None:
        body = alternative
    else:
        mixed_boundary = _boundary()
        attachment = (
            "Content-Type: application/ics; name=invite.ics"
            + CRLF
            + "Content-Disposition: attachment; filename=invite.ics"
            + CRLF
            + "Content-Transfer-Encoding: base64"
            + CRLF
            + CRLF
            + ics_b64
        )
        body = (
            f'Content-Type: multipart/mixed; boundary="{mixed_boundary}"'
            + CRLF
            + CRLF
            + _multipart_body(mixed_boundary, [alternative, attachment])
        )
    head = CRLF.join(f"{name}: {value}" for name, value in headers)
    return (head + CRLF + body).encode("utf-8")


def _multipart_body(boundary: str, parts: list[str]) -> str:
    out = []
    for part in parts:
        out.append("--" + boundary + CRLF + part + CRLF)
    out.append("--" + boundary + "--" + CRLF)
    return "".join(out)
