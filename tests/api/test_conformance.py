"""The API does what its OpenAPI document says (issue 12.6): schemathesis, every check, against
the app in process (WSGI), without a token, with a coordinator's token and with an admin's.

One pytest test per operation and caller. The schema is loaded at module level from a WSGI
proxy (``from_fixture`` breaks on pytest 9.2, stack notes); the module fixture points the proxy
at the session's app, so requests hit the test database. The module seeds one small data set
(organisations, a contact, a network, a group, an event with a registration, a process, a
campaign) so that small generated ids find rows and answers are checked against real data. Data
is not wiped between the tests of this module (the order is fixed and the seed too, so a DELETE
that removed a row does so on every run), only after it.

Runs are deterministic (``derandomize``, no example database) and bounded (``MAX_EXAMPLES``
per operation in the fuzzing phase, plus schemathesis's examples and coverage phases).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from netmgr.app import create_app
from netmgr.extensions import db
from tests import factories
from tests.conftest import wipe_tables

#: Generated cases per operation and caller in the fuzzing phase
MAX_EXAMPLES = 5

#: Rules of the services that a JSON schema cannot state: a referenced row must exist, a
#: slug or number must be free, fields depend on each other (ends after starts, a
#: municipality has a municipality number), an organisation number passes MOD11. A
#: schema-valid request may get 422 for these fields only; any other 422 on valid data fails.
BUSINESS_RULES = {
    "POST /api/v1/organizations": {"municipality_number", "county_number", "org_number", "official_email"},
    "PATCH /api/v1/organizations/{org_id}": {"municipality_number", "county_number", "org_number", "official_email"},
    "POST /api/v1/contacts": {"organization_id", "email"},
    "PATCH /api/v1/contacts/{contact_id}": {"organization_id", "email"},
    "POST /api/v1/networks": {"theme", "slug"},
    "PATCH /api/v1/networks/{network_id}": {"theme", "slug"},
    "POST /api/v1/networks/{network_id}/members": {"organization_id", "joined_on"},
    "DELETE /api/v1/networks/{network_id}/members": {"organization_id", "left_on"},
    "DELETE /api/v1/networks/{network_id}/members/{organization_id}": {"left_on"},
    "POST /api/v1/groups": {"host_organization_id", "slug"},
    "PATCH /api/v1/groups/{group_id}": {"host_organization_id", "slug"},
    "POST /api/v1/groups/{group_id}/members": {"organization_id", "joined_on"},
    "DELETE /api/v1/groups/{group_id}/members": {"organization_id", "left_on"},
    "DELETE /api/v1/groups/{group_id}/members/{organization_id}": {"left_on"},
    "GET /api/v1/events": {"theme"},
    "POST /api/v1/events": {"ends_at", "network_id", "process_id", "themes", "registration_closes_at", "registration_opens_at", "status", "presenter_slots"},
    "PATCH /api/v1/events/{event_id}": {"ends_at", "network_id", "process_id", "themes", "registration_closes_at", "registration_opens_at", "status", "presenter_slots"},
    "POST /api/v1/registrations": {"event_id", "contact_id", "organization_id", "theme", "role"},
    "POST /api/v1/events/{event_id}/registrations": {"contact_id", "email", "name", "organization_id", "org_number", "organization_name", "theme", "role"},
    "PATCH /api/v1/registrations/{registration_id}": {"status", "attendance", "presenter_approval"},
    "POST /api/v1/processes": {"slug", "theme", "network_id", "responsible_user_id", "ended_on", "phase_changed_on", "phase"},
    "PATCH /api/v1/processes/{process_id}": {"slug", "theme", "network_id", "responsible_user_id", "ended_on", "phase_changed_on", "phase"},
    "POST /api/v1/processes/{process_id}/participants": {"organization_id", "group_id", "joined_on", "joined_in_phase"},
    "DELETE /api/v1/processes/{process_id}/participants/{organization_id}": {"left_on"},
    "GET /api/v1/processes": {"theme"},
    "POST /api/v1/campaigns": {"_schema", "event_id", "organization_ids", "group_id", "on_behalf", "targets"},
    "GET /api/v1/reports/participation": {"theme", "network", "group", "from"},
    "GET /api/v1/targets": {"theme", "network", "group", "process", "min_population"},
    "GET /api/v1/audit": {"to"},
}  # fmt: skip


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
#: Fuzzing only (anonymous, admin): bounded random cases
FUZZ = SchemathesisConfig.from_dict({"seed": 12, "phases": {"coverage": {"enabled": False}}})
#: With a coordinator's token also the coverage phase, negative cases only: every declared
#: constraint is violated once per property (wrong type, out of range, off pattern, missing)
COVER = SchemathesisConfig.from_dict(
    {
        "seed": 12,
        "phases": {"coverage": {"generation": {"mode": "negative"}, "unexpected-methods": ["PUT"]}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", PROXY, config=FUZZ)
#: Writes get the coverage phase; reads (query strings) are fuzzed, which keeps the run short
covered = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", PROXY, config=COVER).include(
    method=["POST", "PATCH", "DELETE"]
)
READS = schema.include(method="GET")
load_all_checks()


def _business_rule(ctx, response, case):
    """``positive_data_acceptance``, except a 422 that names only BUSINESS_RULES fields."""
    allowed = BUSINESS_RULES.get(f"{case.method.upper()} {case.path}", set())
    if response.status_code == 422 and allowed:
        errors = (response.json() or {}).get("errors") or {}
        if errors and {name.split(".")[0] for name in errors} <= allowed:
            return None
    return positive_data_acceptance(ctx, response, case)


ALL_CHECKS = [check for check in CHECKS.get_all() if check is not positive_data_acceptance]
ALL_CHECKS.append(_business_rule)


@pytest.fixture(autouse=True)
def _clean_tables():
    """This module keeps its data between tests (see the module docstring)."""
    yield


@pytest.fixture(scope="module")
def tokens(app):
    from netmgr.auth.models import ApiToken, User
    from netmgr.campaigns.services import create_campaign
    from netmgr.organizations.services import create_contact, create_organization
    from netmgr.processes.services import create_process

    wipe_tables(app, dispose=True)
    PROXY.target = app
    with app.app_context():
        coordinator = User(email="koordinator@lup.no", name="Koordinator", role="coordinator")
        admin = User(email="admin@lup.no", name="Admin", role="admin")
        db.session.add_all([coordinator, admin])
        db.session.flush()
        _, coord = ApiToken.issue(coordinator, name="schemathesis")
        _, adm = ApiToken.issue(admin, name="schemathesis")
        supplier = create_organization(
            {"kind": "supplier", "name": "Leverandør AS", "org_number": "974760673"}
        )
        town = factories.municipality(name="Bergen", number="4601")
        create_contact({"email": "ola@example.no", "name": "Ola", "organization_id": supplier.id})
        network = factories.created_network()
        factories.member(network, town)
        factories.created_group(host=town)
        event = factories.created_event()
        factories.registration(event, org=town)
        create_process({"slug": "felles-innkjop", "title": "Felles innkjøp"})
        create_campaign(event, {"organizations": [town.id]}, user=coordinator)
        db.session.commit()
    yield {"coordinator": f"Bearer {coord}", "admin": f"Bearer {adm}", "anonymous": None}
    wipe_tables(app, dispose=True)


#: What only an admin may do; the admin's token is tried on these (the rest is as for a
#: coordinator, and the run stays short)
ADMIN_ONLY = schema.include(path_regex="^/api/v1/(people/erase|audit|organizations/[{]org_id[}])$")
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _call(case, token):
    # The WSGI client does not undo flask-compress's gzip
    headers = {"Accept-Encoding": "identity"}
    if token:
        headers["Authorization"] = token
    case.call_and_validate(headers=headers, checks=ALL_CHECKS)


@SETTINGS
@covered.parametrize()
def test_api_conforms_to_its_openapi_document(case, tokens):
    _call(case, tokens["coordinator"])


@SETTINGS
@READS.parametrize()
def test_reads_conform(case, tokens):
    _call(case, tokens["coordinator"])


@settings(SETTINGS, max_examples=2)  # without a token every operation behaves alike
@schema.parametrize()
def test_api_without_token_conforms(case, tokens):
    _call(case, tokens["anonymous"])


@SETTINGS
@ADMIN_ONLY.parametrize()
def test_admin_operations_conform(case, tokens):
    _call(case, tokens["admin"])
