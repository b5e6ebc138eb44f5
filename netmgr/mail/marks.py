"""The sender's per-message mark: one autocommit UPDATE on a connection of its own.

The moment the SMTP server accepts a message its row must be ``sent`` in the database, one
commit per message (the guarantee in :mod:`netmgr.mail.sender`). Through the ORM session that
commit cost about 0.9 ms (SQLite) to 1.9 ms (PostgreSQL) of client CPU per message — the
session's transaction bookkeeping, a pool check-in and check-out per commit, and on
PostgreSQL three round trips (``SET LOCAL``, ``UPDATE``, ``COMMIT``). Here the mark is one
plain-SQL UPDATE on a DBAPI connection in autocommit mode, kept for the whole drain run:

* **PostgreSQL**: one round trip per mark; psycopg prepares the statement after its first
  executions. The connection runs ``SET synchronous_commit = off`` (that connection only, reset
  before it goes back to the pool): the mark is committed and visible to every other sender
  when the UPDATE returns, and outlives the sender's process; only a crash of the database
  server itself within ~0.6 s (three ``wal_writer_delay`` rounds) could take it back.
* **SQLite**: WAL with ``synchronous=NORMAL`` (set by ``netmgr.app`` on every connection and
  checked here): a commit is durable in the WAL without an fsync, so the death of the sender's
  process loses no mark; only a power cut or an OS crash can take back the last commits.

A database server crash is not a sender's death, which is what the guarantee is about; the
trade is the one documented in docs/mail.md ("Sending").
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from ..extensions import db
from .models import OutboxMessage

_T = OutboxMessage.__table__


def _mark_sql(placeholder: str) -> str:
    p = placeholder
    return (
        f"UPDATE {_T.name} SET state = 'sent', sent_at = {p}, updated_at = {p},"
        f" last_error = NULL, attempts = attempts + 1"
        f" WHERE id = {p} AND claim_token = {p}"
    )


class MarkConnection:
    """Marks accepted rows ``sent``, each in its own commit, on a dedicated connection.

    Opened lazily at the first mark (most scheduler passes send nothing) and given back to the
    pool by :meth:`close`; a sender that dies takes it with it, and every mark it made is
    already committed."""

    def __init__(self, token: str):
        self.token = token
        self._conn: Connection | None = None
        self._cursor = None
        self._postgres = False
        self._sql = ""
        self._when = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _open(self) -> None:
        engine = db.engine
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            cursor = conn.connection.driver_connection.cursor()
            self._postgres = engine.dialect.name == "postgresql"
            if self._postgres:
                cursor.execute("SET synchronous_commit = off")
                self._sql = _mark_sql("%s")
            else:
                cursor.execute("PRAGMA journal_mode")
                if cursor.fetchone()[0].lower() == "wal":  # NORMAL is only safe with WAL
                    cursor.execute("PRAGMA synchronous = NORMAL")
                self._sql = _mark_sql("?")
        except BaseException:
            conn.invalidate()
            conn.close()
            raise
        self._conn = conn
        self._cursor = cursor
        # sent_at/updated_at bound as the column type binds them (UTC; naive on SQLite)
        self._when = _T.c.sent_at.type.bind_processor(engine.dialect) or (lambda value: value)

    def mark_sent(self, row_id: int, now: dt.datetime) -> int:
        """Mark one accepted row ``sent`` (committed when this returns); 1 if it was ours."""
        if self._cursor is None:
            self._open()
        when = self._when(now)
        self._cursor.execute(self._sql, (when, when, row_id, self.token))
        return self._cursor.rowcount

    def close(self) -> None:
        conn, self._conn = self._conn, None
        cursor, self._cursor = self._cursor, None
        if conn is None:
            return
        try:
            if self._postgres:
                cursor.execute("RESET synchronous_commit")
            cursor.close()
        except Exception:  # noqa: BLE001 - a broken connection must not go back to the pool
            conn.invalidate()
        finally:
            conn.close()  # back to the pool; SQLAlchemy restores the isolation level
