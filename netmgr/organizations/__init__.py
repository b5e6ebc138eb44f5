"""Organisations (municipalities, counties, agencies, suppliers) and their contacts."""


def init_app(app):
    from .cli import seed_municipalities

    app.cli.add_command(seed_municipalities)
