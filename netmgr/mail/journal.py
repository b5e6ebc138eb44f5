"""Claims and journals of the outbox sender: settings, the run's result, and recovery of the
claims of senders that died (the guarantee is stated in :mod:`netmgr.mail.sender`)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from ..core.timeutil import utcnow
from ..extensions import db
from .models import OutboxMessage

log = logging.getLogger(__name__)


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
    path = Path(
        current_app.config.get("MAIL_JOURNAL_DIR")
        or Path(current_app.instance_path) / "mail-journal"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def recover_stale_claims(
    *, now: dt.datetime | None = None, result: DrainResult | None = None
) -> DrainResult:
    """Resolve claims of dead senders through their journals (see the module docstring)."""
    result = result or DrainResult()
    now = now or utcnow()
    limit = now - dt.timedelta(seconds=setting("MAIL_CLAIM_TIMEOUT", 600))
    stale = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.claim_token).where(
            OutboxMessage.state == "claimed", OutboxMessage.claimed_at < limit
        )
    ).all()
    if not stale:
        return result
    tokens = {row.claim_token for row in stale}
    accepted: set[str] = set()
    for token in tokens:
        path = journal_dir() / f"{token}.log"
        if token and path.exists():
            accepted.update(line.strip() for line in path.read_text("ascii").splitlines())
    sent_ids = [r.id for r in stale if r.message_id in accepted]
    pending_ids = [r.id for r in stale if r.message_id not in accepted]
    if sent_ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(sent_ids), OutboxMessage.state == "claimed")
            .values(
                state="sent",
                sent_at=now,
                claim_token=None,
                updated_at=now,
                attempts=OutboxMessage.attempts + 1,
                last_error="recovered: accepted before the sender died",
            )
            .execution_options(synchronize_session=False)
        )
    if pending_ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(pending_ids), OutboxMessage.state == "claimed")
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
    for token in tokens:
        if token:
            (journal_dir() / f"{token}.log").unlink(missing_ok=True)
    result.recovered_sent += len(sent_ids)
    result.recovered_pending += len(pending_ids)
    log.warning(
        "mail: recovered %d stale claims (%d already accepted, %d to resend)",
        len(stale),
        len(sent_ids),
        len(pending_ids),
    )
    return result
