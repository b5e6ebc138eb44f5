"""Invitation campaigns for events: recipients, sending, answers (RSVP), unsubscribe."""


def init_app(app):
    from ..api.common import register_api
    from ..core.signals import contacts_merged, page_fragment
    from . import cli, notices
    from .blueprint import api_bp, bp, public
    from .contact_merge import move_recipients
    from .fragments import coordinator_event_section, coordinator_process_section

    app.register_blueprint(bp)
    app.register_blueprint(public)
    register_api(app, api_bp)
    app.cli.add_command(cli.receive_mail)
    notices.connect()
    contacts_merged.connect(move_recipients, weak=False)
    page_fragment.connect_via("coordinator-event-page")(coordinator_event_section)
    page_fragment.connect_via("coordinator-process-page")(coordinator_process_section)
