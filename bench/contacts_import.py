"""Time the contact import against a plain bulk insert of the same rows, in one run.

    PYTHONPATH=. .venv/bin/python bench/contacts_import.py [postgresql://postgres@127.0.0.1:5432/postgres]

For 2,000 and 20,000 rows (a CSV as Excel writes it: ``;``, Windows-1252): the first import
(all rows new), a re-import with every title changed (all rows updated), and the baseline — one
``INSERT`` executemany of the same contact rows with no checks. With a PostgreSQL server URL it
creates a throw-away database there (and drops it); without an argument a temporary SQLite file.
"""

from __future__ import annotations

import sys
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import delete, insert, select

from netmgr import create_app
from netmgr.core.timeutil import utcnow
from netmgr.extensions import db
from netmgr.organizations.contact_import import import_contacts
from netmgr.organizations.models import Contact, Organization
from netmgr.organizations.registry import import_municipalities
from tests.scratchdb import scratch_database

SIZES = (2_000, 20_000)


def make_csv(numbers: list[str], n: int, title: str) -> bytes:
    lines = ["organization;name;email;title;phone;language"]
    for i in range(n):
        number = numbers[i % len(numbers)]
        lines.append(f"{number};Kåre Ærlig {i};kare.{i}@k{number}.kommune.no;{title} {i};;nb")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    db.session.commit()
    return time.perf_counter() - started


def baseline(municipalities: dict[str, int], numbers: list[str], n: int) -> float:
    now = utcnow()
    rows = [
        {
            "organization_id": municipalities[numbers[i % len(numbers)]],
            "name": f"Kåre Ærlig {i}",
            "email": f"kare.{i}@k{numbers[i % len(numbers)]}.kommune.no",
            "title": f"Rådgiver {i}",
            "language": "nb",
            "opted_out": False,
            "active": True,
            "is_main": False,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    return timed(lambda: db.session.execute(insert(Contact), rows))


def report(label: str, n: int, seconds: float, base: float) -> None:
    print(
        f"{label:<28} {n:>6} rows {seconds:7.2f} s {n / seconds:9.0f} rows/s"
        f"  ({seconds / base:4.1f}× the plain bulk insert)"
    )


def main():
    url, drop = scratch_database(sys.argv[1] if len(sys.argv) > 1 else None, tempfile.mkdtemp())
    try:
        run(url)
    finally:
        drop()


def run(url: str):
    app = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": "bench-" * 8,
            "DATABASE_URL": url,
            "SCHEDULER_IN_PROCESS": False,
        }
    )
    with app.app_context():
        upgrade(revision="heads")
        import_municipalities()
        db.session.commit()
        municipalities = dict(
            db.session.execute(
                select(Organization.municipality_number, Organization.id).where(
                    Organization.kind == "municipality"
                )
            ).all()
        )
        numbers = sorted(municipalities)
        print(f"database: {db.engine.dialect.name}")
        for n in SIZES:
            base = baseline(municipalities, numbers, n)
            print(
                f"{'plain bulk insert (baseline)':<28} {n:>6} rows {base:7.2f} s {n / base:9.0f} rows/s"
            )
            db.session.execute(delete(Contact))
            db.session.commit()
            first = make_csv(numbers, n, "Rådgiver")
            changed = make_csv(numbers, n, "Innkjøpssjef")
            added = timed(lambda data=first: import_contacts(data, "k.csv", dry_run=False))
            report("import, all new", n, added, base)
            updated = timed(lambda data=changed: import_contacts(data, "k.csv", dry_run=False))
            report("re-import, all updated", n, updated, base)
            db.session.execute(delete(Contact))
            db.session.commit()


if __name__ == "__main__":
    main()
