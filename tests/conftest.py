"""Test fixtures shared by every feature.

The database is real: SQLite in a temporary folder by default, or PostgreSQL when
``NETMGR_TEST_DATABASE_URL`` names a server (a fresh database is created for the run and
dropped after it). The schema is built by the Alembic migrations, as in production.
"""

from __future__ import annotations

import email
import email.policy
import os
import secrets
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event as sa_event
from sqlalchemy import text
from werkzeug.serving import make_server

from netmgr import create_app
from netmgr.extensions import db
from tests import factories
from tests.axe import axe_violations, format_violations
from tests.scratchdb import create_postgres_database

#: Tables the migrations fill with reference data; kept between tests
KEEP_TABLES = {"alembic_version", "themes"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("NETMGR_TEST_DATABASE_URL", "")
    if url.startswith("postgres"):
        fresh, drop = create_postgres_database(url, "netmgr_test")
        yield fresh
        drop()
    else:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "netmgr-test.db")


@pytest.fixture(scope="session")
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    # Journals, locks and keys go to a throw-away instance folder, never the checkout's
    os.environ["NETMGR_INSTANCE_PATH"] = str(instance)
    app = create_app(
        {
            "TESTING": True,
            "ENV": "testing",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SCHEDULER_IN_PROCESS": False,
            "MAIL_FILE_DIR": str(instance / "mail"),
            "BASE_URL": "http://netmgr.test",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()


def wipe_tables(app, *, dispose: bool = False) -> None:
    """Empty every table but the reference data. ``dispose``: drop pooled connections first
    (one still holding a lock would make TRUNCATE wait)."""
    with app.app_context():
        db.session.remove()
        if dispose:
            db.engine.dispose()
        tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_tables(request, app):
    """Every test starts with empty tables (reference data aside)."""
    yield
    wipe_tables(app)


@pytest.fixture(autouse=True)
def _fresh_login_per_request(app):
    """With ``app_ctx`` pushed, test requests reuse that app context and its ``g``, where
    Flask-Login caches the user: forget it at the start of every request so that each request
    (and each test client) is judged by its own session cookie."""
    from flask import g, request_started

    def forget(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


# Builders from tests/factories.py, as fixtures (they need the app context). A folder's
# conftest.py may still define its own under the same name.


@pytest.fixture
def make_org(app_ctx):
    return factories.make_org


@pytest.fixture
def make_event(app_ctx):
    return factories.make_event


@pytest.fixture
def network(app_ctx):
    return factories.created_network


@pytest.fixture
def event(app_ctx):
    return factories.created_event


@pytest.fixture
def group(app_ctx):
    return factories.created_group


@pytest.fixture
def municipality(app_ctx):
    return factories.created_municipality


@pytest.fixture
def supplier(app_ctx):
    return factories.created_supplier


@pytest.fixture
def contact(app_ctx):
    return factories.created_contact


@pytest.fixture
def make_user(app_ctx):
    from netmgr.auth.models import User

    def make(email="koordinator@lup.no", role="coordinator", password="riktig-passord-123"):
        user = User(email=email, name=email.split("@")[0], role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user()


def sign_in(client, user):
    """Sign a test client in as ``user``: a server-side session row and the cookie keys that
    name it (what signing in through the form does, without the form)."""
    from netmgr.auth.sessions import SESSION_KEY, open_session

    secret = open_session(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
        session[SESSION_KEY] = secret
    return client


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    return sign_in


@pytest.fixture
def coord_client(client, coordinator):
    """A test client signed in as a coordinator."""
    return sign_in(client, coordinator)


@pytest.fixture
def admin_user(make_user):
    return make_user(email="admin@lup.no", role="admin")


@pytest.fixture
def admin_client(client, admin_user):
    return sign_in(client, admin_user)


@pytest.fixture
def api_headers(coordinator):
    """Authorization header of a coordinator's API token."""
    from netmgr.auth.models import ApiToken

    _, secret = ApiToken.issue(coordinator, name="tests")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def admin_headers(make_user):
    from netmgr.auth.models import ApiToken

    admin = make_user(email="admin@lup.no", role="admin")
    _, secret = ApiToken.issue(admin, name="tests")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


class SMTPServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, can refuse
    addresses at RCPT (``refuse[address] = "550 ..."``) and can be stopped and started again
    on the same port (a server that goes away mid-campaign)."""

    def __init__(self):
        with socket.socket() as s:  # aiosmtpd cannot self-check port 0 (stack notes)
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.raw: list[bytes] = []  # in arrival order
        self.envelopes: list[tuple] = []  # (mail_from, [rcpt_tos])
        self.refuse: dict[str, str] = {}  # address -> SMTP reply at RCPT
        self._lock = threading.Lock()
        self.controller = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.raw.append(envelope.original_content or envelope.content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def start(self):
        # a generous start-up wait: on a busy shared machine the default 1 s is too short
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, ready_timeout=30)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def count(self) -> int:
        with self._lock:
            return len(self.raw)

    @property
    def messages(self) -> list:
        """What arrived, parsed (``email.message.EmailMessage``), in arrival order."""
        with self._lock:
            raw = list(self.raw)
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]

    def wait_for(self, n: int, timeout: float = 30.0) -> list:
        """Wait until at least ``n`` messages arrived (polls; fails after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while self.count() < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {n} messages, got {self.count()}")
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def smtp_server(app):
    """Real SMTP server on 127.0.0.1 at a free port; the app sends to it during the test."""
    server = SMTPServer()
    server.start()
    saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_SUPPRESS_SEND")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SUPPRESS_SEND=False)
    state = app.extensions["mail"]
    old_state = (state.server, state.port, state.suppress)
    state.server, state.port, state.suppress = "127.0.0.1", server.port, False
    yield server
    server.stop()
    app.config.update(saved)
    state.server, state.port, state.suppress = old_state


# ------------------------------------------------------------------------------------------
# Browser tests (any folder): a live server on the test database, Debian's chromium, axe-core.
# - ``live_server``: the session app served by werkzeug in a thread (same database as the
#   fixtures, so rows made in a test are what the browser sees); ``base_url`` points
#   Playwright at it, so ``page.goto("/events")`` works.
# - chromium is /usr/bin/chromium (or $CHROMIUM_PATH); Playwright never downloads a browser.
# - ``axe(page)``: injects netmgr/static/vendor/axe.min.js (served by the app itself, so the
#   page's CSP allows it) and fails naming every WCAG 2.1 A/AA violation.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "headless": True,
        "args": [*browser_type_launch_args.get("args", []), "--lang=nb-NO"],
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "nb-NO",
        "timezone_id": "Europe/Oslo",
    }


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def axe():
    """``axe(page)`` asserts zero WCAG 2.1 A/AA violations and names them otherwise."""
    checked: list[str] = []

    def check(page):
        violations = axe_violations(page)
        assert not violations, format_violations(page.url, violations)
        checked.append(page.url)
        return checked

    return check


@pytest.fixture
def count_queries(app_ctx):
    """Context manager counting the SQL statements run inside it."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        engine = db.engine
        sa_event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa_event.remove(engine, "before_cursor_execute", before)

    return counting
