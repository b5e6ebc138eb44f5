"""Throw-away databases for test runs and benchmarks (a fresh one per run)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def create_postgres_database(
    server_url: str, prefix: str = "netmgr_scratch"
) -> tuple[str, Callable[[], None]]:
    """Create an empty database on the PostgreSQL server of ``server_url``.

    Returns its URL and a function that drops it (closing other sessions first).
    """
    base = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def scratch_database(
    server_url: str | None, folder: str, prefix: str = "netmgr_scratch"
) -> tuple[str, Callable[[], None]]:
    """A PostgreSQL database when ``server_url`` names one, else a SQLite file in ``folder``."""
    if server_url and server_url.startswith("postgres"):
        return create_postgres_database(server_url, prefix)
    return "sqlite:///" + os.path.join(folder, f"{prefix}.db"), lambda: None
