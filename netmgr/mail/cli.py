"""``netmgr send-mail`` (``netmgr receive-mail`` is the campaigns' command: RSVP replies)."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from .sender import drain_outbox


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
