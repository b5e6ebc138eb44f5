"""``netmgr import-groups FILE [--dry-run]``: group memberships from CSV."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..core.audit import audit
from ..extensions import db
from .importer import import_memberships


@click.command("import-groups")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@with_appcontext
def import_groups(path, dry_run):
    """Import group memberships (columns group;kind;organization;joined_on).

    All-or-nothing: a bad row prints ``line L: reason`` and nothing is written (exit 1).
    """
    with open(path, "rb") as handle:
        report = import_memberships(handle.read(), dry_run=dry_run)
    if report.errors:
        db.session.rollback()
        for line, reason in report.errors:
            click.echo(f"line {line}: {reason}", err=True)
        raise click.ClickException(f"{len(report.errors)} bad row(s); nothing was imported.")
    for name in report.groups_new:
        click.echo(f"  + group {name}")
    for group, org in report.added:
        click.echo(f"  + {org} in {group}")
    click.echo(report.summary())
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was written.")
        return
    audit("group.imported", None, rows=report.rows, added=len(report.added))
    db.session.commit()
