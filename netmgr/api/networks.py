"""/api/v1/networks and /api/v1/networks/<id>/members (membership history kept)."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from marshmallow import fields, validate
from sqlalchemy import func, or_, select

from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from ..networks import services
from ..networks.models import Network, NetworkMembership, Theme
from ..organizations.models import Organization
from .common import (
    BEARER,
    ApiBlueprint,
    DateField,
    Id,
    PageQuery,
    Schema,
    Str,
    Text,
    abort_errors,
    acting_user,
    get_or_404,
    optional_user,
    page_schema,
    paginate,
    partial_schema,
    register_error_handlers,
)

bp = ApiBlueprint(
    "api_networks",
    __name__,
    url_prefix="/api/v1",
    description="Thematic networks and their member organisations. Reading active "
    "networks is public; writing needs a bearer token.",
)
register_error_handlers(bp)


class NetworkSchema(Schema):
    id = fields.Integer(dump_only=True)
    slug = Str(
        required=True,
        max_length=80,
        validate=[
            validate.Regexp(
                services.SLUG.pattern, error="Use lower-case letters a-z, digits and hyphens."
            )
        ],
    )
    name = Str(required=True, validate=[validate.Length(min=1)])
    theme = Str(
        required=True,
        max_length=60,
        metadata={
            "description": "theme slug: buildings, welfare_technology, "
            "digital_solutions, climate_environment, mobility ..."
        },
    )
    description = Text(allow_none=True)
    active = fields.Boolean()
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class NetworkOut(NetworkSchema):
    theme = fields.Function(lambda n: n.theme.slug if n.theme else None)


class NetworkQuery(PageQuery):
    theme = Str(max_length=60)
    active = fields.Boolean()
    q = Str(max_length=100)


class MembershipSchema(Schema):
    id = fields.Integer(dump_only=True)
    network_id = fields.Integer(dump_only=True)
    organization_id = Id(required=True)
    organization_name = fields.Function(lambda m: m.organization.name, dump_only=True)
    joined_on = DateField(allow_none=True)
    left_on = DateField(dump_only=True)
    active = fields.Function(
        lambda m: m.left_on is None or m.left_on >= services.today(), dump_only=True
    )


class MemberQuery(PageQuery):
    current = fields.Boolean(metadata={"description": "true: members today; false: history"})
    on = DateField(metadata={"description": "members on this date"})


class EndQuery(Schema):
    left_on = DateField(metadata={"description": "last day of membership; default today"})


class EndBody(Schema):
    organization_id = Id(required=True)
    left_on = DateField(
        allow_none=True, metadata={"description": "last day of membership; default today"}
    )


def _end(network_id: int, organization_id: int, left_on):
    network = get_or_404(Network, network_id)
    org = get_or_404(Organization, organization_id)
    membership = services.end_membership(network, org, left_on=left_on)
    audit(
        "network.member_ended",
        network,
        user=acting_user(),
        organization=org.id,
        left_on=membership.left_on.isoformat(),
    )
    db.session.commit()
    return membership


NetworkPatch = partial_schema(NetworkSchema)
NetworkPage = page_schema(NetworkOut, "NetworkPage")
MembershipPage = page_schema(MembershipSchema, "MembershipPage")


def _visible_network(network_id: int) -> Network:
    network = get_or_404(Network, network_id)
    if not network.active and optional_user() is None:
        abort(401)
    return network


@bp.route("/networks")
class Networks(MethodView):
    @bp.arguments(NetworkQuery, location="query")
    @bp.response(200, NetworkPage)
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
    @bp.doc(security=BEARER)
    @bp.arguments(NetworkSchema)
    @bp.response(201, NetworkOut)
    def post(self, data):
        """Create a network (slug unique: 409 when taken)"""
        network = services.create_network(data)
        audit("network.created", network, user=acting_user())
        db.session.commit()
        return network


@bp.route("/networks/<int:network_id>")
class NetworkItem(MethodView):
    @bp.response(200, NetworkOut)
    def get(self, network_id):
        """Get one network (public when active)"""
        return _visible_network(network_id)

    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(NetworkPatch)
    @bp.response(200, NetworkOut)
    def patch(self, data, network_id):
        """Change fields of a network"""
        network = get_or_404(Network, network_id)
        services.update_network(network, data)
        audit("network.updated", network, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return network

    @require_token()
    @bp.doc(security=BEARER)
    @bp.response(204)
    def delete(self, network_id):
        """Delete a network without events (deactivate it otherwise)"""
        network = get_or_404(Network, network_id)
        audit("network.deleted", network, user=acting_user(), slug=network.slug)
        services.delete_network(network)
        db.session.commit()


@bp.route("/networks/<int:network_id>/members")
class Members(MethodView):
    @bp.arguments(MemberQuery, location="query")
    @bp.response(200, MembershipPage)
    def get(self, args, network_id):
        """List memberships with joined/left dates (public for active networks)"""
        network = _visible_network(network_id)
        query = (
            select(NetworkMembership)
            .join(Organization)
            .where(NetworkMembership.network_id == network.id)
            .order_by(Organization.name, NetworkMembership.joined_on, NetworkMembership.id)
        )
        on = args.get("on") or (services.today() if "current" in args else None)
        if on is not None:
            active = (NetworkMembership.joined_on <= on) & (
                NetworkMembership.left_on.is_(None) | (NetworkMembership.left_on >= on)
            )
            query = query.where(~active if args.get("current") is False else active)
        return paginate(query, args)

    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(MembershipSchema)
    @bp.response(201, MembershipSchema)
    def post(self, data, network_id):
        """Add a member organisation from joined_on (default today); 409 if already a member"""
        network = get_or_404(Network, network_id)
        org = db.session.get(Organization, data["organization_id"])
        if org is None:
            abort_errors(422, {"organization_id": ["Organisation not found."]})
        membership = services.add_member(network, org, joined_on=data.get("joined_on"))
        audit(
            "network.member_added",
            network,
            user=acting_user(),
            organization=org.id,
            joined_on=membership.joined_on.isoformat(),
        )
        db.session.commit()
        return membership

    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(EndBody)
    @bp.response(200, MembershipSchema)
    def delete(self, data, network_id):
        """End a membership: body {organization_id, left_on}; the row is kept as history"""
        return _end(network_id, data["organization_id"], data.get("left_on"))


@bp.route("/networks/<int:network_id>/members/<int:organization_id>")
class MemberItem(MethodView):
    @require_token()
    @bp.doc(security=BEARER)
    @bp.arguments(EndQuery, location="query")
    @bp.response(200, MembershipSchema)
    def delete(self, args, network_id, organization_id):
        """End a membership on left_on (default today); the row is kept as history"""
        return _end(network_id, organization_id, args.get("left_on"))
