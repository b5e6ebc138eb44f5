"""No input gives a 5xx: every route of the URL map, signed in (coordinator, admin) and not,
with ids beyond the database's range and junk query strings and form fields.

The routes come from ``app.url_map``, so routes added later are covered without a change here.
Junk is sampled per route (one kind of junk per request, in turn), not the cross product, so
the walk stays within a minute.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlencode

import pytest
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from netmgr.extensions import db
from tests import factories
from tests.conftest import sign_in

BAD_IDS = ("0", "-1", str(2**31), str(2**63), "99999999999", "%C2%B2")
JUNK = ("\x00", "²", "x" * 10_000, "2026-02-30", "0001-01-01", "99999999999", "-1")
#: Query and form names that pages read (filters, ids, limits, dates, paging)
NAMES = (
    "q", "network", "theme", "kind", "status", "county", "when", "page", "per_page", "year",
    "from", "to", "since", "until", "date", "start", "end", "max_population", "small_limit",
    "small_municipality_limit", "event_id", "organization_id", "registration_id", "network_id",
    "action", "figure", "table", "lang", "scope", "scheduled_at", "name", "email", "title",
    "website", "population", "months", "segment", "next", "organization", "role",
)  # fmt: skip
SKIP_METHODS = {"HEAD", "OPTIONS"}
#: 5xx answers that are the route's purpose: /readyz says 503 while no scheduler runs
ALLOWED = {("health.readyz", 503)}


def _urls(rule, ids):
    """The rule's path once per id string, every integer argument set to it."""
    names = sorted(rule.arguments - set(rule.defaults or ()))
    ints = [n for n in names if isinstance(rule._converters[n], IntegerConverter)]
    if not ints and ids != ["1"]:
        return
    for ident in ids:
        path = rule.rule
        for name in names:
            converter = rule._converters[name]
            if name in ints:
                value = ident
            elif isinstance(converter, AnyConverter):
                value = sorted(converter.items)[0]
            else:
                value = "x"
            pattern = rf"<(?:[^>:]+:)?{re.escape(name)}>"
            path = re.sub(pattern, value, path)
        yield path


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - SKIP_METHODS):
            yield rule, method


def _junk(index):
    """A query string with every known name set to one kind of junk (changing per route)."""
    value = JUNK[index % len(JUNK)]
    return dict.fromkeys(NAMES, value)


def _send(client, method, url, data=None):
    try:
        if method == "GET":
            return client.get(url).status_code
        if method in ("POST", "PUT", "PATCH") and url.startswith("/api/"):
            return client.open(url, method=method, json=data or {}).status_code
        return client.open(url, method=method, data=data or {}).status_code
    except Exception as exc:  # TESTING propagates exceptions: that is a 500 too
        return f"500 ({type(exc).__name__}: {str(exc)[:120]})"


@pytest.fixture
def rows(app_ctx):
    """One row of each kind, so that id 1 and slug x exist and pages reach their filters."""
    net = factories.network(slug="x")
    org = factories.municipality()
    factories.member(net, org)
    event = factories.event(network_row=net)
    factories.registration(event, org=org)
    db.session.commit()
    return event


def _walk(app, clients, headers):
    failures = []
    for index, (rule, method) in enumerate(_routes(app)):
        for who, client in clients.items():
            client.environ_base.update(headers.get(who, {}))
            for url in _urls(rule, list(BAD_IDS)):
                status = _send(client, method, url)
                if str(status).startswith("5"):
                    failures.append(f"{who} {method} {url}: {status}")
            # the admin reaches every page and gets the most junk; the others one kind, in turn
            if who != "admin":
                kinds = [index + len(who)]
            else:  # forms read the names that matter most: more kinds on POST
                kinds = [index, index + 2, index + 4] if method == "POST" else [index, index + 3]
            for url, kind in itertools.product(_urls(rule, ["1"]), kinds):
                junk = _junk(kind)
                if method == "GET":
                    status = _send(client, method, f"{url}?{urlencode(junk)}")
                else:
                    status = _send(client, method, url, junk)
                if str(status).startswith("5") and (rule.endpoint, status) not in ALLOWED:
                    failures.append(f"{who} {method} {url} junk {junk['q'][:12]!r}: {status}")
    return failures


def test_no_route_answers_5xx_for_bad_ids_or_junk(app, rows, make_user):
    from netmgr.auth.models import ApiToken

    coordinator = make_user()
    admin = make_user(email="admin@lup.no", role="admin")
    _, coord_secret = ApiToken.issue(coordinator, name="fuzz")
    _, admin_secret = ApiToken.issue(admin, name="fuzz")
    db.session.commit()
    clients = {
        "anonymous": app.test_client(),
        "coordinator": sign_in(app.test_client(), coordinator),
        "admin": sign_in(app.test_client(), admin),
    }
    headers = {
        "coordinator": {"HTTP_AUTHORIZATION": f"Bearer {coord_secret}"},
        "admin": {"HTTP_AUTHORIZATION": f"Bearer {admin_secret}"},
    }
    failures = _walk(app, clients, headers)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


def test_the_walk_reaches_every_route(app):
    rules = [rule for rule, _ in _routes(app)]
    assert len(rules) > 150
    assert all(list(_urls(rule, ["1"])) for rule in rules)
