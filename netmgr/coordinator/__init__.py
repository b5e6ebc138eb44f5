"""The coordinator shell: the dashboard and the navigation."""


def init_app(app):
    from .views import bp

    app.register_blueprint(bp)
