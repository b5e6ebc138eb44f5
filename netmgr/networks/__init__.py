"""Thematic networks (bygg, velferdsteknologi, digitale løsninger …) and their members: their
pages, API and services. See docs/networks.md."""


def init_app(app):
    from ..api.common import register_api
    from .blueprint import api_bp, bp

    app.register_blueprint(bp)
    register_api(app, api_bp)
