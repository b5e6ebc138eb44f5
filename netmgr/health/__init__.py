"""Health checks for load balancers and operators: ``/healthz`` (the process answers) and
``/readyz`` (database, migrations, scheduler, outbox, rate-limit storage)."""


def init_app(app):
    from .blueprint import bp

    app.register_blueprint(bp)
