"""``netmgr seed-municipalities``: load or refresh the municipality registry."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..extensions import db
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
