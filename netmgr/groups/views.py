"""Coordinator group pages: list, create, edit, and memberships (with their history)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..extensions import db
from ..organizations import memberships as memberships_lib
from ..organizations.models import Organization
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import run_service
from . import queries, services
from .forms import EndMembershipForm, GroupForm, MemberForm
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


def _status(form) -> int:
    return 422 if form.errors or form.form_errors else 200


@coordinator_required
def group_list():
    return render_template(
        "groups/list.html", rows=queries.groups_with_member_counts(), kinds=GROUP_KIND_LABELS
    )


@coordinator_required
def new():
    form = _group_form()
    if form.validate_on_submit():
        group, ok = run_service(form, lambda: services.create_group(form.to_data()))
        if ok:
            audit("group.created", group)
            db.session.commit()
            flash(_("Gruppen er opprettet."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None), _status(form)


@coordinator_required
def edit(group_id: int):
    group = get_or_404(Group, group_id)
    form = _group_form()
    if request.method == "GET":
        form.name.data, form.slug.data, form.kind.data = group.name, group.slug, group.kind
        form.host.data = group.host_organization_id or 0
        form.website.data, form.description.data = group.website, group.description
    elif form.validate_on_submit():
        _result, ok = run_service(form, lambda: services.update_group(group, form.to_data()))
        if ok:
            audit("group.updated", group)
            db.session.commit()
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=group), _status(form)


def _member_form(group: Group, q: str) -> MemberForm:
    form = MemberForm()
    current = {m.organization_id for m in group.memberships if m.left_on is None}
    orgs = memberships_lib.search_organizations(q, exclude_ids=current, limit=MAX_CHOICES + 1)
    form.truncated = len(orgs) > MAX_CHOICES
    form.organization.choices = [(0, _("Velg organisasjon"))] + [
        (o.id, f"{o.display_name} ({o.org_number or o.municipality_number or '–'})")
        for o in orgs[:MAX_CHOICES]
    ]
    return form


def _render_detail(group, member_form, q="", status=200):
    return render_template(
        "groups/detail.html",
        group=group,
        kinds=GROUP_KIND_LABELS,
        memberships=queries.memberships(group),
        member_form=member_form,
        q=q,
        truncated=getattr(member_form, "truncated", False),
        max_choices=MAX_CHOICES,
    ), status


@coordinator_required
def detail(group_id: int):
    group = get_or_404(Group, group_id)
    q = (request.args.get("q") or "").strip()
    return _render_detail(group, _member_form(group, q), q)


@coordinator_required
def member_add(group_id: int):
    group = get_or_404(Group, group_id)
    q = (request.form.get("q") or "").strip()
    form = _member_form(group, q)
    if form.validate_on_submit():
        org = db.session.get(Organization, form.organization.data)
        if org is None:
            form.organization.errors = [_("Velg en organisasjon fra listen.")]
        else:
            _m, ok = run_service(
                form, lambda: services.add_member(group, org, joined_on=form.joined_on.data)
            )
            if ok:
                audit("group.member_added", group, organization=org.id)
                db.session.commit()
                flash(_("%(name)s er lagt til som medlem.", name=org.name), "success")
                return redirect(url_for("groups.detail", group_id=group.id))
    return _render_detail(group, form, q, 422)


@coordinator_required
def member_end(group_id: int, membership_id: int):
    group = get_or_404(Group, group_id)
    membership = get_or_404(GroupMembership, membership_id)
    if membership.group_id != group.id:
        return redirect(url_for("groups.detail", group_id=group.id))
    if membership.left_on is not None:  # already ended (a second click, another tab)
        flash(_("Medlemskapet er allerede avsluttet."), "info")
        return redirect(url_for("groups.detail", group_id=group.id))
    form = EndMembershipForm()
    if form.validate_on_submit():
        org = membership.organization
        _m, ok = run_service(
            form, lambda: services.end_membership(group, org, left_on=form.left_on.data)
        )
        if ok:
            audit("group.member_ended", group, organization=org.id)
            db.session.commit()
            flash(_("Medlemskapet til %(name)s er avsluttet.", name=org.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    for message in [*form.form_errors, *(m for errs in form.errors.values() for m in errs)]:
        flash(message, "error")
    return _render_detail(group, _member_form(group, ""), "", 422)
