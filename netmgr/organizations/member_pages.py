"""The member part of the coordinator's network and group pages: the "add member" form with
its organisation search, adding, and ending a membership (the row is kept as history).

Each feature keeps its detail page, its template and its audit names
(``<feature>.member_added``, ``<feature>.member_ended``); :class:`MemberPages` does the rest,
including the two member routes below the feature's coordinator page (:meth:`MemberPages.routes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, Optional

from ..extensions import db
from ..web.access import coordinator_required
from ..web.errors import get_or_404
from ..web.forms import save_and_redirect
from ..web.routes import POST
from . import memberships
from .models import Organization


class MemberForm(FlaskForm):
    organization = SelectField(
        _l("Organisasjon"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Velg en organisasjon."))],
    )
    joined_on = DateField(_l("Medlem fra"), validators=[Optional()])

    FIELD_FOR = {"organization_id": "organization"}


class EndMembershipForm(FlaskForm):
    left_on = DateField(_l("Siste dag som medlem"), validators=[Optional()])

    FIELD_FOR = {}


@dataclass(frozen=True)
class MemberPages:
    """Member handling for the memberships ``model`` whose owner column is ``owner`` (a row
    of ``owner_model``).

    ``template`` is the feature's detail page (it gets the owner under its feature name,
    ``memberships``, ``member_form``, ``q``, ``truncated``, ``max_choices`` and whatever
    ``context()`` adds); ``detail_endpoint`` is where a successful change goes; the "add
    member" select offers at most ``max_choices`` organisations.
    """

    model: type
    owner_model: type
    owner: str
    detail_endpoint: str
    template: str
    context: Callable[[], dict] = dict
    max_choices: int = 400

    def routes(self, item_rule: str, prefix: str = "") -> tuple[tuple, ...]:
        """Rows for :func:`netmgr.web.routes.add_routes`: POST ``<item_rule>/members`` adds a
        member (endpoint ``<prefix>member_add``), POST
        ``<item_rule>/members/<membership_id>/end`` ends one (``<prefix>member_end``);
        coordinators only."""
        add, end = coordinator_required(self.member_add), coordinator_required(self.member_end)
        return (
            (f"{item_rule}/members", f"{prefix}member_add", add, POST),
            (f"{item_rule}/members/<int:membership_id>/end", f"{prefix}member_end", end, POST),
        )

    def member_add(self, **ids):
        """The view of POST ``…/members`` (the owner's id under its column name)."""
        return self.add(get_or_404(self.owner_model, ids[self.owner]), self.max_choices)

    def member_end(self, membership_id: int, **ids):
        """The view of POST ``…/members/<membership_id>/end``."""
        owner_obj = get_or_404(self.owner_model, ids[self.owner])
        return self.end(owner_obj, membership_id, self.max_choices)

    @property
    def feature(self) -> str:
        return self.owner.removesuffix("_id")

    def render(self, owner_obj, max_choices: int, q: str = "", form=None, status: int = 200):
        """The detail page with its member list and "add member" form (``form`` when given,
        with its errors, else a fresh one for the search ``q``)."""
        form = form or self.form(owner_obj, q, max_choices)
        page = render_template(
            self.template,
            **{self.feature: owner_obj},
            memberships=memberships.page_rows(self.model, self.owner, owner_obj.id),
            member_form=form,
            q=q,
            truncated=getattr(form, "truncated", False),
            max_choices=max_choices,
            **self.context(),
        )
        return page, status

    def form(self, owner_obj, q: str, max_choices: int) -> MemberForm:
        """The "add member" form offering active non-members matching ``q`` (at most
        ``max_choices``; ``form.truncated`` tells that there were more)."""
        form = MemberForm()
        current = {m.organization_id for m in owner_obj.memberships if m.left_on is None}
        orgs = memberships.search_organizations(q, exclude_ids=current, limit=max_choices + 1)
        form.truncated = len(orgs) > max_choices
        form.organization.choices = [(0, _("Velg organisasjon"))] + [
            (o.id, f"{o.display_name} ({o.org_number or o.municipality_number or '–'})")
            for o in orgs[:max_choices]
        ]
        return form

    def _page(self, owner_obj) -> str:
        return url_for(self.detail_endpoint, **{self.owner: owner_obj.id})

    def _back(self, owner_obj):
        return redirect(self._page(owner_obj))

    def _save(self, form, action, message: str, owner_obj, change: str, org: Organization):
        """Run ``action``; on success audit ``<feature>.<change>``, commit, back to the page."""
        audit_as = f"{self.feature}.{change}"
        return save_and_redirect(
            form, action, message, self._page, owner_obj, audit_as, organization=org.id
        )

    def add(self, owner_obj, max_choices: int):
        """POST of the "add member" form."""
        q = (request.form.get("q") or "").strip()
        form = self.form(owner_obj, q, max_choices)
        if form.validate_on_submit():
            org = db.session.get(Organization, form.organization.data)
            if org is None:
                form.organization.errors = [_("Velg en organisasjon fra listen.")]
            else:
                joined_on = form.joined_on.data
                saved = self._save(
                    form,
                    lambda: memberships.add_member(
                        self.model, self.owner, owner_obj, org, joined_on
                    ),
                    _("%(name)s er lagt til som medlem.", name=org.name),
                    owner_obj,
                    "member_added",
                    org,
                )
                if saved:
                    return saved
        return self.render(owner_obj, max_choices, q, form, 422)

    def end(self, owner_obj, membership_id: int, max_choices: int):
        """POST of a membership's "end" button (with an optional last day)."""
        membership = get_or_404(self.model, membership_id)
        if getattr(membership, self.owner) != owner_obj.id:
            return self._back(owner_obj)
        if membership.left_on is not None:  # already ended (a second click, another tab)
            flash(_("Medlemskapet er allerede avsluttet."), "info")
            return self._back(owner_obj)
        form = EndMembershipForm()
        if form.validate_on_submit():
            org, left_on = membership.organization, form.left_on.data
            saved = self._save(
                form,
                lambda: memberships.end_membership(
                    self.model, self.owner, owner_obj.id, org, left_on
                ),
                _("Medlemskapet til %(name)s er avsluttet.", name=org.name),
                owner_obj,
                "member_ended",
                org,
            )
            if saved:
                return saved
        for message in [*form.form_errors, *(m for errs in form.errors.values() for m in errs)]:
            flash(message, "error")
        return self.render(owner_obj, max_choices, status=422)
