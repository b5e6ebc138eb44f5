"""`netmgr import-participation FILE [--dry-run]` and `netmgr participation rebuild-summary`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
from . import importer
from .summary import rebuild, recompute, stored


def print_report(report) -> None:
    verb = "Would create" if report.dry_run or report.errors else "Created"
    click.echo(f"{report.rows} rows read.")
    click.echo(f"{verb} {len(report.events_new)} event(s):")
    for e in report.events_new:
        click.echo(f"  + {e['date']} {e['title']} ({e['kind']})")
    click.echo(f"Matched {len(report.events_matched)} existing event(s):")
    for e in report.events_matched:
        click.echo(f"  = {e['date']} {e['title']}")
    click.echo(
        f"{verb} {len(report.contacts_new)} contact(s); "
        f"{report.registrations} participation record(s), {report.attended} attended."
    )
    for line, reason in report.errors:
        click.echo(f"line {line}: {reason}", err=True)


@click.command("import-participation")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would be created; write nothing.")
@with_appcontext
def import_participation(path, dry_run):
    """Import participation history from a CSV file (all-or-nothing)."""
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    report = importer.import_participation(text, dry_run=dry_run)
    print_report(report)
    if report.errors:
        db.session.rollback()
        raise click.ClickException(f"{len(report.errors)} bad row(s); nothing was imported.")
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was written.")
    else:
        db.session.commit()
        click.echo("Imported.")


@click.group("participation")
def participation():
    """Participation figures."""


@participation.command("rebuild-summary")
@with_appcontext
def rebuild_summary():
    """Recompute the per-organisation participation summary from the registrations (after a
    bulk load that bypassed the application); reports whether it had drifted."""
    conn = db.session.connection()
    drifted = stored(conn) != recompute(conn)
    rows = rebuild(conn)
    db.session.commit()
    state = "had drifted, now rebuilt" if drifted else "was already equal to the source"
    click.echo(f"{rows} summary row(s); the summary {state}.")
