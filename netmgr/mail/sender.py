"""The outbox sender: claim due rows, deliver them over one SMTP connection (or to files), mark.

Guarantee against duplicates (documented in docs/mail.md, tested in tests/mail/test_faults.py
and tests/mail/test_standby.py), with nothing kept outside the database:

1. Rows are *claimed* in small batches (``MAIL_BATCH_SIZE``, 50) before anything is sent: one
   UPDATE moves due ``pending`` rows to ``claimed`` with this run's random ``claim_token``
   (PostgreSQL picks them with ``FOR UPDATE SKIP LOCKED``; SQLite's single writer makes the
   conditional UPDATE atomic), and the claim is committed. Two senders never hold the same row.
2. The moment the SMTP server accepts a message (``250`` after ``DATA``) its row is marked
   ``sent`` and committed, one commit per message: one autocommit UPDATE on a connection the
   run keeps for its marks (:mod:`netmgr.mail.marks`). On PostgreSQL that commit is
   asynchronous (``synchronous_commit = off`` on that connection only): it is visible to every
   other sender at once and survives the sender's death; only a crash of the database server
   itself within a fraction of a second could lose it.
3. While it runs, a sender refreshes its claim every ``MAIL_CLAIM_REFRESH_SECONDS`` (3) from a
   thread of its own. A claim not refreshed for ``MAIL_CLAIM_TIMEOUT`` (15) seconds belongs to
   a dead sender; any sender, on any machine, gives its rows back to ``pending`` (they were
   never accepted: accepted rows are already ``sent``).

The only window left is between the server's ``250`` and the mark leaving this process (on
SQLite: its commit); SMTP itself cannot close it. On PostgreSQL the mark's reply is read while
the next message is sent; why that is safe is in :mod:`netmgr.mail.marks` and docs/mail.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from email.utils import parseaddr

from blinker import Namespace
from flask import current_app
from sqlalchemy import or_, select, update

from ..core.timeutil import utcnow
from ..extensions import db
from .deferred import render_deferred
from .journal import (
    BATCH_SIZE,
    ClaimHeartbeat,
    DrainResult,
    journal_dir,
    recover_stale_claims,
    setting,
)
from .marks import mark_connection
from .message import BadAddress, build_message
from .models import OutboxMessage
from .transport import RawMessage, mail_dir, reply_text, smtp_connection, write_file

__all__ = ["DrainResult", "backoff", "drain_outbox", "journal_dir", "mail_dir", "message_accepted"]

log = logging.getLogger(__name__)

_signals = Namespace()
#: Sent after the server accepted a message and its mark is committed (SQLite) or handed to
#: the server, which commits it even if this process dies now (PostgreSQL, marks.py).
#: kwargs: ``row_id``, ``message_id``. (Tests hook crashes in here.)
message_accepted = _signals.signal("message-accepted")

COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.message_id,
    OutboxMessage.to_address,
    OutboxMessage.to_name,
    OutboxMessage.reply_to,
    OutboxMessage.language,
    OutboxMessage.subject,
    OutboxMessage.body_text,
    OutboxMessage.body_html,
    OutboxMessage.ics,
    OutboxMessage.ics_method,
    OutboxMessage.headers,
    OutboxMessage.attempts,
)


class _ConnectionLost(Exception):
    """The SMTP connection is gone; the rest of the batch waits for the next run."""


def backoff(attempts: int) -> dt.timedelta:
    base = setting("MAIL_RETRY_BASE_SECONDS", 60)
    cap = setting("MAIL_RETRY_MAX_SECONDS", 6 * 3600)
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def drain_outbox(
    app=None,
    limit: int | None = None,
    *,
    now: dt.datetime | None = None,
    batch_size: int | None = None,
) -> DrainResult:
    """Deliver due outbox messages; return counts. Safe to run in several processes at once.

    ``limit`` caps the number of messages this call handles; ``now`` is the clock (tests and the
    scheduler may pass one). Pushes its own app context, so the caller's session is untouched.
    """
    app = app or current_app._get_current_object()
    with app.app_context():
        try:
            return _Drain(now=now, limit=limit, batch_size=batch_size).run()
        finally:
            db.session.remove()


class _Drain:
    def __init__(self, *, now, limit, batch_size):
        self.now = now
        self.limit = limit
        self.batch_size = batch_size or setting("MAIL_BATCH_SIZE", BATCH_SIZE)
        self.token = uuid.uuid4().hex
        self.result = DrainResult()
        self.sender = current_app.config["MAIL_DEFAULT_SENDER"]
        self.envelope_from = parseaddr(self.sender)[1]
        self.file_mode = not current_app.config.get("MAIL_SERVER")
        self.postgres = db.session.get_bind().dialect.name == "postgresql"

    def clock(self) -> dt.datetime:
        return self.now or utcnow()

    # -- main loop ---------------------------------------------------------------------------
    def run(self) -> DrainResult:
        recover_stale_claims(now=self.clock(), result=self.result)
        with ClaimHeartbeat(self.token, self.clock), mark_connection(self.token) as self.marks:
            try:
                if self.file_mode:
                    self._loop(None)
                else:
                    with smtp_connection() as conn:
                        self._loop(conn)
            except _ConnectionLost as exc:
                self._release_claimed(f"connection lost: {exc.__cause__!r}")
            except (OSError, smtplib.SMTPException) as exc:  # could not connect at all
                self._release_claimed(f"connect: {exc}")
        return self.result

    def _loop(self, conn) -> None:
        remaining = self.limit
        while remaining is None or remaining > 0:
            size = self.batch_size if remaining is None else min(self.batch_size, remaining)
            self.marks.finish()  # the last mark's reply, before the database is used otherwise
            # Before every batch, not only per run: a dead sender's rows go out once its claim
            # is stale, not after this run has sent everything else (e2e: 37 s instead of 17)
            recover_stale_claims(now=self.clock(), result=self.result)
            rows = self._claim(size)
            if not rows:
                return
            for row in rows:
                self._send_one(conn, row)
            if remaining is not None:
                remaining -= len(rows)
        self.marks.finish()

    # -- claiming ----------------------------------------------------------------------------
    def _claim(self, size: int):
        now = self.clock()
        due = (
            select(OutboxMessage.id, OutboxMessage.renderer)
            .where(
                OutboxMessage.state == "pending",
                or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(size)
        )
        if self.postgres:
            due = due.with_for_update(skip_locked=True)
        # Picked first, then updated: inside one UPDATE, PostgreSQL may rescan a LIMIT ...
        # SKIP LOCKED subquery once per outer row (a nested-loop semi join on an unanalysed
        # table), each rescan locking further rows, so one claim took the whole outbox.
        picked = db.session.execute(due).all()
        if not picked:
            db.session.commit()
            return []
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([p.id for p in picked]), OutboxMessage.state == "pending")
            .values(state="claimed", claim_token=self.token, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        # rows queued uncomposed get their text now (a query only when the batch has some)
        if any(p.renderer is not None for p in picked) and render_deferred(self.token):
            db.session.commit()
        rows = db.session.execute(
            select(*COLUMNS)
            .where(OutboxMessage.claim_token == self.token, OutboxMessage.state == "claimed")
            .order_by(OutboxMessage.id)
        ).all()
        db.session.commit()  # no transaction stays open while the batch is sent
        return rows

    # -- sending -----------------------------------------------------------------------------
    def _send_one(self, conn, row) -> None:
        try:
            data = build_message(row, sender=self.sender, date=self.clock())
        except BadAddress as exc:
            self._fail(row, f"bad address: {exc}")
            return
        try:
            if conn is None:
                write_file(row, data)
            else:
                self._smtp_send(conn, row.to_address, data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            self._smtp_reply(row, code, reply)
            return
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            self._smtp_reply(row, exc.smtp_code, exc.smtp_error)
            return
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421 or exc.smtp_code < 500:
                self._retry(row, f"{exc.smtp_code} {reply_text(exc.smtp_error)}")
                raise _ConnectionLost() from exc
            self._smtp_reply(row, exc.smtp_code, exc.smtp_error)
            return
        except (TimeoutError, smtplib.SMTPServerDisconnected, ConnectionError, OSError) as exc:
            self._retry(row, f"connection: {exc!r}")
            raise _ConnectionLost() from exc
        self._accept(row)

    def _smtp_send(self, conn, to_address: str, data: bytes) -> None:
        """Through Flask-Mail's connection. The bytes are complete and the addresses checked,
        so the live path calls the connection's SMTP object directly (Flask-Mail's ``send``
        re-parses both addresses per message); a suppressed connection (TESTING) has no host
        and goes through ``conn.send``, which records and drops it."""
        if conn.host is None:
            conn.send(RawMessage(self.envelope_from, to_address, data))
            return
        conn.host.sendmail(self.envelope_from, [to_address], data)

    def _smtp_reply(self, row, code: int, reply) -> None:
        reason = f"{code} {reply_text(reply)}"
        if 400 <= code < 500:
            self._retry(row, reason)
        else:
            self._fail(row, reason)

    def _accept(self, row) -> None:
        # One autocommit UPDATE on the run's own connection, without the session's unit of
        # work; on PostgreSQL its reply is read during the next message (marks.py)
        self.marks.mark_sent(row.id, self.clock())
        self.result.sent += 1
        message_accepted.send(self, row_id=row.id, message_id=row.message_id)

    def _retry(self, row, reason: str) -> None:
        attempts = row.attempts + 1
        if attempts >= setting("MAIL_MAX_ATTEMPTS", 10):
            self._fail(row, f"gave up after {attempts} attempts: {reason}")
            return
        now = self.clock()
        self._set(
            row.id,
            state="pending",
            attempts=attempts,
            last_error=reason,
            next_attempt_at=now + backoff(attempts),
            claim_token=None,
            claimed_at=None,
        )
        self.result.retried += 1
        log.warning("mail %s: temporary failure, retry later: %s", row.message_id, reason)

    def _fail(self, row, reason: str) -> None:
        self._set(
            row.id,
            state="failed",
            attempts=row.attempts + 1,
            last_error=reason[:2000],
            claim_token=None,
        )
        self.result.failed += 1
        self.result.errors.append(reason)
        log.error("mail %s to %s failed: %s", row.message_id, row.to_address, reason)

    def _set(self, row_id: int, **values) -> None:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.claim_token == self.token)
            .values(updated_at=self.clock(), **values)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()

    def _release_claimed(self, reason: str) -> None:
        """Rows of this run not yet tried go back to pending (no attempt counted), a little later."""
        self.marks.finish()  # a mark in flight first: its row must not count as "not yet tried"
        now = self.clock()
        db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.claim_token == self.token,
                OutboxMessage.state == "claimed",
            )
            .values(
                state="pending",
                claim_token=None,
                claimed_at=None,
                next_attempt_at=now + backoff(1),
                last_error=reason,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
