"""Deterministic demo data (``netmgr demo``)."""


def init_app(app):
    from .cli import demo

    app.cli.add_command(demo)
