"""Fixtures of the mail tests: data factories and a controllable real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from netmgr.core.timeutil import utcnow
from netmgr.extensions import db


class FaultySMTP:
    """aiosmtpd on 127.0.0.1 that records raw messages, can refuse addresses and restart."""

    def __init__(self):
        with socket.socket() as s:  # aiosmtpd cannot self-check port 0 (stack notes)
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.raw: list[bytes] = []
        self.refuse: dict[str, str] = {}  # address -> SMTP reply at RCPT
        self._lock = threading.Lock()
        self.controller = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self) -> int:
        with self._lock:
            return len(self.raw)

    def wait_for(self, n: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {n} messages, got {self.count()}")
            time.sleep(0.02)

    def messages(self):
        with self._lock:
            raw = list(self.raw)
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]


@pytest.fixture
def smtp(app):
    """A FaultySMTP the app sends to during the test (Flask-Mail state pointed at it)."""
    server = FaultySMTP()
    server.start()
    saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SUPPRESS_SEND")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SUPPRESS_SEND=False)
    state = app.extensions["mail"]
    old_state = (state.server, state.port, state.suppress)
    state.server, state.port, state.suppress = "127.0.0.1", server.port, False
    yield server
    server.stop()
    app.config.update(saved)
    state.server, state.port, state.suppress = old_state


class Factory:
    def __init__(self):
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def org(self, *, kind="municipality", standard="nb", county="18", population=2000, name=None):
        from netmgr.organizations.models import Organization

        n = self._next()
        org = Organization(
            kind=kind,
            name=name or f"Testkommune {n}",
            municipality_number=f"{9000 + n:04d}" if kind == "municipality" else None,
            written_standard=standard if kind == "municipality" else None,
            county_number=county,
            population=population,
        )
        db.session.add(org)
        db.session.flush()
        return org

    def contact(self, org=None, *, language=None, opted_out=False, name=None, email=None):
        from netmgr.organizations.models import Contact

        org = org or self.org()
        n = self._next()
        c = Contact(
            organization_id=org.id,
            name=name or f"Person {n}",
            email=email or f"person{n}@example.no",
            language=language,
            opted_out=opted_out,
        )
        db.session.add(c)
        db.session.flush()
        return c

    def event(self, *, capacity=None, coordinator=None, status="published", title=None):
        from netmgr.events.models import Event

        start = (utcnow() + dt.timedelta(days=30)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        ev = Event(
            kind="network_meeting",
            title=title or "Nettverkssamling velferdsteknologi",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=6),
            location="Bodø rådhus",
            capacity=capacity,
            status=status,
            coordinator_id=getattr(coordinator, "id", None),
            published_at=utcnow() if status == "published" else None,
        )
        db.session.add(ev)
        db.session.flush()
        return ev


@pytest.fixture
def factory(app_ctx):
    return Factory()


def parse(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)
