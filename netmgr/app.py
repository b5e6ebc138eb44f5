"""The application factory: it only wires settings, extensions and feature packages."""

from __future__ import annotations

import importlib
import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import models  # noqa: F401  (all tables known before anything queries)
from .config import DefaultConfig, finish_config, warn_about_production_settings
from .core.logs import configure_logging
from .extensions import api, babel, compress, csrf, db, limiter, login_manager, mail, migrate
from .web.inputs import URL_CONVERTERS

PACKAGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(PACKAGE)
#: A source checkout (setup.cfg beside the package) keeps templates/ and migrations/ at the top
IN_CHECKOUT = os.path.exists(os.path.join(ROOT, "setup.cfg"))


def resource_dir(name: str) -> str:
    """``templates`` or ``migrations``: the checkout's top-level folder, or the copy that the
    build (setup.py) puts inside the installed package."""
    return os.path.join(ROOT if IN_CHECKOUT else PACKAGE, name)


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
    "netmgr.privacy",
    "netmgr.health",
    "netmgr.demo",
    "netmgr.web",
)


#: See :func:`_sqlite_pragmas`
SQLITE_BUSY_TIMEOUT_MS = 60_000


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        "netmgr",
        template_folder=resource_dir("templates"),
        static_folder=os.path.join(PACKAGE, "static"),
        # Installed without NETMGR_INSTANCE_PATH: Flask's default, <prefix>/var/netmgr-instance
        instance_path=os.environ.get("NETMGR_INSTANCE_PATH")
        or (os.path.join(ROOT, "instance") if IN_CHECKOUT else None),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("NETMGR")
    if config:
        app.config.update(config)
    finish_config(app)
    if app.config["ENV"] in ("production", "development") and not app.config.get("TESTING"):
        # (tests keep pytest's log capture)
        configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    warn_about_production_settings(app)
    os.makedirs(app.instance_path, exist_ok=True)
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:  # trust X-Forwarded-For/-Proto/-Host/-Port/-Prefix from that many proxies
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )

    # Before any blueprint adds a rule: ids in paths are 1..2^31-1 or the route does not match
    app.url_map.converters.update(URL_CONVERTERS)
    db.init_app(app)
    migrate.init_app(app, db, directory=resource_dir("migrations"), render_as_batch=True)
    mail.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app)
    api.init_app(app)
    compress.init_app(app)

    for name in FEATURES:
        module = importlib.import_module(name)
        if hasattr(module, "init_app"):
            module.init_app(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked, and needs WAL + a busy timeout for threads.
    # The busy timeout is how long a write waits for SQLite's single write lock: in a burst
    # every request of every worker queues for it (64 threads at ~10 writes/s is ~6 s of
    # queue, more on a loaded machine), and 10 s gave `database is locked` 500s (issue 18).
    # synchronous=NORMAL: in WAL mode a commit is durable once it is in the WAL, without an
    # fsync per commit (FULL), so a process that dies (the outbox sender marks each message
    # in its own commit) loses nothing; only a power cut or OS crash can take back the last
    # commits, never corrupt the file. See docs/mail.md.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
