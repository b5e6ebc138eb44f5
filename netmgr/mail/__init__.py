"""Outgoing mail: a durable outbox, message building, delivery (SMTP or files).

A toolkit that imports no feature: callers pass the language, the iCalendar attachment and
everything else a message needs.
"""


def init_app(app):
    from . import cli
    from .blueprint import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli.send_mail)
