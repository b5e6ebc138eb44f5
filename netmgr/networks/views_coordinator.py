"""Coordinator network pages: list, create, edit, and memberships (with their history)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import audit
from ..extensions import db
from ..organizations.member_pages import MemberPages
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import run_service
from . import queries, services
from .forms import NetworkForm
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


MEMBERS = MemberPages(
    NetworkMembership,
    "network_id",
    "networks.coordinator_detail",
    "networks/coordinator/detail.html",
)


@coordinator_required
def detail(network_id: int):
    q = (request.args.get("q") or "").strip()
    return MEMBERS.render(get_or_404(Network, network_id), MAX_CHOICES, q)


@coordinator_required
def member_add(network_id: int):
    return MEMBERS.add(get_or_404(Network, network_id), MAX_CHOICES)


@coordinator_required
def member_end(network_id: int, membership_id: int):
    return MEMBERS.end(get_or_404(Network, network_id), membership_id, MAX_CHOICES)
