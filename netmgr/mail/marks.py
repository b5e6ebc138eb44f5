"""The sender's per-message mark: one autocommit UPDATE on a connection of its own.

The moment the SMTP server accepts a message its row must be ``sent`` in the database, one
commit per message (the guarantee in :mod:`netmgr.mail.sender`). Through the ORM session that
commit cost about 0.9 ms (SQLite) to 1.9 ms (PostgreSQL) of client CPU per message — the
session's transaction bookkeeping, a pool check-in and check-out per commit, and on
PostgreSQL three round trips (``SET LOCAL``, ``UPDATE``, ``COMMIT``). Here the mark is one
plain-SQL UPDATE on a DBAPI connection in autocommit mode, kept for the whole drain run.

**PostgreSQL** (:class:`PostgresMarks`): a prepared statement, sent without waiting for its
reply — the reply is read just before the next mark is sent (or the run claims, releases or
ends), so the server's work overlaps the next message's SMTP exchange. This is safe because a
statement the server has received runs to its end and commits even if its client dies in the
meantime (PostgreSQL notices a lost client only when it writes the reply, or through
``client_connection_check_interval``, off by default, which would not interrupt a one-row
UPDATE either): once :meth:`~PostgresMarks.mark_sent` returns, the bytes of the statement and
its Sync are in the kernel, and a process killed now still has them delivered — on a loopback
or Unix socket they are already in the server's receive buffer; over TCP the kernel sends them
before the FIN (it would reset the connection instead only if unread reply data were waiting,
and then the server has already committed). So the window in which an accepted message can go
unmarked is still "between the server's 250 and the mark leaving the process". The mark cannot
lose a race with recovery either: recovery takes only claims not refreshed for
``MAIL_CLAIM_TIMEOUT`` (15 s) and the heartbeat refreshed this one at most
``MAIL_CLAIM_REFRESH_SECONDS`` (3 s) before the sender could die. The connection runs
``SET synchronous_commit = off`` (that connection only, reset before it goes back to the
pool): a commit is visible to every sender at once and outlives the sender's process; only a
crash of the database server itself within ~0.6 s (three ``wal_writer_delay`` rounds) could
take it back.

**SQLite** (:class:`MarkConnection`): the UPDATE runs and commits before the next message is
sent (there is no server to hand it to). WAL with ``synchronous=NORMAL`` (set by
``netmgr.app`` on every connection and again here): a commit is durable in the WAL without an
fsync, so the death of the sender's process loses no mark; only a power cut or an OS crash can
take back the last commits.

A database server crash is not a sender's death, which is what the guarantee is about
(docs/mail.md, "Sending").
"""

from __future__ import annotations

import datetime as dt
import logging
import select

from psycopg.errors import error_from_result
from sqlalchemy.engine import Connection

from ..extensions import db
from .models import OutboxMessage

log = logging.getLogger(__name__)

_T = OutboxMessage.__table__
#: Name of the prepared mark on a PostgreSQL connection (deallocated before it is pooled)
_PLAN = "netmgr_mark_sent"


def _mark_sql(p1: str, p2: str, p3: str, p4: str) -> str:
    return (
        f"UPDATE {_T.name} SET state = 'sent', sent_at = {p1}, updated_at = {p2},"
        f" last_error = NULL, attempts = attempts + 1"
        f" WHERE id = {p3} AND claim_token = {p4}"
    )


def mark_connection(token: str) -> MarkConnection:
    """The mark connection for this database (opened at the first mark)."""
    if db.engine.dialect.name == "postgresql":
        return PostgresMarks(token)
    return MarkConnection(token)


class MarkConnection:
    """Marks accepted rows ``sent``, each in its own commit, on a dedicated connection.

    Opened lazily at the first mark (most scheduler passes send nothing) and given back to the
    pool by :meth:`close`; a sender that dies takes it with it, and every mark it made is
    already committed."""

    def __init__(self, token: str):
        self.token = token
        self._conn: Connection | None = None
        self._cursor = None
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
            self._prepare(cursor, conn.connection.driver_connection)
        except BaseException:
            conn.invalidate()
            conn.close()
            raise
        self._conn = conn
        self._cursor = cursor
        # sent_at/updated_at bound as the column type binds them (UTC; naive on SQLite)
        self._when = _T.c.sent_at.type.bind_processor(engine.dialect) or (lambda value: value)

    def _prepare(self, cursor, _driver) -> None:
        cursor.execute("PRAGMA journal_mode")
        if cursor.fetchone()[0].lower() == "wal":  # NORMAL is only safe with WAL
            cursor.execute("PRAGMA synchronous = NORMAL")
        self._sql = _mark_sql("?", "?", "?", "?")

    def mark_sent(self, row_id: int, now: dt.datetime) -> None:
        """Mark one accepted row ``sent``: committed when this returns."""
        if self._cursor is None:
            self._open()
        when = self._when(now)
        self._cursor.execute(self._sql, (when, when, row_id, self.token))
        if self._cursor.rowcount != 1:
            log.warning("mail: row %s was no longer claimed by this sender", row_id)

    def finish(self) -> None:
        """Wait for the mark in flight, if any (only :class:`PostgresMarks` has one)."""

    def _reset(self, cursor) -> None:
        """Undo what :meth:`_prepare` set on the connection before it goes back to the pool."""

    def close(self) -> None:
        conn, self._conn = self._conn, None
        cursor, self._cursor = self._cursor, None
        if conn is None:
            return
        try:
            self._reset(cursor)
            cursor.close()
        except Exception:  # noqa: BLE001 - a broken connection must not go back to the pool
            log.warning("mail: the mark connection is discarded", exc_info=True)
            conn.invalidate()
        finally:
            conn.close()  # back to the pool; SQLAlchemy restores the isolation level


class PostgresMarks(MarkConnection):
    """PostgreSQL: the prepared mark is sent at once and its reply read before the next one
    (module docstring: why a mark the server has received is as good as committed)."""

    _pending: int | None = None

    def _prepare(self, cursor, driver) -> None:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute(f"PREPARE {_PLAN} AS " + _mark_sql("$1", "$2", "$3", "$4"))
        self._pg = driver.pgconn  # libpq: send now, read the reply later
        self._encoding = driver.info.encoding

    def mark_sent(self, row_id: int, now: dt.datetime) -> None:
        """Hand the mark of one accepted row to the server: it commits even if this process
        dies once this returns."""
        self.finish()
        if self._cursor is None:
            self._open()
        when = self._when(now).isoformat().encode()
        pg = self._pg
        pg.send_query_prepared(
            _PLAN.encode(), [when, when, str(row_id).encode(), self.token.encode()]
        )
        while pg.flush():  # 1 while libpq still holds unsent bytes (non-blocking socket)
            select.select([], [pg.socket], [])
        self._pending = row_id

    def finish(self) -> None:
        """Read the reply of the mark in flight; raise if the server refused it."""
        row_id, self._pending = self._pending, None
        if row_id is None:
            return
        pg = self._pg
        pg.consume_input()
        while pg.is_busy():
            select.select([pg.socket], [], [])
            pg.consume_input()
        error, count = None, 0
        while (result := pg.get_result()) is not None:
            if result.error_message:
                error = error or _error(result, self._encoding)
            else:
                count += result.command_tuples or 0
        if error is not None:
            raise error
        if count != 1:
            log.warning("mail: row %s was no longer claimed by this sender", row_id)

    def _reset(self, cursor) -> None:
        self.finish()
        cursor.execute(f"DEALLOCATE {_PLAN}")
        cursor.execute("RESET synchronous_commit")


def _error(result, encoding: str) -> Exception:
    return error_from_result(result, encoding=encoding)
