"""Organisations (municipalities, counties, agencies, suppliers) and their contacts."""


def init_app(app):
    from ..api.common import register_api
    from .blueprint import api_bp, bp
    from .cli import import_contacts_command, seed_municipalities

    app.cli.add_command(seed_municipalities)
    app.cli.add_command(import_contacts_command)
    app.register_blueprint(bp)
    register_api(app, api_bp)
