"""``netmgr seed-municipalities`` (the municipality registry) and ``netmgr import-contacts``."""

from __future__ import annotations

import pathlib

import click
from flask.cli import with_appcontext

from ..extensions import db
from .contact_import import import_contacts
from .registry import RegistryError, default_csv_path, import_municipalities


@click.command("seed-municipalities")
@click.argument(
    "csv_path", metavar="[CSV]", required=False, type=click.Path(exists=True, dir_okay=False)
)
@with_appcontext
def seed_municipalities(csv_path: str | None):
    """Load the municipality registry (default: the packaged 2025 file).

    Idempotent: rows are matched by municipality number. Municipalities missing from the file
    are marked inactive. A bad row stops the import with its line number and writes nothing.
    """
    source = csv_path or default_csv_path()
    try:
        result = import_municipalities(source)
    except RegistryError as exc:
        db.session.rollback()
        raise click.ClickException(f"{source}: {exc}. Nothing was imported.") from None
    db.session.commit()
    click.echo(result.summary())
    if result.deactivated_numbers:
        click.echo("Deactivated (not in the file): " + ", ".join(result.deactivated_numbers))


@click.command("import-contacts")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and show what would change.")
@with_appcontext
def import_contacts_command(path: str, dry_run: bool):
    """Import contacts from a CSV (; or , / UTF-8 or Windows-1252) or .xlsx file.

    Columns: organization, name, email, title, phone, language, official_email. Matched by
    e-mail; all or nothing: a bad row is reported as "line L: reason" and nothing is written.
    """
    file = pathlib.Path(path)
    report = import_contacts(file.read_bytes(), file.name, dry_run=dry_run)
    if report.errors:
        db.session.rollback()
        for line, reason in report.errors:
            click.echo(f"line {line}: {reason}")
        click.echo(f"{len(report.errors)} bad row(s); nothing was imported.")
        raise SystemExit(1)
    for name, address in sorted(report.official.items()):
        click.echo(f"official address of {name}: {address}")
    click.echo(report.summary())
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was written.")
    else:
        db.session.commit()
