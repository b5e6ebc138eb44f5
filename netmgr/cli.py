"""The ``netmgr`` console script: Flask's CLI group bound to the application factory."""

from flask.cli import FlaskGroup

from .app import create_app


def main():
    FlaskGroup(create_app=create_app, help="netmgr: LUP networks and meeting places").main()
