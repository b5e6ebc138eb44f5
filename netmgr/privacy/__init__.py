"""Privacy: data map, records of processing, privacy notice and accessibility
statement, retention, access export, erasure and the audit log."""

from __future__ import annotations


def init_app(app):
    from ..api.common import register_api
    from ..scheduler.registry import register_job
    from . import cli, jobs
    from .blueprint import api_bp, pages, public

    app.register_blueprint(public)
    app.register_blueprint(pages)
    register_api(app, api_bp)
    app.cli.add_command(cli.privacy_purge)
    register_job(jobs.KIND, jobs.run_retention, jobs.plan_retention)
