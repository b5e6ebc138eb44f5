"""/api/v1/networks and /api/v1/networks/<id>/members (membership history kept).

The routes are in :mod:`netmgr.networks.blueprint`.
"""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from sqlalchemy import or_, select

from ..api.common import BEARER, doc, get_or_404, optional_user
from ..api.resources import Item, create_method, item_resource, list_method
from ..auth.tokens import require_token
from ..core.search import contains
from ..organizations.member_api import member_resources
from . import services
from .models import Network, NetworkMembership, Theme
from .schemas import (
    MEMBERS,
    NetworkOut,
    NetworkPage,
    NetworkPatch,
    NetworkQuery,
    NetworkSchema,
)


def _visible_network(network_id: int) -> Network:
    network = get_or_404(Network, network_id)
    if not network.active and optional_user() is None:
        abort(401)
    return network


def _search_networks(args):
    """The select behind ``GET`` of :class:`Networks` (its filters)."""
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
        q = args["q"]
        query = query.where(or_(contains(Network.name, q), contains(Network.slug, q)))
    return query


class Networks(MethodView):
    get = list_method(
        NetworkQuery,
        NetworkPage,
        _search_networks,
        "List networks (public: active ones; with a token: all)",
        auth=(),
    )

    post = create_method(
        NetworkSchema,
        services.create_network,
        "Create a network (slug unique: 409 when taken)",
        out=NetworkOut,
        audit_as="network",
    )


NetworkItem = item_resource(
    "NetworkItem",
    Item(
        Network,
        schema=NetworkOut,
        patch=NetworkPatch,
        update=services.update_network,
        delete=services.delete_network,
        audit_as="network",
        deleted_detail=lambda network: {"slug": network.slug},
        load_for_read=_visible_network,
        read=(),
        docs={
            "get": "Get one network (public when active)",
            "patch": "Change fields of a network",
            "delete": "Delete a network without events (deactivate it otherwise)",
        },
    ),
)


Members, MemberItem = member_resources(
    NetworkMembership,
    "network_id",
    MEMBERS,
    owner_model=Network,
    write=(require_token(), doc.doc(security=BEARER)),
    read=(),
    load_for_read=_visible_network,
    list_doc="List memberships with joined/left dates (public for active networks)",
)
