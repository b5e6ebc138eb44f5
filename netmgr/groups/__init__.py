"""Groups of organisations apart from LUP's networks: regional procurement cooperations,
regional councils and others, with membership history. See docs/groups.md."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import organization_deleting
    from .blueprint import api_bp, bp
    from .cli import import_groups
    from .organization_refs import refuse_member_deletion

    app.register_blueprint(bp)
    register_api(app, api_bp)
    app.cli.add_command(import_groups)
    organization_deleting.connect(refuse_member_deletion, weak=False)
