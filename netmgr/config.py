"""Settings: defaults here, overridden by ``NETMGR_*`` environment variables."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path


class DefaultConfig:
    #: development (embedded default) or production; see :func:`finish_config`
    ENV = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "nn", "en")
    # Public address of the service, used in mails and calendar URLs
    BASE_URL = "http://127.0.0.1:5000"
    # Mail: without MAIL_SERVER, mail goes to files in the instance folder
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_DEFAULT_SENDER = "LUP nettverk <noreply@netmgr.lup.no>"
    # Calendar clients send iTIP replies (Accept/Decline) to the ORGANIZER address
    RSVP_ADDRESS = "svar@netmgr.lup.no"
    MAIL_MESSAGE_ID_DOMAIN = "netmgr.lup.no"
    # Run the scheduler inside the web process (embedded default only)
    SCHEDULER_IN_PROCESS = None
    # OpenAPI (flask-smorest)
    API_TITLE = "netmgr"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    # Shared by every worker in production: redis://127.0.0.1:6379/0 (memory:// is per process)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Number of reverse proxies in front (nginx: 1) whose X-Forwarded-* headers are trusted
    PROXY_FIX = 0
    # "json" (one line per request and job, production default) or "text"
    LOG_FORMAT = None
    LOG_LEVEL = "INFO"
    # /readyz fails when the oldest pending outbox message is older than this (seconds)
    READY_OUTBOX_MAX_AGE_S = 900
    # Seconds between scheduler ticks; /readyz fails after 3 ticks without a heartbeat
    SCHEDULER_TICK_SECONDS = 10
    # flask-compress: HTML and JSON (feeds, text/calendar, are not in its list)
    COMPRESS_ALGORITHM = ["gzip"]
    COMPRESS_MIN_SIZE = 500
    # Calendar feeds gzipped (once per feed version, cached) when the client accepts it
    FEED_GZIP = True
    # Calendar replies read from a mailbox over IMAP (netmgr/mail/imap.py)
    RSVP_IMAP_HOST = None
    RSVP_IMAP_PORT = 993
    RSVP_IMAP_TLS = True
    RSVP_IMAP_USER = None
    RSVP_IMAP_PASSWORD = None
    # OAuth 2 access token (Microsoft 365: XOAUTH2) instead of a password
    RSVP_IMAP_OAUTH2_TOKEN = None
    RSVP_IMAP_FOLDER = "INBOX"
    RSVP_IMAP_DONE_FOLDER = "netmgr-handled"
    # Seconds to wait in IDLE (or between polls when the server has no IDLE)
    RSVP_IMAP_POLL_SECONDS = 300
    # Size threshold for "small municipality" (SSB: under 5,000 inhabitants)
    SMALL_MUNICIPALITY_LIMIT = 5000
    # Privacy: controller, contact and data protection officer shown in the notice and records
    PRIVACY_CONTROLLER = "Leverandørutviklingsprogrammet (LUP)"
    PRIVACY_CONTACT = "personvern@lup.no"
    PRIVACY_DPO = "personvernombud@lup.no"
    # Version of the privacy notice; registrations store the one their form linked to
    PRIVACY_NOTICE_VERSION = "2026-12-01"
    # Accessibility statement: date of the last check (ISO)
    ACCESSIBILITY_CHECKED_ON = "2026-12-01"
    # Largest request body, chunked or not (views marked with web.security.large_body may
    # take more); see docs/security.md
    MAX_CONTENT_LENGTH = 1024 * 1024
    # A signed-in session ends after this many minutes without a request
    SESSION_IDLE_MINUTES = 480
    # Single sign-on with OpenID Connect (off unless OIDC_ISSUER is set)
    OIDC_ISSUER = None
    OIDC_CLIENT_ID = None
    OIDC_CLIENT_SECRET = None
    # Discovery document, when it is not at <issuer>/.well-known/openid-configuration
    OIDC_METADATA_URL = None


def finish_config(app) -> None:
    """Derive settings that depend on others; fail early on unsafe production settings."""
    cfg = app.config
    url = cfg.get("DATABASE_URL") or cfg.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + str(Path(app.instance_path) / "netmgr.db")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    if url.startswith("sqlite"):
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {}

    if not cfg.get("ENV"):
        # No database configured means the laptop/demo set-up.
        cfg["ENV"] = (
            "development"
            if url.startswith("sqlite") and not cfg.get("DATABASE_URL")
            else "production"
        )
    production = cfg["ENV"] == "production" and not cfg.get("TESTING")

    if not cfg.get("SECRET_KEY"):
        if production:
            raise RuntimeError(
                "NETMGR_SECRET_KEY is not set. In production set it to a long random value, "
                "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        cfg["SECRET_KEY"] = _instance_secret(app.instance_path)

    if production:  # plain-http laptop demo cannot use Secure cookies; production always does
        cfg["SESSION_COOKIE_SECURE"] = cfg["REMEMBER_COOKIE_SECURE"] = True
        # addresses shown and mailed (calendar feeds) are https behind the proxy, unless the
        # installation sets NETMGR_PREFERRED_URL_SCHEME itself
        if not os.environ.get("NETMGR_PREFERRED_URL_SCHEME"):
            cfg["PREFERRED_URL_SCHEME"] = "https"
    if cfg.get("SCHEDULER_IN_PROCESS") is None:
        cfg["SCHEDULER_IN_PROCESS"] = cfg["ENV"] == "development" and not cfg.get("TESTING")
    cfg["MAIL_FILE_DIR"] = cfg.get("MAIL_FILE_DIR") or str(Path(app.instance_path) / "mail")
    if not cfg.get("LOG_FORMAT"):
        cfg["LOG_FORMAT"] = "json" if production else "text"


def warn_about_production_settings(app) -> None:
    """Loud warnings for settings that work but are wrong in production (after logging is set)."""
    cfg = app.config
    if cfg["ENV"] != "production" or cfg.get("TESTING"):
        return
    if str(cfg.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        logging.getLogger("netmgr.config").warning(MEMORY_RATELIMIT_WARNING)


MEMORY_RATELIMIT_WARNING = (
    "!!! NETMGR_RATELIMIT_STORAGE_URI is memory://: every worker counts rate limits on its "
    "own, so the sign-in limit is multiplied by the number of workers. Set it to "
    "redis://HOST:6379/N in production. !!!"
)


def _instance_secret(instance_path: str) -> str:
    """A per-installation random key kept in the instance folder (embedded default only)."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    os.makedirs(instance_path, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
