"""The application factory: it only wires settings, extensions and feature packages."""

from __future__ import annotations

import importlib
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import models  # noqa: F401  (all tables known before anything queries)
from .config import DefaultConfig, finish_config
from .extensions import api, babel, csrf, db, limiter, login_manager, mail, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: Feature packages; each may define ``init_app(app)`` to add blueprints, CLI commands, hooks.
FEATURES = (
    "netmgr.auth",
    "netmgr.organizations",
    "netmgr.networks",
    "netmgr.groups",
    "netmgr.events",
    "netmgr.registration",
    "netmgr.mail",
    "netmgr.calendars",
    "netmgr.processes",
    "netmgr.campaigns",
    "netmgr.api",
    "netmgr.participation",
    "netmgr.coordinator",
    "netmgr.scheduler",
    "netmgr.demo",
    "netmgr.web",
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        "netmgr",
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(os.path.dirname(__file__), "static"),
        instance_path=os.environ.get("NETMGR_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("NETMGR")
    if config:
        app.config.update(config)
    finish_config(app)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    mail.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app)
    api.init_app(app)

    for name in FEATURES:
        module = importlib.import_module(name)
        if hasattr(module, "init_app"):
            module.init_app(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked, and needs WAL + a busy timeout for threads.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()
