"""deploy/.env.example lists every setting the code reads, and nothing it does not read."""

from __future__ import annotations

import re
import subprocess

from netmgr.config import DefaultConfig
from tests.deploy.helpers import DEPLOY, REPO

#: Read by the code but not an operator's business (derived, internal or fixed by the product)
INTERNAL = {
    "TESTING": "tests only",
    "SQLALCHEMY_DATABASE_URI": "derived from DATABASE_URL",
    "SQLALCHEMY_ENGINE_OPTIONS": "derived from the database kind",
    "CSP": "features extend it in code",
    "SESSION_COOKIE_HTTPONLY": "always on",
    "SESSION_COOKIE_SAMESITE": "fixed",
    "REMEMBER_COOKIE_HTTPONLY": "always on",
    "REMEMBER_COOKIE_SAMESITE": "fixed",
    "WTF_CSRF_TIME_LIMIT": "fixed",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo by definition",
    "LANGUAGES": "the catalogs that exist",
    "API_TITLE": "OpenAPI document",
    "API_VERSION": "OpenAPI document",
    "OPENAPI_VERSION": "OpenAPI document",
    "OPENAPI_URL_PREFIX": "the API's address is part of the contract",
    "OPENAPI_JSON_PATH": "the API's address is part of the contract",
    "RATELIMIT_HEADERS_ENABLED": "always on",
    "COMPRESS_ALGORITHM": "flask-compress tuning",
    "COMPRESS_MIN_SIZE": "flask-compress tuning",
    "BENCH_BASELINE": "bench/feeds.py only",
}
#: Read by extensions rather than by our code
LIBRARY_SETTINGS = {"MAIL_USERNAME", "MAIL_PASSWORD", "DATABASE_URL", "INSTANCE_PATH"}

READ = re.compile(
    r"""(?:config|cfg)(?:\.get\(|\.setdefault\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|(?:_cfg|setting)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
ENV_NAME = re.compile(r"NETMGR_([A-Z][A-Z0-9_]*[A-Z0-9])(?![A-Z0-9_])")  # not NETMGR_X_*


def settings_in_code() -> set[str]:
    names = {k for k in vars(DefaultConfig) if k.isupper()} | LIBRARY_SETTINGS
    for path in [*(REPO / "netmgr").rglob("*.py"), *DEPLOY.rglob("*.py")]:
        text = path.read_text()
        names |= {a or b for a, b in READ.findall(text)}
        names |= set(ENV_NAME.findall(text))
    return names - set(INTERNAL)


def settings_in_example() -> set[str]:
    text = (DEPLOY / ".env.example").read_text()
    return set(re.findall(r"^#?\s?NETMGR_([A-Z][A-Z0-9_]+)=", text, flags=re.M))


def test_every_setting_the_code_reads_is_in_the_example():
    missing = settings_in_code() - settings_in_example()
    assert not missing, f"add to deploy/.env.example: {sorted(missing)}"


def test_the_example_names_only_settings_that_exist():
    unknown = settings_in_example() - settings_in_code()
    assert not unknown, f"not read by the code: {sorted(unknown)}"


def test_required_settings_are_set_not_commented():
    text = (DEPLOY / ".env.example").read_text()
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "BASE_URL",
        "RATELIMIT_STORAGE_URI",
        "PROXY_FIX",
        "INSTANCE_PATH",
    ):
        assert re.search(rf"^NETMGR_{name}=.+", text, flags=re.M), name
    assert "redis://" in text


def test_the_shell_reads_what_systemd_reads():
    """The runbook loads the file with `set -a; . /etc/netmgr/netmgr.env; set +a` before
    `netmgr db upgrade`; the units read it as an EnvironmentFile. Both must see the same
    values (an unquoted value with spaces or `<` broke the shell)."""
    path = DEPLOY / ".env.example"
    result = subprocess.run(
        ["sh", "-c", f"set -a; . '{path}'; set +a; env -0"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    shell = dict(item.split("=", 1) for item in result.stdout.split("\0") if "=" in item)
    systemd = {}
    for line in path.read_text().splitlines():
        if re.match(r"NETMGR_[A-Z0-9_]+=", line):
            name, value = line.split("=", 1)
            systemd[name] = value[1:-1] if value[:1] == value[-1:] == '"' else value
    assert systemd and {k: shell.get(k) for k in systemd} == systemd
