"""Benchmark: the coordinator pages on ten years of data, over HTTP under gunicorn.

For each size (participation records) a fresh database is loaded (bench/pages_data.py: 357
municipalities, 5,000 events, 20,000 contacts, 500 campaigns, COPY on PostgreSQL, executemany
on SQLite), the app runs under gunicorn (``--no-control-socket``, 2 gthread workers x 2
threads, its own process group) signed in as a coordinator, and every page is fetched in
rounds (pages interleaved, so all see the same machine load): p50 and p95 per page, the
status, and the SQL statements the page ran (counted in-process with the Flask test client,
which must not grow with the data). Target: every page p95 <= 300 ms. The liveness probe
``/healthz`` is fetched in the same rounds as a baseline: on a shared machine it shows how much
of a page's time is the machine's load.

    python bench/pages.py --db postgres --sizes 10000,100000,1000000
    python bench/pages.py --sizes 10000 --rounds 10        # SQLite file
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sqlalchemy import event as sa_event  # noqa: E402

from bench.registration import percentile, start_gunicorn, stop_gunicorn  # noqa: E402

PG_SERVER = os.environ.get("NETMGR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_MS = 300
#: Not a page: the liveness probe (no query, no template), fetched in the same rounds, shows
#: what the machine's load alone costs a request
BASELINE = "baseline /healthz"


def pages(ids: dict) -> dict[str, str]:
    """name -> path of every page the issue names."""
    event, org, campaign = ids["event_id"], ids["org_id"], ids["campaign_id"]
    report = "/coordinator/participation/"
    targets = "/coordinator/participation/targets"
    return {
        BASELINE: "/healthz",
        "dashboard": "/coordinator/",
        "report": report,
        "report (period, kind)": f"{report}?from=2024-01-01&to=2024-12-31&kind=meeting_place",
        "report (network)": f"{report}?network={ids['network_id']}",
        "targets": targets,
        "targets (filters)": f"{targets}?max_population=10000&months=24&county=34",
        "map": "/coordinator/participation/map",
        "municipality": f"/coordinator/participation/municipalities/{org}",
        "event registrations": f"/coordinator/events/{event}/registrations",
        "check-in": f"/coordinator/participation/events/{event}/checkin",
        "campaign": f"/coordinator/campaigns/{campaign}",
        "public event list": "/events",
    }


def app_config(url: str, folder: str, secret_key: str) -> dict:
    return {
        "ENV": "testing",
        "TESTING": False,
        "SECRET_KEY": secret_key,
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": False,
        "SCHEDULER_IN_PROCESS": False,
        "MAIL_FILE_DIR": os.path.join(folder, "mail"),
        "MAIL_JOURNAL_DIR": os.path.join(folder, "journal"),
        "SESSION_COOKIE_SECURE": False,
    }


def session_cookie(app, user) -> str:
    """The signed session cookie of a signed-in ``user`` (what the sign-in form sets)."""
    from netmgr.auth.sessions import SESSION_KEY, open_session
    from netmgr.extensions import db

    secret = open_session(user)
    db.session.commit()
    value = app.session_interface.get_signing_serializer(app).dumps(
        {"_user_id": str(user.id), "_fresh": True, SESSION_KEY: secret}
    )
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def statement_counts(app, cookie: str, paths: dict[str, str]) -> dict[str, int]:
    """SQL statements per page, counted in-process (Flask test client, same database)."""
    from netmgr.extensions import db

    client = app.test_client()
    name, _, value = cookie.partition("=")
    client.set_cookie(name, value)
    counts = {}
    with app.app_context():
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            for page, path in paths.items():
                client.get(path)  # warm (caches, last_seen_at)
                seen.clear()
                client.get(path)
                counts[page] = len(seen)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
    return counts


def fetch(url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            resp.read()
            code = resp.status
    except urllib.error.HTTPError as err:
        err.read()
        code = err.code
    return code, time.perf_counter() - t0


def run_size(args, rows: int) -> list[str]:
    from flask_migrate import upgrade

    from bench.pages_data import generate
    from netmgr import create_app
    from netmgr.auth.models import User
    from netmgr.extensions import db
    from tests.scratchdb import scratch_database

    folder = tempfile.mkdtemp(prefix="netmgr-pages-")
    url, drop = scratch_database(PG_SERVER if args.db == "postgres" else None, folder, "pages")
    dialect = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    config = app_config(url, folder, secrets.token_urlsafe(32))
    app = create_app(config)
    server = None
    lines = []
    try:
        with app.app_context():
            upgrade(revision="heads")
            print(f"\n{dialect}, {rows:,} participation records")
            ids = generate(rows, args.events)
            ids["network_id"] = db.session.scalar(db.text("SELECT min(id) FROM networks"))
            user = User(email="bench@lup.no", name="Bench", role="coordinator")
            db.session.add(user)
            db.session.commit()
            cookie = session_cookie(app, user)
        paths = pages(ids)
        counts = statement_counts(app, cookie, paths)
        server, base = start_gunicorn(config, args.workers, args.threads)
        times: dict[str, list[float]] = {page: [] for page in paths}
        codes: dict[str, set[int]] = {page: set() for page in paths}
        for path in paths.values():  # warm every worker's caches a little
            for _ in range(args.workers):
                fetch(base + path, cookie)
        for _ in range(args.rounds):
            for page, path in paths.items():
                code, elapsed = fetch(base + path, cookie)
                times[page].append(elapsed)
                codes[page].add(code)
        worst = 0.0
        for page in paths:
            p50 = 1000 * statistics.median(times[page])
            p95 = 1000 * percentile(times[page], 0.95)
            if page != BASELINE:
                worst = max(worst, p95)
            status = ",".join(str(c) for c in sorted(codes[page]))
            line = (
                f"{dialect} {rows:>9,} {page:<22} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  "
                f"statements {counts[page]:3d}  status {status}"
                + (
                    ""
                    if page == BASELINE or (p95 <= TARGET_MS and codes[page] == {200})
                    else "  <-- over target"
                )
            )
            print(line)
            lines.append(line)
        lines.append(f"{dialect} {rows:>9,} worst p95 {worst:.0f} ms (target <= {TARGET_MS})")
        print(lines[-1])
    finally:
        if server is not None:
            stop_gunicorn(server)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    summary = []
    for size in (int(s) for s in args.sizes.split(",")):
        summary += run_size(args, size)
    print("\n" + "\n".join(summary))
    print(json.dumps({"load_average": os.getloadavg()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
