"""/api/v1/networks and /api/v1/networks/<id>/members (membership history kept).

The routes are in :mod:`netmgr.networks.blueprint`.
"""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from sqlalchemy import func, or_, select

from ..api.common import (
    BEARER,
    abort_errors,
    acting_user,
    doc,
    get_or_404,
    optional_user,
    paginate,
)
from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..organizations.models import Organization
from . import services
from .models import Network, NetworkMembership, Theme
from .schemas import (
    EndBody,
    EndQuery,
    MemberQuery,
    MembershipPage,
    MembershipSchema,
    NetworkOut,
    NetworkPage,
    NetworkPatch,
    NetworkQuery,
    NetworkSchema,
)


def _end(network_id: int, organization_id: int, left_on):
    network = get_or_404(Network, network_id)
    org = get_or_404(Organization, organization_id)
    membership = services.end_membership(network, org, left_on=left_on)
    _audit_and_commit("network.member_ended", network, org, left_on=membership.left_on)
    return membership


def _audit_and_commit(action: str, network: Network, org: Organization, **dates) -> None:
    """Audit a membership change (who, which organisation, from or until when) and commit."""
    details = {name: day.isoformat() for name, day in dates.items()}
    audit(action, network, user=acting_user(), organization=org.id, **details)
    db.session.commit()


def _visible_network(network_id: int) -> Network:
    network = get_or_404(Network, network_id)
    if not network.active and optional_user() is None:
        abort(401)
    return network


class Networks(MethodView):
    @doc.arguments(NetworkQuery, location="query")
    @doc.response(200, NetworkPage)
    def get(self, args):
        """List networks (public: active ones; with a token: all)"""
        user = optional_user()
        query = select(Network).order_by(Network.name, Network.id)
        if user is None:
            if args.get("active") is False:
                abort(401)
            query = query.where(Network.active.is_(True))
        elif "active" in args:
            query = query.where(Network.active == args["active"])
        if args.get("theme"):
            query = query.join(Theme).where(Theme.slug == args["theme"])
        if args.get("q"):
            like = "%" + args["q"].lower().replace("%", "").replace("_", "") + "%"
            query = query.where(or_(func.lower(Network.name).like(like), Network.slug.like(like)))
        return paginate(query, args)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(NetworkSchema)
    @doc.response(201, NetworkOut)
    def post(self, data):
        """Create a network (slug unique: 409 when taken)"""
        network = services.create_network(data)
        audit("network.created", network, user=acting_user())
        db.session.commit()
        return network


class NetworkItem(MethodView):
    @doc.response(200, NetworkOut)
    def get(self, network_id):
        """Get one network (public when active)"""
        return _visible_network(network_id)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(NetworkPatch)
    @doc.response(200, NetworkOut)
    def patch(self, data, network_id):
        """Change fields of a network"""
        network = get_or_404(Network, network_id)
        services.update_network(network, data)
        audit("network.updated", network, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return network

    @require_token()
    @doc.doc(security=BEARER)
    @doc.response(204)
    def delete(self, network_id):
        """Delete a network without events (deactivate it otherwise)"""
        network = get_or_404(Network, network_id)
        audit("network.deleted", network, user=acting_user(), slug=network.slug)
        services.delete_network(network)
        db.session.commit()


class Members(MethodView):
    @doc.arguments(MemberQuery, location="query")
    @doc.response(200, MembershipPage)
    def get(self, args, network_id):
        """List memberships with joined/left dates (public for active networks)"""
        network = _visible_network(network_id)
        query = memberships_lib.membership_query(
            NetworkMembership,
            "network_id",
            network.id,
            args,
            (Organization.name, NetworkMembership.joined_on, NetworkMembership.id),
        ).join(Organization)
        return paginate(query, args)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(MembershipSchema)
    @doc.response(201, MembershipSchema)
    def post(self, data, network_id):
        """Add a member organisation from joined_on (default today); 409 if already a member"""
        network = get_or_404(Network, network_id)
        org = db.session.get(Organization, data["organization_id"])
        if org is None:
            abort_errors(422, {"organization_id": ["Organisation not found."]})
        membership = services.add_member(network, org, joined_on=data.get("joined_on"))
        _audit_and_commit("network.member_added", network, org, joined_on=membership.joined_on)
        return membership

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(EndBody)
    @doc.response(200, MembershipSchema)
    def delete(self, data, network_id):
        """End a membership: body {organization_id, left_on}; the row is kept as history"""
        return _end(network_id, data["organization_id"], data.get("left_on"))


class MemberItem(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(EndQuery, location="query")
    @doc.response(200, MembershipSchema)
    def delete(self, args, network_id, organization_id):
        """End a membership on left_on (default today); the row is kept as history"""
        return _end(network_id, organization_id, args.get("left_on"))
