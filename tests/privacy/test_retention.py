"""Retention under a fixed clock: each rule removes exactly what it says; twice = once."""

from __future__ import annotations

import datetime as dt
import os

import time_machine
from click.testing import CliRunner
from sqlalchemy import select

from netmgr.calendars.models import CalendarSubscription
from netmgr.campaigns.models import Campaign, CampaignRecipient
from netmgr.core.audit import AuditEntry
from netmgr.extensions import db
from netmgr.mail.journal import journal_dir
from netmgr.mail.models import OutboxMessage
from netmgr.privacy import retention
from netmgr.privacy.models import AccessRequest
from netmgr.registration.models import Registration
from netmgr.scheduler import claims
from netmgr.scheduler.models import DueJob
from tests import factories

from .conftest import person, sent_mail

NOW = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)
EXPECTED = {
    "registrations": 1,
    "campaign_recipients": 1,
    "mail_bodies": 1,
    "mail_files": 1,
    "mail_journal": 1,
    "audit_addresses": 1,
    "tokens": 2,
}


def _build():
    """One thing just past and one just within every rule's period."""
    org = factories.municipality(name="Stryn", population=7000)
    old = factories.event("Gammelt møte", starts_at=NOW - dt.timedelta(days=37 * 31))
    recent = factories.event("Nyere møte", starts_at=NOW - dt.timedelta(days=35 * 30))
    anne = person(org, "anne@stryn.kommune.no", "Anne")
    per = person(org, "per@stryn.kommune.no", "Per")
    db.session.add_all(
        [
            Registration(event=old, contact=anne, organization=org, attendance="attended"),
            Registration(event=recent, contact=anne, organization=org, attendance="attended"),
        ]
    )
    for event in (old, recent):
        campaign = Campaign(event=event, name=event.title, status="sent")
        db.session.add(campaign)
        db.session.add(CampaignRecipient(campaign=campaign, contact=per, organization_id=org.id))
    sent_mail(anne, "Gammel", sent_days_ago=91)
    sent_mail(anne, "Ny", sent_days_ago=89)
    db.session.add_all(
        [
            AuditEntry(
                at=NOW - dt.timedelta(days=400),
                action="auth.login",
                data={"ip": "10.0.0.1", "ok": True},
            ),
            AuditEntry(
                at=NOW - dt.timedelta(days=300), action="auth.login", data={"ip": "10.0.0.2"}
            ),
        ]
    )
    revoked, _ = CalendarSubscription.issue(org, anne)
    revoked.revoked_at = NOW - dt.timedelta(days=1)
    CalendarSubscription.issue(org, per)
    AccessRequest.issue("gammel@example.no", now=NOW - dt.timedelta(days=8))
    AccessRequest.issue("ny@example.no", now=NOW - dt.timedelta(days=1))
    db.session.commit()
    folder = journal_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, days in (("old.log", 31), ("new.log", 29)):
        path = folder / name
        path.write_text("<x@y>\n")
        stamp = (NOW - dt.timedelta(days=days)).timestamp()
        os.utime(path, (stamp, stamp))


def _state():
    regs = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return {
        "linked": [r.contact_id is not None for r in regs],
        "attendance": [r.attendance for r in regs],
        "recipients": len(db.session.scalars(select(CampaignRecipient)).all()),
        "bodies": [bool(m.body_text) for m in mails],
        "addresses": [m.to_address for m in mails],
        "ips": sorted(
            "ip" in (e.data or {})
            for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login"))
        ),
        "subscriptions": len(db.session.scalars(select(CalendarSubscription)).all()),
        "requests": sorted(db.session.scalars(select(AccessRequest.email)).all()),
        "journals": sorted(p.name for p in journal_dir().glob("*.log")),
    }


def test_each_rule_removes_exactly_its_data_and_twice_is_once(app_ctx):
    with time_machine.travel(NOW, tick=False):
        _build()
        assert retention.preview() == EXPECTED
        assert retention.purge() == EXPECTED
        db.session.commit()
        db.session.expire_all()
        after_once = _state()
        assert after_once == {
            "linked": [False, True],
            "attendance": ["attended", "attended"],
            "recipients": 1,
            "bodies": [False, True],
            "addresses": ["anne@stryn.kommune.no", "anne@stryn.kommune.no"],
            "ips": [False, True],
            "subscriptions": 1,
            "requests": ["ny@example.no"],
            "journals": ["new.log"],
        }
        assert retention.purge() == dict.fromkeys(EXPECTED, 0)
        db.session.commit()
        db.session.expire_all()
        assert _state() == after_once
        audited = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "privacy.retention.purged")
            .order_by(AuditEntry.id)
        ).all()
        assert [a.data for a in audited] == [EXPECTED, dict.fromkeys(EXPECTED, 0)]


def test_admin_setting_changes_a_rule(app_ctx):
    with time_machine.travel(NOW, tick=False):
        _build()
        retention.save_settings({"mail_bodies": 30, "mail_files": 30})
        db.session.commit()
        counts = retention.preview()
        assert counts["mail_bodies"] == 2 and counts["mail_files"] == 2


def test_the_daily_job_runs_the_rules_and_plans_the_next_day(app_ctx):
    from netmgr.privacy.jobs import plan_retention

    with time_machine.travel(NOW, tick=False):
        _build()
        plan_retention(NOW)
        plan_retention(NOW)
        db.session.commit()
        assert (
            len(db.session.scalars(select(DueJob).where(DueJob.kind == "privacy.retention")).all())
            == 1
        )
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert claims.run_due("test") == {"done": 1}
        jobs = db.session.scalars(
            select(DueJob).where(DueJob.kind == "privacy.retention").order_by(DueJob.due_at)
        ).all()
        assert [j.state for j in jobs] == ["done", "pending"]
        assert "registrations 1" in jobs[0].result


def test_cli_prints_counts_and_dry_run_changes_nothing(app):
    with app.app_context(), time_machine.travel(NOW, tick=False):
        _build()
        runner = CliRunner()
        dry = runner.invoke(app.cli, ["privacy-purge", "--dry-run"], catch_exceptions=False)
        assert "registrations: would remove 1" in dry.output
        db.session.expire_all()
        assert retention.preview()["registrations"] == 1
        real = runner.invoke(app.cli, ["privacy-purge"], catch_exceptions=False)
        assert "tokens: removed 2" in real.output
        db.session.expire_all()
        assert retention.preview() == dict.fromkeys(EXPECTED, 0)
        db.session.remove()
