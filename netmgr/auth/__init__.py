"""Users (coordinators, admins), sign-in (password, single sign-on, reset by mail),
server-side sessions, user administration and API tokens."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from ..extensions import login_manager
from . import cli
from .blueprint import bp
from .oidc import init_oidc
from .sessions import load_user


def init_app(app):
    login_manager.user_loader(load_user)
    app.register_blueprint(bp)
    init_oidc(app)
    app.cli.add_command(cli.create_user)
    app.cli.add_command(cli.create_token)

    @app.before_request
    def _load_user_first():
        # Judge the session before the view writes anything: the loader may delete an idle
        # session row or touch last_seen_at, and commits that on its own.
        if request.endpoint != "static":
            current_user._get_current_object()
