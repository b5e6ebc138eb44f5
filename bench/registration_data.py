"""The data side of bench/registration.py: a scratch database, events, requests, checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import time
import urllib.parse

from sqlalchemy import func, select

from netmgr import create_app
from netmgr.auth.models import ApiToken, User
from netmgr.core.timeutil import utcnow
from netmgr.events.models import Event
from netmgr.extensions import db
from netmgr.mail.models import OutboxMessage
from netmgr.mail.sender import drain_outbox
from netmgr.organizations.models import Organization
from netmgr.registration.models import Registration
from tests.scratchdb import scratch_database


class Fixture:
    """A fresh database (PostgreSQL when ``server_url`` is given, else a SQLite file)."""

    def __init__(self, server_url: str | None, folder: str):
        self.folder = folder
        self.url, self._drop = scratch_database(server_url, folder, "netmgr_bench")
        self.dialect = "PostgreSQL" if self.url.startswith("postgresql") else "SQLite"
        self.floor_url = self.url
        self.secret_key = secrets.token_urlsafe(32)
        self.app = create_app(self.app_config(8))
        with self.app.app_context():
            from flask_migrate import upgrade

            upgrade(revision="heads")
            user = User(email="bench@lup.no", name="bench", role="coordinator")
            db.session.add(user)
            db.session.flush()
            _, self.token = ApiToken.issue(user, name="bench")
            orgs = [
                Organization(
                    kind="municipality",
                    name=f"Kommune {i}",
                    municipality_number=f"{3401 + i}",
                    county_number="34",
                )
                for i in range(10)
            ]
            db.session.add_all(orgs)
            db.session.commit()
            self.org_ids = [o.id for o in orgs]
            self.org_id = self.org_ids[0]

    def app_config(self, threads: int) -> dict:
        postgres = self.url.startswith("postgresql")
        return {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": getattr(self, "secret_key", "x"),
            "DATABASE_URL": self.url,
            # Rate limit and CSRF are per client address / session: a burst from one
            # benchmark address would measure them, not the seat decision.
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": os.path.join(self.folder, "mail"),
            "MAIL_JOURNAL_DIR": os.path.join(self.folder, "journal"),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": threads, "max_overflow": threads}
            if postgres
            else {},
        }

    def events(self, seats: int, count: int) -> list[int]:
        with self.app.app_context():
            start = utcnow() + dt.timedelta(days=10)
            events = [
                Event(
                    kind="meeting_place",
                    title=f"Bench {secrets.token_hex(3)}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    capacity=seats,
                    presenter_slots=0,
                    status="published",
                    published_at=utcnow(),
                )
                for _ in range(count)
            ]
            db.session.add_all(events)
            db.session.commit()
            return [e.id for e in events]

    def http_jobs(self, base: str, event_id: int, total: int, endpoint: str, tag: str):
        jobs = []
        for i in range(total):
            email = f"p{tag}-{i}@bench.no"
            if endpoint == "api":
                body = json.dumps(
                    {"email": email, "name": f"Person {i}", "organization_id": self.org_ids[i % 10]}
                ).encode()
                headers = {
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                }
                jobs.append((f"{base}/api/v1/events/{event_id}/registrations", body, headers))
            else:
                body = urllib.parse.urlencode(
                    {
                        "org_number": "974760673",
                        "company_name": "Bench AS",
                        "contact_name": f"Person {i}",
                        "email": email,
                        "participation": "attendee",
                    }
                ).encode()
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                jobs.append((f"{base}/events/{event_id}/register/supplier", body, headers))
        return jobs

    def check(self, event_id: int, seats: int, total: int, outbox: bool = True) -> dict:
        with self.app.app_context():
            rows = db.session.execute(
                select(Registration.id, Registration.status, Registration.waitlisted_at).where(
                    Registration.event_id == event_id
                )
            ).all()
            confirmed = sum(1 for r in rows if r.status == "confirmed")
            waiting = [r for r in rows if r.status == "waitlisted"]
            # arrival order: the waiting list's order (time, then id) is the order of decisions
            in_order = [r.id for r in sorted(waiting, key=lambda r: (r.waitlisted_at, r.id))] == [
                r.id for r in sorted(waiting, key=lambda r: r.id)
            ]
            queued = db.session.scalar(
                select(func.count()).where(OutboxMessage.event_id == event_id)
            )
        ok = confirmed == min(seats, total) and confirmed + len(waiting) == total and in_order
        if outbox:
            ok &= queued == total
        return {"ok": ok, "confirmed": confirmed, "waitlisted": len(waiting), "outbox": queued}

    def drain(self) -> int:
        """Compose and deliver (file mode) what the rounds queued; -> messages sent."""
        t0 = time.perf_counter()
        result = drain_outbox(self.app)
        elapsed = time.perf_counter() - t0
        print(
            f"  sender: {result.sent} composed and delivered in {elapsed:.1f} s "
            f"({result.sent / max(elapsed, 1e-9):.0f} msg/s), failed {result.failed}"
        )
        return result.sent

    def close(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        self._drop()
