"""Participation report and target list against hand-written SQL, on SQLite and PostgreSQL.

    .venv/bin/python bench/reports.py [--rows 1000000] [--events 5000] [--sqlite-only]
                                      [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Generates 1,000,000 participation records (registrations with attendance) over the 357
municipalities of the registry and 5,000 events (SQLite: executemany; PostgreSQL: COPY), then
times, in the same run and alternating, the service functions (SQLAlchemy Core built by
``netmgr.participation``) and hand-written SQL computing the same figures. Prints the median
of the repetitions, the ratio service / hand-written (target ≤ 1.5) and whether the figures
are identical. A fresh PostgreSQL database is created and dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from netmgr import create_app  # noqa: E402
from netmgr.core.timeutil import UTC  # noqa: E402
from netmgr.extensions import db  # noqa: E402
from netmgr.organizations.registry import import_municipalities  # noqa: E402
from netmgr.participation.figures import Filters, SegmentRow, participation_report  # noqa: E402
from netmgr.participation.settings import get_size_classes  # noqa: E402
from netmgr.participation.summary import rebuild  # noqa: E402
from netmgr.participation.targets import TargetCriteria, target_list  # noqa: E402
from tests.scratchdb import create_postgres_database  # noqa: E402

REPS = 3
TODAY = dt.date(2026, 6, 30)
PERIOD = (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
KINDS = ("network_meeting", "meeting_place", "market_dialogue", "webinar", "other")

HAND_REPORT = """
WITH pm AS (
  SELECT r.organization_id AS org_id,
         SUM(CASE WHEN r.attendance = 'attended' THEN 1 ELSE 0 END) AS attended,
         SUM(CASE WHEN r.attendance = 'no_show' THEN 1 ELSE 0 END) AS no_shows
  FROM registrations r JOIN events e ON e.id = r.event_id
  WHERE r.status <> 'cancelled' AND e.status <> 'cancelled'
    AND e.starts_at >= :start AND e.starts_at < :end
  GROUP BY r.organization_id)
SELECT {segment} AS segment, COUNT(o.id),
       COALESCE(SUM(CASE WHEN pm.attended > 0 THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(pm.attended), 0), COALESCE(SUM(pm.no_shows), 0),
       COALESCE(SUM(o.population), 0)
FROM organizations o LEFT OUTER JOIN pm ON pm.org_id = o.id
WHERE o.kind = 'municipality' AND o.active = {true}
GROUP BY {segment} ORDER BY 1
"""
SIZE_SEGMENT = (
    "CASE WHEN COALESCE(o.population, 0) < 2000 THEN 0 "
    "WHEN COALESCE(o.population, 0) < 5000 THEN 1 "
    "WHEN COALESCE(o.population, 0) < 10000 THEN 2 "
    "WHEN COALESCE(o.population, 0) < 20000 THEN 3 "
    "WHEN COALESCE(o.population, 0) < 50000 THEN 4 ELSE 5 END"
)
COUNTY_SEGMENT = "COALESCE(o.county_number, '')"

HAND_TARGETS = """
WITH parts AS (
  SELECT r.organization_id AS org_id, MAX(e.starts_at) AS last,
         SUM(CASE WHEN e.starts_at >= :since THEN 1 ELSE 0 END) AS recent
  FROM registrations r JOIN events e ON e.id = r.event_id
  WHERE r.status <> 'cancelled' AND r.attendance = 'attended' AND e.starts_at < :until
    AND e.status <> 'cancelled'
  GROUP BY r.organization_id),
contacts_n AS (
  SELECT organization_id AS org_id, COUNT(id) AS n,
         SUM(CASE WHEN opted_out = {false} THEN 1 ELSE 0 END) AS ok
  FROM contacts GROUP BY organization_id),
invited AS (
  SELECT cr.organization_id AS org_id, c.event_id AS event_id,
         MAX(CASE WHEN cr.response = 'accepted' THEN 1 ELSE 0 END) AS accepted,
         MAX(CASE WHEN cr.response = 'declined' THEN 1 ELSE 0 END) AS declined
  FROM campaign_recipients cr JOIN campaigns c ON c.id = cr.campaign_id
  WHERE cr.sends > 0 AND c.sent_at >= :since AND c.sent_at < :until
  GROUP BY cr.organization_id, c.event_id),
answers AS (
  SELECT organization_id AS org_id, event_id,
         MAX(CASE WHEN attendance = 'attended' THEN 1 ELSE 0 END) AS attended
  FROM registrations
  WHERE status <> 'cancelled' AND event_id IN (SELECT event_id FROM invited)
  GROUP BY organization_id, event_id),
inv AS (
  SELECT i.org_id, COUNT(i.event_id) AS n, SUM(i.accepted) AS accepted,
         SUM(i.declined) AS declined, COUNT(a.event_id) AS registered,
         COALESCE(SUM(a.attended), 0) AS attended
  FROM invited i LEFT OUTER JOIN answers a ON a.org_id = i.org_id AND a.event_id = i.event_id
  GROUP BY i.org_id)
SELECT o.id, o.municipality_number, o.name, o.county_number, o.population, parts.last,
       COALESCE(parts.recent, 0), COALESCE(inv.n, 0), COALESCE(inv.accepted, 0),
       COALESCE(inv.declined, 0), COALESCE(inv.registered, 0), COALESCE(inv.attended, 0),
       COALESCE(contacts_n.n, 0), COALESCE(contacts_n.ok, 0)
FROM organizations o
LEFT OUTER JOIN parts ON parts.org_id = o.id
LEFT OUTER JOIN contacts_n ON contacts_n.org_id = o.id
LEFT OUTER JOIN inv ON inv.org_id = o.id
WHERE o.kind = 'municipality' AND o.active = {true}
  AND COALESCE(o.population, 0) <= :max_pop AND COALESCE(parts.recent, 0) < :k
ORDER BY CASE WHEN parts.last IS NULL THEN 0 ELSE 1 END, parts.last, o.municipality_number
"""


def generate(n_rows: int, n_events: int, postgres: bool) -> None:
    """Municipalities from the registry; events, contacts, campaigns and registrations."""
    rnd = random.Random(8)
    import_municipalities()
    db.session.commit()
    conn = db.session.connection()
    orgs = conn.execute(
        text("SELECT id, population FROM organizations WHERE kind = 'municipality'")
    ).all()
    themes = [r[0] for r in conn.execute(text("SELECT id FROM themes")).all()]
    now = dt.datetime.now(UTC).replace(tzinfo=None) if not postgres else dt.datetime.now(UTC)

    def ts(value: dt.datetime):
        return value.replace(tzinfo=None) if not postgres else value

    conn.execute(
        text(
            "INSERT INTO networks (slug, name, theme_id, active, created_at, "
            "updated_at) VALUES (:s, :n, :t, :a, :c, :c)"
        ),
        [
            {
                "s": f"net{i}",
                "n": f"Nettverk {i}",
                "t": themes[i % len(themes)],
                "a": True,
                "c": now,
            }
            for i in range(10)
        ],
    )
    networks = [r[0] for r in conn.execute(text("SELECT id FROM networks")).all()]
    start0 = dt.datetime(2021, 1, 1, 8, tzinfo=UTC)
    span = (dt.datetime(2026, 6, 30, tzinfo=UTC) - start0).total_seconds()
    events = []
    for i in range(n_events):
        start = start0 + dt.timedelta(seconds=int(rnd.random() * span))
        events.append(
            {
                "uid": f"bench-{i}@netmgr",
                "seq": 0,
                "kind": rnd.choice(KINDS),
                "title": f"Arrangement {i}",
                "s": ts(start),
                "e": ts(start + dt.timedelta(hours=2)),
                "net": rnd.choice(networks) if rnd.random() < 0.4 else None,
                "status": "cancelled" if rnd.random() < 0.03 else "published",
                "c": now,
            }
        )
    conn.execute(
        text(
            "INSERT INTO events (uid, sequence, kind, title, starts_at, ends_at, "
            "network_id, status, presenter_slots, presenter_approval_required, "
            "members_only, created_at, updated_at) VALUES (:uid, :seq, :kind, :title, "
            ":s, :e, :net, :status, 0, false, false, :c, :c)"
        ),
        events,
    )
    event_rows = conn.execute(text("SELECT id, starts_at FROM events ORDER BY id")).all()
    event_ids = [r[0] for r in event_rows]
    conn.execute(
        text("INSERT INTO event_themes (event_id, theme_id) VALUES (:e, :t)"),
        [{"e": e, "t": rnd.choice(themes)} for e in event_ids if rnd.random() < 0.6],
    )
    contacts = []
    for oid, _pop in orgs:
        for j in range(rnd.randint(0, 8)):
            contacts.append(
                {
                    "o": oid,
                    "n": f"Kontakt {oid}-{j}",
                    "m": f"k{oid}-{j}@bench.no",
                    "x": rnd.random() < 0.1,
                    "c": now,
                }
            )
    conn.execute(
        text(
            "INSERT INTO contacts (organization_id, name, email, opted_out, "
            "created_at, updated_at) VALUES (:o, :n, :m, :x, :c, :c)"
        ),
        contacts,
    )
    contact_rows = conn.execute(text("SELECT id, organization_id FROM contacts")).all()
    # 40 campaigns in the last year, each to ~150 contacts
    for i in range(40):
        ev = rnd.choice(event_ids)
        sent = start0 + dt.timedelta(days=1600 + rnd.randint(0, 400))
        cid = conn.execute(
            text(
                "INSERT INTO campaigns (event_id, name, status, opted_out_count, sent_at, "
                "created_at, updated_at) VALUES (:e, :n, 'sent', 0, :s, :c, :c) RETURNING id"
            ),
            {"e": ev, "n": f"Kampanje {i}", "s": ts(sent), "c": now},
        ).scalar()
        picked = rnd.sample(contact_rows, min(150, len(contact_rows)))
        conn.execute(
            text(
                "INSERT INTO campaign_recipients (campaign_id, contact_id, organization_id, "
                "language, response, sends) VALUES (:c, :p, :o, 'nb', :r, 1)"
            ),
            [
                {
                    "c": cid,
                    "p": p,
                    "o": o,
                    "r": rnd.choice(("none", "none", "accepted", "declined")),
                }
                for p, o in picked
            ],
        )
    # registrations: larger municipalities take part far more (weight ~ population^1.5), so
    # that, as in reality, some small ones have no participation in a year
    weights = [(pop or 1) ** 1.5 for _, pop in orgs]
    org_ids = [o for o, _ in orgs]
    chosen = rnd.choices(org_ids, weights=weights, k=n_rows)
    evs = rnd.choices(event_ids, k=n_rows)
    att = rnd.choices(("attended", "no_show", "unknown"), weights=(75, 12, 13), k=n_rows)
    status = rnd.choices(("confirmed", "cancelled", "waitlisted"), weights=(92, 6, 2), k=n_rows)
    db.session.commit()
    started = time.perf_counter()
    if postgres:
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            stamp = now.isoformat()
            with cur.copy(
                "COPY registrations (event_id, organization_id, role, status, "
                "attendance, source, created_at, updated_at) FROM STDIN"
            ) as copy:
                buf = io.StringIO()
                for i in range(n_rows):
                    buf.write(
                        f"{evs[i]}\t{chosen[i]}\tattendee\t{status[i]}\t{att[i]}\tform\t"
                        f"{stamp}\t{stamp}\n"
                    )
                    if i % 100000 == 99999:
                        copy.write(buf.getvalue())
                        buf = io.StringIO()
                copy.write(buf.getvalue())
            raw.commit()
            cur.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    else:
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            cur.executemany(
                "INSERT INTO registrations (event_id, organization_id, role, status, "
                "attendance, source, created_at, updated_at) "
                "VALUES (?, ?, 'attendee', ?, ?, 'form', ?, ?)",
                ((evs[i], chosen[i], status[i], att[i], stamp, stamp) for i in range(n_rows)),
            )
            raw.commit()
            cur.execute("ANALYZE")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.commit()
        finally:
            raw.close()
    print(f"  {n_rows:,} registrations inserted in {time.perf_counter() - started:.1f} s")
    rebuild(db.session.connection())  # the bulk insert bypassed the participation summary
    db.session.commit()


def _sqlite_ts(value: dt.datetime) -> str:
    """The text SQLAlchemy stores for a UTC datetime on SQLite."""
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def hand_report(segment_sql: str, filters: Filters, postgres: bool, size: bool):
    start, end = filters.bounds
    sql = HAND_REPORT.format(segment=segment_sql, true="true" if postgres else "1")
    params = {
        "start": start if postgres else _sqlite_ts(start),
        "end": end if postgres else _sqlite_ts(end),
    }
    rows = db.session.execute(text(sql), params).all()
    classes = get_size_classes()
    found = {(int(r[0]) if size else r[0]): tuple(int(v) for v in r[1:]) for r in rows}
    keys = range(len(classes.thresholds) + 1) if size else list(found)
    tm = sum(v[0] for v in found.values())
    tr = sum(v[1] for v in found.values())
    out = []
    for key in keys:
        m, r, p, ns, pop = found.get(key, (0, 0, 0, 0, 0))
        out.append(
            SegmentRow(classes.key(key) if size else str(key), "", m, r, p, ns, pop).finish(tm, tr)
        )
    return out


def hand_targets(postgres: bool, since, until, max_pop: int, k: int):
    sql = HAND_TARGETS.format(true="true" if postgres else "1", false="false" if postgres else "0")
    conv = (lambda d: d) if postgres else _sqlite_ts
    return db.session.execute(
        text(sql), {"since": conv(since), "until": conv(until), "max_pop": max_pop, "k": k}
    ).all()


def timed(fn):
    db.session.rollback()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def compare(label, service, hand, same) -> float:
    service(), hand()  # warm caches
    ts, th = [], []
    for _ in range(REPS):
        a, ra = timed(service)
        b, rb = timed(hand)
        ts.append(a)
        th.append(b)
    s, h = statistics.median(ts), statistics.median(th)
    ok = same(ra, rb)
    print(
        f"  {label:<34} service {s * 1000:8.1f} ms   hand SQL {h * 1000:8.1f} ms   "
        f"ratio {s / h:5.2f}   identical figures: {'yes' if ok else 'NO'}"
    )
    if not ok:
        print("    service:", ra[:3], "\n    hand:   ", rb[:3])
    return s / h


def segments_equal(a, b):
    keep = (
        "segment",
        "municipalities",
        "reached",
        "participations",
        "no_shows",
        "population",
        "reach_percent",
        "participations_per_municipality",
        "participants_per_10000",
        "no_show_rate",
        "representation_index",
    )
    return [{k: getattr(r, k) for k in keep} for r in a] == [
        {k: getattr(r, k) for k in keep} for r in b
    ]


def targets_equal(a, b):
    def norm(v):
        if isinstance(v, str) and len(v) >= 19 and v[4] == "-":  # SQLite text timestamps
            v = dt.datetime.fromisoformat(v)
        if isinstance(v, dt.datetime):
            return (
                v.replace(tzinfo=None)
                if v.tzinfo is None
                else v.astimezone(UTC).replace(tzinfo=None)
            )
        return v

    left = [
        (
            r.organization_id,
            norm(r.last_participation),
            r.participations_in_period,
            r.invitations,
            r.invitations_accepted,
            r.invitations_declined,
            r.invitations_registered,
            r.invitations_attended,
            r.contacts,
            r.reachable_contacts,
        )
        for r in a
    ]
    right = [
        (
            r[0],
            norm(r[5]),
            int(r[6]),
            int(r[7]),
            int(r[8]),
            int(r[9]),
            int(r[10]),
            int(r[11]),
            int(r[12]),
            int(r[13]),
        )
        for r in b
    ]
    return left == right


def run(url: str, label: str, n_rows: int, n_events: int) -> list[float]:
    postgres = url.startswith("postgres")
    app = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": "bench-" * 8,
            "DATABASE_URL": url,
            "SCHEDULER_IN_PROCESS": False,
        }
    )
    ratios = []
    with app.app_context():
        upgrade(revision="heads")
        print(f"{label}:")
        generate(n_rows, n_events, postgres)
        filters = Filters(*PERIOD)
        wide = Filters(dt.date(2021, 1, 1), PERIOD[1])
        ratios.append(
            compare(
                "report by size class (12 months)",
                lambda: participation_report("size_class", filters),
                lambda: hand_report(SIZE_SEGMENT, filters, postgres, True),
                segments_equal,
            )
        )
        ratios.append(
            compare(
                "report by size class (5.5 years)",
                lambda: participation_report("size_class", wide),
                lambda: hand_report(SIZE_SEGMENT, wide, postgres, True),
                segments_equal,
            )
        )
        ratios.append(
            compare(
                "report by county (12 months)",
                lambda: participation_report("county", filters),
                lambda: hand_report(COUNTY_SEGMENT, filters, postgres, False),
                lambda a, b: segments_equal(list(a), list(b)),
            )
        )
        from netmgr.participation.figures import months_ago, period_bounds

        for k, max_pop in ((1, 4999), (5, 19999)):
            since, until = period_bounds(months_ago(TODAY, 12), TODAY)
            ratios.append(
                compare(
                    f"target list (<= {max_pop}, fewer than {k})",
                    lambda max_pop=max_pop, k=k: target_list(
                        TargetCriteria(max_population=max_pop, min_participations=k), today=TODAY
                    ),
                    lambda since=since, until=until, max_pop=max_pop, k=k: hand_targets(
                        postgres, since, until, max_pop, k
                    ),
                    targets_equal,
                )
            )
        n1 = len(target_list(TargetCriteria(max_population=4999), today=TODAY))
        n2 = len(
            target_list(TargetCriteria(max_population=19999, min_participations=5), today=TODAY)
        )
        print(f"  (target lists: {n1} and {n2} municipalities)")
        db.session.remove()
        db.engine.dispose()
    return ratios


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument(
        "--pg",
        default=os.environ.get("NETMGR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    worst = []
    with tempfile.TemporaryDirectory() as tmp:
        worst += run(f"sqlite:///{tmp}/bench.db", "SQLite", args.rows, args.events)
    if not args.sqlite_only:
        url, drop = create_postgres_database(args.pg)
        try:
            worst += run(url, "PostgreSQL", args.rows, args.events)
        finally:
            drop()
    print(f"worst ratio service / hand-written SQL: {max(worst):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
