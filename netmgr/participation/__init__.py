"""Participation log and targeting: figures per segment, target lists, reports, check-in,
map and history import (issue 8)."""

from __future__ import annotations


def init_app(app):
    from ..extensions import api, csrf
    from . import api as api_module
    from . import cli, views

    csrf.exempt(api_module.blp)
    api.register_blueprint(api_module.blp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.import_participation)
    app.jinja_env.globals.setdefault("participation_headline", _headline_for_templates)


def _headline_for_templates():
    from .figures import headline

    return headline()
