"""/api/v1/groups and /api/v1/groups/<id>/members (membership history kept), the same
contract as networks' members. Groups are coordinator data: every call needs a token.

The routes are in :mod:`netmgr.groups.blueprint`.
"""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import func, or_, select

from ..api.common import BEARER, acting_user, doc, get_or_404, paginate
from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
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


class Groups(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupQuery, location="query")
    @doc.response(200, GroupPage)
    def get(self, args):
        """List groups (regional cooperations, councils, others) by name"""
        query = select(Group).order_by(Group.name, Group.id)
        if args.get("kind"):
            query = query.where(Group.kind == args["kind"])
        if args.get("q"):
            like = "%" + args["q"].lower().replace("%", "").replace("_", "") + "%"
            query = query.where(or_(func.lower(Group.name).like(like), Group.slug.like(like)))
        if args.get("organization_id"):
            query = query.where(
                Group.id.in_(
                    select(GroupMembership.group_id).where(
                        GroupMembership.organization_id == args["organization_id"],
                        memberships_lib.active_on(GroupMembership, services.today()),
                    )
                )
            )
        return paginate(query, args)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupSchema)
    @doc.response(201, GroupSchema)
    def post(self, data):
        """Create a group (slug unique: 409 when taken)"""
        group = services.create_group(data)
        audit("group.created", group, user=acting_user())
        db.session.commit()
        return group


class GroupItem(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.response(200, GroupSchema)
    def get(self, group_id):
        """Get one group"""
        return get_or_404(Group, group_id)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupPatch)
    @doc.response(200, GroupSchema)
    def patch(self, data, group_id):
        """Change fields of a group"""
        group = get_or_404(Group, group_id)
        services.update_group(group, data)
        audit("group.updated", group, user=acting_user(), fields=sorted(data))
        db.session.commit()
        return group

    @require_token()
    @doc.doc(security=BEARER)
    @doc.response(204)
    def delete(self, group_id):
        """Delete a group and its membership history"""
        group = get_or_404(Group, group_id)
        audit("group.deleted", group, user=acting_user(), slug=group.slug)
        services.delete_group(group)
        db.session.commit()


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
