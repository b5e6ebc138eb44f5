"""Mail benchmark: a 10,000-recipient campaign through the outbox vs plain smtplib.

    .venv/bin/python bench/mail.py [--n 10000] [--small 1000] [--profile drain.prof]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/mail.py

A local aiosmtpd server (its own process, handler ``Sink``: discards) receives everything.

* baseline: N pre-built messages (same builder, built before timing) over ONE smtplib connection
* drain:    ``drain_outbox`` of the campaign's N outbox rows (claim, build, send, mark)
* whole:    from the coordinator's "send" (create_campaign + send_campaign + commit) to the
            last message accepted by the server (i.e. compose + drain)
* memory:   tracemalloc peak of ``drain_outbox`` for a --small and an N campaign

Targets: drain >= 70 % and whole >= 40 % of the baseline's messages per second; the sender's
peak memory does not grow with the campaign size.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import secrets
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("aiosmtpd did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=1_000)
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the drain calls")
    args = ap.parse_args()
    n = args.n

    tmp = tempfile.mkdtemp(prefix="netmgr-bench-")
    port = free_port()
    sink = start_sink(port)
    from tests.scratchdb import scratch_database

    url, drop = scratch_database(os.environ.get("BENCH_DATABASE_URL"), tmp, "netmgr_bench")
    try:
        run(url, port, tmp, n, args.small, args.profile)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        drop()


def run(url, port, tmp, n, small, profile=None):
    from flask_migrate import upgrade
    from sqlalchemy import delete, func, select

    from netmgr import create_app
    from netmgr.campaigns import services
    from netmgr.campaigns.models import Campaign
    from netmgr.core.timeutil import utcnow
    from netmgr.events.models import Event
    from netmgr.extensions import db
    from netmgr.mail import sender as _sender
    from netmgr.mail.message import build_message
    from netmgr.mail.models import OutboxMessage

    drain_outbox = lambda *a, **k: _sender.drain_outbox(*a, **k)
    from netmgr.organizations.models import Contact, Organization

    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_urlsafe(32),
            "ENV": "production",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_SUPPRESS_SEND": False,
            "BASE_URL": "https://netmgr.lup.no",
        }
    )
    app.instance_path = tmp
    import logging

    logging.disable(logging.WARNING)
    with app.app_context():
        upgrade(revision="heads")
        import datetime as dt

        now = utcnow()
        orgs = []
        for i, standard in enumerate(("nb", "nn")):
            org = Organization(
                kind="municipality",
                name=f"Bench {standard}",
                municipality_number=f"{9900 + i}",
                written_standard=standard,
                county_number="18",
                population=1000,
            )
            db.session.add(org)
            orgs.append(org)
        event = Event(
            kind="network_meeting",
            title="Nettverkssamling – benchmark",
            starts_at=now + dt.timedelta(days=30),
            ends_at=now + dt.timedelta(days=30, hours=6),
            location="Bodø",
            status="published",
            description="Program og påmelding.",
        )
        db.session.add(event)
        db.session.flush()

        def contacts(tag: str, count: int, org: Organization):
            rows = [
                {
                    "organization_id": org.id,
                    "name": f"Mottaker {tag} {i} Ærlig",
                    "email": f"{tag}.{i}@bench.example.no",
                    "opted_out": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(count)
            ]
            for k in range(0, count, 5000):
                db.session.execute(Contact.__table__.insert(), rows[k : k + 5000])

        contacts("big", n, orgs[0])
        contacts("nn", 0, orgs[1])
        contacts("small", small, orgs[1])
        db.session.commit()
        event_id, big_org, small_org = event.id, orgs[0].id, orgs[1].id

        # -- baseline: pre-built messages over one plain smtplib connection ------------------
        sample = services.create_campaign(
            db.session.get(Event, event_id), {"organizations": [big_org]}
        )
        services.send_campaign(sample)
        db.session.commit()
        sender = app.config["MAIL_DEFAULT_SENDER"]
        prebuilt = [
            (r.to_address, build_message(r, sender=sender))
            for r in db.session.execute(select(OutboxMessage)).scalars()
        ]
        db.session.execute(delete(OutboxMessage))
        db.session.execute(delete(Campaign))
        db.session.commit()
        db.session.expunge_all()
        # The machine may be shared: baseline and drain run interleaved in chunks, so both
        # see the same load. The baseline keeps ONE connection open across its chunks; each
        # drain_outbox call uses one reused connection for its chunk.
        chunk = max(1, min(1000, n // 10))
        smtp = smtplib.SMTP("127.0.0.1", port)
        baseline = baseline_cpu = 0.0
        t0 = time.perf_counter()
        campaign = services.create_campaign(
            db.session.get(Event, event_id), {"organizations": [big_org]}
        )
        queued = services.send_campaign(campaign)
        db.session.commit()
        compose = time.perf_counter() - t0
        db.session.expunge_all()
        drain = drain_cpu = 0.0
        sent = 0
        profiler = cProfile.Profile() if profile else None
        for start in range(0, n, chunk):
            t, c = time.perf_counter(), time.process_time()
            for to, data in prebuilt[start : start + chunk]:
                smtp.sendmail("noreply@netmgr.lup.no", [to], data)
            baseline += time.perf_counter() - t
            baseline_cpu += time.process_time() - c
            t, c = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            sent += drain_outbox(app, limit=chunk).sent
            if profiler:
                profiler.disable()
            drain += time.perf_counter() - t
            drain_cpu += time.process_time() - c
        smtp.quit()
        if profiler:
            profiler.dump_stats(profile)
        size = sum(len(d) for _, d in prebuilt) / len(prebuilt)
        del prebuilt
        assert queued == n and sent == n, (queued, sent)
        assert db.session.scalar(select(func.count()).where(OutboxMessage.state == "sent")) >= n

        # -- memory: sender peak for a small and a big campaign -------------------------------
        peaks = {}
        for label, org_id, count in (("small", small_org, small), ("big", big_org, n)):
            db.session.execute(delete(OutboxMessage))
            db.session.execute(delete(Campaign))
            db.session.commit()
            c = services.create_campaign(
                db.session.get(Event, event_id), {"organizations": [org_id]}
            )
            services.send_campaign(c)
            db.session.commit()
            db.session.expunge_all()
            tracemalloc.start()
            tracemalloc.reset_peak()
            r = drain_outbox(app)
            peaks[label] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert r.sent == count, r

    base_rate = n / baseline
    drain_rate = n / drain
    whole_rate = n / (compose + drain)
    db_kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"mail benchmark: {n:,} recipients, {db_kind}, message ~{size / 1024:.1f} KB "
        f"(text+HTML+text/calendar+invite.ics), aiosmtpd Sink in its own process"
    )
    print(
        f"  baseline smtplib, pre-built, one connection: {baseline:7.2f} s  "
        f"{base_rate:8.0f} msg/s  (client CPU {baseline_cpu / n * 1e3:.2f} ms/msg)"
    )
    print(f"  compose (create_campaign + send_campaign):    {compose:7.2f} s")
    print(
        f"  drain_outbox:                                 {drain:7.2f} s  "
        f"{drain_rate:8.0f} msg/s  ratio {drain_rate / base_rate:5.0%} (target >= 70%)"
        f"  (client CPU {drain_cpu / n * 1e3:.2f} ms/msg)"
    )
    print(
        f"  whole campaign (send -> last accepted):       {compose + drain:7.2f} s  "
        f"{whole_rate:8.0f} msg/s  ratio {whole_rate / base_rate:5.0%} (target >= 40%)"
    )
    print(
        f"  sender peak memory (tracemalloc): {small:,} recipients "
        f"{peaks['small'] / 1e6:.2f} MB, {n:,} recipients {peaks['big'] / 1e6:.2f} MB "
        f"(x{peaks['big'] / peaks['small']:.2f})"
    )


if __name__ == "__main__":
    main()
