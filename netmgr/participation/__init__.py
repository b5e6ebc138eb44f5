"""Participation log and targeting: figures per segment, target lists, reports, check-in,
map and history import (issue 8)."""

from __future__ import annotations


def init_app(app):
    from ..api.common import register_api
    from . import cli
    from .blueprint import api_bp, bp

    app.register_blueprint(bp)
    register_api(app, api_bp)
    app.cli.add_command(cli.import_participation)
