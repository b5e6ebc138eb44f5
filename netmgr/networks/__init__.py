"""Thematic networks (bygg, velferdsteknologi, digitale løsninger …) and their members: their
pages, API and services. See docs/networks.md."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import organization_deleting
    from .blueprint import api_bp, bp
    from .organization_refs import refuse_member_deletion

    app.register_blueprint(bp)
    register_api(app, api_bp)
    organization_deleting.connect(refuse_member_deletion, weak=False)
