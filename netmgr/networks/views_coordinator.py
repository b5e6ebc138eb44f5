"""Coordinator network pages: list, create, edit, and memberships (with their history)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..extensions import db
from ..organizations.models import Organization
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import run_service
from . import queries, services
from .forms import EndMembershipForm, MemberForm, NetworkForm
from .models import Network, NetworkMembership, Theme

#: Most organisations offered in the "add member" select
MAX_CHOICES = 400


def _network_form(**kwargs) -> NetworkForm:
    form = NetworkForm(**kwargs)
    form.set_choices(db.session.scalars(select(Theme).order_by(Theme.id)).all())
    return form


def _save(form, action, audit_as: str, message: str, network: Network | None = None, **detail):
    """Run ``action``; on success audit it on ``network`` (or the network the action returned),
    commit, flash ``message`` and go to the network's page. None when the service refused."""
    result, ok = run_service(form, action)
    if not ok:
        return None
    network = network or result
    audit(audit_as, network, **detail)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("networks.coordinator_detail", network_id=network.id))


@coordinator_required
def network_list():
    return render_template(
        "networks/coordinator/list.html", rows=queries.networks_with_member_counts()
    )


@coordinator_required
def new():
    form = _network_form()
    if form.validate_on_submit():
        saved = _save(
            form,
            lambda: services.create_network(form.to_data()),
            "network.created",
            _("Nettverket er opprettet."),
        )
        if saved:
            return saved
    return render_template(
        "networks/coordinator/form.html", form=form, network=None
    ), 422 if form.errors or form.form_errors else 200


@coordinator_required
def edit(network_id: int):
    network = get_or_404(Network, network_id)
    form = _network_form(obj=None)
    if request.method == "GET":
        form.name.data, form.slug.data = network.name, network.slug
        form.theme.data, form.description.data = network.theme_id, network.description
        form.active.data = network.active
    elif form.validate_on_submit():
        saved = _save(
            form,
            lambda: services.update_network(network, form.to_data()),
            "network.updated",
            _("Endringene er lagret."),
            network,
        )
        if saved:
            return saved
    return render_template(
        "networks/coordinator/form.html", form=form, network=network
    ), 422 if form.errors or form.form_errors else 200


def _member_form(network: Network, q: str) -> MemberForm:
    form = MemberForm()
    current = {m.organization_id for m in network.memberships if m.left_on is None}
    orgs = queries.search_organizations(q, exclude_ids=current, limit=MAX_CHOICES + 1)
    form.truncated = len(orgs) > MAX_CHOICES
    orgs = orgs[:MAX_CHOICES]
    form.organization.choices = [(0, _("Velg organisasjon"))] + [
        (o.id, f"{o.display_name} ({o.org_number or o.municipality_number or '–'})") for o in orgs
    ]
    return form


def _render_detail(network, member_form, q="", status=200):
    return render_template(
        "networks/coordinator/detail.html",
        network=network,
        memberships=queries.memberships(network),
        member_form=member_form,
        end_form=EndMembershipForm(),
        q=q,
        truncated=getattr(member_form, "truncated", False),
        max_choices=MAX_CHOICES,
    ), status


@coordinator_required
def detail(network_id: int):
    network = get_or_404(Network, network_id)
    q = (request.args.get("q") or "").strip()
    return _render_detail(network, _member_form(network, q), q)


@coordinator_required
def member_add(network_id: int):
    network = get_or_404(Network, network_id)
    q = (request.form.get("q") or "").strip()
    form = _member_form(network, q)
    if form.validate_on_submit():
        org = db.session.get(Organization, form.organization.data)
        if org is None:
            form.organization.errors = [_("Velg en organisasjon fra listen.")]
        else:
            saved = _save(
                form,
                lambda: services.add_member(network, org, joined_on=form.joined_on.data),
                "network.member_added",
                _("%(name)s er lagt til som medlem.", name=org.name),
                network,
                organization=org.id,
            )
            if saved:
                return saved
            network = get_or_404(Network, network_id)
            form = _member_form(network, q) if not form.errors else form
    return _render_detail(network, form, q, 422)


@coordinator_required
def member_end(network_id: int, membership_id: int):
    network = get_or_404(Network, network_id)
    membership = get_or_404(NetworkMembership, membership_id)
    if membership.network_id != network.id:
        return redirect(url_for("networks.coordinator_detail", network_id=network.id))
    if membership.left_on is not None:  # already ended (a second click, another tab)
        flash(_("Medlemskapet er allerede avsluttet."), "info")
        return redirect(url_for("networks.coordinator_detail", network_id=network.id))
    form = EndMembershipForm()
    if form.validate_on_submit():
        org = membership.organization
        saved = _save(
            form,
            lambda: services.end_membership(network, org, left_on=form.left_on.data),
            "network.member_ended",
            _("Medlemskapet til %(name)s er avsluttet.", name=org.name),
            network,
            organization=org.id,
        )
        if saved:
            return saved
        network = get_or_404(Network, network_id)
    for message in [*form.form_errors, *(m for errs in form.errors.values() for m in errs)]:
        flash(message, "error")
    return _render_detail(network, _member_form(network, ""), "", 422)
