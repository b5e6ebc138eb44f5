"""Coordinator group pages: list, create, edit, and memberships (with their history)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..organizations.member_pages import MemberPages
from ..organizations.models import Organization
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import render_form, save_and_redirect
from . import queries, services
from .forms import GroupForm
from .labels import GROUP_KIND_LABELS
from .models import Group, GroupMembership

#: Most organisations offered in the "add member" select
MAX_CHOICES = 400
#: Organisations that can host a group
HOST_KINDS = ("municipality", "county", "other")


def _group_form() -> GroupForm:
    form = GroupForm()
    hosts = db.session.scalars(
        select(Organization)
        .where(Organization.active.is_(True), Organization.kind.in_(HOST_KINDS))
        .order_by(Organization.name)
    ).all()
    form.set_choices(hosts)
    return form


def _to_page(group: Group) -> str:
    return url_for("groups.detail", group_id=group.id)


@coordinator_required
def group_list():
    return render_template(
        "groups/list.html", rows=queries.groups_with_member_counts(), kinds=GROUP_KIND_LABELS
    )


@coordinator_required
def new():
    form = _group_form()
    if form.validate_on_submit():
        action = lambda: services.create_group(form.to_data())
        message = _("Gruppen er opprettet.")
        saved = save_and_redirect(form, action, message, _to_page, audit_as="group.created")
        if saved:
            return saved
    return render_form("groups/form.html", form, group=None)


@coordinator_required
def edit(group_id: int):
    group = get_or_404(Group, group_id)
    form = _group_form()
    if request.method == "GET":
        form.fill(group)
    elif form.validate_on_submit():
        action = lambda: services.update_group(group, form.to_data())
        message = _("Endringene er lagret.")
        saved = save_and_redirect(form, action, message, _to_page, group, "group.updated")
        if saved:
            return saved
    return render_form("groups/form.html", form, group=group)


MEMBERS = MemberPages(
    GroupMembership,
    Group,
    "group_id",
    "groups.detail",
    "groups/detail.html",
    context=lambda: {"kinds": GROUP_KIND_LABELS},
    max_choices=MAX_CHOICES,
)


@coordinator_required
def detail(group_id: int):
    q = (request.args.get("q") or "").strip()
    return MEMBERS.render(get_or_404(Group, group_id), MAX_CHOICES, q)
