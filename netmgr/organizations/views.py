"""Coordinator organisation pages: the list, the organisation page, add and edit (routes in
``blueprint.py``; rules in the services)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from ..core.counties import COUNTIES
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import ConfirmForm, render_form, save_and_redirect
from ..web.hooks import fragments
from ..web.paging import parse_page
from . import queries, services
from .forms import KIND_LABELS, LANGUAGE_LABELS, MANUAL_KINDS, OrganizationForm
from .list_filters import feature_filters
from .models import ORG_KINDS, Organization

#: Query-string filters the list reads besides the features' own
LIST_ARGS = ("q", "kind", "county", "contact", "active")


def template_labels() -> dict:
    """Labels the organisation templates share (a context processor of the blueprint)."""
    return {
        "kind_labels": KIND_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "counties": COUNTIES,
        "written_labels": {"nb": _("Bokmål"), "nn": _("Nynorsk"), "neutral": _("Nøytral")},
    }


@coordinator_required
def organization_list():
    extra = feature_filters()
    names = LIST_ARGS + tuple(f.name for f in extra)
    args = {name: (request.args.get(name) or "").strip()[:100] for name in names}
    page = queries.organization_page(args, extra, parse_page(request.args.get("page")))
    return render_template(
        "organizations/list.html",
        page=page,
        args=args,
        extra_filters=extra,
        kinds=ORG_KINDS,
        contact_states=queries.CONTACT_STATES,
    )


@coordinator_required
def detail(org_id: int):
    org = get_or_404(Organization, org_id)
    return render_template(
        "organizations/detail.html",
        org=org,
        contacts=queries.contacts_of(org),
        confirm=ConfirmForm(),
        sections=fragments("organization-page", organization=org),
    )


def _render_form(form, org):
    return render_form("organizations/form.html", form, org=org)


def _to_detail(org: Organization) -> str:
    return url_for(".detail", org_id=org.id)


@coordinator_required
def new():
    form = OrganizationForm()
    if form.validate_on_submit():
        action = lambda: services.create_organization(form.to_data())
        message = _("Organisasjonen er opprettet.")
        saved = save_and_redirect(
            form, action, message, _to_detail, audit_as="organization.created"
        )
        if saved:
            return saved
    return _render_form(form, None)


@coordinator_required
def edit(org_id: int):
    org = get_or_404(Organization, org_id)
    form = OrganizationForm(obj=org if request.method == "GET" else None)
    if org.kind not in MANUAL_KINDS:
        # Name and numbers of municipalities and counties come from the registry.
        for name in ("kind", "name", "org_number", "active"):
            del form[name]
    if form.validate_on_submit():
        data = form.to_data()
        saved = save_and_redirect(
            form,
            lambda: services.update_organization(org, data),
            _("Endringene er lagret."),
            _to_detail,
            org,
            "organization.updated",
            fields=sorted(data),
        )
        if saved:
            return saved
    return _render_form(form, org)
