"""Calendar replies read from a real mailbox (Dovecot on loopback) by netmgr/mail/imap.py,
handed to the same iTIP code as `netmgr receive-mail` on standard input."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlalchemy import select

from netmgr.campaigns.rsvp import handle_itip_reply
from netmgr.core.errors import ServiceError
from netmgr.extensions import db
from netmgr.mail.imap import ImapReader, ImapSettings
from netmgr.mail.imap_models import ImapCursor
from netmgr.organizations.models import Contact
from netmgr.registration.models import Registration
from tests import factories
from tests.mail import itip_samples as samples
from tests.mail.dovecot import start_dovecot, stop_dovecot

DONE = "netmgr-handled"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def dovecot():
    # Not under pytest's tmp_path (mode 0700): Dovecot's auth and imap processes run as
    # other users and must reach the passwd file and the maildir.
    root = Path(tempfile.mkdtemp(prefix="netmgr-dovecot-"))
    root.chmod(0o755)
    server, process = start_dovecot(root / "dovecot")
    yield server
    stop_dovecot(process)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def settings(dovecot):
    return ImapSettings(
        host=dovecot.host,
        port=dovecot.port,
        tls=False,
        user=dovecot.user,
        password=dovecot.password,
        folder="INBOX",
        done_folder=DONE,
        poll_seconds=1,
    )


@pytest.fixture
def mailbox(dovecot):
    """A second client, as the mail server delivering and a person looking."""
    client = IMAPClient(dovecot.host, port=dovecot.port, ssl=False)
    client.login(dovecot.user, dovecot.password)
    yield client
    client.logout()


def record_itip(raw: bytes) -> bool:
    """What `netmgr receive-mail --imap` hands the reader."""
    try:
        return handle_itip_reply(raw) is not None
    except ServiceError:
        db.session.rollback()
        return False


def folder(client, name):
    client.select_folder(name, readonly=True)
    uids = client.search()
    data = client.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
    return {uid: (set(d[b"FLAGS"]), d[b"BODY[HEADER.FIELDS (SUBJECT)]"]) for uid, d in data.items()}


def status(contact):
    reg = db.session.scalar(select(Registration).where(Registration.contact_id == contact.id))
    return reg.status if reg else None


@pytest.fixture
def people(app_ctx):
    event = factories.event(title="Nettverksmøte")
    registered = [factories.registration(event) for _ in range(3)]
    org = factories.municipality(name="Voss")
    newcomer = Contact(organization=org, name="Ny Person", email="ny.person@example.no")
    db.session.add(newcomer)
    db.session.commit()
    return event, [r.contact for r in registered], newcomer


def test_replies_from_outlook_gmail_and_apple_are_recorded_moved_and_tnef_kept(
    people, settings, mailbox, caplog
):
    event, (a, b, c), newcomer = people
    uid = event.uid
    messages = [
        samples.outlook(uid, newcomer.email, "ACCEPTED"),
        samples.outlook(uid, a.email, "DECLINED", comment="Kan dessverre ikke komme."),
        samples.gmail(uid, b.email, "TENTATIVE", comment="Prøver å rekke det"),
        samples.apple(uid, c.email.upper(), "DECLINED"),  # ATTENDEE in another case
        samples.gmail(uid, newcomer.email, "ACCEPTED"),
        samples.apple(uid, b.email, "ACCEPTED", comment="Gleder meg"),
        samples.outlook_tnef(a.email),
    ]
    for raw in messages:
        mailbox.append("INBOX", raw)
    caplog.set_level(logging.INFO, logger="netmgr.mail.imap")

    result = ImapReader(settings, record_itip).process_new()

    assert (result.handled, result.kept) == (6, 1)
    db.session.expire_all()
    assert status(newcomer) == "confirmed"  # Outlook accept registers (Gmail's again: no-op)
    assert status(a) == "cancelled"  # Outlook decline with a comment
    assert status(c) == "cancelled"  # Apple decline, upper-case address
    assert status(b) == "confirmed"  # Gmail tentative, then Apple accept
    inbox = folder(mailbox, "INBOX")
    assert len(inbox) == 1
    ((flags, subject),) = inbox.values()
    assert b"\\Flagged" in flags  # the TNEF reply waits for a person
    assert len(folder(mailbox, DONE)) == 6
    assert "kept" in caplog.text
    for contact in (a, b, c, newcomer):  # only UIDs in the reader's log lines
        assert all(
            contact.email not in r.getMessage()
            for r in caplog.records
            if r.name == "netmgr.mail.imap"
        )


def test_nothing_is_handled_twice_across_restarts(people, settings, mailbox):
    event, (a, b, _), _ = people
    mailbox.append("INBOX", samples.outlook_tnef(a.email))  # kept: stays in the folder
    mailbox.append("INBOX", samples.outlook(event.uid, a.email, "DECLINED"))
    seen = []

    def counting(raw):
        seen.append(raw)
        return record_itip(raw)

    first = ImapReader(settings, counting)
    assert first.process_new().handled == 1
    first.close()
    restarted = ImapReader(settings, counting)  # a new process: only the database remembers
    assert restarted.process_new().uids == []
    mailbox.append("INBOX", samples.gmail(event.uid, b.email, "DECLINED"))
    assert restarted.process_new().handled == 1
    assert len(seen) == 3  # each message exactly once, the kept one included
    cursor = db.session.scalar(select(ImapCursor))
    assert cursor.mailbox == f"{settings.user}@{settings.host}/INBOX"
    assert cursor.last_uid == 3 and cursor.uidvalidity > 0


def test_a_new_uidvalidity_starts_the_folder_again(people, settings, mailbox):
    event, (a, _, _), _ = people
    db.session.add(ImapCursor(mailbox=settings.mailbox, uidvalidity=1, last_uid=999))
    db.session.commit()
    mailbox.append("INBOX", samples.outlook(event.uid, a.email, "DECLINED"))
    result = ImapReader(settings, record_itip).process_new()
    assert result.handled == 1
    db.session.expire_all()
    assert status(a) == "cancelled"
    cursor = db.session.scalar(select(ImapCursor))
    assert cursor.uidvalidity != 1 and cursor.last_uid == 1


def test_a_callback_that_fails_leaves_the_message_and_the_database_alone(people, settings, mailbox):
    event, (a, _, _), _ = people
    mailbox.append("INBOX", samples.outlook(event.uid, a.email, "DECLINED"))

    def broken(raw):
        handle_itip_reply(raw)  # writes the cancellation ...
        raise RuntimeError("crash in the middle")  # ... and fails before it is done

    result = ImapReader(settings, broken).process_new()
    assert (result.handled, result.kept) == (0, 1)
    db.session.expire_all()
    assert status(a) == "confirmed"  # rolled back
    assert len(folder(mailbox, "INBOX")) == 1


def test_idle_wakes_the_reader_when_a_reply_arrives(app, people, settings, mailbox):
    event, (a, _, _), _ = people
    arrived, stop = threading.Event(), threading.Event()

    def handle(raw):
        handled = record_itip(raw)
        arrived.set()
        return handled

    reader = ImapReader(settings, handle)

    def run():
        with app.app_context():
            reader.run_forever(stop)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        mailbox.append("INBOX", samples.apple(event.uid, a.email, "DECLINED"))
        assert arrived.wait(timeout=30), "the reader did not see the new message"
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    db.session.expire_all()
    assert status(a) == "cancelled"


def test_settings_come_from_netmgr_rsvp_imap(app):
    config = {
        "RSVP_IMAP_HOST": "outlook.office365.com",
        "RSVP_IMAP_USER": "svar@lup.no",
        "RSVP_IMAP_OAUTH2_TOKEN": "token",
        "RSVP_IMAP_PORT": 993,
        "RSVP_IMAP_TLS": True,
        "RSVP_IMAP_FOLDER": "Innboks",
        "RSVP_IMAP_DONE_FOLDER": "Behandlet",
        "RSVP_IMAP_POLL_SECONDS": 120,
    }
    settings = ImapSettings.from_config(config)
    assert (
        settings.host,
        settings.oauth2_token,
        settings.folder,
        settings.done_folder,
        settings.poll_seconds,
    ) == ("outlook.office365.com", "token", "Innboks", "Behandlet", 120.0)
    with pytest.raises(ValueError, match="NETMGR_RSVP_IMAP_HOST"):
        ImapSettings.from_config({})


def test_receive_mail_imap_command_records_a_reply(
    people, dovecot, mailbox, database_url, tmp_path
):
    """The command the netmgr-rsvp unit runs, as its own process."""
    event, (a, _, _), _ = people
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "NETMGR_DATABASE_URL": database_url,
        "NETMGR_SECRET_KEY": "k" * 48,
        "NETMGR_INSTANCE_PATH": str(tmp_path),
        "NETMGR_RSVP_IMAP_HOST": dovecot.host,
        "NETMGR_RSVP_IMAP_PORT": str(dovecot.port),
        "NETMGR_RSVP_IMAP_TLS": "false",
        "NETMGR_RSVP_IMAP_USER": dovecot.user,
        "NETMGR_RSVP_IMAP_PASSWORD": dovecot.password,
        "NETMGR_RSVP_IMAP_POLL_SECONDS": "2",
    }
    mailbox.append("INBOX", samples.outlook(event.uid, a.email, "DECLINED"))
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "netmgr"), "receive-mail", "--imap"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # The process logs the outcome just after its commit: read its output as it comes, so the
    # test stops it only once both are there (stopping it at the commit could cut the line).
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(line.decode() for line in process.stdout), daemon=True
    )
    reader.start()
    try:
        deadline = time.monotonic() + 90
        while True:  # wait for the other process's commit and its log line
            db.session.expire_all()
            if status(a) == "cancelled" and any('"outcome": "handled"' in x for x in lines):
                break
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "no reply recorded\n" + "".join(lines)
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)
    output = "".join(lines)
    assert '"outcome": "handled"' in output
    assert a.email not in output
    assert len(folder(mailbox, DONE)) == 1
