"""The networks part of the organisation page (fragment ``"organization-page"``) and the
network filter of the organisation list (``organization_list_filters``)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import or_, select

from ..extensions import db
from ..organizations.list_filters import ListFilter
from ..organizations.models import Organization
from .models import Network, NetworkMembership
from .queries import oslo_today


def organization_section(_hook, organization: Organization, **_ignored) -> Markup:
    """Every membership of the organisation, ended ones included (history)."""
    memberships = db.session.scalars(
        select(NetworkMembership)
        .where(NetworkMembership.organization_id == organization.id)
        .order_by(NetworkMembership.joined_on, NetworkMembership.id)
    ).all()
    return Markup(render_template("networks/_organization_networks.html", memberships=memberships))


def network_filter(_sender) -> ListFilter:
    """Organisations that are members of a network today (``any`` = of any network)."""
    networks = db.session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
    known = {str(network_id) for network_id, _name in networks}

    def where(value: str):
        if value != "any" and value not in known:
            return None
        today = oslo_today()
        members = select(NetworkMembership.organization_id).where(
            NetworkMembership.joined_on <= today,
            or_(NetworkMembership.left_on.is_(None), NetworkMembership.left_on >= today),
        )
        if value != "any":
            members = members.where(NetworkMembership.network_id == int(value))
        return Organization.id.in_(members)

    choices = [("any", _("Medlem av et nettverk"))] + [
        (str(network_id), name) for network_id, name in networks
    ]
    return ListFilter("network", _("Nettverk"), choices, where)
