"""``netmgr demo``: load the demo data set (idempotent)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from ..extensions import db
from .builder import load_demo


@click.command("demo")
@with_appcontext
def demo():
    """Load the demo data set: municipalities (if missing), two users, three networks,
    about 40 events with registrations. Safe to run again: it then changes nothing."""
    started = time.perf_counter()
    result = load_demo()
    db.session.commit()
    for line in result.lines():
        click.echo(line)
    if result.changed:
        click.echo(
            f"Done in {time.perf_counter() - started:.1f} s. Sign in as "
            "koordinator@lup.no or admin@lup.no with demo-passord-123."
        )
