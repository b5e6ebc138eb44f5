"""Coordinator network pages: list, create, edit, and memberships (with their history)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..organizations.member_pages import MemberPages
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import render_form, save_and_redirect
from . import queries, services
from .forms import NetworkForm
from .models import Network, NetworkMembership, Theme

#: Most organisations offered in the "add member" select
MAX_CHOICES = 400


def _network_form(**kwargs) -> NetworkForm:
    form = NetworkForm(**kwargs)
    form.set_choices(db.session.scalars(select(Theme).order_by(Theme.id)).all())
    return form


def _to_page(network: Network) -> str:
    return url_for("networks.coordinator_detail", network_id=network.id)


@coordinator_required
def network_list():
    return render_template(
        "networks/coordinator/list.html", rows=queries.networks_with_member_counts()
    )


@coordinator_required
def new():
    form = _network_form()
    if form.validate_on_submit():
        action = lambda: services.create_network(form.to_data())
        message = _("Nettverket er opprettet.")
        saved = save_and_redirect(form, action, message, _to_page, audit_as="network.created")
        if saved:
            return saved
    return render_form("networks/coordinator/form.html", form, network=None)


@coordinator_required
def edit(network_id: int):
    network = get_or_404(Network, network_id)
    form = _network_form(obj=None)
    if request.method == "GET":
        form.name.data, form.slug.data = network.name, network.slug
        form.theme.data, form.description.data = network.theme_id, network.description
        form.active.data = network.active
    elif form.validate_on_submit():
        action = lambda: services.update_network(network, form.to_data())
        message = _("Endringene er lagret.")
        saved = save_and_redirect(form, action, message, _to_page, network, "network.updated")
        if saved:
            return saved
    return render_form("networks/coordinator/form.html", form, network=network)


MEMBERS = MemberPages(
    NetworkMembership,
    Network,
    "network_id",
    "networks.coordinator_detail",
    "networks/coordinator/detail.html",
    max_choices=MAX_CHOICES,
)


@coordinator_required
def detail(network_id: int):
    q = (request.args.get("q") or "").strip()
    return MEMBERS.render(get_or_404(Network, network_id), MAX_CHOICES, q)
