"""Users (coordinators, admins), password sign-in and API tokens."""


def init_app(app):
    from ..extensions import db, login_manager
    from . import cli
    from .models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.cli.add_command(cli.create_user)
    app.cli.add_command(cli.create_token)
