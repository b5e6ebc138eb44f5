"""Claims of the outbox sender: settings, the run's result, the claim heartbeat, and recovery
of the claims of senders that died (the guarantee is stated in :mod:`netmgr.mail.sender`).

Everything that must outlive a sender is in the database, so any sender on any machine can
recover any other's claims. ``journal_dir`` remains only so that the retention job can remove
journal files left by versions before this one."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxMessage

log = logging.getLogger(__name__)

#: Defaults: a dead sender's claim is given up after CLAIM_TIMEOUT s; a live one refreshes its
#: claim every CLAIM_REFRESH s from its own thread (so a slow SMTP server cannot make it stale)
#: and claims BATCH_SIZE rows at a time. Mail resumes at most CLAIM_TIMEOUT + one scheduler
#: tick after a sender dies.
CLAIM_TIMEOUT = 15
CLAIM_REFRESH = 3
BATCH_SIZE = 50


def setting(name, default):
    value = current_app.config.get(name)
    return default if value is None else value


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    recovered_sent: int = 0
    recovered_pending: int = 0
    errors: list[str] = field(default_factory=list)


def journal_dir() -> Path:
    """Folder of the send journals of earlier versions (only cleaned up now)."""
    path = Path(
        current_app.config.get("MAIL_JOURNAL_DIR")
        or Path(current_app.instance_path) / "mail-journal"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


class ClaimHeartbeat:
    """Refreshes ``claimed_at`` of one run's claimed rows every few seconds, on its own
    connection, for as long as the sender process lives. It dies with the process, which is
    what lets another sender take the claim over ``MAIL_CLAIM_TIMEOUT`` seconds later."""

    def __init__(self, token: str, clock):
        self.token = token
        self.clock = clock
        self.every = float(setting("MAIL_CLAIM_REFRESH_SECONDS", CLAIM_REFRESH))
        self.engine = db.engine
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-claim-heartbeat", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)

    def beat(self) -> int:
        """Refresh the claim once; the number of rows refreshed.

        Rows another transaction holds are skipped (PostgreSQL ``SKIP LOCKED``): that is the
        drain itself writing them (rendering a batch, marking one sent), so they are not stale,
        and waiting for them while holding the rest could deadlock with the drain (seen under
        load: the heartbeat and ``render_deferred`` locked the batch's rows in other orders).
        SQLite has no row locks (one writer at a time), so nothing to skip there."""
        mine = select(OutboxMessage.id).where(
            OutboxMessage.claim_token == self.token, OutboxMessage.state == "claimed"
        )
        if self.engine.dialect.name == "postgresql":
            mine = mine.with_for_update(skip_locked=True)
        with self.engine.begin() as conn:
            return conn.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(mine.scalar_subquery()))
                .values(claimed_at=self.clock())
            ).rowcount

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.beat()
            except Exception:  # a lost database shows up in the sender itself
                log.warning("mail: could not refresh the claim", exc_info=True)


def recover_stale_claims(
    *, now: dt.datetime | None = None, result: DrainResult | None = None
) -> DrainResult:
    """Give the rows of dead senders' claims back to ``pending``.

    A row the server accepted is marked ``sent`` in the same moment (one commit per message),
    so a row still ``claimed`` was not accepted — except in the window between the server's
    ``250`` and that commit, which SMTP cannot close."""
    result = result or DrainResult()
    now = now or utcnow()
    limit = now - dt.timedelta(seconds=setting("MAIL_CLAIM_TIMEOUT", CLAIM_TIMEOUT))
    stale = db.session.scalars(
        select(OutboxMessage.id).where(
            OutboxMessage.state == "claimed", OutboxMessage.claimed_at < limit
        )
    ).all()
    if not stale:
        return result
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(stale),
            OutboxMessage.state == "claimed",
            OutboxMessage.claimed_at < limit,
        )
        .values(
            state="pending",
            claim_token=None,
            claimed_at=None,
            next_attempt_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    result.recovered_pending += len(stale)
    log.warning("mail: %d rows of a dead sender's claim are pending again", len(stale))
    return result
