"""The data side of bench/pages.py: ten years of a programme in a scratch database, fast.

357 municipalities from the registry, 10 networks, ``events`` events over ten years, 20,000
contacts, 500 sent campaigns (~150 recipients each) and ``rows`` registrations with attendance
(the participation records). Bulk statements only: PostgreSQL ``COPY`` for the big tables,
SQLite ``executemany`` in one transaction; ``ANALYZE`` at the end.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time

from sqlalchemy import text

from netmgr.core.timeutil import UTC
from netmgr.extensions import db
from netmgr.organizations.registry import import_municipalities
from netmgr.participation.summary import rebuild

KINDS = ("network_meeting", "meeting_place", "market_dialogue", "webinar", "other")
START = dt.datetime(2016, 7, 1, 8, tzinfo=UTC)
END = dt.datetime(2026, 6, 30, tzinfo=UTC)


def _stamp(value: dt.datetime, postgres: bool) -> str:
    """A UTC time as COPY (PostgreSQL) or SQLAlchemy's SQLite text form writes it."""
    if postgres:
        return value.isoformat()
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def _bulk(table: str, columns: tuple[str, ...], rows, postgres: bool) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` as fast as the DB allows."""
    raw = db.session.connection().connection.driver_connection
    cur = raw.cursor()
    names = ", ".join(columns)
    if postgres:
        with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            buf = io.StringIO()
            for n, row in enumerate(rows, 1):
                buf.write("\t".join(r"\N" if v is None else str(v) for v in row) + "\n")
                if n % 100_000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    else:
        marks = ", ".join("?" for _ in columns)
        cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def generate(rows: int, events: int, contacts: int = 20_000, campaigns: int = 500) -> dict:
    """Fill the (migrated, empty) database; -> ids the page list needs."""
    postgres = db.engine.dialect.name == "postgresql"
    rnd = random.Random(18)
    t0 = time.perf_counter()
    import_municipalities()
    db.session.commit()
    conn = db.session.connection()
    orgs = conn.execute(
        text("SELECT id, population FROM organizations WHERE kind = 'municipality' ORDER BY id")
    ).all()
    themes = [r[0] for r in conn.execute(text("SELECT id FROM themes")).all()]
    now = dt.datetime.now(UTC)
    stamp = _stamp(now, postgres)
    true, false = ("t", "f") if postgres else (1, 0)

    _bulk(
        "networks",
        ("slug", "name", "theme_id", "active", "created_at", "updated_at"),
        [
            (f"net{i}", f"Nettverk {i}", themes[i % len(themes)], true, stamp, stamp)
            for i in range(10)
        ],
        postgres,
    )
    networks = [r[0] for r in conn.execute(text("SELECT id FROM networks")).all()]
    span = (END - START).total_seconds()
    event_rows = []
    for i in range(events):
        start = START + dt.timedelta(seconds=int(rnd.random() * span))
        event_rows.append(
            (
                f"bench-{i}@netmgr",
                0,
                rnd.choice(KINDS),
                f"Arrangement {i}",
                _stamp(start, postgres),
                _stamp(start + dt.timedelta(hours=2), postgres),
                rnd.choice(networks) if rnd.random() < 0.4 else None,
                "cancelled" if rnd.random() < 0.03 else "published",
                rnd.choice((None, 30, 60, 100)),
                0,
                false,
                false,
                stamp,
                stamp,
            )
        )
    _bulk(
        "events",
        (
            "uid",
            "sequence",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "network_id",
            "status",
            "capacity",
            "presenter_slots",
            "presenter_approval_required",
            "members_only",
            "created_at",
            "updated_at",
        ),  # fmt: skip
        event_rows,
        postgres,
    )
    event_ids = [r[0] for r in conn.execute(text("SELECT id FROM events ORDER BY id")).all()]
    _bulk(
        "event_themes",
        ("event_id", "theme_id"),
        [(e, rnd.choice(themes)) for e in event_ids if rnd.random() < 0.6],
        postgres,
    )
    # contacts: spread over the municipalities, more in the large ones
    weights = [(pop or 1) ** 0.7 for _, pop in orgs]
    org_ids = [o for o, _ in orgs]
    owners = rnd.choices(org_ids, weights=weights, k=contacts)
    _bulk(
        "contacts",
        (
            "organization_id",
            "name",
            "email",
            "opted_out",
            "active",
            "is_main",
            "created_at",
            "updated_at",
        ),  # fmt: skip
        [
            (
                o,
                f"Kontakt {n}",
                f"k{n}@bench.no",
                true if rnd.random() < 0.05 else false,
                true,
                false,
                stamp,
                stamp,
            )  # fmt: skip
            for n, o in enumerate(owners)
        ],
        postgres,
    )
    by_org: dict[int, list[int]] = {}
    for cid, oid in conn.execute(text("SELECT id, organization_id FROM contacts")).all():
        by_org.setdefault(oid, []).append(cid)
    contact_rows = [(c, o) for o, cs in by_org.items() for c in cs]
    # campaigns: sent over the last years, ~150 recipients each
    campaign_rows = []
    for i in range(campaigns):
        sent = START + dt.timedelta(days=rnd.randint(0, 3600))
        campaign_rows.append(
            (
                rnd.choice(event_ids),
                f"Kampanje {i}",
                "sent",
                0,
                _stamp(sent, postgres),
                stamp,
                stamp,
            )
        )
    _bulk(
        "campaigns",
        ("event_id", "name", "status", "opted_out_count", "sent_at", "created_at", "updated_at"),
        campaign_rows,
        postgres,
    )
    campaign_ids = [r[0] for r in conn.execute(text("SELECT id FROM campaigns")).all()]
    recipients = []
    for cid in campaign_ids:
        for p, o in rnd.sample(contact_rows, min(150, len(contact_rows))):
            recipients.append(
                (
                    cid,
                    "contact",
                    p,
                    o,
                    "nb",
                    rnd.choice(("none", "none", "accepted", "declined")),
                    1,
                )
            )
    _bulk(
        "campaign_recipients",
        ("campaign_id", "kind", "contact_id", "organization_id", "language", "response", "sends"),
        recipients,
        postgres,
    )
    # participation records: large municipalities take part far more (weight ~ population^1.5)
    weights = [(pop or 1) ** 1.5 for _, pop in orgs]
    chosen = rnd.choices(org_ids, weights=weights, k=rows)
    evs = rnd.choices(event_ids, k=rows)
    att = rnd.choices(("attended", "no_show", "unknown"), weights=(75, 12, 13), k=rows)
    status = rnd.choices(("confirmed", "cancelled", "waitlisted"), weights=(92, 6, 2), k=rows)
    seen: set[tuple[int, int]] = set()
    made_at = {
        eid: _stamp(
            dt.datetime.fromisoformat(row[4]).replace(tzinfo=UTC)
            - dt.timedelta(days=rnd.randint(1, 60)),
            postgres,
        )
        for eid, row in zip(event_ids, event_rows, strict=True)
    }

    def registrations():
        for i in range(rows):
            people = by_org.get(chosen[i])
            person = people[i % len(people)] if people else None
            # one active registration per person and event (the unique index)
            if person is not None and (evs[i], person) in seen:
                person = None
            elif person is not None:
                seen.add((evs[i], person))
            made = made_at[evs[i]]  # some weeks before the event, as people register
            yield (evs[i], person, chosen[i], "attendee", status[i], att[i], "form", made, made)

    _bulk(
        "registrations",
        (
            "event_id",
            "contact_id",
            "organization_id",
            "role",
            "status",
            "attendance",
            "source",
            "created_at",
            "updated_at",
        ),  # fmt: skip
        registrations(),
        postgres,
    )
    db.session.commit()
    after_load(postgres)
    counts = {
        name: db.session.scalar(text(f"SELECT count(*) FROM {name}"))
        for name in ("registrations", "events", "organizations", "contacts", "campaigns")
    }
    print(f"  loaded {counts} in {time.perf_counter() - t0:.1f} s")
    # the pages' subjects: the biggest event (most registrations), a large municipality,
    # the last campaign
    event_id = db.session.scalar(
        text("SELECT event_id FROM registrations GROUP BY event_id ORDER BY count(*) DESC LIMIT 1")
    )
    org_id = org_ids[max(range(len(orgs)), key=lambda i: orgs[i][1] or 0)]
    return {"event_id": event_id, "org_id": org_id, "campaign_id": max(campaign_ids)}


def after_load(postgres: bool) -> None:
    """The summary tables a bulk load bypassed, and statistics for the planner."""
    t0 = time.perf_counter()
    rows = rebuild(db.session.connection())  # the participation summary (issue 18)
    db.session.commit()
    print(f"  participation summary rebuilt: {rows:,} rows in {time.perf_counter() - t0:.1f} s")
    raw = db.session.connection().connection.driver_connection
    if postgres:
        db.session.commit()
        raw.autocommit = True
        raw.execute("VACUUM ANALYZE")
        raw.autocommit = False
    else:
        raw.execute("ANALYZE")
        db.session.commit()
