"""`netmgr privacy-purge [--dry-run]`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from .retention import RULES, purge


@click.command("privacy-purge")
@click.option("--dry-run", is_flag=True, help="Count what the rules would remove; change nothing.")
@with_appcontext
def privacy_purge(dry_run: bool):
    """Run the retention rules now and print what they removed."""
    counts = purge(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would remove" if dry_run else "removed"
    for rule in RULES:
        click.echo(f"{rule.key}: {verb} {counts[rule.key]}")
