"""``netmgr receive-mail``: the RSVP address's pipe delivery of iTIP replies."""

from __future__ import annotations

import logging
import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..core.errors import ServiceError
from ..extensions import db
from ..mail.imap import ImapReader, ImapSettings
from .rsvp import handle_itip_reply

log = logging.getLogger(__name__)


@click.command("receive-mail")
@click.option("--imap", is_flag=True, help="Read replies from the NETMGR_RSVP_IMAP_* mailbox.")
@with_appcontext
def receive_mail(imap: bool):
    """Read one message on standard input and record an iTIP REPLY (Accept/Decline/Tentative).

    For a mail server's pipe delivery to the RSVP address. Anything else is logged and
    ignored; the exit status is 0 either way so the mail server does not bounce it.
    With --imap: wait for replies in the mailbox (IDLE, polling as a fallback) until stopped.
    """
    if imap:
        ImapReader(ImapSettings.from_config(current_app.config), _record).run_forever()
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
            f"recorded {outcome.response} from contact {outcome.contact.id} for event {outcome.event.id}"
        )


def _record(raw: bytes) -> bool:
    """The IMAP reader's callback: True when the message was an iTIP reply we recorded."""
    try:
        return handle_itip_reply(raw) is not None
    except ServiceError:
        db.session.rollback()
        return False
