"""The ``netmgr`` console script: Flask's CLI group bound to the application factory."""

import click
from flask.cli import FlaskGroup

from . import __version__
from .app import create_app


def main():
    cli = FlaskGroup(
        create_app=create_app,
        add_version_option=False,
        help="netmgr: LUP networks and meeting places",
    )
    click.version_option(__version__, prog_name="netmgr", message="%(prog)s %(version)s")(cli)
    cli.main()
