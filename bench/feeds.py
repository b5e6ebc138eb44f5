"""Benchmark of the calendar feeds under gunicorn (several worker processes, loopback).

Measures requests per second, in one run and one server, for
  (a) GET /calendar/all.ics                      (full feed, 200, from each worker's cache),
  (b) the same with If-None-Match                (304, fingerprint query only),
  (c) GET /_bench/baseline.ics                   (a Flask view returning the same pre-built
                                                  bytes; added by bench/feed_app.py),
  (d) GET /calendar/all.ics, Accept-Encoding: gzip (200, the cached gzip of the feed),
  (e) nginx serving those same gzip bytes as a static file (the ceiling; skipped without nginx),
with a bounded concurrent client (threads, http.client keep-alive connections) and a fixed
request count per round; prints the median of the rounds and the ratios a/c and b/c.
Targets: a/c >= 0.75, b/c >= 1, d/b >= 0.9 and gzip bytes <= 1/10 of the plain feed.

    python bench/feeds.py                       # SQLite file in a temporary folder
    python bench/feeds.py --db postgres         # fresh PostgreSQL database (dropped after)
    python bench/feeds.py --workers 4 --requests 2000 --concurrency 8 --rounds 5
    python bench/feeds.py --fingerprint-ttl 0   # one fingerprint query on every request
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.client
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

PG_SERVER = os.environ.get("NETMGR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
GZIP = {"Accept-Encoding": "gzip"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(url: str, instance: str, count: int) -> None:
    """Migrate and add ``count`` published events (a year back to two years ahead)."""
    from flask_migrate import upgrade

    from netmgr import create_app
    from netmgr.core.timeutil import utcnow
    from netmgr.events.models import Event
    from netmgr.extensions import db
    from netmgr.networks.models import Network, Theme

    os.environ["NETMGR_INSTANCE_PATH"] = instance
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "ENV": "production",
            "SCHEDULER_IN_PROCESS": False,
        }
    )
    rnd = random.Random(42)
    with app.app_context():
        upgrade(directory=os.path.join(ROOT, "migrations"), revision="heads")
        themes = db.session.query(Theme).all()
        networks = []
        for i, theme in enumerate(themes):
            net = Network(
                slug=f"nettverk-{i}", name=f"Nettverk {theme.name_nb} – Áŋđšŧž", theme=theme
            )
            db.session.add(net)
            networks.append(net)
        db.session.flush()
        now = utcnow().replace(second=0, microsecond=0)
        for i in range(count):
            start = now + dt.timedelta(days=rnd.randint(-330, 730), hours=rnd.randint(0, 10))
            net = rnd.choice(networks + [None])
            online = rnd.random() < 0.3
            event = Event(
                kind=rnd.choice(["network_meeting", "meeting_place", "webinar"]),
                title=f"Nettverksmøte {i} om innovasjon i små kommuner – æøå",
                description=(
                    "Program: velkommen, innlegg fra kommunene, "
                    "leverandørpitch og dialog om behov. "
                )
                * 3,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                location=None if online else f"Rådhuset, Kommune {i % 357}",
                online_url=f"https://teams.example/m/{i}" if online else None,
                network=net,
                county_number=rnd.choice([None, "03", "46", "56"]),
                status="published",
                published_at=now,
            )
            event.themes = [net.theme] if net else [rnd.choice(themes)]
            db.session.add(event)
        db.session.commit()
        db.engine.dispose()


def start_server(url: str, instance: str, workers: int, worker_class: str, threads: int):
    port = free_port()
    env = dict(
        os.environ,
        NETMGR_DATABASE_URL=url,
        NETMGR_SECRET_KEY=secrets.token_urlsafe(32),
        NETMGR_ENV="production",
        NETMGR_SCHEDULER_IN_PROCESS="false",
        NETMGR_INSTANCE_PATH=instance,
        NETMGR_BASE_URL=f"http://127.0.0.1:{port}",
    )
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--no-control-socket",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--keep-alive",
        "30",
        "bench.feed_app:create_app()",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/_bench/baseline.ics")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
    proc.kill()
    raise SystemExit("gunicorn did not answer")


def fetch(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def run(port: int, path: str, headers: dict, expect: int, total: int, concurrency: int) -> float:
    """``total`` requests over ``concurrency`` keep-alive connections; requests per second."""
    counter = iter(range(total))
    lock = threading.Lock()
    errors = []

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status != expect:
                    errors.append(resp.status)
                if resp.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{path}: {len(errors)} bad answers, e.g. {errors[:3]}")
    return total / elapsed


def start_nginx(folder: str, body: bytes):
    """nginx on loopback serving ``body`` as /all.ics.gz with Content-Encoding: gzip."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if binary is None:
        return None, None
    root = Path(folder) / "nginx-root"
    root.mkdir()
    (root / "all.ics.gz").write_bytes(body)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    conf = Path(folder) / "nginx.conf"
    conf.write_text(f"""{user}
daemon off; worker_processes 2; pid {folder}/nginx.pid; error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ default_type "text/calendar; charset=utf-8"; add_header Content-Encoding gzip; }}
    }}
}}
""")
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", folder], start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if fetch(port, "/all.ics.gz")[0] == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("nginx did not answer")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", choices=("sqlite", "postgres"), default=os.environ.get("NETMGR_BENCH_DB", "sqlite")
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1000, help="per case and round")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--fingerprint-ttl",
        type=float,
        default=None,
        help="NETMGR_CALENDAR_FINGERPRINT_TTL for the server (default: the "
        "app's, 1 s; 0 = one fingerprint query per request)",
    )
    args = parser.parse_args(argv)
    if args.fingerprint_ttl is not None:
        os.environ["NETMGR_CALENDAR_FINGERPRINT_TTL"] = str(args.fingerprint_ttl)

    folder = tempfile.mkdtemp(prefix="netmgr-bench-")
    from tests.scratchdb import scratch_database

    url, drop = scratch_database(PG_SERVER if args.db != "sqlite" else None, folder, "netmgr_bench")
    proc = nginx = None
    try:
        print(f"seeding {args.events} published events into {args.db} ...", flush=True)
        seed(url, folder, args.events)
        proc, port = start_server(url, folder, args.workers, args.worker_class, args.threads)
        status, headers, feed = fetch(port, "/calendar/all.ics")
        _, _, baseline = fetch(port, "/_bench/baseline.ics")
        assert status == 200 and headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert feed == baseline, "baseline must serve the same bytes as the feed"
        assert feed.count(b"BEGIN:VEVENT") == args.events
        etag = headers["ETag"]
        assert fetch(port, "/calendar/all.ics", {"If-None-Match": etag})[0] == 304
        print(f"feed: {len(feed):,} bytes, {args.events} events, ETag {etag}")
        gz_status, gz_headers, gz_body = fetch(port, "/calendar/all.ics", GZIP)
        assert gz_status == 200 and gz_headers.get("Content-Encoding") == "gzip"
        assert gzip.decompress(gz_body) == feed
        print(f"gzip: {len(gz_body):,} bytes = 1/{len(feed) / len(gz_body):.1f} of the plain feed")
        cases = {
            "a_feed_200": (port, "/calendar/all.ics", {}, 200),
            "b_feed_304": (port, "/calendar/all.ics", {"If-None-Match": etag}, 304),
            "c_baseline": (port, "/_bench/baseline.ics", {}, 200),
            "d_feed_gzip": (port, "/calendar/all.ics", GZIP, 200),
        }
        nginx, nginx_port = start_nginx(folder, gz_body)
        if nginx is not None:
            cases["e_nginx_gz"] = (nginx_port, "/all.ics.gz", {}, 200)
        for p, path, hdrs, expect in cases.values():  # warm every worker's cache
            run(p, path, hdrs, expect, args.workers * 20, args.concurrency)
        # Rounds of short interleaved batches (a, b, c in turn), so that load from other
        # processes on the machine hits the three cases alike; time summed per case.
        batch = max(args.concurrency * 5, 40)
        results = {name: [] for name in cases}
        for rnd in range(args.rounds):
            spent = dict.fromkeys(cases, 0.0)
            done = dict.fromkeys(cases, 0)
            rng = random.Random(rnd)
            while min(done.values()) < args.requests:
                order = list(cases.items())
                rng.shuffle(order)
                for name, (p, path, hdrs, expect) in order:
                    rate = run(p, path, hdrs, expect, batch, args.concurrency)
                    spent[name] += batch / rate
                    done[name] += batch
            for name in cases:
                results[name].append(done[name] / spent[name])
        med = {name: statistics.median(values) for name, values in results.items()}
        ttl = "default (1 s)" if args.fingerprint_ttl is None else f"{args.fingerprint_ttl} s"
        print(
            f"gunicorn {args.workers} workers ({args.worker_class}, {args.threads} threads), "
            f"{args.db}, fingerprint TTL {ttl}, {args.rounds} rounds of >= {args.requests} requests per case "
            f"in interleaved batches of {batch}, concurrency {args.concurrency}"
        )
        for name, values in results.items():
            print(
                f"  {name:11s} median {med[name]:8.1f} req/s   rounds: "
                + ", ".join(f"{v:.0f}" for v in values)
            )
        a_c = statistics.median(a / c for a, c in zip(results["a_feed_200"], results["c_baseline"]))
        b_c = statistics.median(b / c for b, c in zip(results["b_feed_304"], results["c_baseline"]))
        print(
            f"ratio a/c = {a_c:.2f} (target >= 0.75)  {'OK' if a_c >= 0.75 else 'MISSED'}"
            "   [median of per-round ratios]"
        )
        print(f"ratio b/c = {b_c:.2f} (target >= 1.00)  {'OK' if b_c >= 1.0 else 'MISSED'}")
        d_b = statistics.median(
            d / b for d, b in zip(results["d_feed_gzip"], results["b_feed_304"])
        )
        print(
            f"ratio d/b = {d_b:.2f} (gzip vs 304, target >= 0.90)  {'OK' if d_b >= 0.9 else 'MISSED'}"
        )
        size = len(gz_body) / len(feed)
        print(
            f"bytes gzip/plain = {size:.3f} (target <= 0.100)  {'OK' if size <= 0.1 else 'MISSED'}"
        )
        if "e_nginx_gz" in results:
            d_e = statistics.median(
                d / e for d, e in zip(results["d_feed_gzip"], results["e_nginx_gz"])
            )
            print(f"ratio d/e = {d_e:.2f} (gzip feed vs nginx static, the ceiling)")
        return 0
    finally:
        if nginx is not None:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(timeout=20)
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        drop()


if __name__ == "__main__":
    sys.exit(main())
