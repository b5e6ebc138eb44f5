"""``netmgr receive-mail``: the RSVP address's pipe delivery of iTIP replies."""

from __future__ import annotations

import logging
import sys

import click
from flask.cli import with_appcontext

from ..core.errors import ServiceError
from ..extensions import db
from .rsvp import handle_itip_reply

log = logging.getLogger(__name__)


@click.command("receive-mail")
@with_appcontext
def receive_mail():
    """Read one message on standard input and record an iTIP REPLY (Accept/Decline/Tentative).

    For a mail server's pipe delivery to the RSVP address. Anything else is logged and
    ignored; the exit status is 0 either way so the mail server does not bounce it.
    """
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
