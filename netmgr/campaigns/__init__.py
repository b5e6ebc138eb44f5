"""Invitation campaigns for events: recipients, sending, answers (RSVP), unsubscribe."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import page_fragment
    from . import cli, notices
    from .blueprint import api_bp, bp, public
    from .fragments import coordinator_event_section

    app.register_blueprint(bp)
    app.register_blueprint(public)
    register_api(app, api_bp)
    app.cli.add_command(cli.receive_mail)
    notices.connect()
    page_fragment.connect_via("coordinator-event-page")(coordinator_event_section)
