"""``netmgr send-mail`` and ``netmgr receive-mail``."""

from __future__ import annotations

import logging
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext

log = logging.getLogger(__name__)


@click.command("send-mail")
@click.option("--once", is_flag=True, help="Drain what is due, then exit.")
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    help="Seconds between polls when nothing is due (loop mode).",
)
@click.option("--limit", type=int, default=None, help="At most this many messages per round.")
@with_appcontext
def send_mail(once: bool, interval: float, limit: int | None):
    """Deliver the outbox: over SMTP when MAIL_SERVER is set, else to .eml files."""
    from .sender import drain_outbox

    app = current_app._get_current_object()
    while True:
        result = drain_outbox(app, limit=limit)
        if result.sent or result.failed or result.retried or once:
            click.echo(
                f"sent {result.sent}, failed {result.failed}, retry later "
                f"{result.retried}, recovered {result.recovered_sent}"
                f"/{result.recovered_pending}"
            )
        if once:
            return
        if not (result.sent or result.failed):
            time.sleep(interval)  # production poll loop; nothing due


@click.command("receive-mail")
@click.option("--imap", is_flag=True, help="Read replies from the NETMGR_RSVP_IMAP_* mailbox.")
@with_appcontext
def receive_mail(imap: bool):
    """Read one message on standard input and record an iTIP REPLY (Accept/Decline/Tentative).

    For a mail server's pipe delivery to the RSVP address. Anything else is logged and
    ignored; the exit status is 0 either way so the mail server does not bounce it.
    With --imap: wait for replies in the mailbox (IDLE, polling as a fallback) until stopped.
    """
    from ..campaigns.rsvp import handle_itip_reply
    from ..core.errors import ServiceError
    from ..extensions import db

    if imap:
        from .imap import ImapReader, ImapSettings

        def record(raw: bytes) -> bool:
            try:
                return handle_itip_reply(raw) is not None
            except ServiceError:
                db.session.rollback()
                return False

        ImapReader(ImapSettings.from_config(current_app.config), record).run_forever()
        return
    raw = sys.stdin.buffer.read()
    try:
        outcome = handle_itip_reply(raw)
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        log.warning("receive-mail: reply could not be recorded: %s", exc.errors)
        click.echo(f"not recorded: {exc.errors}")
        return
    if outcome is None:
        click.echo("ignored")
    else:
        click.echo(
            f"recorded {outcome.response} from {outcome.contact.email} for event {outcome.event.id}"
        )
