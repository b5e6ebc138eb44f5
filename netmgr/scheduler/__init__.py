"""Timed work: reminders, deadlines, follow-ups, digests, scheduled campaigns, series.

Rows in ``due_jobs`` say what is due; APScheduler 3 is only the clock that wakes one elected
scheduler process (``netmgr scheduler``), or a thread of the web process in the embedded default.
"""

from __future__ import annotations

import threading


def init_app(app):
    from ..core import signals
    from . import cli, fragments
    from .blueprint import bp
    from .planning import plan_event_jobs

    def on_event(sender, event=None, **_):
        plan_event_jobs(event)

    signals.event_changed.connect(on_event, weak=False)
    signals.event_cancelled.connect(on_event, weak=False)
    app.cli.add_command(cli.scheduler_command)
    app.register_blueprint(bp)
    signals.page_fragment.connect_via("coordinator-event-page")(fragments.coordinator_event_section)

    if app.config.get("SCHEDULER_IN_PROCESS"):
        started = threading.Lock()

        @app.before_request
        def _start_embedded_scheduler():
            # Started by the first request, not by create_app: CLI commands must not run jobs.
            if started.acquire(blocking=False):
                from .runner import Runner

                app.extensions["netmgr_scheduler"] = runner = Runner(app)
                runner.start_background()
