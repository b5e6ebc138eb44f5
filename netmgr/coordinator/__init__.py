"""Coordinator pages: dashboard, events, networks, and user administration."""


def init_app(app):
    from .views import bp

    app.register_blueprint(bp)
