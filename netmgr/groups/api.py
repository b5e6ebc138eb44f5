"""/api/v1/groups and /api/v1/groups/<id>/members (membership history kept), the same
contract as networks' members. Groups are coordinator data: every call needs a token.

The routes are in :mod:`netmgr.groups.blueprint`.
"""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import or_, select

from ..api.common import BEARER, doc, get_or_404
from ..api.resources import Item, create_method, item_resource, list_method
from ..auth.tokens import require_token
from ..core.search import contains
from ..organizations import memberships as memberships_lib
from ..organizations.member_api import member_resources
from . import services
from .models import Group, GroupMembership
from .schemas import (
    MEMBERS,
    GroupPage,
    GroupPatch,
    GroupQuery,
    GroupSchema,
)


def _search_groups(args):
    """The select behind ``GET`` of :class:`Groups` (its filters)."""
    query = select(Group).order_by(Group.name, Group.id)
    if args.get("kind"):
        query = query.where(Group.kind == args["kind"])
    if args.get("q"):
        query = query.where(or_(contains(Group.name, args["q"]), contains(Group.slug, args["q"])))
    if args.get("organization_id"):
        query = query.where(
            Group.id.in_(
                select(GroupMembership.group_id).where(
                    GroupMembership.organization_id == args["organization_id"],
                    memberships_lib.active_on(GroupMembership, services.today()),
                )
            )
        )
    return query


class Groups(MethodView):
    get = list_method(
        GroupQuery,
        GroupPage,
        _search_groups,
        "List groups (regional cooperations, councils, others) by name",
    )

    post = create_method(
        GroupSchema,
        services.create_group,
        "Create a group (slug unique: 409 when taken)",
        audit_as="group",
    )


GroupItem = item_resource(
    "GroupItem",
    Item(
        Group,
        schema=GroupSchema,
        patch=GroupPatch,
        update=services.update_group,
        delete=services.delete_group,
        audit_as="group",
        deleted_detail=lambda group: {"slug": group.slug},
        docs={
            "get": "Get one group",
            "patch": "Change fields of a group",
            "delete": "Delete a group and its membership history",
        },
    ),
)
_TOKEN = (require_token(), doc.doc(security=BEARER))
Members, MemberItem = member_resources(
    GroupMembership,
    "group_id",
    MEMBERS,
    owner_model=Group,
    write=_TOKEN,
    read=_TOKEN,
    load_for_read=lambda group_id: get_or_404(Group, group_id),
    list_doc="List memberships with joined/left dates",
)
