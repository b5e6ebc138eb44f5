"""Benchmark: a burst of concurrent registrations for one event over real HTTP.

Starts the app in a threaded werkzeug server on 127.0.0.1, creates an event with ``--capacity``
seats and fires ``--total`` registrations from ``--concurrency`` client threads at
``POST /api/v1/events/<id>/registrations`` (``--endpoint api``, bearer token) or at the public
supplier form (``--endpoint form``). Prints registrations per second (median of the rounds) and
checks the outcome every round: exactly ``capacity`` confirmed, the rest waitlisted, no errors.

    python bench/registration.py                    # SQLite file in a temporary folder
    python bench/registration.py --db postgres      # fresh PostgreSQL database (dropped after)
    python bench/registration.py --db postgres --endpoint form --rounds 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

PG_SERVER = os.environ.get("NETMGR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def post(url, data: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with OPENER.open(request, timeout=120) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--endpoint", choices=("api", "form"), default="api")
    parser.add_argument("--total", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from sqlalchemy import func, select
    from werkzeug.serving import make_server

    from netmgr import create_app
    from netmgr.auth.models import ApiToken, User
    from netmgr.core.timeutil import utcnow
    from netmgr.events.models import Event
    from netmgr.extensions import db
    from netmgr.organizations.models import Organization
    from netmgr.registration.models import Registration

    folder = tempfile.mkdtemp(prefix="netmgr-bench-")
    from tests.scratchdb import scratch_database

    url, drop = scratch_database(PG_SERVER if args.db != "sqlite" else None, folder, "netmgr_bench")
    app = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": os.path.join(folder, "mail"),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.concurrency, "max_overflow": 8}
            if args.db == "postgres"
            else {},
        }
    )
    rates = []
    try:
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(revision="heads")
            user = User(email="bench@lup.no", name="bench", role="coordinator")
            db.session.add(user)
            db.session.flush()
            _, secret = ApiToken.issue(user, name="bench")
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
            org_ids = [o.id for o in orgs]

        server = make_server("127.0.0.1", 0, app, threaded=True)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"

        for n in range(args.rounds):
            with app.app_context():
                start = utcnow() + dt.timedelta(days=10)
                event = Event(
                    kind="meeting_place",
                    title=f"Bench {n}",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    capacity=args.capacity,
                    presenter_slots=0,
                    status="published",
                    published_at=utcnow(),
                )
                db.session.add(event)
                db.session.commit()
                event_id = event.id

            def one(i, n=n, event_id=event_id):
                if args.endpoint == "api":
                    body = json.dumps(
                        {
                            "email": f"p{n}-{i}@bench.no",
                            "name": f"Person {i}",
                            "organization_id": org_ids[i % 10],
                        }
                    ).encode()
                    return post(
                        f"{base}/api/v1/events/{event_id}/registrations",
                        body,
                        {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
                    )
                body = urllib.parse.urlencode(
                    {
                        "org_number": "974760673",
                        "company_name": "Bench AS",
                        "contact_name": f"Person {i}",
                        "email": f"p{n}-{i}@bench.no",
                        "participation": "attendee",
                    }
                ).encode()
                return post(
                    f"{base}/events/{event_id}/register/supplier",
                    body,
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )

            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                codes = list(pool.map(one, range(args.total)))
            elapsed = time.perf_counter() - t0
            with app.app_context():
                confirmed = db.session.scalar(
                    select(func.count()).where(
                        Registration.event_id == event_id, Registration.status == "confirmed"
                    )
                )
                waitlisted = db.session.scalar(
                    select(func.count()).where(
                        Registration.event_id == event_id, Registration.status == "waitlisted"
                    )
                )
            ok_code = 201 if args.endpoint == "api" else 303
            errors = sum(1 for c in codes if c != ok_code)
            rate = args.total / elapsed
            rates.append(rate)
            print(
                f"round {n + 1}: {args.total} registrations in {elapsed:.2f} s = "
                f"{rate:.0f}/s; confirmed {confirmed}, waitlisted {waitlisted}, "
                f"errors {errors}"
            )
            if (
                errors
                or confirmed != min(args.capacity, args.total)
                or confirmed + waitlisted != args.total
            ):
                print("FAILED: overbooking or errors")
                return 1
        server.shutdown()
        print(
            f"{args.db}, {args.endpoint}, {args.concurrency} clients: median "
            f"{statistics.median(rates):.0f} registrations/s "
            f"({args.total} for {args.capacity} seats)"
        )
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
