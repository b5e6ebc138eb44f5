from __future__ import annotations

import contextlib
import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from .runner import Runner


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run one pass (try to lead, run what is due) and exit.")
@click.option("--tick", type=float, default=None, help="Seconds between passes (default 10).")
@with_appcontext
def scheduler_command(once: bool, tick: float | None):
    """Run the scheduler process. Start one per machine; PostgreSQL elects the active one."""

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()
    if tick:
        app.config["SCHEDULER_TICK_SECONDS"] = tick
    runner = Runner(app)
    if once:
        result = runner.tick()
        runner.stop()
        click.echo(f"{runner.name}: {result}")
        return
    click.echo(f"scheduler {runner.name} starting (tick {runner.tick_seconds:g} s)")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        runner.run_forever()
