"""Time the municipality import and the demo loader on a scratch database.

    .venv/bin/python bench/registry_and_demo.py [DATABASE_URL]

Prints wall times, the number of SQL statements each step sends, and the ratio of a
re-import to a first import. Without an argument it uses a temporary SQLite file.
"""

from __future__ import annotations

import sys
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import event

from netmgr import create_app
from netmgr.demo.builder import load_demo
from netmgr.extensions import db
from netmgr.organizations.registry import import_municipalities


def measure(label, fn):
    statements = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    result = fn()
    db.session.commit()
    elapsed = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", listener)
    print(f"{label:<32} {elapsed * 1000:8.1f} ms  {len(statements):5d} statements")
    return elapsed, result


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp()}/bench.db"
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
        first, _ = measure("registry import (357 new)", import_municipalities)
        again, _ = measure("registry re-import (unchanged)", import_municipalities)
        demo, result = measure("demo (empty database)", load_demo)
        demo_again, _ = measure("demo again (nothing to do)", load_demo)
        rows = result.events + result.registrations + result.contacts + result.memberships
        print(f"re-import / first import: {again / first:.2f}")
        print(
            f"demo: {rows} rows, {demo / rows * 1000:.2f} ms per row; "
            f"second run / first run: {demo_again / demo:.3f}"
        )


if __name__ == "__main__":
    main()
