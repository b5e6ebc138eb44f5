"""Organisations (municipalities, counties, agencies, suppliers) and their contacts."""


def init_app(app):
    from ..api.common import register_api
    from .blueprint import api_bp
    from .cli import seed_municipalities

    app.cli.add_command(seed_municipalities)
    register_api(app, api_bp)
