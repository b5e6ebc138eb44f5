"""The coordinator shell: the dashboard and the navigation."""


def init_app(app):
    from . import admin_views, event_views, network_views  # noqa: F401  (routes on bp, moving out)
    from .views import bp

    app.register_blueprint(bp)
