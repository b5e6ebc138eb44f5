"""Retention: one rule per category of data, with defaults an admin may change.

Each rule finds what is older than its period and removes it; running it again removes nothing
more (the second run finds nothing). :func:`preview` counts what the next run would remove
without changing anything. The daily ``privacy.retention`` job and ``netmgr privacy-purge``
both call :func:`purge`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from ..calendars.models import CalendarSubscription
from ..campaigns.models import Campaign, CampaignRecipient
from ..core.audit import AuditEntry, audit
from ..core.timeutil import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.journal import journal_dir
from ..mail.models import OutboxMessage
from ..mail.transport import eml_name, mail_dir
from ..registration.models import Registration
from .models import AccessRequest, RetentionSetting

#: Keys of audit data that hold a client's network address or browser
ADDRESS_KEYS = ("ip", "ip_address", "client_ip", "remote_addr", "user_agent")
_EML = re.compile(r"^(\d{8})-.*\.eml$")


@dataclass(frozen=True)
class Rule:
    key: str
    #: "months" or "days"
    unit: str
    default: int
    #: What goes, in words
    label: object
    #: (cutoff, now, dry_run) -> how many things it removed (or would remove)
    run: Callable[[dt.datetime, dt.datetime, bool], int]


def _ended_events(cutoff):
    return select(Event.id).where(Event.ends_at < cutoff)


def registrations_rule(cutoff, now, dry_run) -> int:
    """Personal link of registrations; the row keeps organisation, role, status, attendance."""
    where = (Registration.contact_id.is_not(None), Registration.event_id.in_(_ended_events(cutoff)))
    if dry_run:
        return db.session.scalar(select(func.count(Registration.id)).where(*where)) or 0
    result = db.session.execute(
        update(Registration).where(*where).values(contact_id=None),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0


def campaign_recipients_rule(cutoff, now, dry_run) -> int:
    """Invitations and answers of campaigns whose event ended before the cutoff."""
    campaigns = select(Campaign.id).where(Campaign.event_id.in_(_ended_events(cutoff)))
    where = (CampaignRecipient.campaign_id.in_(campaigns),)
    if dry_run:
        return db.session.scalar(select(func.count(CampaignRecipient.id)).where(*where)) or 0
    result = db.session.execute(
        delete(CampaignRecipient).where(*where), execution_options={"synchronize_session": False}
    )
    return result.rowcount or 0


def mail_bodies_rule(cutoff, now, dry_run) -> int:
    """Rendered bodies and attachments of sent mail; headers and delivery status stay."""
    where = (
        OutboxMessage.state == "sent",
        OutboxMessage.sent_at < cutoff,
        or_(
            OutboxMessage.body_text != "",
            OutboxMessage.body_html.is_not(None),
            OutboxMessage.ics.is_not(None),
        ),
    )
    if dry_run:
        return db.session.scalar(select(func.count(OutboxMessage.id)).where(*where)) or 0
    result = db.session.execute(
        update(OutboxMessage).where(*where).values(body_text="", body_html=None, ics=None),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0


def _old_eml_files(cutoff) -> list:
    """``.eml`` files of mail sent before the cutoff; a file without its row (deleted, or a
    name that no row makes) goes by the file's age."""
    files = {}
    for entry in os.scandir(mail_dir()):
        match = _EML.match(entry.name)
        if match and entry.is_file():
            files.setdefault(int(match.group(1)), []).append(entry)
    if not files:
        return []
    rows = {}
    ids = list(files)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row_id, message_id, sent_at in db.session.execute(
            select(OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.sent_at).where(
                OutboxMessage.id.in_(chunk)
            )
        ):
            rows[eml_name(row_id, message_id)] = sent_at
    old = []
    for entries in files.values():
        for entry in entries:
            if entry.name in rows:
                when = rows[entry.name]
            else:
                when = dt.datetime.fromtimestamp(entry.stat().st_mtime, dt.UTC)
            if when is not None and when < cutoff:
                old.append(entry.path)
    return old


def mail_files_rule(cutoff, now, dry_run) -> int:
    old = _old_eml_files(cutoff)
    if not dry_run:
        for path in old:
            os.unlink(path)
    return len(old)


def mail_journal_rule(cutoff, now, dry_run) -> int:
    """Send journals left by interrupted runs (normally deleted at once)."""
    folder = journal_dir()
    if not folder.exists():
        return 0
    old = [
        p
        for p in folder.glob("*.log")
        if dt.datetime.fromtimestamp(p.stat().st_mtime, dt.UTC) < cutoff
    ]
    if not dry_run:
        for path in old:
            path.unlink(missing_ok=True)
    return len(old)


def audit_addresses_rule(cutoff, now, dry_run) -> int:
    """Client addresses (and browsers) in audit details; the entries themselves stay."""
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.at < cutoff, AuditEntry.data.is_not(None))
    ).yield_per(500)
    count = 0
    for entry in rows:
        data = entry.data or {}
        if not isinstance(data, dict) or not any(k in data for k in ADDRESS_KEYS):
            continue
        count += 1
        if not dry_run:
            entry.data = {k: v for k, v in data.items() if k not in ADDRESS_KEYS}
    return count


def tokens_rule(cutoff, now, dry_run) -> int:
    """Revoked calendar links, and copy links that expired or were used, after the period."""
    subs = (CalendarSubscription.revoked_at.is_not(None), CalendarSubscription.revoked_at < cutoff)
    requests = (or_(AccessRequest.expires_at < cutoff, AccessRequest.used_at < cutoff),)
    if dry_run:
        return (
            db.session.scalar(select(func.count(CalendarSubscription.id)).where(*subs)) or 0
        ) + (db.session.scalar(select(func.count(AccessRequest.id)).where(*requests)) or 0)
    gone = db.session.scalars(select(CalendarSubscription.id).where(*subs)).all()
    if gone:  # links that point at a removed one forget it first
        db.session.execute(
            update(CalendarSubscription)
            .where(CalendarSubscription.replaced_by_id.in_(gone))
            .values(replaced_by_id=None),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            delete(CalendarSubscription).where(CalendarSubscription.id.in_(gone)),
            execution_options={"synchronize_session": False},
        )
    result = db.session.execute(
        delete(AccessRequest).where(*requests), execution_options={"synchronize_session": False}
    )
    return len(gone) + (result.rowcount or 0)


RULES: tuple[Rule, ...] = (
    Rule(
        "registrations",
        "months",
        36,
        _l("Personopplysninger i påmeldinger etter arrangementet"),
        registrations_rule,
    ),
    Rule(
        "campaign_recipients",
        "months",
        36,
        _l("Invitasjoner og svar etter arrangementet"),
        campaign_recipients_rule,
    ),
    Rule("mail_bodies", "days", 90, _l("Innholdet i sendt e-post etter sending"), mail_bodies_rule),
    Rule("mail_files", "days", 90, _l("E-postfiler (.eml) etter sending"), mail_files_rule),
    Rule("mail_journal", "days", 30, _l("Sendelogger"), mail_journal_rule),
    Rule(
        "audit_addresses",
        "months",
        12,
        _l("Klientadresser i revisjonsloggen"),
        audit_addresses_rule,
    ),
    Rule("tokens", "days", 0, _l("Utløpte og tilbakekalte lenker etter utløp"), tokens_rule),
)
RULE_KEYS = tuple(rule.key for rule in RULES)
UNIT_LABELS = {"months": _l("måneder"), "days": _l("dager")}


def rule(key: str) -> Rule:
    return next(r for r in RULES if r.key == key)


def settings() -> dict[str, int]:
    """Current period of every rule: the admin's setting, else the default."""
    chosen = dict(db.session.execute(select(RetentionSetting.rule, RetentionSetting.amount)).all())
    return {r.key: chosen.get(r.key, r.default) for r in RULES}


def cutoff(r: Rule, amount: int, now: dt.datetime) -> dt.datetime:
    return now - (relativedelta(months=amount) if r.unit == "months" else dt.timedelta(days=amount))


def save_settings(values: dict[str, int], user=None) -> dict[str, int]:
    """Store an admin's periods (the caller commits); audited with the changes."""
    current = settings()
    changed = {}
    for key, amount in values.items():
        if key not in RULE_KEYS or amount is None or amount == current[key]:
            continue
        row = db.session.get(RetentionSetting, key) or RetentionSetting(rule=key)
        row.amount, row.updated_at, row.updated_by_id = amount, utcnow(), getattr(user, "id", None)
        db.session.add(row)
        changed[key] = amount
    if changed:
        audit("privacy.retention.changed", user=user, **changed)
    return changed


def preview(now: dt.datetime | None = None) -> dict[str, int]:
    """What each rule would remove if it ran now."""
    return purge(now, dry_run=True)


def purge(now: dt.datetime | None = None, *, dry_run: bool = False, user=None) -> dict[str, int]:
    """Run every rule; returns the counts. Audited (with the counts) unless a dry run; the
    caller commits."""
    now = now or utcnow()
    periods = settings()
    counts = {r.key: r.run(cutoff(r, periods[r.key], now), now, dry_run) for r in RULES}
    if not dry_run:
        db.session.flush()
        audit("privacy.retention.purged", user=user, **counts)
    return counts
