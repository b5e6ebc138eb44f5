"""The client side of bench/registration.py, run in a separate process (spawned pool worker).

``fire_http`` sends prepared POSTs from one thread per client (plain urllib, a new connection
per request, no redirects followed) and times each; ``fire_floor`` does the same seat decision
in hand-written SQL from as many database connections, opened before the clock starts.
"""

from __future__ import annotations

import itertools
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(job) -> tuple[int, float]:
    url, body, headers = job
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    t0 = time.perf_counter()
    try:
        with _OPENER.open(request, timeout=120) as resp:
            resp.read()
            code = resp.status
    except urllib.error.HTTPError as err:
        err.read()
        code = err.code
    except OSError:
        code = -1  # connection refused/reset: counted as a server error
    return code, time.perf_counter() - t0


def fire_http(jobs, clients: int):
    """-> (status codes, latencies in s, elapsed s) of all ``jobs`` from ``clients`` threads."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(_post, jobs))
    elapsed = time.perf_counter() - t0
    return [c for c, _ in results], [t for _, t in results], elapsed


def wait_for(url: str, timeout: float) -> None:
    """Poll ``url`` until it answers (gunicorn's workers are up)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                resp.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # start-up poll, not a timing sleep


_PG_DECIDE = (
    "SELECT id FROM events WHERE id = %(e)s FOR UPDATE",
    "SELECT count(*) FROM registrations WHERE event_id = %(e)s AND role = 'attendee' "
    "AND status = 'confirmed'",
)
_INSERT = (
    "INSERT INTO registrations (event_id, organization_id, role, status, attendance, source, "
    "confirmed_at, waitlisted_at, created_at, updated_at) VALUES ({e}, {o}, 'attendee', {s}, "
    "'unknown', 'api', {c}, {w}, {now}, {now})"
)


def _pg_connect(url: str):
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1))


def _sqlite_connect(url: str):
    import sqlite3

    conn = sqlite3.connect(
        url.removeprefix("sqlite:///"), timeout=60, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA busy_timeout = 60000")
    return conn


def _pg_one(conn, event_id, seats, org_id):
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(_PG_DECIDE[0], {"e": event_id})
        cur.execute(_PG_DECIDE[1], {"e": event_id})
        confirmed = cur.fetchone()[0] < seats
        cur.execute(
            _INSERT.format(e="%(e)s", o="%(o)s", s="%(s)s", c="%(c)s", w="%(w)s", now="now()"),
            {
                "e": event_id,
                "o": org_id,
                "s": "confirmed" if confirmed else "waitlisted",
                "c": _now() if confirmed else None,
                "w": None if confirmed else _now(),
            },
        )


def _sqlite_one(conn, event_id, seats, org_id):
    # SQLite has no row lock: BEGIN IMMEDIATE takes the write lock first, as the app does.
    conn.execute("BEGIN IMMEDIATE")
    try:
        (count,) = conn.execute(
            "SELECT count(*) FROM registrations WHERE event_id = ? AND role = 'attendee' "
            "AND status = 'confirmed'",
            (event_id,),
        ).fetchone()
        confirmed = count < seats
        stamp = _now().replace(tzinfo=None).isoformat(" ")
        conn.execute(
            _INSERT.format(e="?", o="?", s="?", c="?", w="?", now="?"),
            (
                event_id,
                org_id,
                "confirmed" if confirmed else "waitlisted",
                stamp if confirmed else None,
                None if confirmed else stamp,
                stamp,
                stamp,
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _now():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def fire_floor(url: str, event_id: int, total: int, clients: int, org_id: int) -> float:
    """Hand-written seat decision ``total`` times from ``clients`` connections; -> elapsed s."""
    postgres = url.startswith("postgresql")
    connect, one = (_pg_connect, _pg_one) if postgres else (_sqlite_connect, _sqlite_one)
    seats = _seats(url, event_id, connect, postgres)
    conns = [connect(url) for _ in range(clients)]
    tickets = itertools.count()
    lock = threading.Lock()

    def client(conn):
        while True:
            with lock:
                n = next(tickets)
            if n >= total:
                return
            one(conn, event_id, seats, org_id)

    try:
        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in conns]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - t0
    finally:
        for conn in conns:
            conn.close()


def _seats(url, event_id, connect, postgres) -> int:
    conn = connect(url)
    try:
        mark = "%s" if postgres else "?"
        row = conn.execute(f"SELECT capacity FROM events WHERE id = {mark}", (event_id,)).fetchone()
        return row[0]
    finally:
        conn.close()
