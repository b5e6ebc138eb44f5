"""Walks ``app.url_map``: every route that is not explicitly public needs sign-in.

This covers routes other features add later automatically. A NEW PUBLIC endpoint must be added
to ``PUBLIC`` below on purpose (with a reason); everything else must answer an anonymous
request with a redirect to the sign-in page (pages) or 401 (API). Pages decorated with
``coordinator_required`` / ``admin_required`` carry ``requires_role``; the role rules are
checked for each of them with a signed-in coordinator.
"""

from __future__ import annotations

from fnmatch import fnmatch
from urllib.parse import urlsplit

import pytest
from werkzeug.routing.converters import AnyConverter, IntegerConverter

#: (endpoint pattern, methods or None for all): the public surface of netmgr outside /api/
PUBLIC = [
    ("static", None),
    ("events.index", None),  # the front page: the event list
    ("events.list", None),
    ("events.detail", None),
    ("networks.list", None),
    ("networks.detail", None),
    ("web.about", None),
    ("auth.login", None),  # the sign-in form itself
    ("auth.logout", None),  # signing out without a session is harmless
    ("auth.reset_*", None),  # password reset by mail (neutral answer, token link)
    ("auth.oidc_*", None),  # single sign-on start and callback
    ("i18n.*", None),  # language switch (cookie)
    ("calendars.*", None),  # calendar feeds, .ics files, subscription page and request
    ("registration.*", None),  # registration forms, org search, token-link pages
    ("rsvp.*", None),  # invitation answers and unsubscribe (token links in mails)
    ("processes.*", None),  # public process list, process pages and feeds (404 unless public)
    ("privacy_public.*", None),  # privacy notice, copy requests (token links), accessibility
    ("health.*", ["GET"]),  # /healthz and /readyz for probes: no personal data
]
#: API endpoints whose GET is public (published events and networks); the rest needs a token
PUBLIC_API_READS = {
    "api-docs.openapi_json",
    "api_events.Events",
    "api_events.EventItem",
    "api_networks.Networks",
    "api_networks.NetworkItem",
    "api_networks.Members",
    # public processes are readable without a token (401 for the others)
    "api_processes.Processes",
    "api_processes.ProcessItem",
    "api_processes.Participants",
    "api_processes.Summary",
}
API_PREFIX = "/api/"
SKIP_METHODS = {"HEAD", "OPTIONS"}


def _url(rule) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters.get(name)
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = converter.items[0]
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIP_METHODS):
            yield rule, method


def _is_public(rule, method) -> bool:
    if rule.rule.startswith("/coordinator"):
        return False  # nothing under /coordinator is ever public
    if rule.rule.startswith(API_PREFIX):
        return method == "GET" and rule.endpoint in PUBLIC_API_READS
    for pattern, methods in PUBLIC:
        if fnmatch(rule.endpoint, pattern) and (methods is None or method in methods):
            return True
    return False


def _is_sign_in_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    return urlsplit(response.headers["Location"]).path.rstrip("/").endswith("/login")


def test_the_url_map_has_coordinator_routes(app):
    """Guards against walking an empty or wrong map."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {
        "coordinator.dashboard",
        "events.coordinator_new",
        "auth.users",
        "auth.login",
    } <= endpoints


def anonymous_leaks(app, client) -> tuple[int, list[str]]:
    """(routes checked, routes that answered an anonymous request without asking to sign in)."""
    problems = []
    checked = 0
    for rule, method in _routes(app):
        if _is_public(rule, method):
            continue
        checked += 1
        try:
            response = client.open(_url(rule), method=method)
        except Exception as exc:  # the view ran for an anonymous visitor
            problems.append(f"{method} {rule.rule} ({rule.endpoint}) raised {exc!r}")
            continue
        ok = (
            response.status_code == 401
            if rule.rule.startswith(API_PREFIX)
            else (_is_sign_in_redirect(response) or response.status_code == 401)
        )
        if not ok:
            problems.append(f"{method} {rule.rule} ({rule.endpoint}) -> {response.status_code}")
    return checked, problems


def undeclared_roles(app) -> list[str]:
    """Endpoints under /coordinator whose view does not carry ``requires_role``."""
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/coordinator")
            and getattr(app.view_functions[rule.endpoint], "requires_role", None)
            not in ("coordinator", "admin")
        }
    )


def test_anonymous_requests_to_non_public_routes_need_sign_in(app, client):
    checked, problems = anonymous_leaks(app, client)
    assert checked > 10
    assert not problems, "reachable without sign-in:\n" + "\n".join(problems)


def test_every_coordinator_page_declares_its_role(app):
    missing = undeclared_roles(app)
    assert not missing, f"use coordinator_required/admin_required on: {missing}"


def test_the_walk_catches_unguarded_routes():
    """The checks above can fail: a small app with two forgotten guards is caught."""
    from flask import Blueprint, Flask
    from flask_login import LoginManager

    from netmgr.web.access import coordinator_required

    probe = Flask("probe")
    probe.secret_key = "probe"
    manager = LoginManager(probe)
    manager.login_view = "auth.login"
    manager.user_loader(lambda user_id: None)
    auth = Blueprint("auth", "probe")
    auth.add_url_rule("/login", "login", lambda: "sign in")
    probe.register_blueprint(auth)
    probe.add_url_rule("/coordinator/guarded", "guarded", coordinator_required(lambda: "ok"))
    probe.add_url_rule("/coordinator/forgotten", "forgotten", lambda: "leak")
    probe.add_url_rule("/reports/<int:year>", "report", lambda year: "leak", methods=["POST"])
    probe.add_url_rule("/api/v1/secret", "secret", lambda: "leak")

    checked, problems = anonymous_leaks(probe, probe.test_client())
    assert checked == 4
    assert sorted(p.split(" (")[0] for p in problems) == [
        "GET /api/v1/secret",
        "GET /coordinator/forgotten",
        "POST /reports/<int:year>",
    ]
    assert undeclared_roles(probe) == ["forgotten"]


@pytest.fixture
def role_routes(app):
    out = []
    for rule, method in _routes(app):
        role = getattr(app.view_functions[rule.endpoint], "requires_role", None)
        if role:
            out.append((rule, method, role))
    assert out
    return out


def _status(client, rule, method) -> int:
    """Status of a request with dummy arguments; an exception in the view means the guard let
    the request in (the view itself failing on dummy input is not what this test judges)."""
    try:
        return client.open(_url(rule), method=method).status_code
    except Exception:
        return 500


def test_admin_routes_refuse_coordinators_and_coordinator_routes_admit_them(
    app, coord_client, role_routes
):
    problems = []
    for rule, method, role in role_routes:
        status = _status(coord_client, rule, method)
        if role == "admin" and status != 403:
            problems.append(f"coordinator got {status} on admin {method} {rule.rule}")
        if role == "coordinator" and status in (401, 403):
            problems.append(f"coordinator got {status} on {method} {rule.rule}")
    assert not problems, "\n".join(problems)


def test_admins_pass_every_role_guard(app, admin_client, role_routes):
    problems = [
        f"admin got {status} on {method} {rule.rule}"
        for rule, method, _role in role_routes
        if (status := _status(admin_client, rule, method)) in (401, 403)
    ]
    assert not problems, "\n".join(problems)
