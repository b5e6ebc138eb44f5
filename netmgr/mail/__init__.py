"""Outgoing mail: a durable outbox, message building, delivery (SMTP or files), notices."""


def init_app(app):
    from . import cli, notices
    from .views import bp

    notices.connect()
    app.register_blueprint(bp)
    app.cli.add_command(cli.send_mail)
    app.cli.add_command(cli.receive_mail)
