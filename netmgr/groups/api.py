"""/api/v1/groups and /api/v1/groups/<id>/members (membership history kept), the same
contract as networks' members. Groups are coordinator data: every call needs a token.

The routes are in :mod:`netmgr.groups.blueprint`.
"""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import func, or_, select

from ..api.common import BEARER, abort_errors, acting_user, doc, get_or_404, paginate
from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..organizations.models import Organization
from . import services
from .models import Group, GroupMembership
from .schemas import (
    GroupEndBody,
    GroupEndQuery,
    GroupMemberQuery,
    GroupMembershipPage,
    GroupMembershipSchema,
    GroupPage,
    GroupPatch,
    GroupQuery,
    GroupSchema,
)


def _end(group_id: int, organization_id: int, left_on):
    group = get_or_404(Group, group_id)
    org = get_or_404(Organization, organization_id)
    membership = services.end_membership(group, org, left_on=left_on)
    audit(
        "group.member_ended",
        group,
        user=acting_user(),
        organization=org.id,
        left_on=membership.left_on.isoformat(),
    )
    db.session.commit()
    return membership


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


class Members(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupMemberQuery, location="query")
    @doc.response(200, GroupMembershipPage)
    def get(self, args, group_id):
        """List memberships with joined/left dates"""
        group = get_or_404(Group, group_id)
        query = memberships_lib.membership_query(
            GroupMembership,
            "group_id",
            group.id,
            args,
            (Organization.name, GroupMembership.joined_on, GroupMembership.id),
        ).join(Organization)
        return paginate(query, args)

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupMembershipSchema)
    @doc.response(201, GroupMembershipSchema)
    def post(self, data, group_id):
        """Add a member organisation from joined_on (default today); 409 if already a member"""
        group = get_or_404(Group, group_id)
        org = db.session.get(Organization, data["organization_id"])
        if org is None:
            abort_errors(422, {"organization_id": ["Organisation not found."]})
        membership = services.add_member(group, org, joined_on=data.get("joined_on"))
        audit(
            "group.member_added",
            group,
            user=acting_user(),
            organization=org.id,
            joined_on=membership.joined_on.isoformat(),
        )
        db.session.commit()
        return membership

    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupEndBody)
    @doc.response(200, GroupMembershipSchema)
    def delete(self, data, group_id):
        """End a membership: body {organization_id, left_on}; the row is kept as history"""
        return _end(group_id, data["organization_id"], data.get("left_on"))


class MemberItem(MethodView):
    @require_token()
    @doc.doc(security=BEARER)
    @doc.arguments(GroupEndQuery, location="query")
    @doc.response(200, GroupMembershipSchema)
    def delete(self, args, group_id, organization_id):
        """End a membership on left_on (default today); the row is kept as history"""
        return _end(group_id, organization_id, args.get("left_on"))
