"""Coordinator pages: dashboard, events and networks (user administration is in netmgr.auth)."""


def init_app(app):
    from .views import bp

    app.register_blueprint(bp)
