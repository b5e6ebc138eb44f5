"""The network services the API and the web pages share, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from netmgr.core.errors import ConflictError, NotFoundError, ServiceError
from netmgr.extensions import db
from netmgr.networks import services as nets
from netmgr.networks.models import Theme
from netmgr.organizations import services as orgs


@pytest.fixture(autouse=True)
def _request(app_ctx):
    """Messages are translated with the request's language (gettext needs a request)."""
    with app_ctx.test_request_context("/"):
        yield


def test_membership_dates(app_ctx):
    net = nets.create_network({"slug": "bygg", "name": "Bygg", "theme": "buildings"})
    org = orgs.create_organization({"kind": "state_agency", "name": "Statsbygg"})
    nets.add_member(net, org, joined_on=dt.date(2024, 1, 1))
    with pytest.raises(ConflictError):
        nets.add_member(net, org)
    nets.end_membership(net, org, left_on=dt.date(2024, 12, 31))
    with pytest.raises(NotFoundError):
        nets.end_membership(net, org)
    assert nets.is_member(net, org, on=dt.date(2024, 6, 1))
    assert nets.is_member(net, org, on=dt.date(2024, 12, 31))
    assert not nets.is_member(net, org, on=dt.date(2025, 1, 1))
    assert not nets.is_member(net, org, on=dt.date(2023, 12, 31))
    nets.add_member(net, org, joined_on=dt.date(2025, 6, 1))
    assert nets.is_member(net, org, on=dt.date(2025, 6, 1))
    assert len(nets.memberships(net, org)) == 2


def test_network_theme_by_id_or_slug(app_ctx):
    theme = db.session.query(Theme).filter_by(slug="mobility").one()
    net = nets.create_network({"slug": "mobil", "name": "Mobil", "theme_id": theme.id})
    assert net.theme.slug == "mobility"
    nets.update_network(net, {"theme": "buildings"})
    assert net.theme.slug == "buildings"
    with pytest.raises(ServiceError) as info:
        nets.update_network(net, {"theme": "nope", "name": ""})
    assert set(info.value.errors) == {"theme", "name"}
    assert net.name == "Mobil" and net.theme.slug == "buildings"  # left as it was
