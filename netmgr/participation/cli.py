"""`netmgr import-participation FILE [--dry-run]`."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("import-participation")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would be created; write nothing.")
@with_appcontext
def import_participation(path, dry_run):
    """Import participation history from a CSV file (all-or-nothing)."""
    raise click.ClickException("not implemented yet")
