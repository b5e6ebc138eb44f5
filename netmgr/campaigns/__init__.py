"""Invitation campaigns for events: recipients, sending, answers (RSVP), unsubscribe."""


def init_app(app):
    from . import cli, notices
    from .blueprint import bp, public

    app.register_blueprint(bp)
    app.register_blueprint(public)
    app.cli.add_command(cli.receive_mail)
    notices.connect()

    @app.template_global()
    def event_campaigns(event):
        """Campaigns of an event, newest first (for the coordinator event page)."""
        from sqlalchemy import select

        from ..extensions import db
        from .models import Campaign

        return list(
            db.session.scalars(
                select(Campaign)
                .where(Campaign.event_id == event.id)
                .order_by(Campaign.created_at.desc())
            )
        )
