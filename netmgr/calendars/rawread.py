"""Reading one row of a cached statement straight through the database driver: the hot path
of a feed's fingerprint (see :mod:`netmgr.calendars.feeds`)."""

from __future__ import annotations

import datetime as dt
import os
import threading

from ..extensions import db

_local = threading.local()


def connection():
    """A connection of this worker thread in AUTOCOMMIT mode, kept between requests.

    Each statement sees the latest committed state and no transaction stays open, and the
    hot path skips the ORM session, pool checkout and rollback of a normal request
    (about half the CPU of a 304). Re-made after a fork or for another app's engine.
    """
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed or _local.pid != os.getpid() or _local.engine is not db.engine:
        conn = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        _local.conn, _local.pid, _local.engine = conn, os.getpid(), db.engine
    return conn


_sql_cache: dict[tuple, tuple[str, tuple | None, dict]] = {}


def _driver_params(params: dict, dialect: str) -> dict:
    if dialect != "sqlite":
        return params
    # What UTCDateTime + SQLAlchemy's SQLite DateTime store: naive UTC text.
    return {
        k: v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, dt.datetime)
        else v.isoformat()
        if isinstance(v, dt.date)
        else v
        for k, v in params.items()
    }


def read_one(stmt, params: dict) -> tuple:
    """One row for a cached statement, straight through the driver.

    The statement is compiled once per dialect; the hot path is then one DBAPI execute on
    the thread's autocommit connection (no ORM, no pool checkout, no rollback), which is
    what lets a 304 cost about as little as a static answer. One retry on a dropped
    connection. Values come back raw (SQLite: text times; see ``feeds._as_utc``).
    """
    for attempt in (1, 2):
        conn = connection()
        dialect = conn.dialect.name
        key = (id(stmt), dialect)
        compiled = _sql_cache.get(key)
        if compiled is None:
            c = stmt.compile(dialect=conn.dialect)
            compiled = _sql_cache[key] = (str(c), c.positiontup, c.params)
        sql, order, defaults = compiled
        values = {**defaults, **_driver_params(params, dialect)}
        args = tuple(values[name] for name in order) if order else values
        try:
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.execute(sql, args)
                return cursor.fetchone()
            finally:
                cursor.close()
        except conn.dialect.loaded_dbapi.Error:
            _local.conn = None
            conn.invalidate()
            if attempt == 2:
                raise
    raise AssertionError("unreachable: the second attempt returns or raises")
