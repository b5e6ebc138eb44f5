"""The members contract shared by /api/v1/networks/<id>/members and /api/v1/groups/<id>/members:
list with history, add from a day, end on a day (the row is kept). Each feature builds its
schemas with :func:`member_schemas` and its two resources with :func:`member_resources`; the
routes stay in the feature's ``blueprint.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask.views import MethodView
from marshmallow import fields

from ..api.common import (
    PageQuery,
    Schema,
    abort_errors,
    acting_user,
    doc,
    get_or_404,
    page_schema,
    paginate,
)
from ..api.fields import DateField, Id, QueryBool
from ..api.resources import decorated
from ..core.audit import audit
from ..extensions import db
from . import memberships
from .models import Organization

_LAST_DAY = "last day of membership; default today"


@dataclass(frozen=True)
class MemberSchemas:
    """The schemas of one feature's members endpoints (named as that feature's OpenAPI has
    always named them, e.g. ``GroupMembershipSchema`` or ``MembershipSchema``)."""

    membership: type[Schema]
    page: type[Schema]
    query: type[Schema]
    end_query: type[Schema]
    end_body: type[Schema]


def member_schemas(owner: str, prefix: str = "") -> MemberSchemas:
    """Schemas for memberships whose owner column is ``owner`` (``group_id``)."""
    membership = Schema.from_dict(
        {
            "id": fields.Integer(dump_only=True),
            owner: fields.Integer(dump_only=True),
            "organization_id": Id(required=True),
            "organization_name": fields.Function(lambda m: m.organization.name, dump_only=True),
            "joined_on": DateField(allow_none=True),
            "left_on": DateField(dump_only=True, allow_none=True),
            "active": fields.Function(
                lambda m: m.left_on is None or m.left_on >= memberships.today(), dump_only=True
            ),
        },
        name=f"{prefix}MembershipSchema",
    )
    query = PageQuery.from_dict(
        {
            "current": QueryBool(metadata={"description": "true: members today; false: history"}),
            "on": DateField(metadata={"description": "members on this date"}),
        },
        name=f"{prefix}MemberQuery",
    )
    end_query = Schema.from_dict(
        {"left_on": DateField(metadata={"description": _LAST_DAY})}, name=f"{prefix}EndQuery"
    )
    end_body = Schema.from_dict(
        {
            "organization_id": Id(required=True),
            "left_on": DateField(allow_none=True, metadata={"description": _LAST_DAY}),
        },
        name=f"{prefix}EndBody",
    )
    page = page_schema(membership, f"{prefix}MembershipPage")
    return MemberSchemas(membership, page, query, end_query, end_body)


def member_resources(
    model,
    owner: str,
    schemas: MemberSchemas,
    *,
    owner_model,
    write: tuple,
    read: tuple,
    load_for_read,
    list_doc: str,
) -> tuple[type[MethodView], type[MethodView]]:
    """``Members`` (list, add, end by body) and ``MemberItem`` (end by URL) for the
    membership ``model`` whose owner column is ``owner``.

    ``write`` and ``read`` are the decorators (token, security) of the writing and reading
    methods; ``load_for_read(owner_id)`` finds the owner or answers 401/404. Audit entries
    are ``<feature>.member_added`` and ``<feature>.member_ended``.
    """
    feature = owner.removesuffix("_id")

    def change(action: str, owner_obj, org: Organization, **dates):
        details = {name: day.isoformat() for name, day in dates.items()}
        audit(f"{feature}.{action}", owner_obj, user=acting_user(), organization=org.id, **details)
        db.session.commit()

    def end(owner_id: int, organization_id: int, left_on):
        owner_obj = get_or_404(owner_model, owner_id)
        org = get_or_404(Organization, organization_id)
        membership = memberships.end_membership(model, owner, owner_obj.id, org, left_on)
        change("member_ended", owner_obj, org, left_on=membership.left_on)
        return membership

    def list_members(self, args, **ids):
        owner_obj = load_for_read(ids[owner])
        order = (Organization.name, model.joined_on, model.id)
        query = memberships.membership_query(model, owner, owner_obj.id, args, order)
        return paginate(query.join(Organization), args)

    def add_member(self, data, **ids):
        owner_obj = get_or_404(owner_model, ids[owner])
        org = db.session.get(Organization, data["organization_id"])
        if org is None:
            abort_errors(422, {"organization_id": ["Organisation not found."]})
        membership = memberships.add_member(model, owner, owner_obj, org, data.get("joined_on"))
        change("member_added", owner_obj, org, joined_on=membership.joined_on)
        return membership

    def end_by_body(self, data, **ids):
        return end(ids[owner], data["organization_id"], data.get("left_on"))

    def end_by_url(self, args, organization_id, **ids):
        return end(ids[owner], organization_id, args.get("left_on"))

    members = {
        "get": decorated(
            list_members,
            (
                *read,
                doc.arguments(schemas.query, location="query"),
                doc.response(200, schemas.page),
            ),
            list_doc,
        ),
        "post": decorated(
            add_member,
            (*write, doc.arguments(schemas.membership), doc.response(201, schemas.membership)),
            "Add a member organisation from joined_on (default today); 409 if already a member",
        ),
        "delete": decorated(
            end_by_body,
            (*write, doc.arguments(schemas.end_body), doc.response(200, schemas.membership)),
            "End a membership: body {organization_id, left_on}; the row is kept as history",
        ),
    }
    item = {
        "delete": decorated(
            end_by_url,
            (
                *write,
                doc.arguments(schemas.end_query, location="query"),
                doc.response(200, schemas.membership),
            ),
            "End a membership on left_on (default today); the row is kept as history",
        )
    }
    return type("Members", (MethodView,), members), type("MemberItem", (MethodView,), item)
